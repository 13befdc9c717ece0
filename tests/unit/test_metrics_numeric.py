# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Numeric finalize logic on synthetic pass results, against exact rational arithmetic.

The power sums are built here exactly as the engine's grouped pass builds them
(double arithmetic on ``x - shift``), so the tests measure the metric code, not Python.
"""

from __future__ import annotations

import decimal
import math
import random
from fractions import Fraction
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest

from spark_profiler.config import ProfileConfig
from spark_profiler.kinds import kind_of
from spark_profiler.metrics import REGISTRY
from spark_profiler.metrics.base import Agg, ColumnInfo, FinalizeContext, Pass2Column, SamplingContext, col_agg
from spark_profiler.metrics.numeric import central_moments, numeric_scalar
from spark_profiler.model import Accuracy, Statistic


def column(spark_type: str = "double") -> ColumnInfo:
    return ColumnInfo("x", ("x",), spark_type, kind_of(spark_type))


def metric(key: str) -> Any:
    return next(m for m in REGISTRY if m.key == key and m.kinds & {kind_of("double")})


def power_sums(xs: Sequence[float], shift: float) -> Tuple[int, float, float, float, float, float]:
    """What the grouped pass sums: (x - shift)^k in double precision, k = 1..4."""
    ds = [x - shift for x in xs]
    return (
        len(xs),
        shift,
        math.fsum(ds),
        math.fsum(d * d for d in ds),
        math.fsum(d * d * d for d in ds),
        math.fsum((d * d) * (d * d) for d in ds),
    )


def exact_moments(xs: Sequence[float]) -> Dict[str, float]:
    """Sample variance, std, G1 and G2 in exact rational arithmetic (pandas' estimators)."""
    fs = [Fraction(x) for x in xs]
    n = len(fs)
    mean = sum(fs) / n
    m2 = sum((f - mean) ** 2 for f in fs)
    m3 = sum((f - mean) ** 3 for f in fs)
    m4 = sum((f - mean) ** 4 for f in fs)
    var = m2 / (n - 1)
    out = {"mean": float(mean), "variance": float(var), "std": math.sqrt(float(var))}
    if n >= 3 and m2:
        g1 = math.sqrt(n) * float(m3) / float(m2) ** 1.5
        out["skewness"] = g1 * math.sqrt(n * (n - 1)) / (n - 2)
    if n >= 4 and m2:
        g2 = float(n * m4 / (m2 * m2)) - 3.0
        out["kurtosis"] = ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))
    return out


def finalize(
    keys: Sequence[str],
    *,
    values: Optional[Dict[Agg, Any]] = None,
    pass2: Optional[Pass2Column] = None,
    spark_type: str = "double",
    config: Optional[ProfileConfig] = None,
    prior: Sequence[Statistic] = (),
    row_count: int = 0,
) -> Dict[str, Optional[Statistic]]:
    ctx = FinalizeContext(
        column=column(spark_type),
        config=config or ProfileConfig.default(),
        values=values or {},
        row_count=row_count,
        pass2=pass2,
    )
    for s in prior:
        ctx.stats[s.key] = s
    out: Dict[str, Optional[Statistic]] = {}
    for key in keys:
        s = metric(key).finalize(ctx)
        out[key] = s
        if s is not None:
            ctx.stats[key] = s
    return out


MOMENT_KEYS = ("variance", "std", "skewness", "kurtosis")


class TestMomentsFromShiftedPowerSums:
    def test_large_mean_small_variance_matches_exact_arithmetic(self) -> None:
        rng = random.Random(1234)  # noqa: S311 - reproducible test data, not secrets
        xs = [1e9 + rng.gauss(0.0, 1e-3) for _ in range(500)]
        shift = math.fsum(xs) / len(xs)  # the pass-1 mean the planner shifts by
        got = finalize(MOMENT_KEYS, pass2=Pass2Column(moments=power_sums(xs, shift)))
        want = exact_moments(xs)
        assert got["std"] is not None
        assert got["std"].value == pytest.approx(want["std"], rel=1e-6)
        assert got["variance"].value == pytest.approx(want["variance"], rel=1e-6)  # type: ignore[union-attr]
        # Higher moments of nearly normal noise are near 0: compare on an absolute scale.
        assert got["skewness"].value == pytest.approx(want["skewness"], abs=1e-3)  # type: ignore[union-attr]
        assert got["kurtosis"].value == pytest.approx(want["kurtosis"], abs=1e-3)  # type: ignore[union-attr]

    def test_unshifted_power_sums_would_have_failed_on_the_same_data(self) -> None:
        # Guards the test above: it only proves something if the naive method is wrong here.
        rng = random.Random(1234)  # noqa: S311 - reproducible test data, not secrets
        xs = [1e9 + rng.gauss(0.0, 1e-3) for _ in range(500)]
        n, _, s1, s2, _, _ = power_sums(xs, 0.0)
        naive = (s2 - s1 * s1 / n) / (n - 1)
        assert naive != pytest.approx(exact_moments(xs)["variance"], rel=0.5)

    @pytest.mark.parametrize("shift_kind", ["mean", "min", "zero"])
    def test_any_shift_gives_the_same_moments_on_well_scaled_data(self, shift_kind: str) -> None:
        rng = random.Random(7)  # noqa: S311 - reproducible test data, not secrets
        xs = [rng.expovariate(0.5) - 3.0 for _ in range(200)]
        shift = {"mean": math.fsum(xs) / len(xs), "min": min(xs), "zero": 0.0}[shift_kind]
        got = finalize(MOMENT_KEYS, pass2=Pass2Column(moments=power_sums(xs, shift)))
        want = exact_moments(xs)
        for key in MOMENT_KEYS:
            assert got[key].value == pytest.approx(want[key], rel=1e-9)  # type: ignore[union-attr]

    def test_central_moments_recover_the_mean(self) -> None:
        xs = [1.0, 2.0, 4.0, 8.0]
        mean, m2, _m3, _m4 = central_moments(power_sums(xs, 3.0))
        assert mean == pytest.approx(3.75)
        assert m2 == pytest.approx(sum((x - 3.75) ** 2 for x in xs))

    def test_a_constant_column_has_zero_variance_skewness_and_kurtosis(self) -> None:
        xs = [1e9 + 0.5] * 10
        got = finalize(MOMENT_KEYS, pass2=Pass2Column(moments=power_sums(xs, xs[0])))
        assert got["variance"].value == 0.0  # type: ignore[union-attr]
        assert got["skewness"].value == 0.0  # type: ignore[union-attr]
        assert got["kurtosis"].value == 0.0  # type: ignore[union-attr]

    def test_too_few_values_give_no_value_rather_than_a_division_by_zero(self) -> None:
        got = finalize(MOMENT_KEYS, pass2=Pass2Column(moments=power_sums([1.0, 2.0], 1.5)))
        assert got["variance"].value == 0.5  # type: ignore[union-attr]
        assert got["skewness"].value is None  # type: ignore[union-attr]
        assert got["kurtosis"].value is None  # type: ignore[union-attr]
        one = finalize(("variance", "std"), pass2=Pass2Column(moments=power_sums([1.0], 1.0)))
        assert one["variance"].value is None  # type: ignore[union-attr]
        assert one["std"].value is None  # type: ignore[union-attr]

    def test_no_finite_values_gives_no_value(self) -> None:
        got = finalize(("std",), pass2=Pass2Column(moments=(0, 0.0, 0.0, 0.0, 0.0, 0.0)))
        assert got["std"].value is None  # type: ignore[union-attr]

    def test_infinite_values_make_the_moments_nan_as_in_pandas(self) -> None:
        inf = Statistic("posinf_count", "+inf", 1)
        got = finalize(MOMENT_KEYS, pass2=Pass2Column(moments=power_sums([1.0, 2.0, 3.0, 4.0], 2.5)), prior=[inf])
        for key in MOMENT_KEYS:
            assert math.isnan(got[key].value)  # type: ignore[union-attr, arg-type]

    def test_moments_are_absent_without_the_second_pass(self) -> None:
        assert finalize(("std",))["std"] is None


class TestMeanSumAndScalars:
    def test_the_mean_of_huge_integers_is_computed_exactly_then_rounded_once(self) -> None:
        c = column("bigint")
        big = 2**62 + 1
        values = {
            col_agg("count_valid", c): 3,
            col_agg("sum_double", c): float(3 * big),
            col_agg("sum_exact", c): __import__("decimal").Decimal(3 * big),
        }
        got = finalize(("mean",), values=values, spark_type="bigint")
        assert got["mean"].value == float(big)  # type: ignore[union-attr]

    @pytest.mark.parametrize("spark_type", ["int", "bigint", "decimal(15,2)"])
    def test_limb_summed_columns_read_sum_and_mean_from_the_exact_sum_alone(self, spark_type: str) -> None:
        c = column(spark_type)
        cfg = ProfileConfig.default()
        for key in ("sum", "mean"):
            assert col_agg("sum_double", c) not in metric(key).aggregates(c, cfg)
        exact = __import__("decimal").Decimal("7.50") if "decimal" in spark_type else 7
        values = {col_agg("count_valid", c): 3, col_agg("sum_exact", c): exact}
        got = finalize(("sum", "mean"), values=values, spark_type=spark_type)
        # Decimals are reported as exact text, integers as int.
        assert got["sum"].value == ("7.50" if "decimal" in spark_type else 7)  # type: ignore[union-attr]
        assert got["sum"].accuracy is Accuracy.EXACT  # type: ignore[union-attr]
        assert got["mean"].value == float(exact) / 3  # type: ignore[union-attr]

    def test_wide_decimals_keep_a_double_sum_for_an_overflowed_exact_sum(self) -> None:
        c = column("decimal(38,18)")
        cfg = ProfileConfig.default()
        for key in ("sum", "mean"):
            assert col_agg("sum_double", c) in metric(key).aggregates(c, cfg)

    @staticmethod
    def overflowed(n: int, lo: float, hi: float, total: float) -> Dict[Any, Any]:
        c = column("decimal(38,18)")
        return {
            col_agg("sum_exact", c): None,
            col_agg("sum_double", c): total,
            col_agg("count_valid", c): n,
            col_agg("min", c): decimal.Decimal(repr(lo)),
            col_agg("max", c): decimal.Decimal(repr(hi)),
        }

    def test_an_overflowed_decimal_sum_falls_back_to_a_labelled_double_sum(self) -> None:
        got = finalize(("sum",), values=self.overflowed(2, 9e19, 9e19, 1.8e20), spark_type="decimal(38,18)")
        s = got["sum"]
        assert s is not None
        assert s.value == 1.8e20
        assert s.accuracy is Accuracy.APPROXIMATE
        assert s.note
        assert "overflow" in s.note

    def test_the_error_bound_of_an_overflowed_sum_grows_with_the_count_and_the_extremes(self) -> None:
        # Regression: the fallback was labelled 2**-52 whatever the number of values summed.
        n, top = 10**6, 1e20
        total = 3e25
        s = finalize(("sum",), values=self.overflowed(n, -top, top, total), spark_type="decimal(38,18)")["sum"]
        assert s is not None
        assert s.relative_error is not None
        gamma = n * 2.0**-53 / (1 - n * 2.0**-53)
        bound = gamma * n * top
        assert s.relative_error == pytest.approx(bound / (total - bound))
        assert s.relative_error > 2.0**-52 * 1000

    def test_an_overflowed_sum_that_may_have_cancelled_has_no_error_bound(self) -> None:
        # Values of +-1e20 summed to 2e20 over 10**9 rows: the rounding could exceed the sum.
        vals = self.overflowed(10**9, -1e20, 1e20, 2e20)
        s = finalize(("sum",), values=vals, spark_type="decimal(38,18)")["sum"]
        assert s is not None
        assert s.accuracy is Accuracy.APPROXIMATE
        assert s.relative_error is None

    def test_the_mean_of_an_overflowed_decimal_sum_is_labelled_approximate_with_its_bound(self) -> None:
        vals = self.overflowed(2, 9e19, 9e19, 1.8e20)
        got = finalize(("sum", "mean"), values=vals, spark_type="decimal(38,18)")
        m = got["mean"]
        assert m is not None
        assert m.value == 9e19
        assert m.accuracy is Accuracy.APPROXIMATE
        assert m.relative_error is not None
        assert got["sum"].relative_error is not None  # type: ignore[union-attr]
        assert got["sum"].relative_error < m.relative_error < 1e-15  # type: ignore[union-attr,operator]
        assert m.note
        assert "overflow" in m.note

    def test_a_sampled_mean_of_an_overflowed_decimal_sum_stays_sampled_and_says_so(self) -> None:
        ctx = FinalizeContext(
            column=column("decimal(38,18)"),
            config=ProfileConfig.default(),
            values=self.overflowed(2, 9e19, 9e19, 1.8e20),
            row_count=4,
            sampling=SamplingContext(0.5),
        )
        m = metric("mean").finalize(ctx)
        assert m is not None
        assert m.value == 9e19
        assert m.accuracy is Accuracy.SAMPLED
        assert m.note
        assert "overflow" in m.note
        assert "bound" not in m.note  # no rounding bound is attached to a sampled figure

    @staticmethod
    def sampled_sum(spark_type: str, values: Sequence[float], fraction: float, *, moments: bool = True) -> Statistic:
        c = column(spark_type)
        total = sum(Fraction(v) for v in values)
        vals: Dict[Agg, Any] = {col_agg("count_valid", c): len(values), col_agg("sum_double", c): float(total)}
        if "decimal" in spark_type:
            vals[col_agg("sum_exact", c)] = decimal.Decimal(float(total))
        elif spark_type == "bigint":
            vals[col_agg("sum_exact", c)] = int(total)
        shift = 3.0
        p2 = None
        if moments:
            ys = [v - shift for v in values]
            p2 = Pass2Column(
                moments=(len(ys), shift, sum(ys), sum(y * y for y in ys), sum(y**3 for y in ys), sum(y**4 for y in ys))
            )
        ctx = FinalizeContext(
            column=c,
            config=ProfileConfig.default(),
            values=vals,
            row_count=len(values),
            pass2=p2,
            sampling=SamplingContext(fraction),
        )
        out = metric("sum").finalize(ctx)
        assert out is not None
        return out

    @pytest.mark.parametrize("spark_type", ["decimal(10,2)", "bigint", "double"])
    def test_a_sampled_sum_is_the_sample_sum_over_the_fraction_with_a_horvitz_thompson_interval(
        self, spark_type: str
    ) -> None:
        # Regression: a decimal sum was reported unscaled, a double one got a count's interval.
        values = [1.0, 2.0, 4.0, 10.0]
        s = self.sampled_sum(spark_type, values, 0.25)
        assert s.accuracy is Accuracy.SAMPLED
        assert s.value == pytest.approx(17.0 / 0.25)
        half = 1.959963984540054 * math.sqrt(sum(v * v for v in values) * 0.75) / 0.25
        assert s.ci_low == pytest.approx(68.0 - half, rel=1e-9)
        assert s.ci_high == pytest.approx(68.0 + half, rel=1e-9)

    def test_a_sampled_sum_without_moments_has_no_interval_but_is_still_scaled(self) -> None:
        s = self.sampled_sum("double", [1.5, 2.5], 0.5, moments=False)
        assert s.accuracy is Accuracy.SAMPLED
        assert s.value == 8.0
        assert s.ci_low is None

    def test_the_mean_of_an_exact_decimal_sum_stays_exact(self) -> None:
        c = column("decimal(38,18)")
        vals = {**self.overflowed(2, 1.0, 2.0, 3.0), col_agg("sum_exact", c): decimal.Decimal("3")}
        m = finalize(("mean",), values=vals, spark_type="decimal(38,18)")["mean"]
        assert m is not None
        assert m.value == 1.5
        assert m.accuracy is Accuracy.EXACT

    def test_the_sum_of_an_all_null_decimal_column_is_null_not_an_overflow(self) -> None:
        c = column("decimal(10,2)")
        got = finalize(
            ("sum",), values={col_agg("sum_exact", c): None, col_agg("sum_double", c): None}, spark_type="decimal(10,2)"
        )
        assert got["sum"].value is None  # type: ignore[union-attr]
        assert got["sum"].accuracy is Accuracy.EXACT  # type: ignore[union-attr]

    def test_the_mean_of_no_values_is_none(self) -> None:
        c = column()
        got = finalize(("mean",), values={col_agg("count_valid", c): 0, col_agg("sum_double", c): None})
        assert got["mean"].value is None  # type: ignore[union-attr]

    def test_decimals_are_kept_as_exact_text(self) -> None:
        import decimal

        v = decimal.Decimal("-99999999999999999999.999999999999999999")
        assert numeric_scalar(v, "decimal(38,18)") == "-99999999999999999999.999999999999999999"
        assert numeric_scalar(decimal.Decimal("5"), "bigint") == 5
        assert numeric_scalar(2.5, "double") == 2.5
        assert numeric_scalar(None, "double") is None

    def test_cv_is_std_over_absolute_mean_and_absent_for_a_zero_mean(self) -> None:
        std = Statistic("std", "Std", 2.0)
        got = finalize(("cv",), prior=[std, Statistic("mean", "Mean", -4.0)])
        assert got["cv"].value == 0.5  # type: ignore[union-attr]
        assert finalize(("cv",), prior=[std, Statistic("mean", "Mean", 0.0)])["cv"] is None


class TestApproximateLabels:
    def _quantile_values(self, cfg: ProfileConfig, q1: float, q3: float) -> Dict[Agg, Any]:
        probs = tuple(sorted(set(cfg.quantiles) | {0.25, 0.75}))
        agg = col_agg("quantiles", column(), probs, cfg.quantile_accuracy)
        return {agg: [q1 if p == 0.25 else q3 if p == 0.75 else 0.0 for p in probs]}

    def test_iqr_is_labelled_approximate_with_the_rank_error(self) -> None:
        cfg = ProfileConfig.default(quantile_accuracy=200)
        s = finalize(("iqr",), values=self._quantile_values(cfg, 1.0, 4.5), config=cfg)["iqr"]
        assert s is not None
        assert s.value == 3.5
        assert s.accuracy is Accuracy.APPROXIMATE
        assert s.relative_error == 1 / 200

    def test_outliers_are_labelled_approximate_because_the_fences_are(self) -> None:
        s = finalize(("outliers",), pass2=Pass2Column(outliers=3))["outliers"]
        assert s is not None
        assert s.value == 3
        assert s.accuracy is Accuracy.APPROXIMATE
        assert s.relative_error == 1 / ProfileConfig.default().quantile_accuracy


def _uniform(n: int) -> List[float]:
    return [i / n for i in range(n)]


def test_moments_of_a_uniform_grid_match_closed_forms() -> None:
    xs = _uniform(1000)
    got = finalize(MOMENT_KEYS, pass2=Pass2Column(moments=power_sums(xs, 0.5)))
    assert got["skewness"].value == pytest.approx(0.0, abs=1e-9)  # type: ignore[union-attr]
    # Excess kurtosis of a discrete uniform tends to -6/5.
    assert got["kurtosis"].value == pytest.approx(-1.2, abs=1e-2)  # type: ignore[union-attr]
