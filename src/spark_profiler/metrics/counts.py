# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Statistics every column gets: count, nulls, distinct values, uniqueness."""

from __future__ import annotations

import math
from typing import Optional, Sequence

from ..config import ProfileConfig
from ..kinds import ColumnKind, is_sortable_map, reads_rebuilt
from ..model import Accuracy, Statistic
from .base import Agg, ColumnInfo, FinalizeContext, Metric, col_agg, safe_div
from .boolean import true_false, true_false_aggs

__all__ = ["METRICS"]

ALL_KINDS = frozenset(ColumnKind)


class _Distinct(Metric):
    """A statistic of distinct values: every column but a map whose type cannot be read back.

    None at all under ``distinct="off"``.

    Spark cannot hash maps; a map is counted through its entries sorted by key, with
    every map and variant inside it rebuilt the same way (``engine.compile.hash_input``).
    That needs the type's parts, which a type string holding a field name with ``:``
    does not give unambiguously (``kinds.parse_type``); the JSON text of such a map keeps
    the order its entries were built in, so it gets no distinct count.
    """

    def applies(self, column: ColumnInfo, config: ProfileConfig) -> bool:
        if config.distinct == "off":
            return False
        t = column.spark_type
        if column.kind is ColumnKind.MAP and not (is_sortable_map(t) or reads_rebuilt(t)):
            return False
        return super().applies(column, config)


class Count(Metric):
    """Non-null values."""

    key, label, fmt, kinds, scale = "count", "Count", "count", ALL_KINDS, "count"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("count", column),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        return ctx.make(self, int(ctx.value(col_agg("count", ctx.column)) or 0))


class NullCount(Metric):
    """Null values (NaN is not null: see ``nan_count``)."""

    key, label, fmt, kinds, scale = "null_count", "Missing (null)", "count", ALL_KINDS, "count"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("count", column), Agg("count_rows"))

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        rows = int(ctx.value(Agg("count_rows")) or 0)
        return ctx.make(self, rows - int(ctx.value(col_agg("count", ctx.column)) or 0))


class NullFraction(Metric):
    """Null values divided by rows."""

    key, label, fmt, kinds, scale = "null_fraction", "Missing (%)", "fraction", ALL_KINDS, "fraction"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("count", column), Agg("count_rows"))

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        rows = int(ctx.value(Agg("count_rows")) or 0)
        nulls = rows - int(ctx.value(col_agg("count", ctx.column)) or 0)
        return ctx.make(self, safe_div(nulls, rows) if rows else 0.0)


class DistinctCount(_Distinct):
    """Distinct non-null values (NaN counts as one value, as in Spark's grouping).

    Exact when the grouped second pass saw every value of the column (for
    ``distinct="exact"``, and for low-cardinality columns under the default preset) and
    for booleans, whose true and false counts tell which of the two values occur;
    otherwise HyperLogLog++ with the configured relative standard deviation. Arrays and
    structs holding floating point or a map, maps holding floating point, and variants
    inside arrays, are never grouped (see ``planner._groups``), so their count stays an
    estimate. Maps with a map or a variant inside get none (see :class:`_Distinct`).
    """

    key, label, fmt, kinds, scale = "distinct_count", "Distinct", "count", ALL_KINDS, "none"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        if column.kind is ColumnKind.NULL:
            return ()
        if column.kind is ColumnKind.BOOLEAN:
            return true_false_aggs(column)
        return (col_agg("approx_distinct", column, config.distinct_rsd), col_agg("count", column))

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        if ctx.column.kind is ColumnKind.NULL:
            return ctx.make(self, 0)
        p2 = ctx.pass2
        note = "distinct values seen in the sample (a lower bound)" if ctx.sampling else None
        if ctx.column.kind is ColumnKind.BOOLEAN:
            return ctx.make(self, sum(1 for n in true_false(ctx) if n > 0), note=note)
        if p2 is not None and p2.distinct is not None:
            return ctx.make(self, int(p2.distinct), note=note)
        approx = int(ctx.value(col_agg("approx_distinct", ctx.column, ctx.config.distinct_rsd)) or 0)
        rsd = ctx.config.distinct_rsd
        count = int(ctx.value(col_agg("count", ctx.column)) or 0)
        if ctx.sampling is None:
            # HyperLogLog++ is unbiased with the stated relative standard deviation: 2 sigma.
            # Rounded outward to whole values: one register collision at a tiny count is a
            # whole value, more than 2 sigma of it.
            lo = float(max(0, math.floor(approx * (1 - 2 * rsd))))
            hi = float(math.ceil(approx * (1 + 2 * rsd)))
            if count:
                hi = min(hi, float(count))
            return ctx.make(
                self,
                min(approx, count) if count else approx,
                accuracy=Accuracy.APPROXIMATE,
                relative_error=rsd,
                ci=(lo, hi),
                ci_level=0.95,
                note="HyperLogLog++ estimate; relative_error is its relative standard deviation",
            )
        return ctx.make(self, approx, note=note)


class UniqueFraction(_Distinct):
    """Distinct values divided by non-null values (1.0 means every value is unique)."""

    key, label, fmt, kinds, scale = "unique_fraction", "Distinct (%)", "fraction", ALL_KINDS, "none"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("count", column),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        # The raw (unscaled) count: under sampling, distinct values are those of the sample too.
        d, n = ctx.stats.get("distinct_count"), ctx.value(col_agg("count", ctx.column))
        if d is None or not n:
            return None
        value = min(1.0, float(d.value or 0) / float(n))
        return ctx.make(self, value, accuracy=d.accuracy, relative_error=d.relative_error)


class IsConstant(_Distinct):
    """True when every non-null value is the same (and there is at least one)."""

    key, label, fmt, kinds, scale = "is_constant", "Constant", "bool", ALL_KINDS, "none"

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        d, n = ctx.stats.get("distinct_count"), ctx.stat_value("count")
        if d is None or not n:
            return ctx.make(self, False) if d is not None else None
        # A one-value column is constant whatever the estimator: HLL++ is exact at tiny cardinalities.
        return ctx.make(self, d.value == 1, accuracy=d.accuracy)


METRICS: Sequence[Metric] = (Count(), NullCount(), NullFraction(), DistinctCount(), UniqueFraction(), IsConstant())
