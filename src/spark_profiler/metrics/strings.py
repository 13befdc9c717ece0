# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
r"""String and binary statistics: lengths, empty/blank/padded values, value patterns.

Lengths count characters (Unicode code points) for strings and bytes for binary.
"Blank" means non-empty and made only of whitespace; "padded" means leading or
trailing whitespace. Whitespace is what Spark's ``trim`` removes on every supported
version: the ASCII space only is not enough for real data, so the planner uses a
regex over ``\\s`` (space, tab, newline, carriage return, form feed, vertical tab).
"""

from __future__ import annotations

import math
from typing import Optional, Sequence

from ..config import ProfileConfig
from ..kinds import ColumnKind
from ..model import Accuracy, Statistic
from .base import Agg, ColumnInfo, FinalizeContext, Metric, col_agg, wilson_interval
from .patterns import PATTERNS, Pattern

__all__ = ["METRICS"]

STR = frozenset({ColumnKind.STRING})
LENGTHY = frozenset({ColumnKind.STRING, ColumnKind.BINARY})


class _LengthMetric(Metric):
    kinds = LENGTHY
    op = ""

    def enabled(self, config: ProfileConfig) -> bool:
        return config.string_stats

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg(self.op, column),) + ((col_agg("count", column),) if self.op == "len_sum" else ())

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        v = ctx.value(col_agg(self.op, ctx.column))
        if self.op == "len_sum":
            n = ctx.value(col_agg("count", ctx.column))
            return ctx.make(self, float(v) / n if n else None)
        return ctx.make(self, None if v is None else int(v))


class LengthMin(_LengthMetric):
    """Shortest value (characters for strings, bytes for binary)."""

    key, label, fmt, op = "length_min", "Min length", "count", "len_min"


class LengthMax(_LengthMetric):
    """Longest value (characters for strings, bytes for binary)."""

    key, label, fmt, op = "length_max", "Max length", "count", "len_max"


class LengthMean(_LengthMetric):
    """Mean length (characters for strings, bytes for binary)."""

    key, label, fmt, op = "length_mean", "Mean length", "float", "len_sum"


class _StringFlag(Metric):
    kinds = STR
    fmt = "count"
    scale = "count"
    predicate = ""

    def enabled(self, config: ProfileConfig) -> bool:
        return config.string_stats

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("count_if", column, self.predicate),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        return ctx.make(self, int(ctx.value(col_agg("count_if", ctx.column, self.predicate)) or 0))


class EmptyCount(_StringFlag):
    """Empty strings ``''``."""

    key, label, predicate = "empty_count", "Empty strings", "empty"


class BlankCount(_StringFlag):
    """Non-empty strings made only of whitespace."""

    key, label, predicate = "blank_count", "Blank (whitespace only)", "blank"


class PaddedCount(_StringFlag):
    """Non-blank strings with leading or trailing whitespace."""

    key, label, predicate = "whitespace_padded_count", "Leading/trailing whitespace", "padded"


class PatternCount(Metric):
    """Values matching one of :data:`~spark_profiler.metrics.patterns.PATTERNS`.

    Exact when the grouped pass saw every distinct value of the column (patterns are
    then matched once per distinct value and weighted by its count); otherwise the
    values are a Bernoulli sample and the count is scaled, with a Wilson interval.
    """

    kinds = STR
    fmt = "count"
    scale = "exact"

    def __init__(self, pattern: Pattern) -> None:
        self.pattern = pattern
        self.key = f"pattern_{pattern.key}_count"  # type: ignore[misc]
        self.label = f"{pattern.label} values"  # type: ignore[misc]

    def enabled(self, config: ProfileConfig) -> bool:
        return config.patterns

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        return (col_agg("count", column),)

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        p2 = ctx.pass2
        if p2 is None or p2.patterns is None or self.pattern.key not in p2.patterns:
            return None
        hits = int(p2.patterns[self.pattern.key])
        base = int(p2.pattern_base or 0)
        total = int(ctx.value(col_agg("count", ctx.column)) or 0)
        sampled = p2.pattern_sampled or ctx.sampling is not None
        if not sampled or base == 0:
            return ctx.make(self, hits)
        population = total / ctx.sampling.fraction if ctx.sampling else total
        z = ctx.sampling.z if ctx.sampling else 1.959963984540054
        lo, hi = wilson_interval(hits, base, z)
        est = hits / base * population
        return ctx.make(
            self,
            round(est),
            accuracy=Accuracy.SAMPLED,
            ci=(math.floor(lo * population), math.ceil(hi * population)),
            ci_level=ctx.sampling.confidence_level if ctx.sampling else 0.95,
            note=f"matched on a Bernoulli sample of {base} values",
        )


METRICS: Sequence[Metric] = (
    LengthMin(),
    LengthMax(),
    LengthMean(),
    EmptyCount(),
    BlankCount(),
    PaddedCount(),
    *(PatternCount(p) for p in PATTERNS),
)
