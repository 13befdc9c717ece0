# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Compare two profiles: schema changes, statistic deltas and distribution drift.

Pure Python: it reads two :class:`~spark_profiler.model.profile.Profile` objects,
for example yesterday's saved profile and today's.

Drift is the Population Stability Index (PSI) between the two distributions::

    PSI = sum_i(b_i - a_i) * ln(b_i / a_i)

over the shares ``a_i`` and ``b_i`` of each bucket. Buckets are the histogram bins
when both histograms have the same edges, otherwise the frequent values (plus one
"other values" bucket) when both profiles computed them. Empty buckets get a share
of 1e-4 so the logarithm stays finite. The usual reading is: below 0.1 no drift,
0.1 to 0.25 moderate drift, above 0.25 major drift.

>>> from spark_profiler.compare import compare  # doctest: +SKIP
>>> diff = compare(Profile.load("monday.json"), Profile.load("tuesday.json"))  # doctest: +SKIP
>>> print(diff.to_text())  # doctest: +SKIP
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .model.profile import ColumnProfile, FrequentValues, Histogram, Profile, Scalar, Statistic

__all__ = [
    "DRIFT_MAJOR",
    "DRIFT_MODERATE",
    "ColumnComparison",
    "ColumnDrift",
    "ProfileComparison",
    "SchemaChange",
    "StatDelta",
    "compare",
    "psi",
]

#: PSI from which drift is called moderate, and major.
DRIFT_MODERATE = 0.1
DRIFT_MAJOR = 0.25
_EPSILON = 1e-4


@dataclass(frozen=True)
class SchemaChange:
    """A column added, removed, or whose type changed."""

    column: str
    change: str  # "added", "removed" or "type_changed"
    before: Optional[str] = None
    after: Optional[str] = None


@dataclass(frozen=True)
class StatDelta:
    """A statistic whose value differs between the two profiles."""

    key: str
    label: str
    before: Scalar
    after: Scalar
    delta: Optional[float] = None
    relative: Optional[float] = None


@dataclass(frozen=True)
class ColumnDrift:
    """How much a column's distribution moved."""

    method: str  # "psi-histogram" or "psi-frequent"
    score: float
    level: str  # "none", "moderate" or "major"


@dataclass(frozen=True)
class ColumnComparison:
    """Differences of one column present in both profiles."""

    name: str
    deltas: Tuple[StatDelta, ...]
    drift: Optional[ColumnDrift]


@dataclass(frozen=True)
class ProfileComparison:
    """The result of :func:`compare`."""

    schema_changes: Tuple[SchemaChange, ...]
    table_deltas: Tuple[StatDelta, ...]
    columns: Tuple[ColumnComparison, ...]

    def drifted(self, level: str = "moderate") -> Tuple[str, ...]:
        """Names of columns whose drift is at least ``level`` (``moderate`` or ``major``)."""
        wanted = ("moderate", "major") if level == "moderate" else ("major",)
        return tuple(c.name for c in self.columns if c.drift is not None and c.drift.level in wanted)

    @property
    def has_changes(self) -> bool:
        """True when the schema changed or any column drifted at least moderately."""
        return bool(self.schema_changes) or bool(self.drifted())

    def to_dict(self) -> Dict[str, Any]:
        """A JSON-ready dict (non-finite floats are left to the caller's encoder)."""

        def delta(d: StatDelta) -> Dict[str, Any]:
            return {
                "key": d.key,
                "label": d.label,
                "before": d.before,
                "after": d.after,
                "delta": d.delta,
                "relative": d.relative,
            }

        return {
            "schema_changes": [
                {"column": s.column, "change": s.change, "before": s.before, "after": s.after}
                for s in self.schema_changes
            ],
            "table": [delta(d) for d in self.table_deltas],
            "columns": [
                {
                    "name": c.name,
                    "deltas": [delta(d) for d in c.deltas],
                    "drift": None
                    if c.drift is None
                    else {"method": c.drift.method, "score": c.drift.score, "level": c.drift.level},
                }
                for c in self.columns
            ],
        }

    def to_text(self) -> str:
        """A short human-readable summary."""
        lines: List[str] = []
        if self.schema_changes:
            lines.append("Schema changes:")
            for s in self.schema_changes:
                if s.change == "type_changed":
                    lines.append(f"  ~ {s.column}: {s.before} -> {s.after}")
                else:
                    sign = "+" if s.change == "added" else "-"
                    lines.append(f"  {sign} {s.column} ({s.after if s.change == 'added' else s.before})")
        else:
            lines.append("Schema: unchanged")
        lines.extend(f"Table {d.label}: {d.before} -> {d.after}{_rel(d)}" for d in self.table_deltas)
        drifted = [(c.name, c.drift) for c in self.columns if c.drift is not None and c.drift.level != "none"]
        if drifted:
            lines.append("Drift (PSI):")
            lines.extend(
                f"  {name}: {d.score:.3f} ({d.level})" for name, d in sorted(drifted, key=lambda nd: -nd[1].score)
            )
        else:
            lines.append("Drift: none detected")
        return "\n".join(lines) + "\n"


def _rel(d: StatDelta) -> str:
    return f" ({d.relative * 100:+.1f}%)" if d.relative is not None else ""


def _number(v: Scalar) -> Optional[float]:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v)


def _same(a: Scalar, b: Scalar) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def _deltas(a: Sequence[Statistic], b: Sequence[Statistic]) -> Tuple[StatDelta, ...]:
    after = {s.key: s for s in b}
    out: List[StatDelta] = []
    for s in a:
        t = after.get(s.key)
        if t is None or _same(s.value, t.value):
            continue
        x, y = _number(s.value), _number(t.value)
        delta = rel = None
        if x is not None and y is not None and math.isfinite(x) and math.isfinite(y):
            delta = y - x
            rel = delta / abs(x) if x != 0 else None
        out.append(StatDelta(s.key, s.label, s.value, t.value, delta, rel))
    return tuple(out)


def psi(before: Sequence[float], after: Sequence[float]) -> float:
    """Population Stability Index between two bucket count vectors of equal length."""
    if len(before) != len(after):
        raise ValueError("psi needs two distributions over the same buckets")
    ta, tb = float(sum(before)), float(sum(after))
    if ta <= 0 or tb <= 0:
        return 0.0
    total = 0.0
    for x, y in zip(before, after):
        pa = max(x / ta, _EPSILON)
        pb = max(y / tb, _EPSILON)
        total += (pb - pa) * math.log(pb / pa)
    return total


def _level(score: float) -> str:
    if score >= DRIFT_MAJOR:
        return "major"
    if score >= DRIFT_MODERATE:
        return "moderate"
    return "none"


def _same_edges(a: Histogram, b: Histogram) -> bool:
    if len(a.edges) != len(b.edges):
        return False
    scale = max((abs(e) for e in a.edges if math.isfinite(e)), default=1.0) or 1.0
    return all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12 * scale) for x, y in zip(a.edges, b.edges))


def _frequent_buckets(
    fa: FrequentValues, fb: FrequentValues, na: Optional[float], nb: Optional[float]
) -> Optional[Tuple[List[float], List[float]]]:
    if not (fa.computed and fb.computed and fa.items and fb.items):
        return None
    ca: Dict[Any, float] = {_key(v): float(c) for v, c in fa.items}
    cb: Dict[Any, float] = {_key(v): float(c) for v, c in fb.items}
    keys = list(dict.fromkeys([*ca, *cb]))
    va = [ca.get(k, 0.0) for k in keys]
    vb = [cb.get(k, 0.0) for k in keys]
    # The values outside the top-k lists form one more bucket, when the totals are known.
    if na is not None and nb is not None:
        va.append(max(na - sum(ca.values()), 0.0))
        vb.append(max(nb - sum(cb.values()), 0.0))
    return va, vb


def _key(v: Scalar) -> Any:
    # NaN != NaN: give it a stable key so it lands in one bucket on both sides.
    if isinstance(v, float) and math.isnan(v):
        return ("nan",)
    return (type(v).__name__, v)


def _drift(a: ColumnProfile, b: ColumnProfile) -> Optional[ColumnDrift]:
    if a.histogram is not None and b.histogram is not None and _same_edges(a.histogram, b.histogram):
        score = psi(a.histogram.counts, b.histogram.counts)
        return ColumnDrift("psi-histogram", score, _level(score))
    if a.frequent is not None and b.frequent is not None:
        buckets = _frequent_buckets(a.frequent, b.frequent, _number(a.get("count")), _number(b.get("count")))
        if buckets is not None:
            score = psi(*buckets)
            return ColumnDrift("psi-frequent", score, _level(score))
    return None


def compare(a: Profile, b: Profile) -> ProfileComparison:
    """Compare profile ``a`` (before) with profile ``b`` (after)."""
    before = {c.name: c for c in a.columns}
    after = {c.name: c for c in b.columns}
    changes: List[SchemaChange] = []
    for name, c in before.items():
        if name not in after:
            changes.append(SchemaChange(name, "removed", before=c.spark_type))
        elif after[name].spark_type != c.spark_type:
            changes.append(SchemaChange(name, "type_changed", before=c.spark_type, after=after[name].spark_type))
    changes.extend(SchemaChange(name, "added", after=c.spark_type) for name, c in after.items() if name not in before)
    columns = tuple(
        ColumnComparison(name, _deltas(c.stats, after[name].stats), _drift(c, after[name]))
        for name, c in before.items()
        if name in after
    )
    return ProfileComparison(tuple(changes), _deltas(a.table.stats, b.table.stats), columns)
