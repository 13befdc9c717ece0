# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Pass 1 keeps one aggregation buffer per figure, not one per metric that reads it.

Every buffer field costs Spark work on every row, and past ``spark.sql.codegen.maxFields``
it takes the whole aggregate out of generated code. These tests pin two shares that
the plan text shows: the temporal minimum and maximum serve both the ISO text and the
histogram's epoch bounds, and an integer or narrow decimal column is summed only once,
exactly, in bigint limbs.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from typing import Any

from _engine_probes import PlanCapturingExecutor

from spark_profiler import ProfileConfig
from spark_profiler.engine import runner

D = decimal.Decimal


def pass1_plan(spark: Any, schema: str, rows: Any) -> str:
    ex = PlanCapturingExecutor()
    profile = runner.run_profile(spark.createDataFrame(rows, schema), config=ProfileConfig.default(), executor=ex)
    assert not profile.failures
    return ex.plans["aggregate"]


def balanced_argument(text: str, start: int) -> str:
    """The text from ``start`` up to the parenthesis that closes the one just before it."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                return text[start:i]
            depth -= 1
    return text[start:]  # cut off by explain's truncation


def test_temporal_extremes_are_aggregated_once_per_column(spark: Any) -> None:
    rows = [(dt.date(1899, 12, 31), dt.datetime(2024, 3, 31, 1, 30)), (dt.date(2101, 1, 1), None), (None, None)]
    plan = pass1_plan(spark, "d date, t timestamp", rows)
    extremes = [(m.group(1), balanced_argument(plan, m.end())) for m in re.finditer(r"(?<![\w])(min|max)\(", plan)]
    assert extremes, plan
    # Only plain column references: no per-row epoch conversion inside an extreme.
    assert all(re.fullmatch(r"\w+#\d+L?", arg) for _, arg in extremes), extremes
    # One minimum and one maximum per column, in the final aggregate and in the partial one.
    assert len(set(extremes)) == 4, extremes


def test_limb_summed_columns_have_no_double_precision_sum(spark: Any) -> None:
    rows = [(2**63 - 1, 7, D("9999999999999.99")), (-(2**63), None, D("-0.01")), (None, 3, None)]
    plan = pass1_plan(spark, "i bigint, n int, m decimal(15,2)", rows)
    assert re.search(r"(?<![\w])sum\(cast\(\w+#\d+L? as double\)\)", plan) is None, plan
    assert "shiftright" in plan


def test_wide_decimals_keep_their_double_precision_sum(spark: Any) -> None:
    plan = pass1_plan(spark, "w decimal(38,18)", [(D("1.5"),), (None,)])
    assert re.search(r"(?<![\w])sum\(cast\(\w+#\d+ as double\)\)", plan) is not None, plan
