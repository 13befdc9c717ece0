# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Numeric statistics: range, sum, mean, moments, special values, spread and outliers.

Conventions (documented in the API reference and pinned by the oracle tests):

* NaN is neither null nor a number: it is counted in ``nan_count`` and excluded from
  every other statistic. ``-0.0`` equals ``0.0``.
* ±inf are values: they count in ``min``/``max``/``mean``/``sum``; when present, the
  variance and the moments built on it are NaN (as in pandas).
* ``std``/``variance`` are sample statistics (ddof=1); ``skewness`` and ``kurtosis``
  are the bias-corrected sample estimators G1 and G2 (excess), as in pandas.
* Moments come from a second pass over ``x - mean`` (the two-pass algorithm), which
  stays accurate for large-mean, small-variance data where raw power sums do not.
"""

from __future__ import annotations

import decimal
import math
from typing import Any, Optional, Sequence, Tuple

from ..config import ProfileConfig
from ..kinds import ColumnKind, has_limb_sum, is_decimal, is_fractional, is_integral
from ..model import Accuracy, Scalar, Statistic
from .base import Agg, ColumnInfo, FinalizeContext, Metric, SamplingContext, col_agg

__all__ = ["METRICS", "central_moments", "numeric_scalar"]

NUM = frozenset({ColumnKind.NUMERIC})


def numeric_scalar(value: Any, spark_type: str) -> Scalar:
    """Turn a value collected from Spark into the profile's JSON-native scalar."""
    if value is None:
        return None
    if isinstance(value, decimal.Decimal):
        if is_decimal(spark_type):
            return format(value, "f")
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    return float(value)


def _fmt(column: ColumnInfo) -> str:
    return "decimal" if is_decimal(column.spark_type) else "number"


class _NumericMetric(Metric):
    kinds = NUM

    def make_value(self, ctx: FinalizeContext, value: Any, **kw: Any) -> Statistic:
        stat = ctx.make(self, numeric_scalar(value, ctx.column.spark_type), **kw)
        fmt = _fmt(ctx.column) if self.fmt in ("number", "decimal") else self.fmt
        if fmt != stat.fmt:
            from dataclasses import replace

            stat = replace(stat, fmt=fmt)
        return stat


class Min(_NumericMetric):
    """Smallest value (NaN excluded, -inf included)."""

    key, label = "min", "Minimum"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("min", column),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        return self.make_value(ctx, ctx.value(col_agg("min", ctx.column)))


class Max(_NumericMetric):
    """Largest value (NaN excluded, +inf included)."""

    key, label = "max", "Maximum"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("max", column),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        return self.make_value(ctx, ctx.value(col_agg("max", ctx.column)))


def _exact_sum(column: ColumnInfo) -> Optional[Agg]:
    if is_integral(column.spark_type) or is_decimal(column.spark_type):
        return col_agg("sum_exact", column)
    return None


def _sums(column: ColumnInfo) -> Tuple[Agg, ...]:
    """The sums a column's total and mean are read from.

    A limb sum never overflows, so it needs no double-precision sum beside it: one
    aggregate less per column, which counts in wide frames.
    """
    exact = _exact_sum(column)
    if exact is None:
        return (col_agg("sum_double", column),)
    if has_limb_sum(column.spark_type):
        return (exact,)
    # The count and the extremes bound the error of the double sum (see _double_sum_error).
    return (col_agg("sum_double", column), exact, *(col_agg(op, column) for op in ("count_valid", "min", "max")))


#: Unit roundoff of IEEE 754 double precision.
_UNIT_ROUNDOFF = 2.0**-53


def _double_sum_error(ctx: FinalizeContext, total: float) -> Optional[float]:
    """A bound on the relative error of a decimal column's sum taken in double precision.

    Each value is rounded once to a double and the sum of n doubles, in whatever order
    Spark adds them, is off by at most ``gamma(n) * sum(|x|)`` with
    ``gamma(n) = n*u / (1 - n*u)``, ``u`` the unit roundoff (the standard bound for
    recursive summation, which covers the rounding of the values too). The column's
    extremes bound ``sum(|x|)`` by ``n * max(|min|, |max|)``. ``None`` when the bound says
    nothing (the error could be as large as the sum).
    """
    n = ctx.value(col_agg("count_valid", ctx.column)) or 0
    ends = [ctx.value(col_agg(op, ctx.column)) for op in ("min", "max")]
    if not n or any(v is None for v in ends) or n * _UNIT_ROUNDOFF >= 1:
        return None
    gamma = n * _UNIT_ROUNDOFF / (1 - n * _UNIT_ROUNDOFF)
    bound = gamma * n * max(abs(float(v)) for v in ends)
    if not math.isfinite(bound) or not bound < abs(total):
        return None
    # Relative to the true sum, which is at least |total| - bound in magnitude.
    return bound / (abs(total) - bound)


def _overflowed(ctx: FinalizeContext) -> bool:
    """Whether the column's exact decimal sum overflowed decimal(38), leaving the double sum.

    ``try_sum`` gives NULL both for no values and for an overflow; the count tells them apart.
    """
    exact = _exact_sum(ctx.column)
    if exact is None or has_limb_sum(ctx.column.spark_type) or ctx.value(exact) is not None:
        return False
    return bool(ctx.value(col_agg("count_valid", ctx.column)))


def _overflow_note(relative_error: Optional[float]) -> str:
    head = "exact decimal sum overflowed decimal(38); double-precision sum"
    if relative_error is None:
        return head + " with no useful error bound (its rounding could exceed the sum)"
    return head + ", error bounded from the count and the extremes"


class Sum(_NumericMetric):
    """Sum of values; exact (arbitrary precision) for integer and decimal columns."""

    key, label, scale = "sum", "Sum", "count"

    def enabled(self, config: ProfileConfig) -> bool:
        return config.preset != "minimal"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return _sums(column)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        if ctx.sampling is not None:
            return self._estimate(ctx, ctx.sampling)
        exact = _exact_sum(ctx.column)
        if exact is not None:
            if not _overflowed(ctx):
                return self.make_value(ctx, ctx.value(exact))
            # The exact decimal sum overflowed decimal(38): fall back to a double sum, honestly labelled.
            total = ctx.value(col_agg("sum_double", ctx.column))
            err = _double_sum_error(ctx, float(total))
            return self.make_value(
                ctx, total, accuracy=Accuracy.APPROXIMATE, relative_error=err, note=_overflow_note(err)
            )
        return self.make_value(ctx, ctx.value(col_agg("sum_double", ctx.column)))

    def _estimate(self, ctx: FinalizeContext, sampling: SamplingContext) -> Statistic:
        """The population's sum estimated from a Bernoulli sample of fraction ``f``.

        The estimate is the sample's sum divided by ``f`` (Horvitz-Thompson). Its variance
        is estimated by ``(1 - f) / f**2`` times the sample's sum of squares, which the
        grouped pass's moments give; without them (``moments=False``) there is no interval.
        """
        exact = _exact_sum(ctx.column)
        overflow = _overflowed(ctx)
        raw = ctx.value(exact) if exact is not None and not overflow else ctx.value(col_agg("sum_double", ctx.column))
        if raw is None:
            return ctx.make(self, None, scale="none")
        f = sampling.fraction
        est = float(decimal.Decimal(raw)) / f if not isinstance(raw, float) else raw / f
        ci = None
        p2 = ctx.pass2
        if p2 is not None and p2.moments is not None and p2.moments[0] > 0:
            n, shift, s1, s2 = p2.moments[:4]
            squares = (s2 + 2.0 * shift * s1 + n * shift * shift) / (p2.moment_scale * p2.moment_scale)
            half = sampling.z * math.sqrt(max(squares, 0.0) * (1.0 - f)) / f
            if math.isfinite(half) and math.isfinite(est):
                ci = (est - half, est + half)
        note = "the sample's sum divided by the sampled fraction"
        if p2 is None or p2.moments is None:
            note += "; no interval: it needs the moments of the grouped pass"
        if overflow:
            note += "; the exact decimal sum overflowed decimal(38), so that sum is a double-precision one"
        return ctx.make(self, est, ci=ci, scale="none", note=note)


class Mean(_NumericMetric):
    """Arithmetic mean of non-NaN values."""

    key, label = "mean", "Mean"
    fmt = "float"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (*_sums(column), col_agg("count_valid", column))

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        n = ctx.value(col_agg("count_valid", ctx.column)) or 0
        if not n:
            return ctx.make(self, None)
        exact = _exact_sum(ctx.column)
        note = None
        if exact is not None and (ctx.value(exact) is not None or has_limb_sum(ctx.column.spark_type)):
            # Exact arithmetic first, one rounding at the end: correct for huge integer sums.
            # A limb sum is never missing when n > 0, so a None here is a bug and must raise.
            mean = float(decimal.Decimal(ctx.value(exact)) / decimal.Decimal(n))
        else:
            total = float(ctx.value(col_agg("sum_double", ctx.column)))
            mean = total / n
            if _overflowed(ctx):
                err = _double_sum_error(ctx, total)
                # One more rounding, the division.
                rel = None if err is None else err + _UNIT_ROUNDOFF * (1 + err)
                if ctx.sampling is None:
                    return ctx.make(
                        self, mean, accuracy=Accuracy.APPROXIMATE, relative_error=rel, note=_overflow_note(rel)
                    )
                # A sampled figure carries its interval, not a rounding bound: do not claim one.
                note = "exact decimal sum overflowed decimal(38); mean of the double-precision sum"
        ci = None
        p2 = ctx.pass2
        if ctx.sampling is not None and p2 is not None and p2.moments is not None:
            var = _variance(p2.moments)
            if var is not None:
                var = var / p2.moment_scale / p2.moment_scale
            if var is not None and math.isfinite(var):
                half = ctx.sampling.z * math.sqrt(var / n)
                ci = (mean - half, mean + half)
        return ctx.make(self, mean, ci=ci, note=note)


def _flag_count(key: str, label: str, predicate: str, doc: str, *, fractional_only: bool = False) -> Metric:
    class _Flag(_NumericMetric):
        __doc__ = doc
        fmt = "count"
        scale = "count"

        def enabled(self, config: ProfileConfig) -> bool:
            return config.preset != "minimal"

        def applies(self, column: ColumnInfo, config: ProfileConfig) -> bool:
            if fractional_only and not is_fractional(column.spark_type):
                return False
            return super().applies(column, config)

        def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
            return (col_agg("count_if", column, predicate),)

        def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
            return ctx.make(self, int(ctx.value(col_agg("count_if", ctx.column, predicate)) or 0))

    _Flag.key, _Flag.label = key, label
    _Flag.__name__ = _Flag.__qualname__ = "".join(p.title() for p in key.split("_"))
    return _Flag()


def _variance(m: Tuple[int, float, float, float, float, float]) -> Optional[float]:
    n, _shift, s1, s2, _s3, _s4 = m
    if n < 2:
        return None
    return (s2 - s1 * s1 / n) / (n - 1)


def central_moments(m: Tuple[int, float, float, float, float, float]) -> Tuple[float, float, float, float]:
    """Return ``(mean, M2, M3, M4)``: the mean and central sums from shifted power sums."""
    n, shift, s1, s2, s3, s4 = m
    d = s1 / n
    mean = shift + d
    m2 = s2 - n * d * d
    m3 = s3 - 3 * d * s2 + 2 * n * d**3
    m4 = s4 - 4 * d * s3 + 6 * d * d * s2 - 3 * n * d**4
    return mean, max(m2, 0.0), m3, max(m4, 0.0)


class _MomentMetric(_NumericMetric):
    fmt = "float"

    def enabled(self, config: ProfileConfig) -> bool:
        return config.moments

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        p2 = ctx.pass2
        if p2 is None or p2.moments is None:
            return None
        if (ctx.stat_value("posinf_count") or 0) or (ctx.stat_value("neginf_count") or 0):
            return ctx.make(self, math.nan, note="undefined: the column holds infinite values")
        n = p2.moments[0]
        if n == 0:
            return ctx.make(self, None)
        # Moments are of x * moment_scale: skewness and kurtosis do not depend on the scale.
        return ctx.make(self, self.compute(n, *central_moments(p2.moments), ctx=ctx))

    def compute(self, n: int, mean: float, m2: float, m3: float, m4: float, *, ctx: FinalizeContext) -> Optional[float]:
        raise NotImplementedError


class Variance(_MomentMetric):
    """Sample variance (ddof=1)."""

    key, label = "variance", "Variance"

    def compute(self, n: int, mean: float, m2: float, m3: float, m4: float, *, ctx: FinalizeContext) -> Optional[float]:
        if n < 2:
            return None
        s = ctx.pass2.moment_scale if ctx.pass2 else 1.0
        # Divide twice: the square of a scale of 2**1000 is not a double.
        return m2 / (n - 1) / s / s


class Std(_MomentMetric):
    """Sample standard deviation (ddof=1)."""

    key, label = "std", "Std. deviation"

    def compute(self, n: int, mean: float, m2: float, m3: float, m4: float, *, ctx: FinalizeContext) -> Optional[float]:
        if n < 2:
            return None
        s = ctx.pass2.moment_scale if ctx.pass2 else 1.0
        return math.sqrt(m2 / (n - 1)) / s


class Skewness(_MomentMetric):
    """Bias-corrected sample skewness G1 (pandas' ``skew``)."""

    key, label = "skewness", "Skewness"

    def compute(self, n: int, mean: float, m2: float, m3: float, m4: float, *, ctx: FinalizeContext) -> Optional[float]:
        if n < 3:
            return None
        if m2 <= _tiny(mean, n):
            return 0.0
        g1: float = math.sqrt(n) * m3 / m2**1.5
        return g1 * math.sqrt(n * (n - 1)) / (n - 2)


class Kurtosis(_MomentMetric):
    """Bias-corrected sample excess kurtosis G2 (pandas' ``kurt``)."""

    key, label = "kurtosis", "Kurtosis (excess)"

    def compute(self, n: int, mean: float, m2: float, m3: float, m4: float, *, ctx: FinalizeContext) -> Optional[float]:
        if n < 4:
            return None
        if m2 <= _tiny(mean, n):
            return 0.0
        g2 = n * m4 / (m2 * m2) - 3.0
        return ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))


def _tiny(mean: float, n: int) -> float:
    # Below this the spread is rounding noise of the shift: treat the column as constant
    # (pandas does the same, returning 0 for a constant column).
    return n * (abs(mean) * 1e-14) ** 2


class CoefficientOfVariation(_NumericMetric):
    """Standard deviation divided by the absolute mean."""

    key, label, fmt = "cv", "Coeff. of variation", "float"

    def enabled(self, config: ProfileConfig) -> bool:
        return config.moments

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        std, mean = ctx.stat_value("std"), ctx.stat_value("mean")
        if not isinstance(std, float) or not isinstance(mean, float) or mean == 0:
            return None
        return ctx.make(self, std / abs(mean))


def _quantile_agg(column: ColumnInfo, config: ProfileConfig) -> Agg:
    probs = tuple(sorted(set(config.quantiles) | {0.25, 0.75}))
    return col_agg("quantiles", column, probs, config.quantile_accuracy)


class InterQuartileRange(_NumericMetric):
    """Q3 - Q1 from the approximate quartiles."""

    key, label, fmt = "iqr", "IQR", "float"
    accuracy = Accuracy.APPROXIMATE

    def enabled(self, config: ProfileConfig) -> bool:
        return bool(config.quantiles)

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (_quantile_agg(column, config),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        q1, q3 = quartiles(ctx)
        if q1 is None or q3 is None:
            return None
        return ctx.make(self, float(q3) - float(q1), relative_error=1.0 / ctx.config.quantile_accuracy)


def quartiles(ctx: FinalizeContext) -> Tuple[Optional[float], Optional[float]]:
    """Return approximate (Q1, Q3) of the column, or Nones."""
    agg = _quantile_agg(ctx.column, ctx.config)
    values = ctx.values.get(agg)
    if not values:
        return None, None
    qs = dict(zip(agg.params[0], values))
    q1, q3 = qs.get(0.25), qs.get(0.75)
    return (None if q1 is None else float(q1)), (None if q3 is None else float(q3))


class Outliers(_NumericMetric):
    """Values outside the Tukey fences [Q1 - 1.5 IQR, Q3 + 1.5 IQR]."""

    key, label, fmt, scale = "outliers", "Outliers (IQR fences)", "count", "count"
    accuracy = Accuracy.APPROXIMATE

    def enabled(self, config: ProfileConfig) -> bool:
        return config.outliers and bool(config.quantiles)

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (_quantile_agg(column, config),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        p2 = ctx.pass2
        if p2 is None or p2.outliers is None:
            return None
        if ctx.sampling is not None:
            # A count over the sample: scaled, with its interval, like every sampled count.
            return ctx.make(
                self,
                int(p2.outliers),
                accuracy=Accuracy.SAMPLED,
                note="count outside fences built from approximate quartiles, scaled from the sample",
            )
        return ctx.make(
            self,
            int(p2.outliers),
            note="exact count outside fences built from approximate quartiles",
            relative_error=1.0 / ctx.config.quantile_accuracy,
        )


METRICS: Sequence[Metric] = (
    Min(),
    Max(),
    Mean(),
    Sum(),
    _flag_count("zeros", "Zeros", "zero", "Values equal to zero (including -0.0)."),
    _flag_count("negatives", "Negative", "negative", "Values below zero (-inf included)."),
    _flag_count("nan_count", "NaN", "nan", "NaN values (float and double only).", fractional_only=True),
    _flag_count("posinf_count", "+inf", "posinf", "+inf values (float and double only).", fractional_only=True),
    _flag_count("neginf_count", "-inf", "neginf", "-inf values (float and double only).", fractional_only=True),
    Variance(),
    Std(),
    Skewness(),
    Kurtosis(),
    CoefficientOfVariation(),
    InterQuartileRange(),
    Outliers(),
)
