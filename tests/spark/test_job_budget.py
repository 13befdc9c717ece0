# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The job budget: minimal runs 1 Spark action, default at most 2, full at most 4, per column chunk.

Counted two ways: through an :class:`Executor` subclass handed to the runner, and as Spark
jobs seen by the status tracker (AQE is off in the test session, so plans are fixed; the
library itself never touches ``sparkContext``, the test may).
"""

from __future__ import annotations

import itertools
from typing import Any, Iterator, List, Sequence, Tuple

import pytest

from spark_profiler.config import ProfileConfig
from spark_profiler.engine.executor import Executor
from spark_profiler.engine.runner import run_profile

BUDGET = {"minimal": 1, "default": 2, "full": 4}
_groups = itertools.count()


class CountingExecutor(Executor):
    """Records the pass name and chunk of every action the engine runs."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: List[Tuple[str, int]] = []

    def collect(self, df: Any, *, pass_name: str, columns: Sequence[str], chunk: int = 0) -> List[Any]:
        self.calls.append((pass_name, chunk))
        return super().collect(df, pass_name=pass_name, columns=columns, chunk=chunk)


def wide_frame(spark: Any, n_columns: int, rows: int = 40) -> Any:
    """Mixed numeric, string, boolean and date columns with nulls."""
    exprs = []
    for i in range(n_columns):
        kind = i % 4
        if kind == 0:
            exprs.append(f"CASE WHEN id % 7 = 0 THEN NULL ELSE id * {i + 1} END AS c{i}")
        elif kind == 1:
            exprs.append(f"CAST(id AS DOUBLE) / {i + 1} AS c{i}")
        elif kind == 2:
            exprs.append(f"CAST(id % 5 AS STRING) AS c{i}")
        else:
            exprs.append(f"date_add(DATE '2020-01-01', CAST(id AS INT)) AS c{i}")
    return spark.range(rows).selectExpr(*exprs)


class SparkJobs:
    """Counts Spark jobs started under a job group of the test's own choosing."""

    def __init__(self, spark: Any) -> None:
        self.sc = spark.sparkContext
        self.group = ""

    def __enter__(self) -> SparkJobs:
        self.group = f"budget-{next(_groups)}"
        self.sc.setJobGroup(self.group, "job budget test")
        return self

    def __exit__(self, *exc: Any) -> None:
        self.sc.setLocalProperty("spark.jobGroup.id", None)

    @property
    def count(self) -> int:
        return len(self.sc.statusTracker().getJobIdsForGroup(self.group))


@pytest.fixture
def jobs(spark: Any) -> Iterator[SparkJobs]:
    with SparkJobs(spark) as j:
        yield j


def run(df: Any, preset: str, **overrides: Any) -> Tuple[Any, CountingExecutor]:
    ex = CountingExecutor()
    cfg = ProfileConfig.from_preset(preset, **overrides)
    return run_profile(df, config=cfg, executor=ex), ex


@pytest.mark.smoke
@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_ten_columns_stay_within_the_budget(spark: Any, jobs: SparkJobs, preset: str) -> None:
    p, ex = run(wide_frame(spark, 10), preset)
    assert p.execution.actions == ex.actions == len(ex.calls)
    assert p.execution.chunks == 1
    if preset == "minimal":
        assert ex.actions == 1
    assert ex.actions <= BUDGET[preset]
    assert [c.name for c in p.execution.passes] == [name for name, _ in ex.calls]
    # Every action is exactly one Spark job when AQE is off.
    assert jobs.count == ex.actions


@pytest.mark.slow
@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_a_hundred_columns_stay_within_the_budget(spark: Any, jobs: SparkJobs, preset: str) -> None:
    p, ex = run(wide_frame(spark, 100), preset)
    assert len(p.columns) == 100
    assert ex.actions <= BUDGET[preset]
    if preset == "minimal":
        assert ex.actions == 1
    assert jobs.count == ex.actions
    assert p.failures == ()


@pytest.mark.slow
@pytest.mark.parametrize("preset", ["minimal", "default"])
def test_a_thousand_columns_are_chunked_and_each_chunk_keeps_the_budget(
    spark: Any, jobs: SparkJobs, preset: str
) -> None:
    p, ex = run(wide_frame(spark, 1000, rows=20), preset, max_columns_per_job=400)
    assert len(p.columns) == 1000
    assert p.execution.chunks == 3
    assert ex.actions <= 3 * BUDGET[preset]
    per_chunk = {chunk: sum(1 for _, c in ex.calls if c == chunk) for chunk in range(3)}
    assert all(n <= BUDGET[preset] for n in per_chunk.values()), per_chunk
    if preset == "minimal":
        assert ex.actions == 3
    assert jobs.count == ex.actions
    assert p.failures == ()
    assert p["c999"]["count"] == 20


def test_the_full_preset_keeps_its_budget_in_every_chunk(spark: Any, jobs: SparkJobs) -> None:
    # Chunking does not depend on the width: 12 columns in chunks of 4 exercise it cheaply.
    p, ex = run(wide_frame(spark, 12), "full", max_columns_per_job=4)
    assert p.execution.chunks == 3
    per_chunk = {chunk: sum(1 for _, c in ex.calls if c == chunk) for chunk in range(3)}
    assert all(1 <= n <= BUDGET["full"] for n in per_chunk.values()), per_chunk
    assert ex.actions <= 3 * BUDGET["full"]
    assert jobs.count == ex.actions
    assert p.failures == ()
    assert p.table.stat("duplicate_rows").accuracy.value == "exact"  # type: ignore[union-attr]
    assert p.correlations is not None


def test_the_public_entry_point_reports_its_actions(spark: Any) -> None:
    import spark_profiler

    p = spark_profiler.profile(wide_frame(spark, 4), config="minimal")
    assert p.execution.actions == 1
    assert p.execution.passes[0].name == "aggregate"


def test_a_row_target_sample_adds_exactly_one_count_action(spark: Any, jobs: SparkJobs) -> None:
    from spark_profiler.config import Sample
    from spark_profiler.engine.runner import run_profile as rp

    ex = CountingExecutor()
    p = rp(wide_frame(spark, 6, rows=200), config=ProfileConfig.minimal(), sample=Sample(rows=50), executor=ex)
    assert [name for name, _ in ex.calls] == ["row count for sampling", "aggregate"]
    assert p.execution.actions == 2
    assert jobs.count == 2


@pytest.mark.parametrize("preset", ["default", "full"])
def test_boolean_columns_alone_need_no_grouped_pass(spark: Any, jobs: SparkJobs, preset: str) -> None:
    # Their exact distinct counts and frequent values come from pass 1's true and false counts.
    df = spark.range(30).selectExpr("id % 3 = 0 AS a", "CASE WHEN id % 4 = 0 THEN NULL ELSE id < 10 END AS b")
    p, ex = run(df, preset)
    assert "grouped" not in [name for name, _ in ex.calls]
    assert ex.actions == (1 if preset == "default" else 2)  # full adds its exact duplicate count
    assert jobs.count == ex.actions
    assert p["a"].frequent.items == ((False, 20), (True, 10))
    assert p["b"].frequent.items == ((False, 15), (True, 7))
    assert (p["a"]["distinct_count"], p["b"]["distinct_count"]) == (2, 2)
