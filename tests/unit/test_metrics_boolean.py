# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Boolean counts, distinct count and frequent values on synthetic pass results."""

from __future__ import annotations

from typing import Optional

import pytest

from spark_profiler.config import ProfileConfig
from spark_profiler.engine.planner import Chunk, plan_pass1, plan_pass2
from spark_profiler.kinds import kind_of
from spark_profiler.metrics.base import ColumnInfo, FinalizeContext, SamplingContext, col_agg
from spark_profiler.metrics.boolean import FalseCount, TrueCount
from spark_profiler.metrics.counts import DistinctCount
from spark_profiler.metrics.distribution import build_frequent
from spark_profiler.model import Accuracy

COLUMN = ColumnInfo("b", ("b",), "boolean", kind_of("boolean"))


def counts(
    non_null: int, true: int, config: Optional[ProfileConfig] = None, sampling: Optional[SamplingContext] = None
) -> FinalizeContext:
    values = {col_agg("count", COLUMN): non_null, col_agg("count_if", COLUMN, "true"): true}
    return FinalizeContext(
        column=COLUMN,
        config=config or ProfileConfig.default(),
        values=values,
        row_count=non_null + 5,
        sampling=sampling,
    )


def test_false_is_every_non_null_value_that_is_not_true() -> None:
    ctx = counts(non_null=40, true=29)
    assert TrueCount().finalize(ctx).value == 29  # type: ignore[union-attr]
    assert FalseCount().finalize(ctx).value == 11  # type: ignore[union-attr]


def test_an_all_null_column_has_no_true_and_no_false_values() -> None:
    ctx = counts(non_null=0, true=0)
    assert TrueCount().finalize(ctx).value == 0  # type: ignore[union-attr]
    assert FalseCount().finalize(ctx).value == 0  # type: ignore[union-attr]


def test_a_boolean_column_costs_one_conditional_count_in_pass_one() -> None:
    plan = plan_pass1(Chunk(0, (COLUMN,)), ProfileConfig.minimal())
    assert [a.params for a in plan.aggs if a.op == "count_if"] == [("true",)]


@pytest.mark.parametrize(("non_null", "true", "distinct"), [(40, 29, 2), (40, 40, 1), (40, 0, 1), (0, 0, 0)])
def test_the_distinct_count_is_exact_from_the_true_and_false_counts(non_null: int, true: int, distinct: int) -> None:
    s = DistinctCount().finalize(counts(non_null, true))
    assert s is not None
    assert (s.value, s.accuracy, s.ci_low, s.ci_high) == (distinct, Accuracy.EXACT, None, None)


def test_frequent_values_are_the_counts_most_frequent_first_and_ties_false_first() -> None:
    f = build_frequent(counts(40, 29), None)
    assert f is not None
    assert f.computed
    assert f.accuracy is Accuracy.EXACT
    assert f.items == ((True, 29), (False, 11))
    assert build_frequent(counts(40, 11), None).items == ((False, 29), (True, 11))  # type: ignore[union-attr]
    assert build_frequent(counts(40, 20), None).items == ((False, 20), (True, 20))  # type: ignore[union-attr]


def test_a_value_that_never_occurs_is_not_a_frequent_value() -> None:
    assert build_frequent(counts(7, 7), None).items == ((True, 7),)  # type: ignore[union-attr]
    assert build_frequent(counts(7, 0), None).items == ((False, 7),)  # type: ignore[union-attr]


def test_frequent_values_keep_top_k_and_an_all_null_column_has_none() -> None:
    top1 = build_frequent(counts(40, 29, ProfileConfig.default(top_k=1)), None)
    assert top1.items == ((True, 29),)  # type: ignore[union-attr]
    assert build_frequent(counts(40, 29, ProfileConfig.default(top_k=0)), None) is None
    none = build_frequent(counts(0, 0), None)
    assert none is not None
    assert not none.computed
    assert none.items == ()


def test_sampled_counts_scale_up_and_the_distinct_count_is_labelled_as_the_samples() -> None:
    ctx = counts(40, 30, sampling=SamplingContext(0.25))
    f = build_frequent(ctx, None)
    assert f is not None
    assert f.accuracy is Accuracy.SAMPLED
    assert f.items == ((True, 120), (False, 40))
    d = DistinctCount().finalize(ctx)
    assert d is not None
    assert d.value == 2
    assert d.accuracy is Accuracy.SAMPLED
    assert d.note == "distinct values seen in the sample (a lower bound)"


def test_booleans_take_no_sketch_and_no_grouped_row() -> None:
    for cfg in (ProfileConfig.minimal(), ProfileConfig.default(), ProfileConfig.full()):
        plan = plan_pass1(Chunk(0, (COLUMN,)), cfg)
        assert not [a for a in plan.aggs if a.op == "approx_distinct" and a.path == COLUMN.path], cfg.preset
        values = dict.fromkeys(plan.aggs, 3)
        entry = plan_pass2(Chunk(0, (COLUMN,)), cfg, values).entries[0]
        assert not entry.group_values, cfg.preset
        assert entry.not_grouped_reason is None, cfg.preset
