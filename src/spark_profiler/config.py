# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Profiling configuration: a frozen :class:`ProfileConfig` with three presets.

* ``minimal``: counts, nulls, approximate distinct, min/max/mean (one Spark action).
* ``default``: everything except exact distinct, exact duplicates and correlations
  (at most two Spark actions).
* ``full``: everything (at most four Spark actions).

Example:
    >>> from spark_profiler import ProfileConfig
    >>> cfg = ProfileConfig.default().replace(top_k=5, histogram_bins=30)
    >>> cfg.top_k
    5
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple, Union

from .errors import ConfigError

__all__ = ["DISTINCT_MODES", "PRESETS", "ProfileConfig", "Sample"]

PRESETS = ("minimal", "default", "full")
#: Values of ``ProfileConfig.distinct``.
DISTINCT_MODES = ("approximate", "exact", "off")

DEFAULT_QUANTILES: Tuple[float, ...] = (0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)


@dataclass(frozen=True)
class Sample:
    """How to sample the input before profiling.

    Give ``fraction`` (0 < f <= 1) or ``rows`` (a target row count), or ``mode="auto"``
    to sample to ``rows`` only when the input has more than ``threshold`` rows.
    Sampling is Bernoulli, seeded and reproducible for a fixed input partitioning.

    Example:
        >>> Sample(fraction=0.1, seed=7).fraction
        0.1
    """

    fraction: Optional[float] = None
    rows: Optional[int] = None
    seed: int = 42
    mode: str = "fixed"
    threshold: int = 10_000_000
    confidence_level: float = 0.95

    def __post_init__(self) -> None:
        if self.mode not in ("fixed", "auto"):
            raise ConfigError(f"Sample.mode={self.mode!r} is invalid; use 'fixed' or 'auto'")
        if self.mode == "auto":
            if self.rows is None:
                object.__setattr__(self, "rows", 1_000_000)
            if self.fraction is not None:
                raise ConfigError("Sample(mode='auto') takes rows=, not fraction=")
        elif (self.fraction is None) == (self.rows is None):
            raise ConfigError("Sample needs exactly one of fraction= (0 < f <= 1) or rows= (>= 1)")
        if self.fraction is not None and not (0.0 < self.fraction <= 1.0):
            raise ConfigError(f"Sample.fraction={self.fraction!r} is out of range; allowed: 0 < fraction <= 1")
        rows: object = self.rows  # typed int, but callers may pass anything
        if rows is not None and (isinstance(rows, bool) or not isinstance(rows, int) or rows < 1):
            raise ConfigError(f"Sample.rows={self.rows!r} is out of range; allowed: an integer >= 1")
        if self.threshold < 1:
            raise ConfigError(f"Sample.threshold={self.threshold!r} is out of range; allowed: >= 1")
        if not (0.5 <= self.confidence_level < 1.0):
            raise ConfigError(
                f"Sample.confidence_level={self.confidence_level!r} is out of range; allowed: 0.5 <= level < 1"
            )

    @classmethod
    def coerce(cls, value: Union[float, int, str, Sample, Mapping[str, Any], None]) -> Optional[Sample]:
        """Turn the ``sample=`` argument of :func:`spark_profiler.profile` into a :class:`Sample`.

        A float in (0, 1] is a fraction, an int >= 1 a row target, ``"auto"`` the auto mode.
        """
        if value is None or isinstance(value, Sample):
            return value
        if isinstance(value, bool):
            raise ConfigError("sample=True/False is ambiguous; pass a fraction, a row count, 'auto' or a Sample")
        if isinstance(value, float):
            return cls(fraction=value)
        if isinstance(value, int):
            return cls(rows=value)
        if isinstance(value, str):
            if value == "auto":
                return cls(mode="auto")
            try:
                num = float(value)
            except ValueError:
                raise ConfigError(
                    f"sample={value!r} is invalid; use a fraction like 0.1, a row count like 100000, or 'auto'"
                ) from None
            return cls(rows=int(num)) if num >= 1 and num.is_integer() and "." not in value else cls(fraction=num)
        if isinstance(value, Mapping):
            return cls(**dict(value))
        raise ConfigError(
            f"sample= got {type(value).__name__}; use a float fraction, an int row count, 'auto' or Sample"
        )


def _check_range(name: str, value: Any, lo: float, hi: float, *, integer: bool = False) -> None:
    kind = "an integer" if integer else "a number"
    bad_type = (
        isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int))
    )
    if bad_type or not (lo <= value <= hi) or (isinstance(value, float) and math.isnan(value)):
        raise ConfigError(f"ProfileConfig.{name}={value!r} is invalid; allowed: {kind} in [{lo:g}, {hi:g}]")


@dataclass(frozen=True)
class ProfileConfig:
    """What to compute and how precisely. Immutable; derive variants with :meth:`replace`.

    Attributes:
        preset: the preset this config started from (informational).
        distinct: ``"approximate"`` (HyperLogLog++) or ``"exact"`` distinct counts
            (booleans' are always exact, from their true and false counts). Exact does
            not reach maps, arrays and structs holding floating point, arrays and structs
            holding a map, or variants inside arrays: they keep the estimate, labelled
            approximate. Maps with a map or a variant inside get no distinct count.
            ``"off"`` leaves out the distinct count, the unique fraction and the constant
            flag of every column. It is the one setting that takes the distinct-count
            sketch out of pass 1, its dearest part: without it the ``minimal`` preset
            ran in a third to a half of the time (docs/performance.md). Frequent values and
            patterns still need each column's cardinality, so with ``top_k > 0`` or
            ``patterns`` the sketch is still taken for the columns they apply to, and
            only not reported.
        distinct_rsd: relative standard deviation allowed for approximate distinct counts.
        duplicates: ``"approximate"``, ``"exact"`` or ``"off"`` for duplicate rows.
        top_k: how many most frequent values to keep per column (0 disables).
        frequent_max_cardinality: frequent values are computed exactly for columns whose
            approximate distinct count is at most this; others are marked "not computed"
            (booleans always have theirs).
        max_value_length: frequent values longer than this many characters are cut to it
            in the profile, and flagged (``FrequentValues.truncated``): a column of long
            documents would otherwise bring ``top_k`` whole documents to the driver.
            Counts stay those of the whole values.
        quantiles: probabilities of the reported quantiles.
        quantile_accuracy: the rank error of quantiles is 1/accuracy (a KLL sketch sized
            for it on Spark 4.1+, else ``percentile_approx`` at this accuracy).
        histogram_bins: bins of numeric and temporal histograms (0 disables).
        moments: std, variance, skewness, kurtosis, coefficient of variation.
        outliers: IQR-fence outlier counts (needs quantiles and the second pass).
        string_stats: lengths, empty/blank/whitespace counts.
        patterns: counts of values matching common patterns (email, URL, UUID, ...).
        pattern_sample_rows: for columns too distinct for exact frequent values, patterns
            are matched on a Bernoulli sample of about this many values, labelled sampled.
        nested: array/map size statistics.
        max_struct_depth: struct fields are profiled as ``parent.child`` to this depth.
        correlations: Pearson correlations between numeric columns.
        max_correlation_columns: cap on numeric columns entering the correlation matrix.
        max_columns_per_job: very wide frames are split into chunks of this many columns.
        strict: raise :class:`~spark_profiler.errors.MetricError` instead of recording failures.
    """

    preset: str = "default"
    distinct: str = "approximate"
    distinct_rsd: float = 0.05
    duplicates: str = "approximate"
    top_k: int = 10
    frequent_max_cardinality: int = 10_000
    max_value_length: int = 1000
    quantiles: Tuple[float, ...] = DEFAULT_QUANTILES
    quantile_accuracy: int = 1000
    histogram_bins: int = 20
    moments: bool = True
    outliers: bool = True
    string_stats: bool = True
    patterns: bool = True
    pattern_sample_rows: int = 100_000
    nested: bool = True
    max_struct_depth: int = 3
    correlations: bool = False
    max_correlation_columns: int = 20
    max_columns_per_job: int = 400
    strict: bool = False

    def __post_init__(self) -> None:
        if self.preset not in PRESETS:
            raise ConfigError(f"ProfileConfig.preset={self.preset!r} is invalid; allowed: {', '.join(PRESETS)}")
        if self.distinct not in DISTINCT_MODES:
            allowed = ", ".join(repr(m) for m in DISTINCT_MODES)
            raise ConfigError(f"ProfileConfig.distinct={self.distinct!r} is invalid; allowed: {allowed}")
        if self.duplicates not in ("approximate", "exact", "off"):
            raise ConfigError(
                f"ProfileConfig.duplicates={self.duplicates!r} is invalid; allowed: 'approximate', 'exact', 'off'"
            )
        # Spark's HyperLogLog++ refuses rsd >= 0.39 and gets slow and huge below 0.01.
        _check_range("distinct_rsd", self.distinct_rsd, 0.01, 0.3)
        _check_range("top_k", self.top_k, 0, 1000, integer=True)
        _check_range("frequent_max_cardinality", self.frequent_max_cardinality, 0, 10_000_000, integer=True)
        # Above the widest value a report shows, so a cut value always reads as cut there.
        _check_range("max_value_length", self.max_value_length, 100, 100_000_000, integer=True)
        _check_range("quantile_accuracy", self.quantile_accuracy, 10, 1_000_000, integer=True)
        _check_range("histogram_bins", self.histogram_bins, 0, 1000, integer=True)
        _check_range("pattern_sample_rows", self.pattern_sample_rows, 100, 100_000_000, integer=True)
        _check_range("max_struct_depth", self.max_struct_depth, 0, 32, integer=True)
        _check_range("max_correlation_columns", self.max_correlation_columns, 2, 200, integer=True)
        _check_range("max_columns_per_job", self.max_columns_per_job, 1, 100_000, integer=True)
        qs = tuple(self.quantiles)
        for q in qs:
            _check_range("quantiles", q, 0.0, 1.0)
        object.__setattr__(self, "quantiles", tuple(sorted({float(q) for q in qs})))
        for name in ("moments", "outliers", "string_stats", "patterns", "nested", "correlations", "strict"):
            if not isinstance(getattr(self, name), bool):
                raise ConfigError(f"ProfileConfig.{name}={getattr(self, name)!r} is invalid; allowed: True or False")

    # -- presets -----------------------------------------------------------------
    @classmethod
    def minimal(cls, **overrides: Any) -> ProfileConfig:
        """Counts, nulls, approximate distinct and min/max/mean: one Spark action."""
        base: Dict[str, Any] = {
            "preset": "minimal",
            "duplicates": "off",
            "top_k": 0,
            "quantiles": (),
            "histogram_bins": 0,
            "moments": False,
            "outliers": False,
            "string_stats": False,
            "patterns": False,
            "nested": False,
            "correlations": False,
        }
        base.update(overrides)
        return cls(**base)

    @classmethod
    def default(cls, **overrides: Any) -> ProfileConfig:
        """Everything except exact distinct, exact duplicates and correlations."""
        return cls(**{"preset": "default", **overrides})

    @classmethod
    def full(cls, **overrides: Any) -> ProfileConfig:
        """Everything, including exact distinct counts, exact duplicates and correlations."""
        base: Dict[str, Any] = {"preset": "full", "distinct": "exact", "duplicates": "exact", "correlations": True}
        base.update(overrides)
        return cls(**base)

    @classmethod
    def from_preset(cls, name: str, **overrides: Any) -> ProfileConfig:
        """Build the named preset (``minimal``, ``default`` or ``full``)."""
        if name not in PRESETS:
            raise ConfigError(f"unknown preset {name!r}; allowed: {', '.join(PRESETS)}")
        factory = {"minimal": cls.minimal, "default": cls.default, "full": cls.full}[name]
        return factory(**overrides)

    def replace(self, **changes: Any) -> ProfileConfig:
        """Return a copy with ``changes`` applied (validated)."""
        unknown = sorted(set(changes) - {f.name for f in dataclasses.fields(self)})
        if unknown:
            raise ConfigError(f"unknown ProfileConfig field(s): {', '.join(unknown)}")
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> Dict[str, Any]:
        """Return a JSON-compatible dict of every field."""
        d = dataclasses.asdict(self)
        d["quantiles"] = list(self.quantiles)
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProfileConfig:
        """Inverse of :meth:`to_dict`; unknown keys raise :class:`ConfigError`."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError(f"unknown ProfileConfig field(s): {', '.join(unknown)}")
        d = dict(data)
        if "quantiles" in d:
            d["quantiles"] = tuple(d["quantiles"])
        return cls(**d)
