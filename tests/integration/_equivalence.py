# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Shared data and checks of the integration suite.

``generated_frame`` builds the same rows on any Spark deployment from ``spark.range``
and SQL expressions only, so nothing Python runs on executors (a cluster's executors need
no Python for it). ``assert_same_statistics`` compares two profiles figure by figure,
ignoring only how they were executed.
"""

from __future__ import annotations

import math
from typing import Any, Dict, List, Optional, Sequence, Tuple

from spark_profiler.model import Accuracy, Profile

#: Columns of :func:`generated_frame` and the SQL that makes each one from ``id``.
#: Only expressions that exist in Spark 3.0 are used, so every Spark version can run it.
GENERATED_COLUMNS: Tuple[Tuple[str, str], ...] = (
    ("id", "id"),
    ("small_int", "CAST(id % 97 AS INT)"),
    ("amount", "CASE WHEN id % 11 = 0 THEN NULL ELSE id * 0.25 - 1000.0 END"),
    ("ratio", "CASE WHEN id % 101 = 0 THEN CAST('NaN' AS DOUBLE) ELSE (id % 1000) / 7.0 END"),
    ("price", "CAST((id % 5000) / 3.0 AS DECIMAL(12, 3))"),
    ("category", "CONCAT('cat-', CAST(id % 23 AS STRING))"),
    (
        "note",
        "CASE WHEN id % 13 = 0 THEN '' WHEN id % 17 = 0 THEN NULL ELSE CONCAT(' v', CAST(id % 300 AS STRING)) END",
    ),
    ("flag", "CASE WHEN id % 19 = 0 THEN NULL ELSE id % 3 = 0 END"),
    ("day", "DATE_ADD(DATE '2020-01-01', CAST(id % 400 AS INT))"),
    ("ts", "CAST(1600000000 + id * 37 AS TIMESTAMP)"),
    # One map built in two entry orders: every deployment must read them as one value.
    (
        "tags",
        (
            "CASE WHEN id % 29 = 0 THEN NULL"
            " WHEN id % 2 = 0 THEN map('a', CAST(id % 5 AS INT), 'b', CAST(id % 3 AS INT))"
            " ELSE map('b', CAST(id % 3 AS INT), 'a', CAST(id % 5 AS INT)) END"
        ),
    ),
)


def generated_frame(spark: Any, rows: int, partitions: int = 4) -> Any:
    """A deterministic mixed-type DataFrame of ``rows`` rows in ``partitions`` partitions."""
    base = spark.range(0, rows, 1, partitions)
    return base.selectExpr(*[f"{expr} AS `{name}`" for name, expr in GENERATED_COLUMNS])


def _close(a: Any, b: Any, rel: float = 1e-9, abs_tol: float = 1e-9) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        fa, fb = float(a), float(b)
        if math.isnan(fa) or math.isnan(fb):
            return math.isnan(fa) and math.isnan(fb)
        return math.isclose(fa, fb, rel_tol=rel, abs_tol=abs_tol)
    return bool(a == b)


def _same_frequent(a: Any, b: Any) -> bool:
    """Frequent values agree: same counts, values equal (NaN equals NaN), same metadata.

    Plain ``==`` on the dataclasses is not enough: ``(nan, 3) == (nan, 3)`` is false for two
    different NaN objects, and each deployment builds its own.
    """
    if a is None or b is None:
        return a is b
    if len(a.items) != len(b.items):
        return False
    for (va, na), (vb, nb) in zip(a.items, b.items):
        if na != nb or not _close(va, vb):
            return False
    return bool(
        (a.accuracy, a.computed, a.reason, a.fmt, a.truncated) == (b.accuracy, b.computed, b.reason, b.fmt, b.truncated)
    )


def _stat_map(stats: Any) -> Dict[str, Any]:
    return {s.key: s for s in stats}


def statistic_differences(a: Profile, b: Profile, columns: Optional[Sequence[str]] = None) -> List[str]:
    """Every difference between two profiles' figures; empty when they agree.

    With ``columns``, only those columns are compared (nothing table-wide).

    Floating-point sums may be added up in another order on another deployment, so
    floats compare with a relative tolerance of 1e-9; approximate quantiles may differ
    within their stated rank error. Everything else (counts, distinct estimates,
    frequent values, histogram counts, schema) must be identical. Execution details
    (timings, Spark mode) are not compared.
    """
    diffs: List[str] = []

    rows = a.table["row_count"]

    def cmp_stats(where: str, sa: Any, sb: Any, span: Optional[float] = None) -> None:
        ma, mb = _stat_map(sa), _stat_map(sb)
        if set(ma) != set(mb):
            diffs.append(
                f"{where}: statistic keys differ: only left {sorted(set(ma) - set(mb))}, only right {sorted(set(mb) - set(ma))}"
            )
        for key in sorted(set(ma) & set(mb)):
            x, y = ma[key], mb[key]
            if _within_sketch_error(x, y, span, rows):
                pass
            elif not _close(x.value, y.value):
                diffs.append(f"{where}[{key}]: {x.value!r} != {y.value!r}")
            if x.accuracy != y.accuracy:
                diffs.append(f"{where}[{key}] accuracy: {x.accuracy} != {y.accuracy}")

    whole = columns is None
    wanted = set(columns or ())
    if not whole:
        present = {c.name for c in a.columns} & {c.name for c in b.columns}
        diffs.extend(f"column {n!r} missing on one side" for n in sorted(wanted - present))
    else:
        cmp_stats("table", a.table.stats, b.table.stats)
        if a.table.schema != b.table.schema:
            diffs.append(f"schema: {a.table.schema!r} != {b.table.schema!r}")
        names_a = [c.name for c in a.columns]
        names_b = [c.name for c in b.columns]
        if names_a != names_b:
            diffs.append(f"columns: {names_a} != {names_b}")
    cols_b = {c.name: c for c in b.columns}
    for ca in a.columns:
        if not whole and ca.name not in wanted:
            continue
        cb = cols_b.get(ca.name)
        if cb is None:
            continue
        where = f"column {ca.name!r}"
        diffs.extend(
            f"{where}.{attr}: {getattr(ca, attr)!r} != {getattr(cb, attr)!r}"
            for attr in ("spark_type", "kind", "nullable")
            if getattr(ca, attr) != getattr(cb, attr)
        )
        cmp_stats(where, ca.stats, cb.stats, _numeric_range(ca))
        diffs.extend(_quantile_diffs(where, ca, cb))
        if (ca.histogram is None) != (cb.histogram is None):
            diffs.append(f"{where}.histogram present on one side only")
        elif ca.histogram is not None and cb.histogram is not None:
            if ca.histogram.counts != cb.histogram.counts:
                diffs.append(f"{where}.histogram counts: {ca.histogram.counts} != {cb.histogram.counts}")
            if not all(_close(x, y) for x, y in zip(ca.histogram.edges, cb.histogram.edges)):
                diffs.append(f"{where}.histogram edges: {ca.histogram.edges} != {cb.histogram.edges}")
        if not _same_frequent(ca.frequent, cb.frequent):
            diffs.append(f"{where}.frequent: {ca.frequent!r} != {cb.frequent!r}")
        fa = sorted((f.key, f.error_type) for f in ca.failures)
        fb = sorted((f.key, f.error_type) for f in cb.failures)
        if fa != fb:
            diffs.append(f"{where}.failures: {fa} != {fb}")
    if not whole:
        return diffs
    if (a.correlations is None) != (b.correlations is None):
        diffs.append("correlations present on one side only")
    elif a.correlations is not None and b.correlations is not None:
        if a.correlations.columns != b.correlations.columns:
            diffs.append(f"correlation columns: {a.correlations.columns} != {b.correlations.columns}")
        for ra, rb in zip(a.correlations.matrix, b.correlations.matrix):
            if not all(_close(x, y, rel=1e-6, abs_tol=1e-9) for x, y in zip(ra, rb)):
                diffs.append(f"correlations: {ra} != {rb}")
    fa = sorted((f.key, f.column or "", f.error_type) for f in a.failures)
    fb = sorted((f.key, f.column or "", f.error_type) for f in b.failures)
    if fa != fb:
        diffs.append(f"failures: {fa} != {fb}")
    return diffs


def _within_sketch_error(x: Any, y: Any, span: Optional[float], rows: Any) -> bool:
    """Two figures derived from approximate quantiles agree within what the sketch allows.

    ``percentile_approx`` merges per-partition sketches, so another partition layout may
    give another answer; a KLL sketch (Spark 4.1+) compacts at random, so another run may.
    Each quantile is within ``relative_error`` (in rank) of the truth, so a difference of
    two quantiles (the IQR) may move by 2 errors per run, and two runs by 4; a count
    against fences built from quantiles may move by as many rows.
    """
    r = x.relative_error
    if x.accuracy is not Accuracy.APPROXIMATE or not r or x.accuracy != y.accuracy:
        return False
    if not isinstance(x.value, (int, float)) or not isinstance(y.value, (int, float)):
        return False
    scale = float(rows) if x.fmt == "count" else span
    if scale is None:
        return False
    return abs(float(x.value) - float(y.value)) <= 4 * r * scale + 1e-9


def _numeric_range(col: Any) -> Optional[float]:
    lo, hi = col.get("min"), col.get("max")
    try:
        return float(hi) - float(lo)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _quantile_diffs(where: str, ca: Any, cb: Any) -> List[str]:
    qa, qb = ca.quantiles, cb.quantiles
    if qa is None and qb is None:
        return []
    if qa is None or qb is None:
        return [f"{where}.quantiles present on one side only"]
    if qa.probabilities != qb.probabilities:
        return [f"{where}.quantiles probabilities: {qa.probabilities} != {qb.probabilities}"]
    span = _numeric_range(ca)
    # Two answers that are each within the rank error of the truth are within twice of each other.
    slack = 2 * (qa.relative_error or 0.0) * (span or 0.0) + 1e-9
    out = []
    for p, x, y in zip(qa.probabilities, qa.values, qb.values):
        if x == y:
            continue
        try:
            if abs(float(x) - float(y)) <= slack:  # type: ignore[arg-type]
                continue
        except (TypeError, ValueError):
            pass
        out.append(f"{where}.quantile p{p}: {x!r} != {y!r} (allowed difference {slack:g})")
    return out


def assert_same_statistics(a: Profile, b: Profile, context: str = "", columns: Optional[Sequence[str]] = None) -> None:
    """Fail with a readable list of differences when two profiles disagree.

    With ``columns``, only those columns are compared.
    """
    diffs = statistic_differences(a, b, columns)
    if diffs:
        shown = "\n  ".join(diffs[:40])
        more = f"\n  ... and {len(diffs) - 40} more" if len(diffs) > 40 else ""
        raise AssertionError(f"profiles differ{(' (' + context + ')') if context else ''}:\n  {shown}{more}")
