# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Reading Spark's size estimate from cost-mode explain text."""

from __future__ import annotations

from typing import List, Optional

import pytest

from spark_profiler.engine.estimate import parse_size_estimate, size_estimate

PLAN = """== Parsed Logical Plan ==
Relation [a#0L] parquet

== Analyzed Logical Plan ==
a: bigint
Relation [a#0L] parquet

== Optimized Logical Plan ==
Project [a#0L], Statistics(sizeInBytes={root})
+- Relation [a#0L,b#1] parquet, Statistics(sizeInBytes=9.9 GiB)

== Physical Plan ==
*(1) ColumnarToRow
"""


@pytest.mark.parametrize(
    ("root", "expected"),
    [
        ("560.4 MiB", int(560.4 * 2**20)),
        ("80.0 B", 80),
        ("39.1 KiB", int(39.1 * 1024)),
        ("7.5 GiB", int(7.5 * 2**30)),
        ("1.5 TiB", int(1.5 * 2**40)),
        ("2.0 GB", 2 * 2**30),
        ("12 B", 12),
    ],
)
def test_the_root_of_the_optimized_plan_gives_the_size(root: str, expected: int) -> None:
    assert parse_size_estimate(PLAN.format(root=root)) == expected


def test_a_row_count_after_the_size_is_ignored() -> None:
    text = PLAN.format(root="1.0 MiB, rowCount=5")
    assert parse_size_estimate(text) == 2**20


def test_sparks_unknown_size_is_none_not_huge() -> None:
    # Long.MaxValue bytes: what Spark assumes for a relation it cannot size.
    assert parse_size_estimate(PLAN.format(root="8.0 EiB")) is None


@pytest.mark.parametrize(
    "text",
    [
        "",
        "== Physical Plan ==\n*(1) Scan ExistingRDD[a#0L]\n",
        "== Optimized Logical Plan ==\nRelation [a#0L] parquet\n",
        "== Optimized Logical Plan ==\nProject, Statistics(sizeInBytes=lots)\n",
    ],
)
def test_text_without_a_readable_size_gives_none(text: str) -> None:
    assert parse_size_estimate(text) is None


class _Frame:
    def __init__(self, text: Optional[str] = None, error: Optional[Exception] = None) -> None:
        self.text, self.error = text, error
        self.modes: List[str] = []

    def explain(self, mode: str) -> None:
        self.modes.append(mode)
        if self.error is not None:
            raise self.error
        print(self.text)


def test_the_estimate_reads_cost_mode_and_keeps_it_off_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    frame = _Frame(PLAN.format(root="3.0 MiB"))
    assert size_estimate(frame) == 3 * 2**20
    assert frame.modes == ["cost"]
    assert capsys.readouterr().out == ""


def test_a_failing_explain_gives_no_estimate_instead_of_an_error() -> None:
    assert size_estimate(_Frame(error=RuntimeError("server gone"))) is None
