# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Plan guards: predicates that are cheap only because Spark's optimizer rewrites them.

The oracle tests prove the counts right on every Spark version; these prove they stay
fast there too, by reading the optimized plan rather than timing anything.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest

from spark_profiler.engine.compile import SqlCompiler


def _optimized_plan(df: Any) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        df.explain(True)
    text = out.getvalue()
    return text.split("== Optimized Logical Plan ==")[1].split("== Physical Plan ==")[0]


@pytest.mark.smoke
def test_blank_and_padded_end_checks_are_rewritten_to_starts_with_and_ends_with(spark: Any) -> None:
    # "x LIKE concat(c, '%')" is constant time only once Spark folds the pattern and turns
    # it into StartsWith/EndsWith; left as LIKE it would match a pattern per value.
    counts = [
        f"count(CASE WHEN {SqlCompiler.predicate(name, '`v`')} THEN 1 END) AS {name}" for name in ("blank", "padded")
    ]
    # Not a local relation: the optimizer would evaluate a projection over one in place.
    df = spark.range(3).selectExpr("CAST(id AS STRING) AS v").selectExpr(*counts)
    plan = _optimized_plan(df)
    assert "LIKE" not in plan.upper(), plan
    # Six whitespace characters, each checked at both ends, in each of the two counts.
    assert plan.count("StartsWith(") == 12, plan
    assert plan.count("EndsWith(") == 12, plan
    # One trim per count: the optimizer neither drops the end checks nor adds trims.
    # (That each trim sits in the branch behind them is checked in tests/unit/test_compile.py.)
    assert plan.count("trim(") == 2, plan
