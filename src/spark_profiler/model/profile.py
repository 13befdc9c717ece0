# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The typed, frozen, versioned :class:`Profile`: the only hand-off between computing and presenting.

Everything here is plain Python. Values are JSON-native (``None``, ``bool``, ``int``,
``float``, ``str``) so a profile round-trips losslessly; the ``fmt`` hint of a
:class:`Statistic` says how to read a value (``"decimal"`` is an exact decimal held
in a string, ``"datetime"``/``"date"``/``"time"`` are ISO-8601 strings, ``"seconds"`` a duration).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import decimal
import math
import os
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Dict, Iterator, Mapping, Optional, Tuple, Type, TypeVar, Union

__all__ = [
    "FORMAT_MARKER",
    "SCHEMA_VERSION",
    "Accuracy",
    "ColumnProfile",
    "Correlations",
    "ExecutionInfo",
    "FrequentValues",
    "Histogram",
    "MetricFailure",
    "PassInfo",
    "Profile",
    "Quantiles",
    "SamplingInfo",
    "Scalar",
    "SchemaField",
    "Statistic",
    "TableProfile",
]

#: Marker written into every serialized profile so readers can recognise the file.
FORMAT_MARKER = "spark-profiler/profile"
#: ``major.minor``: a reader refuses a newer major; minor bumps only add optional fields.
SCHEMA_VERSION = "1.1"

Scalar = Union[None, bool, int, float, str]


_T = TypeVar("_T")


def _nan_safe_eq(cls: Type[_T]) -> Type[_T]:
    """Compare a frozen dataclass as the tuple of its fields.

    Tuples compare their items by identity before ``==``, so a NaN statistic read back
    from a file (always the ``math.nan`` object) equals itself, as it did for every
    dataclass before Python 3.13; 3.13's field-by-field ``__eq__`` made any profile
    holding a NaN unequal to its own round trip.
    """
    names = tuple(f.name for f in dataclasses.fields(cls) if f.compare)  # type: ignore[arg-type]

    def fields_equal(self: Any, other: object) -> Any:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    eq: Callable[[Any, object], Any] = fields_equal
    cls.__eq__ = eq  # type: ignore[method-assign]
    return cls


def _parse_time(text: str) -> _dt.time:
    # Spark writes a time with 0 to 6 fraction digits ("12:30:00.25"), which
    # time.fromisoformat reads only from Python 3.11.
    whole, _, frac = text.partition(".")
    t = _dt.time.fromisoformat(whole)
    return t.replace(microsecond=int(frac.ljust(6, "0"))) if frac else t


class Accuracy(str, Enum):
    """How a figure was obtained."""

    EXACT = "exact"
    APPROXIMATE = "approximate"
    SAMPLED = "sampled"


@_nan_safe_eq
@dataclass(frozen=True)
class Statistic:
    """One named figure with its provenance.

    ``relative_error`` is set for approximate figures (for distinct counts it is the
    relative standard deviation of the estimator; for quantiles the rank error).
    ``ci_low``/``ci_high`` bound a sampled or approximate figure at ``ci_level``.

    Example:
        >>> s = Statistic("mean", "Mean", 2.5, Accuracy.EXACT, fmt="number")
        >>> s.value
        2.5
    """

    key: str
    label: str
    value: Scalar
    accuracy: Accuracy = Accuracy.EXACT
    fmt: str = "number"
    relative_error: Optional[float] = None
    ci_low: Optional[float] = None
    ci_high: Optional[float] = None
    ci_level: Optional[float] = None
    note: Optional[str] = None

    def as_python(self) -> Any:
        """Return the value as a rich Python object (``Decimal``, ``datetime``, ``date``, ``time``)."""
        v = self.value
        if v is None or not isinstance(v, str):
            return v
        if self.fmt == "decimal":
            return decimal.Decimal(v)
        if self.fmt == "date":
            return _dt.date.fromisoformat(v)
        if self.fmt == "datetime":
            return _dt.datetime.fromisoformat(v)
        if self.fmt == "time":
            return _parse_time(v)
        return v


@_nan_safe_eq
@dataclass(frozen=True)
class MetricFailure:
    """A statistic that could not be computed; the profile still renders."""

    key: str
    column: Optional[str]
    error_type: str
    message: str


@_nan_safe_eq
@dataclass(frozen=True)
class Quantiles:
    """Approximate quantiles: ``values[i]`` is the quantile at ``probabilities[i]``."""

    probabilities: Tuple[float, ...]
    values: Tuple[Scalar, ...]
    accuracy: Accuracy = Accuracy.APPROXIMATE
    relative_error: Optional[float] = None
    fmt: str = "number"

    def as_dict(self) -> Dict[float, Scalar]:
        """Map each probability to its value."""
        return dict(zip(self.probabilities, self.values))


@_nan_safe_eq
@dataclass(frozen=True)
class Histogram:
    """Equal-width histogram: ``len(edges) == len(counts) + 1``; the last bin is closed.

    For temporal columns ``edges`` are seconds since the Unix epoch (UTC instants for
    timestamps, midnight UTC for dates) and ``fmt`` is ``"datetime"`` or ``"date"``; for a
    time of day they are seconds since midnight and ``fmt`` is ``"time"``.
    In a sampled profile (``accuracy`` sampled) the counts are the sample's counts
    divided by the sampled fraction: estimates for the whole input.
    """

    edges: Tuple[float, ...]
    counts: Tuple[int, ...]
    accuracy: Accuracy = Accuracy.EXACT
    fmt: str = "number"


@_nan_safe_eq
@dataclass(frozen=True)
class FrequentValues:
    """The most frequent non-null values with their counts, most frequent first.

    When ``computed`` is false, ``reason`` says why (for example the column's
    cardinality was above the configured threshold). In a sampled profile (``accuracy``
    sampled) the counts are the sample's counts divided by the sampled fraction.
    ``truncated`` holds the positions in ``items`` of values longer than the configured
    ``max_value_length``: they show only their first that many characters, and their
    counts are those of the whole values.
    """

    items: Tuple[Tuple[Scalar, int], ...] = ()
    accuracy: Accuracy = Accuracy.EXACT
    computed: bool = True
    reason: Optional[str] = None
    fmt: str = "text"
    truncated: Tuple[int, ...] = ()


@_nan_safe_eq
@dataclass(frozen=True)
class SchemaField:
    """One field of the input schema (top level; nested fields appear as columns)."""

    name: str
    spark_type: str
    nullable: bool


@_nan_safe_eq
@dataclass(frozen=True)
class ColumnProfile:
    """Everything known about one column.

    Struct fields appear as their own columns named ``parent.child``; ``path`` holds the
    unambiguous field names from the top level down.
    """

    name: str
    path: Tuple[str, ...]
    spark_type: str
    kind: str
    nullable: bool
    stats: Tuple[Statistic, ...] = ()
    quantiles: Optional[Quantiles] = None
    histogram: Optional[Histogram] = None
    frequent: Optional[FrequentValues] = None
    failures: Tuple[MetricFailure, ...] = ()

    def stat(self, key: str) -> Optional[Statistic]:
        """Return the statistic with ``key``, or ``None`` when it was not computed."""
        for s in self.stats:
            if s.key == key:
                return s
        return None

    def __getitem__(self, key: str) -> Scalar:
        """Return the value of statistic ``key``; raise ``KeyError`` when absent."""
        s = self.stat(key)
        if s is None:
            raise KeyError(f"column {self.name!r} has no statistic {key!r}")
        return s.value

    def get(self, key: str, default: Scalar = None) -> Scalar:
        """Return the value of statistic ``key``, or ``default``."""
        s = self.stat(key)
        return default if s is None else s.value


@_nan_safe_eq
@dataclass(frozen=True)
class TableProfile:
    """Table-level figures (row count, missing cells, duplicates) and the schema."""

    stats: Tuple[Statistic, ...]
    schema: Tuple[SchemaField, ...]

    def stat(self, key: str) -> Optional[Statistic]:
        """Return the statistic with ``key``, or ``None``."""
        for s in self.stats:
            if s.key == key:
                return s
        return None

    def __getitem__(self, key: str) -> Scalar:
        """Return the value of statistic ``key``; raise ``KeyError`` when absent."""
        s = self.stat(key)
        if s is None:
            raise KeyError(f"table has no statistic {key!r}")
        return s.value

    def get(self, key: str, default: Scalar = None) -> Scalar:
        """Return the value of statistic ``key``, or ``default``."""
        s = self.stat(key)
        return default if s is None else s.value


@_nan_safe_eq
@dataclass(frozen=True)
class Correlations:
    """Pearson correlation matrix between numeric columns (``None`` where undefined)."""

    columns: Tuple[str, ...]
    matrix: Tuple[Tuple[Optional[float], ...], ...]
    method: str = "pearson"
    accuracy: Accuracy = Accuracy.EXACT

    def get(self, a: str, b: str) -> Optional[float]:
        """Return the correlation between columns ``a`` and ``b``."""
        i, j = self.columns.index(a), self.columns.index(b)
        return self.matrix[i][j]


@_nan_safe_eq
@dataclass(frozen=True)
class PassInfo:
    """One Spark action run by the engine."""

    name: str
    seconds: float
    columns: int
    chunk: int = 0


@_nan_safe_eq
@dataclass(frozen=True)
class SamplingInfo:
    """How the input was sampled (absent when the profile is exact)."""

    method: str
    fraction: float
    seed: int
    target_rows: Optional[int] = None
    population_rows: Optional[int] = None
    confidence_level: float = 0.95


@_nan_safe_eq
@dataclass(frozen=True)
class ExecutionInfo:
    """How the profile was computed."""

    spark_version: str
    spark_mode: str
    session_time_zone: str
    actions: int
    seconds: float
    passes: Tuple[PassInfo, ...] = ()
    chunks: int = 1
    sampling: Optional[SamplingInfo] = None
    approximations: Tuple[str, ...] = ()
    implementations: Tuple[Tuple[str, str], ...] = ()


@_nan_safe_eq
@dataclass(frozen=True)
class Profile:
    """A typed, frozen, versioned data profile.

    Example:
        >>> import spark_profiler  # doctest: +SKIP
        >>> p = spark_profiler.profile(df)  # doctest: +SKIP
        >>> p.table["row_count"], p["price"]["mean"]  # doctest: +SKIP
    """

    table: TableProfile
    columns: Tuple[ColumnProfile, ...]
    execution: ExecutionInfo
    config: Mapping[str, Any] = field(default_factory=dict)
    correlations: Optional[Correlations] = None
    failures: Tuple[MetricFailure, ...] = ()
    library_version: str = ""
    created_at: str = ""
    format: str = FORMAT_MARKER
    schema_version: str = SCHEMA_VERSION

    def column(self, name: str) -> ColumnProfile:
        """Return the profile of column ``name`` (``parent.child`` for struct fields)."""
        for c in self.columns:
            if c.name == name:
                return c
        known = ", ".join(c.name for c in self.columns[:20])
        raise KeyError(f"no column {name!r} in this profile; columns: {known}")

    def __getitem__(self, name: str) -> ColumnProfile:
        """Return the profile of column ``name``."""
        return self.column(name)

    def __iter__(self) -> Iterator[ColumnProfile]:
        """Iterate over column profiles in schema order."""
        return iter(self.columns)

    def __len__(self) -> int:
        """Return the number of profiled columns."""
        return len(self.columns)

    # -- files and reports (thin wrappers; imported lazily to keep the model import-light)

    def to_json(self, *, indent: Optional[int] = 2) -> str:
        """Serialize to JSON text; NaN and infinities become ``{"$float": "NaN"}`` markers."""
        from .serde import to_json

        return to_json(self, indent=indent)

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> Profile:
        """Parse a profile from :meth:`to_json` text.

        Raises:
            ProfileFormatError: not a profile, or written by an incompatible schema version.
        """
        from .serde import from_json

        return from_json(text)

    def save(self, path: Union[str, os.PathLike[str]]) -> None:
        """Write the profile as JSON to ``path`` atomically."""
        from .serde import save

        save(self, path)

    @classmethod
    def load(cls, path: Union[str, os.PathLike[str]]) -> Profile:
        """Read a profile saved with :meth:`save`."""
        from .serde import load

        return load(path)

    def alerts(self, config: Optional[Any] = None) -> Tuple[Any, ...]:
        """Return the data-quality alerts (:class:`spark_profiler.alerts.Alert`) of this profile."""
        from ..alerts import compute_alerts

        return compute_alerts(self, config)

    def to_html(self, path: Optional[Union[str, os.PathLike[str]]] = None, **options: Any) -> str:
        """Render the self-contained HTML report; also write it to ``path`` when given."""
        return self._render("html", path, options)

    def to_markdown(self, path: Optional[Union[str, os.PathLike[str]]] = None, **options: Any) -> str:
        """Render the GitHub-flavoured Markdown report; also write it to ``path`` when given."""
        return self._render("markdown", path, options)

    def to_text(self, path: Optional[Union[str, os.PathLike[str]]] = None, **options: Any) -> str:
        """Render the plain-text summary; also write it to ``path`` when given."""
        return self._render("text", path, options)

    def to_pandas(self) -> Any:
        """Return a ``pandas.DataFrame`` with one row per column (needs the ``pandas`` extra)."""
        from ..report.pandas import render_pandas

        return render_pandas(self)

    def _repr_html_(self) -> str:
        """Rich display in Jupyter and Databricks ``displayHTML``."""
        from ..report.html import repr_html

        return repr_html(self)

    def _render(self, fmt: str, path: Optional[Union[str, os.PathLike[str]]], options: Dict[str, Any]) -> str:
        from ..report import html, markdown, text
        from .serde import atomic_write_text

        if fmt == "html":
            out = html.render_html(self, **options)
        elif fmt == "markdown":
            out = markdown.render_markdown(self, **options)
        else:
            out = text.render_text(self, **options)
        if path is not None:
            atomic_write_text(path, out)
        return out


def is_finite_number(v: object) -> bool:
    """Return True for an int or a finite float (bools excluded)."""
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    return isinstance(v, float) and math.isfinite(v)
