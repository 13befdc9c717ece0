# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Date, timestamp and time statistics: earliest, latest and the range between them.

Timestamps (``timestamp``, with local time zone semantics) are shown in the Spark
session time zone, which the profile records; ``timestamp_ntz`` values are wall-clock
times without a zone; dates are calendar dates; ``time`` values (Spark 4.1 and later) are
times of day. Values are ISO-8601 strings; a time of day has as many fraction digits as
Spark's own text of it (``12:30:00``, ``12:30:00.25``).
"""

from __future__ import annotations

from typing import Optional, Sequence

from ..config import ProfileConfig
from ..kinds import ColumnKind, is_time
from ..model import Statistic
from .base import Agg, ColumnInfo, FinalizeContext, Metric, col_agg

__all__ = ["METRICS", "temporal_fmt"]

TEMPORAL = frozenset({ColumnKind.TEMPORAL})


def temporal_fmt(spark_type: str) -> str:
    """Format hint of a temporal column's values: ``"date"``, ``"datetime"`` or ``"time"``."""
    if is_time(spark_type):
        return "time"
    return "date" if spark_type.strip().lower() == "date" else "datetime"


class _Bound(Metric):
    kinds = TEMPORAL
    op = ""

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg(self.op, column),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        from dataclasses import replace

        stat = ctx.make(self, ctx.value(col_agg(self.op, ctx.column)))
        return replace(stat, fmt=temporal_fmt(ctx.column.spark_type))


class EarliestValue(_Bound):
    """Earliest value."""

    key, label, op = "min", "Earliest", "t_min_iso"


class LatestValue(_Bound):
    """Latest value."""

    key, label, op = "max", "Latest", "t_max_iso"


class Range(Metric):
    """Latest minus earliest, in seconds (for a time of day, within the day)."""

    kinds = TEMPORAL
    key, label, fmt = "range_seconds", "Range", "seconds"

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("t_min_epoch", column), col_agg("t_max_epoch", column))

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        lo, hi = ctx.value(col_agg("t_min_epoch", ctx.column)), ctx.value(col_agg("t_max_epoch", ctx.column))
        if lo is None or hi is None:
            return ctx.make(self, None)
        return ctx.make(self, float(hi) - float(lo))


METRICS: Sequence[Metric] = (EarliestValue(), LatestValue(), Range())
