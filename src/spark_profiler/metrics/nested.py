# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Array and map statistics: sizes, empty collections and null array elements.

Struct columns get the statistics every column gets; their fields are profiled as
``parent.child`` columns by the engine.
"""

from __future__ import annotations

from typing import Optional, Sequence

from ..config import ProfileConfig
from ..kinds import ColumnKind
from ..model import Statistic
from .base import Agg, ColumnInfo, FinalizeContext, Metric, col_agg

__all__ = ["METRICS"]

COLLECTIONS = frozenset({ColumnKind.ARRAY, ColumnKind.MAP})


class _Nested(Metric):
    kinds = COLLECTIONS

    def enabled(self, config: ProfileConfig) -> bool:
        return config.nested


class _SizeMetric(_Nested):
    op = ""

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg(self.op, column),) + ((col_agg("count", column),) if self.op == "size_sum" else ())

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        v = ctx.value(col_agg(self.op, ctx.column))
        if self.op == "size_sum":
            n = ctx.value(col_agg("count", ctx.column))
            return ctx.make(self, float(v) / n if n else None)
        return ctx.make(self, None if v is None else int(v))


class SizeMin(_SizeMetric):
    """Fewest elements (entries for maps)."""

    key, label, fmt, op = "size_min", "Min size", "count", "size_min"


class SizeMax(_SizeMetric):
    """Most elements (entries for maps)."""

    key, label, fmt, op = "size_max", "Max size", "count", "size_max"


class SizeMean(_SizeMetric):
    """Mean number of elements (entries for maps)."""

    key, label, fmt, op = "size_mean", "Mean size", "float", "size_sum"


class EmptyCollections(_Nested):
    """Empty arrays or maps."""

    key, label, fmt, scale = "empty_arrays", "Empty collections", "count", "count"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("count_if", column, "empty_collection"),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        return ctx.make(self, int(ctx.value(col_agg("count_if", ctx.column, "empty_collection")) or 0))


class NullElements(_Nested):
    """Null elements inside arrays."""

    kinds = frozenset({ColumnKind.ARRAY})
    key, label, fmt, scale = "null_elements", "Null elements", "count", "count"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("null_elements", column),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        return ctx.make(self, int(ctx.value(col_agg("null_elements", ctx.column)) or 0))


METRICS: Sequence[Metric] = (SizeMin(), SizeMax(), SizeMean(), EmptyCollections(), NullElements())
