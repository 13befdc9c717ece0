# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Boolean statistics: true and false counts.

The two counts also give a boolean column its exact distinct count and its frequent
values (see :func:`true_false`), so booleans need no HyperLogLog++ sketch and no row in
the grouped pass.
"""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

from ..config import ProfileConfig
from ..kinds import ColumnKind
from ..model import Statistic
from .base import Agg, ColumnInfo, FinalizeContext, Metric, col_agg

__all__ = ["METRICS", "true_false", "true_false_aggs"]

#: The ``count_if`` predicate of the true count.
_TRUE = "true"


def true_false_aggs(column: ColumnInfo) -> Tuple[Agg, Agg]:
    """The non-null count and the true count of a column, from which :func:`true_false` reads."""
    return (col_agg("count", column), col_agg("count_if", column, _TRUE))


def true_false(ctx: FinalizeContext) -> Tuple[int, int]:
    """The exact ``(true, false)`` counts of the column (of the sample, when sampled).

    False is the non-null count less the true count: the count every column has anyway,
    so the false count costs no aggregate of its own.
    """
    non_null, true = (int(ctx.value(a) or 0) for a in true_false_aggs(ctx.column))
    return true, non_null - true


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

    key, label, predicate = "true_count", "True", _TRUE


class FalseCount(_BoolCount):
    """Values that are false."""

    key, label = "false_count", "False"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return true_false_aggs(column)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        return ctx.make(self, true_false(ctx)[1])


METRICS: Sequence[Metric] = (TrueCount(), FalseCount())
