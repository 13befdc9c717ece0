# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Boolean statistics: true and false counts."""

from __future__ import annotations

from typing import Optional, Sequence

from ..config import ProfileConfig
from ..kinds import ColumnKind
from ..model import Statistic
from .base import Agg, ColumnInfo, FinalizeContext, Metric, col_agg

__all__ = ["METRICS"]


class _BoolCount(Metric):
    kinds = frozenset({ColumnKind.BOOLEAN})
    fmt = "count"
    scale = "count"
    predicate = ""

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("count_if", column, self.predicate),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        return ctx.make(self, int(ctx.value(col_agg("count_if", ctx.column, self.predicate)) or 0))


class TrueCount(_BoolCount):
    """Values that are true."""

    key, label, predicate = "true_count", "True", "true"


class FalseCount(_BoolCount):
    """Values that are false."""

    key, label = "false_count", "False"

    # Non-null values that are not true: the count every column has anyway, less the
    # true count, saves one aggregate per boolean column.
    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("count", column), col_agg("count_if", column, TrueCount.predicate))

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        non_null = int(ctx.value(col_agg("count", ctx.column)) or 0)
        true = int(ctx.value(col_agg("count_if", ctx.column, TrueCount.predicate)) or 0)
        return ctx.make(self, non_null - true)


METRICS: Sequence[Metric] = (TrueCount(), FalseCount())
