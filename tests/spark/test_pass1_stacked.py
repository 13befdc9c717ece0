# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Columns alike are read as rows of one aggregate in pass 1, and that changes no figure.

Eight or more columns of one type with the same aggregates form a stacked part: Spark
turns each input row into one row per column and groups one column's aggregates by
column. These tests pin that the figures equal those of the packed parts, nasty values
and an empty input included, and that stacking keeps pass 1 one Spark job.
"""

from __future__ import annotations

from typing import Any, Dict, Tuple

import pytest
from _engine_probes import PlanCapturingExecutor, profile_stats
from test_pass2_branches import SCHEMA, rows

from spark_profiler import ProfileConfig
from spark_profiler.engine import planner, runner

COPIES = planner.MIN_STACKED_COLUMNS + 1


#: Columns copied into stacked parts, a few at a time: three stacked parts and one
#: packed part (the other columns) stay under the part cap of an input of unknown size.
STACKED = ("i", "d", "s")
OTHER_TYPES = (("m", "u", "t"), ("day", "b"))


def alike(spark: Any, stacked: Tuple[str, ...] = STACKED, empty: bool = False) -> Any:
    """The nasty frame with its ``stacked`` columns ``COPIES`` times over."""
    base = spark.createDataFrame([] if empty else rows(), SCHEMA)
    names = [f.name for f in base.schema.fields]
    copies = [f"`{n}` AS `{n} {k}`" for k in range(COPIES) for n in stacked]
    return base.selectExpr(*copies, *[f"`{n}`" for n in names if n not in stacked])


def profile_both(spark: Any, monkeypatch: pytest.MonkeyPatch, df: Any, cfg: ProfileConfig) -> Tuple[Any, ...]:
    stacked_ex, packed_ex = PlanCapturingExecutor(), PlanCapturingExecutor()
    stacked = runner.run_profile(df, config=cfg, executor=stacked_ex)
    with monkeypatch.context() as m:
        m.setattr(planner, "MIN_STACKED_COLUMNS", 10**9)
        packed = runner.run_profile(df, config=cfg, executor=packed_ex)
    return stacked, packed, stacked_ex, packed_ex


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_results_are_the_same_with_columns_alike_stacked_or_packed(
    spark: Any, monkeypatch: pytest.MonkeyPatch, preset: str
) -> None:
    # Two correlated columns: the pairs of 19 would take more packed parts than the cap.
    cfg = getattr(ProfileConfig, preset)(
        frequent_max_cardinality=40, pattern_sample_rows=1000, max_correlation_columns=2
    )
    stacked, packed, stacked_ex, packed_ex = profile_both(spark, monkeypatch, alike(spark), cfg)
    assert profile_stats(stacked) == profile_stats(packed)
    assert stacked_ex.plans["aggregate"].count("stack(") == len(STACKED)
    assert "stack(" not in packed_ex.plans["aggregate"]
    assert stacked_ex.actions == packed_ex.actions
    # The nasty rows reach every copy: extremes, NaN and infinities are counted per column.
    for k in range(COPIES):
        assert stacked[f"i {k}"]["max"] == 2**63 - 1
        assert stacked[f"s {k}"]["null_count"] == 1
        if preset != "minimal":
            assert stacked[f"d {k}"]["nan_count"] == 1
            assert stacked[f"s {k}"]["empty_count"] == 1


@pytest.mark.parametrize("columns", OTHER_TYPES)
def test_every_type_gives_the_same_figures_stacked_or_packed(
    spark: Any, monkeypatch: pytest.MonkeyPatch, columns: Tuple[str, ...]
) -> None:
    cfg = ProfileConfig.default(frequent_max_cardinality=40, pattern_sample_rows=1000)
    stacked, packed, stacked_ex, _ = profile_both(spark, monkeypatch, alike(spark, columns), cfg)
    assert profile_stats(stacked) == profile_stats(packed)
    assert stacked_ex.plans["aggregate"].count("stack(") == len(columns)


def test_an_empty_input_gives_the_same_empty_figures_stacked_or_packed(
    spark: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    df = alike(spark, empty=True)
    stacked, packed, stacked_ex, _ = profile_both(spark, monkeypatch, df, ProfileConfig.default())
    assert profile_stats(stacked) == profile_stats(packed)
    assert "stack(" in stacked_ex.plans["aggregate"]
    counts: Dict[str, Any] = {c.name: c["count"] for c in stacked.columns}
    assert set(counts.values()) == {0}
    assert stacked["i 0"]["min"] is None
