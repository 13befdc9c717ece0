# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Counts, distinct values and patterns: accuracy labels, sampling scale-up and intervals."""

from __future__ import annotations

import math
from typing import Any, Dict, Optional

import pytest

from spark_profiler.config import ProfileConfig
from spark_profiler.kinds import kind_of
from spark_profiler.metrics import REGISTRY
from spark_profiler.metrics.base import (
    Agg,
    ColumnInfo,
    FinalizeContext,
    Pass2Column,
    SamplingContext,
    col_agg,
    wilson_interval,
)
from spark_profiler.metrics.distribution import build_frequent, build_histogram, build_quantiles
from spark_profiler.model import Accuracy, Statistic

S = ColumnInfo("s", ("s",), "string", kind_of("string"))


def metric(key: str) -> Any:
    return next(m for m in REGISTRY if m.key == key)


def ctx(
    values: Dict[Agg, Any],
    *,
    sampling: Optional[SamplingContext] = None,
    pass2: Optional[Pass2Column] = None,
    config: Optional[ProfileConfig] = None,
    column: ColumnInfo = S,
) -> FinalizeContext:
    return FinalizeContext(
        column=column,
        config=config or ProfileConfig.default(),
        values=values,
        row_count=int(values.get(Agg("count_rows"), 0)),
        pass2=pass2,
        sampling=sampling,
    )


def counts(rows: int, non_null: int, approx: int = 0) -> Dict[Agg, Any]:
    cfg = ProfileConfig.default()
    return {
        Agg("count_rows"): rows,
        col_agg("count", S): non_null,
        col_agg("approx_distinct", S, cfg.distinct_rsd): approx,
    }


class TestSampledCounts:
    def test_a_sampled_count_is_scaled_by_the_fraction_with_a_binomial_interval(self) -> None:
        c = ctx(counts(1000, 900), sampling=SamplingContext(0.1))
        s = metric("null_count").finalize(c)
        assert s is not None
        assert s.value == 1000  # 100 nulls in the sample / 0.1
        assert s.accuracy is Accuracy.SAMPLED
        half = 1.959963984540054 * math.sqrt(100 * 0.9) / 0.1
        assert s.ci_low == pytest.approx(1000 - half)
        assert s.ci_high == pytest.approx(1000 + half)
        assert s.ci_level == 0.95

    def test_a_zero_sampled_count_gets_a_rule_of_three_upper_bound(self) -> None:
        s = metric("null_count").finalize(ctx(counts(500, 500), sampling=SamplingContext(0.25)))
        assert s is not None
        assert s.value == 0
        assert s.ci_low == 0.0
        assert s.ci_high == pytest.approx(3 / 0.25)

    def test_a_sampled_fraction_is_kept_and_gets_a_wilson_interval(self) -> None:
        s = metric("null_fraction").finalize(ctx(counts(200, 150), sampling=SamplingContext(0.5)))
        assert s is not None
        assert s.value == 0.25
        assert s.accuracy is Accuracy.SAMPLED
        assert (s.ci_low, s.ci_high) == pytest.approx(wilson_interval(50, 200))
        assert s.ci_low < 0.25 < s.ci_high  # type: ignore[operator]

    def test_the_confidence_level_sets_the_interval_width(self) -> None:
        narrow = metric("null_count").finalize(ctx(counts(1000, 900), sampling=SamplingContext(0.1, 0.5)))
        wide = metric("null_count").finalize(ctx(counts(1000, 900), sampling=SamplingContext(0.1, 0.99)))
        assert narrow is not None
        assert wide is not None
        assert wide.ci_high - wide.ci_low > narrow.ci_high - narrow.ci_low  # type: ignore[operator]
        assert SamplingContext(0.1, 0.99).z == pytest.approx(2.5758293, abs=1e-6)

    def test_unsampled_counts_are_exact_without_an_interval(self) -> None:
        s = metric("null_count").finalize(ctx(counts(10, 7)))
        assert s is not None
        assert (s.value, s.accuracy, s.ci_low) == (3, Accuracy.EXACT, None)


class TestWilson:
    @pytest.mark.parametrize(("k", "n"), [(0, 10), (10, 10), (3, 7), (500, 1000)])
    def test_the_interval_contains_the_point_estimate_and_stays_in_0_1(self, k: int, n: int) -> None:
        lo, hi = wilson_interval(k, n)
        assert 0.0 <= lo <= k / n <= hi <= 1.0

    def test_no_trials_is_the_whole_unit_interval(self) -> None:
        assert wilson_interval(0, 0) == (0.0, 1.0)


class TestDistinct:
    def test_hll_estimates_are_approximate_with_rsd_and_a_two_sigma_interval(self) -> None:
        cfg = ProfileConfig.default(distinct_rsd=0.05)
        s = metric("distinct_count").finalize(ctx(counts(10_000, 10_000, approx=4000), config=cfg))
        assert s is not None
        assert s.value == 4000
        assert s.accuracy is Accuracy.APPROXIMATE
        assert s.relative_error == 0.05
        assert (s.ci_low, s.ci_high) == pytest.approx((3600, 4400))

    def test_an_estimate_above_the_count_is_capped_at_the_count(self) -> None:
        s = metric("distinct_count").finalize(ctx(counts(100, 100, approx=103)))
        assert s is not None
        assert s.value == 100
        assert s.ci_high == 100

    def test_the_grouped_pass_makes_the_distinct_count_exact(self) -> None:
        s = metric("distinct_count").finalize(ctx(counts(100, 100, approx=103), pass2=Pass2Column(distinct=98)))
        assert s is not None
        assert (s.value, s.accuracy, s.relative_error) == (98, Accuracy.EXACT, None)

    def test_under_sampling_the_distinct_count_is_a_labelled_lower_bound(self) -> None:
        c = ctx(counts(100, 100), pass2=Pass2Column(distinct=40), sampling=SamplingContext(0.5))
        s = metric("distinct_count").finalize(c)
        assert s is not None
        assert s.value == 40
        assert s.accuracy is Accuracy.SAMPLED
        assert s.note
        assert "lower bound" in s.note

    def test_unique_fraction_and_constant_inherit_the_distinct_accuracy(self) -> None:
        c = ctx(counts(50, 40, approx=1))
        d = metric("distinct_count").finalize(c)
        assert d is not None
        c.stats["distinct_count"] = d
        c.stats["count"] = Statistic("count", "Count", 40)
        uf = metric("unique_fraction").finalize(c)
        const = metric("is_constant").finalize(c)
        assert uf is not None
        assert const is not None
        assert uf.value == pytest.approx(1 / 40)
        assert uf.accuracy is Accuracy.APPROXIMATE
        assert const.value is True


class TestPatterns:
    def test_exact_pattern_counts_come_straight_from_the_grouped_pass(self) -> None:
        p2 = Pass2Column(patterns={"email": 7}, pattern_base=20)
        s = metric("pattern_email_count").finalize(ctx(counts(25, 20), pass2=p2))
        assert s is not None
        assert (s.value, s.accuracy) == (7, Accuracy.EXACT)

    def test_sampled_pattern_counts_are_scaled_to_the_column_with_an_interval(self) -> None:
        p2 = Pass2Column(patterns={"uuid": 30}, pattern_base=100, pattern_sampled=True)
        s = metric("pattern_uuid_count").finalize(ctx(counts(2000, 1000), pass2=p2))
        assert s is not None
        assert s.value == 300
        assert s.accuracy is Accuracy.SAMPLED
        assert s.ci_low < 300 < s.ci_high  # type: ignore[operator]
        assert s.note
        assert "100 values" in s.note


class TestStructured:
    def test_sampled_frequent_values_are_scaled_and_labelled(self) -> None:
        p2 = Pass2Column(frequent=(("a", 5), ("b", 2)))
        fv = build_frequent(ctx(counts(10, 10), pass2=p2, sampling=SamplingContext(0.25)), None)
        assert fv is not None
        assert fv.items == (("a", 20), ("b", 8))
        assert fv.accuracy is Accuracy.SAMPLED

    def test_sampled_histogram_counts_are_scaled_like_frequent_values(self) -> None:
        # Regression: bins held the sample's own counts while frequent values were scaled.
        x = ColumnInfo("x", ("x",), "double", kind_of("double"))
        p2 = Pass2Column(hist_edges=(0.0, 1.0, 2.0), hist_counts=(5, 3))
        h = build_histogram(ctx(counts(10, 10), pass2=p2, sampling=SamplingContext(0.25), column=x))
        assert h is not None
        assert h.counts == (20, 12)
        assert h.accuracy is Accuracy.SAMPLED
        exact = build_histogram(ctx(counts(10, 10), pass2=p2, column=x))
        assert exact is not None
        assert exact.counts == (5, 3)
        assert exact.accuracy is Accuracy.EXACT

    def test_sampled_outliers_are_scaled_with_an_interval(self) -> None:
        # Regression: labelled approximate, the sample's outlier count skipped the scale-up.
        x = ColumnInfo("x", ("x",), "double", kind_of("double"))
        p2 = Pass2Column(outliers=7)
        s = metric("outliers").finalize(ctx(counts(100, 100), pass2=p2, sampling=SamplingContext(0.5), column=x))
        assert s is not None
        assert s.value == 14
        assert s.accuracy is Accuracy.SAMPLED
        assert s.ci_low < 14 < s.ci_high  # type: ignore[operator]
        exact = metric("outliers").finalize(ctx(counts(100, 100), pass2=p2, column=x))
        assert exact is not None
        assert exact.value == 7
        assert exact.accuracy is Accuracy.APPROXIMATE

    def test_frequent_values_not_computed_carry_the_reason(self) -> None:
        fv = build_frequent(ctx(counts(10, 10)), "not computed (cardinality above 5: about 9)")
        assert fv is not None
        assert not fv.computed
        assert fv.reason
        assert "cardinality above 5" in fv.reason

    def test_quantiles_are_approximate_and_sampled_under_sampling(self) -> None:
        x = ColumnInfo("x", ("x",), "double", kind_of("double"))
        cfg = ProfileConfig.default(quantiles=(0.5,), quantile_accuracy=100)
        agg = col_agg("quantiles", x, (0.25, 0.5, 0.75), 100)
        q = build_quantiles(ctx({agg: [1.0, 2.0, 3.0]}, config=cfg, column=x))
        assert q is not None
        assert (q.probabilities, q.values, q.accuracy, q.relative_error) == ((0.5,), (2.0,), Accuracy.APPROXIMATE, 0.01)
        sampled = build_quantiles(ctx({agg: [1.0, 2.0, 3.0]}, config=cfg, column=x, sampling=SamplingContext(0.5)))
        assert sampled is not None
        assert sampled.accuracy is Accuracy.SAMPLED


def test_wilson_interval_contains_one_when_every_trial_succeeds() -> None:
    # Regression: rounding put the upper bound at 0.9999999999999999 for 10 of 10.
    for n in (1, 3, 10, 37, 1000):
        lo, hi = wilson_interval(n, n)
        assert hi == 1.0
        assert lo < 1.0
        assert wilson_interval(0, n)[0] == 0.0
