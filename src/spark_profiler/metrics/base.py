# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The metric contract: a metric declares the aggregates it needs and finalizes its value.

Metrics never touch Spark. The planner collects every metric's :class:`Agg` requests,
deduplicates them (``mean`` and ``null_fraction`` share one ``count``), and the engine
compiles them into one fused aggregation. After the pass, each metric reads its own
values by :class:`Agg` (never by position) through a :class:`FinalizeContext`.

A metric that needs the second pass (histograms, central moments, frequent values,
pattern counts) reads :class:`Pass2Column` data that the planner requested for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar, Dict, FrozenSet, Mapping, Optional, Sequence, Tuple

from ..config import ProfileConfig
from ..kinds import ColumnKind
from ..model import Accuracy, Scalar, Statistic

__all__ = [
    "Agg",
    "ColumnInfo",
    "FinalizeContext",
    "Metric",
    "Pass2Column",
    "SamplingContext",
    "wilson_interval",
]

#: z for the two-sided 95% interval, the default confidence level.
Z95 = 1.959963984540054


@dataclass(frozen=True)
class ColumnInfo:
    """A profiled column as the pure layers see it.

    ``path`` is the list of field names from the top level (struct fields are nested);
    ``name`` joins it with dots for display.
    """

    name: str
    path: Tuple[str, ...]
    spark_type: str
    kind: ColumnKind
    nullable: bool = True


@dataclass(frozen=True)
class Agg:
    """A request for one aggregate in the fused first pass.

    ``op`` names an aggregate the compiler knows (see ``engine/compile.py``);
    ``column`` is the column path, or ``None`` for table-level aggregates; ``params``
    are hashable parameters (an rsd, quantile probabilities, a predicate name).
    """

    op: str
    column: Optional[Tuple[str, ...]] = None
    params: Tuple[Any, ...] = ()
    spark_type: str = ""


@dataclass(frozen=True)
class Pass2Column:
    """What the second (grouped) pass found for one column.

    Attributes:
        hist_edges / hist_counts: equal-width histogram over finite values.
        moments: ``(n, shift, s1, s2, s3, s4)``: power sums of ``x - shift`` over finite values,
            with ``x`` and ``shift`` both multiplied by ``moment_scale`` (a power of two).
        moment_scale: the scale of ``moments``; divide a variance by its square.
        outliers: values outside the IQR fences.
        frequent: the top values with exact counts (string-encoded keys as Spark cast them).
        frequent_cut: positions in ``frequent`` of keys cut to the configured
            ``max_value_length`` characters.
        distinct: exact distinct count of non-null values (when the grouped pass saw every value).
        patterns: pattern name -> matching values; ``pattern_base`` is the number of values
            the patterns were checked against (all non-null values, or a sample).
        pattern_sampled: whether ``patterns`` come from a Bernoulli sample of values.
    """

    hist_edges: Optional[Tuple[float, ...]] = None
    hist_counts: Optional[Tuple[int, ...]] = None
    moments: Optional[Tuple[int, float, float, float, float, float]] = None
    moment_scale: float = 1.0
    outliers: Optional[int] = None
    frequent: Optional[Tuple[Tuple[Optional[str], int], ...]] = None
    frequent_cut: Tuple[int, ...] = ()
    distinct: Optional[int] = None
    patterns: Optional[Mapping[str, int]] = None
    pattern_base: Optional[int] = None
    pattern_sampled: bool = False


@dataclass(frozen=True)
class SamplingContext:
    """How counts from a sample scale up to the population."""

    fraction: float
    confidence_level: float = 0.95

    @property
    def z(self) -> float:
        """Two-sided normal quantile for the confidence level."""
        return _z_for(self.confidence_level)


def _z_for(level: float) -> float:
    # Inverse normal CDF by bisection on erf: exact enough and free of scipy.
    target = (1.0 + level) / 2.0
    lo, hi = 0.0, 10.0
    for _ in range(80):
        mid = (lo + hi) / 2.0
        if 0.5 * (1.0 + math.erf(mid / math.sqrt(2.0))) < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


def wilson_interval(successes: float, trials: float, z: float = Z95) -> Tuple[float, float]:
    """Wilson score interval of a binomial proportion (good near 0 and 1)."""
    if trials <= 0:
        return (0.0, 1.0)
    p = successes / trials
    denom = 1.0 + z * z / trials
    centre = (p + z * z / (2.0 * trials)) / denom
    half = z * math.sqrt(p * (1.0 - p) / trials + z * z / (4.0 * trials * trials)) / denom
    # Rounding can put the bounds a hair inside p at 0 or 1; the interval must contain p.
    return (max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))


@dataclass
class FinalizeContext:
    """Everything a metric may read when it finalizes one column."""

    column: ColumnInfo
    config: ProfileConfig
    values: Mapping[Agg, Any]
    row_count: int
    pass2: Optional[Pass2Column] = None
    sampling: Optional[SamplingContext] = None
    stats: Dict[str, Statistic] = field(default_factory=dict)

    def value(self, agg: Agg) -> Any:
        """Return the collected value of ``agg`` (it must have been declared)."""
        return self.values[agg]

    def stat_value(self, key: str) -> Scalar:
        """Return the value of an already finalized statistic of this column, or None."""
        s = self.stats.get(key)
        return None if s is None else s.value

    # -- building statistics -------------------------------------------------------
    def make(
        self,
        metric: Metric,
        value: Scalar,
        *,
        accuracy: Optional[Accuracy] = None,
        relative_error: Optional[float] = None,
        ci: Optional[Tuple[float, float]] = None,
        ci_level: Optional[float] = None,
        note: Optional[str] = None,
        scale: Optional[str] = None,
    ) -> Statistic:
        """Build the metric's :class:`Statistic`, scaling counts when the input was sampled.

        ``scale`` overrides the metric's own: ``"count"`` scales ``value`` by ``1/fraction``
        with a binomial interval, ``"fraction"`` keeps it and attaches a Wilson interval,
        ``"none"`` only labels it sampled.
        """
        acc = accuracy or metric.accuracy
        how = scale or metric.scale
        if self.sampling is not None and how != "exact" and acc is not Accuracy.APPROXIMATE:
            s = self.sampling
            z = s.z
            if how == "count" and isinstance(value, (int, float)) and not isinstance(value, bool):
                x = float(value)
                f = s.fraction
                est = x / f
                half = z * math.sqrt(max(x, 0.0) * (1.0 - f)) / f
                low = max(0.0, est - half)
                high = est + half if x > 0 else 3.0 / f if f < 1 else 0.0
                return self._stat(metric, round(est), Accuracy.SAMPLED, None, (low, high), s.confidence_level, note)
            if how == "fraction" and isinstance(value, float) and not math.isnan(value):
                n = self._sample_base()
                if n:
                    lo, hi = wilson_interval(value * n, n, z)
                    return self._stat(metric, value, Accuracy.SAMPLED, None, (lo, hi), s.confidence_level, note)
            return self._stat(metric, value, Accuracy.SAMPLED, None, ci, ci_level or s.confidence_level, note)
        return self._stat(metric, value, acc, relative_error, ci, ci_level, note)

    def _sample_base(self) -> int:
        return int(self.row_count)

    @staticmethod
    def _stat(
        metric: Metric,
        value: Scalar,
        acc: Accuracy,
        rel: Optional[float],
        ci: Optional[Tuple[float, float]],
        level: Optional[float],
        note: Optional[str],
    ) -> Statistic:
        return Statistic(
            key=metric.key,
            label=metric.label,
            value=value,
            accuracy=acc,
            fmt=metric.fmt,
            relative_error=rel,
            ci_low=None if ci is None else float(ci[0]),
            ci_high=None if ci is None else float(ci[1]),
            ci_level=None if ci is None else level,
            note=note,
        )


class Metric:
    """Base class of every column statistic.

    Subclasses set the class attributes and implement :meth:`aggregates` and
    :meth:`finalize`. Register a metric by listing it in its family module's ``METRICS``.

    Attributes:
        key: stable key used in the profile, JSON and reports.
        label: human label shown by renderers.
        fmt: format hint for renderers (``count``, ``fraction``, ``number``, ``decimal``,
            ``date``, ``datetime``, ``seconds``, ``bytes``, ``bool``, ``text``).
        kinds: column kinds the metric applies to.
        scale: how sampling affects it: ``count``, ``fraction``, ``none`` or ``exact``
            (the value does not depend on sampling).
        accuracy: default accuracy label.
    """

    key: ClassVar[str] = ""
    label: ClassVar[str] = ""
    fmt: ClassVar[str] = "number"
    kinds: ClassVar[FrozenSet[ColumnKind]] = frozenset()
    scale: ClassVar[str] = "none"
    accuracy: ClassVar[Accuracy] = Accuracy.EXACT

    def enabled(self, config: ProfileConfig) -> bool:
        """Return whether the configuration asks for this metric at all."""
        return True

    def applies(self, column: ColumnInfo, config: ProfileConfig) -> bool:
        """Return whether this metric is computed for ``column``."""
        return column.kind in self.kinds and self.enabled(config)

    def aggregates(self, column: ColumnInfo, config: ProfileConfig) -> Sequence[Agg]:
        """Return the first-pass aggregates this metric needs for ``column``."""
        return ()

    def finalize(self, ctx: FinalizeContext) -> Optional[Statistic]:
        """Compute the statistic from collected values; ``None`` means "not applicable"."""
        raise NotImplementedError


def col_agg(op: str, column: ColumnInfo, *params: Any) -> Agg:
    """Shorthand for a per-column :class:`Agg`."""
    return Agg(op, column.path, tuple(params), column.spark_type)


def safe_div(a: Optional[float], b: Optional[float]) -> Optional[float]:
    """Divide, returning None for a missing operand or a zero denominator."""
    if a is None or b is None or b == 0:
        return None
    return float(a) / float(b)
