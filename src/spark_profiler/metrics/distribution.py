# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Structured results: approximate quantiles, exact histograms and most frequent values."""

from __future__ import annotations

import datetime as _dt
import decimal
import math
from typing import Any, List, Optional, Sequence, Tuple

from ..config import ProfileConfig
from ..kinds import ColumnKind, is_decimal, is_fractional, is_integral
from ..model import Accuracy, FrequentValues, Histogram, Quantiles, Scalar
from .base import Agg, ColumnInfo, FinalizeContext, col_agg
from .boolean import true_false
from .numeric import numeric_scalar
from .temporal import temporal_fmt

__all__ = [
    "build_frequent",
    "build_histogram",
    "build_quantiles",
    "frequent_eligible",
    "groups_values",
    "parse_key",
    "quantile_agg",
]

#: Kinds whose values can be grouped and shown as frequent values.
FREQUENT_KINDS = frozenset(
    {ColumnKind.NUMERIC, ColumnKind.STRING, ColumnKind.BOOLEAN, ColumnKind.TEMPORAL, ColumnKind.BINARY}
)


def quantile_agg(column: ColumnInfo, config: ProfileConfig) -> Optional[Agg]:
    """The percentile_approx aggregate of a numeric column (shared with IQR and outliers)."""
    if column.kind is not ColumnKind.NUMERIC or not config.quantiles:
        return None
    probs = tuple(sorted(set(config.quantiles) | {0.25, 0.75}))
    return col_agg("quantiles", column, probs, config.quantile_accuracy)


def build_quantiles(ctx: FinalizeContext) -> Optional[Quantiles]:
    """Quantiles at the configured probabilities, with the rank error of the sketch."""
    agg = quantile_agg(ctx.column, ctx.config)
    if agg is None:
        return None
    values = ctx.values.get(agg)
    wanted = ctx.config.quantiles
    if values is None:
        return Quantiles(wanted, tuple(None for _ in wanted), relative_error=1.0 / ctx.config.quantile_accuracy)
    by_p = dict(zip(agg.params[0], values))
    out = tuple(_quantile_scalar(by_p.get(p), ctx.column.spark_type) for p in wanted)
    return Quantiles(
        probabilities=wanted,
        values=out,
        accuracy=Accuracy.SAMPLED if ctx.sampling else Accuracy.APPROXIMATE,
        relative_error=1.0 / ctx.config.quantile_accuracy,
        fmt="decimal" if is_decimal(ctx.column.spark_type) else "number",
    )


def _quantile_scalar(value: Any, spark_type: str) -> Scalar:
    # Decimal quantiles are computed in double (see engine/compile.py): show the shortest
    # decimal text of the double, as Spark's own cast back to the decimal type would.
    if isinstance(value, float) and is_decimal(spark_type) and math.isfinite(value):
        return format(decimal.Decimal(repr(value)), "f")
    return numeric_scalar(value, spark_type)


def build_histogram(ctx: FinalizeContext) -> Optional[Histogram]:
    """The exact equal-width histogram from the grouped pass."""
    p2 = ctx.pass2
    if p2 is None or p2.hist_edges is None or p2.hist_counts is None:
        return None
    fmt = temporal_fmt(ctx.column.spark_type) if ctx.column.kind is ColumnKind.TEMPORAL else "number"
    counts = p2.hist_counts
    if ctx.sampling is not None:
        # Estimates for the whole input, as the frequent values' counts are.
        counts = tuple(round(n / ctx.sampling.fraction) for n in counts)
    return Histogram(
        edges=p2.hist_edges,
        counts=counts,
        accuracy=Accuracy.SAMPLED if ctx.sampling else Accuracy.EXACT,
        fmt=fmt,
    )


def frequent_eligible(column: ColumnInfo) -> bool:
    """Whether a column gets frequent values."""
    return column.kind in FREQUENT_KINDS


def groups_values(column: ColumnInfo) -> bool:
    """Whether a column's frequent values and exact distinct count come from grouping its values.

    Booleans do not: their true and false counts from the first pass are both.
    """
    return frequent_eligible(column) and column.kind is not ColumnKind.BOOLEAN


def parse_key(key: Optional[str], column: ColumnInfo) -> Scalar:
    """Turn the string key Spark produced when grouping back into a typed scalar."""
    if key is None:
        return None
    t = column.spark_type
    if column.kind is ColumnKind.NUMERIC:
        if is_integral(t):
            return int(key)
        if is_fractional(t):
            return float(key)
        return format(decimal.Decimal(key), "f")
    if column.kind is ColumnKind.BOOLEAN:
        return key.lower() == "true"
    if column.kind is ColumnKind.TEMPORAL:
        return key.replace(".000000", "")
    return key


def build_frequent(ctx: FinalizeContext, reason: Optional[str]) -> Optional[FrequentValues]:
    """The most frequent values, or a "not computed" marker carrying ``reason``."""
    if not frequent_eligible(ctx.column) or ctx.config.top_k == 0:
        return None
    fmt = _frequent_fmt(ctx.column)
    not_computed = FrequentValues(computed=False, reason=reason or "not computed", fmt=fmt)
    counted: List[Tuple[Scalar, int]]
    cut: Tuple[int, ...] = ()
    if ctx.column.kind is ColumnKind.BOOLEAN:
        true, false = true_false(ctx)
        if true + false == 0:  # all null: nothing to count, as for a column with no value to group
            return not_computed
        # Most frequent first, ties in key order ("false" before "true"), as grouped values are.
        counted = sorted([(v, n) for v, n in ((False, false), (True, true)) if n > 0], key=lambda vn: -vn[1])
    else:
        p2 = ctx.pass2
        if p2 is None or p2.frequent is None:
            return not_computed
        counted = [(parse_key(k, ctx.column), int(n)) for k, n in p2.frequent]
        cut = tuple(i for i in p2.frequent_cut if i < ctx.config.top_k)
    items: Tuple[Tuple[Scalar, int], ...] = tuple(counted[: ctx.config.top_k])
    if ctx.sampling is not None:
        f = ctx.sampling.fraction
        items = tuple((v, round(n / f)) for v, n in items)
    accuracy = Accuracy.SAMPLED if ctx.sampling else Accuracy.EXACT
    return FrequentValues(items=items, accuracy=accuracy, fmt=fmt, truncated=cut)


def _frequent_fmt(column: ColumnInfo) -> str:
    if column.kind is ColumnKind.TEMPORAL:
        return temporal_fmt(column.spark_type)
    if column.kind is ColumnKind.NUMERIC:
        return "decimal" if is_decimal(column.spark_type) else "number"
    if column.kind is ColumnKind.BOOLEAN:
        return "bool"
    if column.kind is ColumnKind.BINARY:
        return "hex"
    return "text"


def iso_date(value: Any) -> Optional[str]:
    """ISO text of a date/datetime (helper for tests and renderers)."""
    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value)


def frequent_needs(column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
    """First-pass aggregates used to decide whether a column qualifies for the grouped pass."""
    if not frequent_eligible(column):
        return ()
    return (col_agg("approx_distinct", column, config.distinct_rsd),)
