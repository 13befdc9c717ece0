# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Independent reference computations (plain Python, ``fractions``, ``numpy``) for the oracle tests.

Nothing here imports spark_profiler's metric code: each expectation is derived from the
raw Python values that went into the DataFrame and from the documented semantics:

* NaN is not null; it is excluded from every statistic but ``nan_count`` and counts as
  one distinct value; ``-0.0`` equals ``0.0``.
* ±inf take part in min/max/mean/sum; when present, variance and higher moments are NaN.
* std/variance use ddof=1; skewness/kurtosis are pandas' bias-corrected G1/G2.
* Histograms are equal-width over finite values: ``floor((x - lo) / width)`` clipped to
  ``[0, bins - 1]`` with ``width = (hi - lo) / bins`` evaluated in double precision.
* Quantiles come from a KLL sketch (Spark 4.1+) or ``percentile_approx``: the returned
  value's rank must lie within ``n / accuracy`` (+1 for the discrete definition of rank)
  of ``p * n``.
"""

from __future__ import annotations

import decimal
import math
import re
from collections import Counter
from fractions import Fraction
from typing import Any, Dict, Hashable, List, Optional, Sequence, Tuple

from spark_profiler.metrics.patterns import PATTERNS
from spark_profiler.model import Accuracy, ColumnProfile

WS = " \t\n\x0b\x0c\r"

#: Relative tolerance of double-precision sums whose order differs between Spark
#: (partition by partition) and Python; the inputs here have at most a few hundred values.
SUM_RTOL = 1e-12


def is_nan(v: Any) -> bool:
    return isinstance(v, float) and math.isnan(v)


def norm_key(v: Any) -> Hashable:
    """A grouping key: NaN is one value and -0.0 is 0.0 (Spark's grouping semantics)."""
    if isinstance(v, float):
        if math.isnan(v):
            return "NaN"
        if v == 0.0:
            return 0.0
    if isinstance(v, decimal.Decimal):
        return v.normalize() if v != 0 else decimal.Decimal(0)
    return v


def close(got: Optional[float], want: Optional[float], *, rel: float = 1e-9, abs_: float = 0.0) -> bool:
    if want is None or got is None:
        return got is want
    if math.isnan(want):
        return math.isnan(got)
    if math.isinf(want):
        return got == want
    return abs(got - want) <= max(rel * abs(want), abs_)


# -- counts --------------------------------------------------------------------------------


def check_counts(c: ColumnProfile, values: Sequence[Any], *, exact_distinct: bool = True) -> None:
    rows = len(values)
    present = [v for v in values if v is not None]
    assert c["count"] == len(present), c.name
    assert c["null_count"] == rows - len(present), c.name
    assert c["null_fraction"] == ((rows - len(present)) / rows if rows else 0.0), c.name
    distinct = len({norm_key(v) for v in present})
    d = c.stat("distinct_count")
    assert d is not None
    if exact_distinct or d.accuracy is Accuracy.EXACT:
        assert d.value == distinct, (c.name, d.value, distinct)
    else:
        check_within_ci(d.value, d.ci_low, d.ci_high, distinct, c.name)
    if present:
        assert c["unique_fraction"] == min(1.0, d.value / len(present))  # type: ignore[operator]
        assert c["is_constant"] == (distinct == 1)


def check_within_ci(value: Any, low: Optional[float], high: Optional[float], truth: float, what: str) -> None:
    assert low is not None, what
    assert high is not None, what
    assert low <= value <= high, (what, low, value, high)
    assert low <= truth <= high, (what, "truth outside interval", low, truth, high)


# -- numbers -------------------------------------------------------------------------------


def _float(f: Fraction) -> float:
    """The double nearest to ``f``, with inf beyond the double range (as double arithmetic gives)."""
    try:
        return float(f)
    except OverflowError:
        return math.inf if f > 0 else -math.inf


def _sqrt(f: Fraction) -> float:
    """The square root of a non-negative fraction, without over- or underflowing on the way."""
    if f == 0:
        return 0.0
    half = (f.numerator.bit_length() - f.denominator.bit_length()) // 2
    return math.ldexp(math.sqrt(float(f / Fraction(4) ** half)), half)


def exact_moments(xs: Sequence[Any]) -> Dict[str, Optional[float]]:
    """Sample variance, std, G1, G2 in rational arithmetic; None where undefined."""
    fs = [Fraction(x) for x in xs]
    n = len(fs)
    out: Dict[str, Optional[float]] = {"variance": None, "std": None, "skewness": None, "kurtosis": None}
    if n < 2:
        return out
    mean = sum(fs) / n
    m2 = sum((f - mean) ** 2 for f in fs)
    m3 = sum((f - mean) ** 3 for f in fs)
    m4 = sum((f - mean) ** 4 for f in fs)
    out["variance"] = _float(m2 / (n - 1))
    out["std"] = _sqrt(m2 / (n - 1))
    # Only scale-free ratios are rounded to double: m3 / m2**1.5 itself under- or
    # overflows for data of magnitude 1e-300 or 1e300.
    if n >= 3:
        if m2 == 0:
            out["skewness"] = 0.0
        else:
            g1 = (1 if m3 >= 0 else -1) * math.sqrt(float(m3 * m3 / (m2 * m2 * m2))) * math.sqrt(n)
            out["skewness"] = g1 * math.sqrt(n * (n - 1)) / (n - 2)
    if n >= 4:
        if m2 == 0:
            out["kurtosis"] = 0.0
        else:
            g2 = float(n * m4 / (m2 * m2)) - 3.0
            out["kurtosis"] = ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3))
    return out


def as_number(v: Any) -> Any:
    """A profile value of a numeric column as a comparable number (decimals are text)."""
    if isinstance(v, str):
        return decimal.Decimal(v)
    return v


def check_numeric(c: ColumnProfile, values: Sequence[Any], *, fractional: bool, quantile_accuracy: int = 1000) -> None:
    present = [v for v in values if v is not None]
    valid = [v for v in present if not is_nan(v)]
    finite = [v for v in valid if not (isinstance(v, float) and math.isinf(v))]
    has_inf = len(finite) != len(valid)

    assert as_number(c.get("min")) == (min(valid) if valid else None), (c.name, c.get("min"))
    assert as_number(c.get("max")) == (max(valid) if valid else None), (c.name, c.get("max"))
    assert c["zeros"] == sum(1 for v in valid if v == 0)
    assert c["negatives"] == sum(1 for v in valid if v < 0)
    if fractional:
        assert c["nan_count"] == sum(1 for v in present if is_nan(v))
        assert c["posinf_count"] == sum(1 for v in valid if v == math.inf)
        assert c["neginf_count"] == sum(1 for v in valid if v == -math.inf)
    else:
        assert c.stat("nan_count") is None

    # sum and mean
    if not valid:
        assert c.get("mean") is None
    elif fractional:
        if has_inf:
            total = math.fsum(valid) if (math.inf in valid) != (-math.inf in valid) else math.nan
            assert close(c["sum"], total)  # type: ignore[arg-type]
            assert close(c["mean"], total)  # type: ignore[arg-type]
        else:
            scale = math.fsum(abs(v) for v in valid)
            assert close(c["sum"], math.fsum(valid), rel=SUM_RTOL, abs_=SUM_RTOL * scale)  # type: ignore[arg-type]
            mean = math.fsum(valid) / len(valid)
            assert close(c["mean"], mean, rel=SUM_RTOL, abs_=SUM_RTOL * scale / len(valid))  # type: ignore[arg-type]
    else:
        exact_sum = sum(Fraction(v) for v in valid)
        assert Fraction(as_number(c["sum"])) == exact_sum, c.name
        # The engine divides exact sums once: at most one rounding away from the exact mean.
        assert close(c["mean"], float(exact_sum / len(valid)), rel=1e-15)  # type: ignore[arg-type]

    # moments over finite values
    want = exact_moments(finite)
    for key in ("variance", "std", "skewness", "kurtosis"):
        got = c.get(key)
        if has_inf:
            assert isinstance(got, float), (c.name, key, got)
            assert math.isnan(got), (c.name, key, got)
        elif want[key] is None:
            assert got is None, (c.name, key, got)
        else:
            # Shifted power sums in double: relative error of a few n * eps on the spread;
            # skewness and kurtosis are O(1) quantities, so they get an absolute floor too.
            floor = 1e-7 if key in ("skewness", "kurtosis") else 0.0
            assert close(got, want[key], rel=1e-7, abs_=floor), (c.name, key, got, want[key])  # type: ignore[arg-type]

    check_quantiles(c, valid, quantile_accuracy)
    check_histogram(c, [float(v) for v in finite])
    check_outliers(c, finite)
    check_frequent(c, present, numeric=True)


def rank_bounds(sorted_values: Sequence[Any], v: Any) -> Tuple[int, int]:
    """(values strictly below v, values at or below v)."""
    import bisect

    return bisect.bisect_left(sorted_values, v), bisect.bisect_right(sorted_values, v)


def check_quantiles(c: ColumnProfile, valid: Sequence[Any], accuracy: int) -> None:
    q = c.quantiles
    assert q is not None, c.name
    assert q.accuracy in (Accuracy.APPROXIMATE, Accuracy.SAMPLED)
    assert q.relative_error == 1 / accuracy
    if not valid:
        assert all(v is None for v in q.values)
        return
    s = sorted(valid)
    n = len(s)
    slack = n / accuracy + 1
    for p, raw in zip(q.probabilities, q.values):
        v = as_number(raw)
        if v in s:
            below, at_or_below = rank_bounds(s, v)
        else:
            # Decimal quantiles are computed in double: the value is a data value as a double.
            floats = [float(x) for x in s]
            assert float(v) in floats, (c.name, p, v)
            below, at_or_below = rank_bounds(floats, float(v))
        target = p * n
        assert below - slack <= target <= at_or_below + slack, (c.name, p, v, below, at_or_below, target)
    qs = dict(zip(q.probabilities, q.values))
    if 0.25 in qs and 0.75 in qs:
        iqr = float(as_number(qs[0.75])) - float(as_number(qs[0.25]))
        assert close(c["iqr"], iqr, rel=0, abs_=0) or c["iqr"] == iqr  # type: ignore[arg-type]


def expected_bins(finite: Sequence[float], bins: int) -> Tuple[Tuple[float, ...], Tuple[int, ...]]:
    lo, hi = min(finite), max(finite)
    if hi <= lo:
        return (lo, hi), (len(finite),)
    width = (hi - lo) / bins
    counts = [0] * bins
    for x in finite:
        counts[min(bins - 1, max(0, math.floor((x - lo) / width)))] += 1
    return tuple([lo + i * width for i in range(bins)] + [hi]), tuple(counts)


def check_histogram(c: ColumnProfile, finite: Sequence[float], bins: int = 20) -> None:
    h = c.histogram
    if not finite:
        assert h is None or sum(h.counts) == 0, c.name
        return
    assert h is not None, c.name
    edges, counts = expected_bins(finite, bins)
    assert h.counts == counts, (c.name, h.counts, counts)
    assert h.edges == edges, (c.name, h.edges, edges)
    assert h.accuracy is Accuracy.EXACT


def check_outliers(c: ColumnProfile, finite: Sequence[Any]) -> None:
    q = c.quantiles
    if q is None or not finite:
        return
    qs = dict(zip(q.probabilities, q.values))
    q1, q3 = float(as_number(qs[0.25])), float(as_number(qs[0.75]))
    iqr = q3 - q1
    if not (math.isfinite(q1) and math.isfinite(q3) and math.isfinite(iqr)):
        assert c.stat("outliers") is None, "no fences can be built from infinite quartiles"
        return
    lo, hi = q1 - 1.5 * iqr, q3 + 1.5 * iqr
    want = sum(1 for x in finite if float(x) < lo or float(x) > hi)
    assert c["outliers"] == want, (c.name, c["outliers"], want)


def check_frequent(
    c: ColumnProfile, present: Sequence[Any], top_k: int = 10, *, exact_order: bool = False, numeric: bool = False
) -> None:
    """The items are a valid exact top-k: true counts, nothing more frequent left out."""
    fv = c.frequent
    assert fv is not None, c.name
    if not present:
        assert fv.items == (), c.name
        return
    assert fv.computed, (c.name, fv.reason)
    truth = Counter(norm_key(v) for v in present)
    items = [(norm_key(as_number(v) if numeric else v), n) for v, n in fv.items]
    assert len(items) == min(top_k, len(truth)), (c.name, items)
    for key, n in items:
        assert truth[key] == n, (c.name, key, n, truth[key])
    counts = [n for _, n in items]
    assert counts == sorted(counts, reverse=True)
    if items:
        kth = counts[-1]
        shown = {k for k, _ in items}
        assert all(n <= kth for k, n in truth.items() if k not in shown), c.name
    if exact_order:
        assert [k for k, _ in items] == [k for k, _ in sorted(items, key=lambda kn: (-kn[1], kn[0]))]


# -- strings -------------------------------------------------------------------------------


def pattern_matches(regex: str, s: str) -> bool:
    """A match of the whole raw value; ``\\s`` means ASCII whitespace and ``.`` any character."""
    body = regex
    flags = re.ASCII | re.DOTALL
    if body.startswith("(?i)"):
        body, flags = body[4:], flags | re.IGNORECASE
    assert body.startswith("^")
    assert body.endswith("$")
    return re.fullmatch(body[1:-1], s, flags) is not None


def check_strings(c: ColumnProfile, values: Sequence[Optional[str]]) -> None:
    present = [v for v in values if v is not None]
    lengths = [len(v) for v in present]
    assert c.get("length_min") == (min(lengths) if lengths else None)
    assert c.get("length_max") == (max(lengths) if lengths else None)
    if lengths:
        assert close(c["length_mean"], sum(lengths) / len(lengths), rel=1e-15)  # type: ignore[arg-type]
    assert c["empty_count"] == sum(1 for v in present if v == "")
    assert c["blank_count"] == sum(1 for v in present if v != "" and v.strip(WS) == "")
    assert c["whitespace_padded_count"] == sum(1 for v in present if v.strip(WS) not in ("", v))
    if present:
        for p in PATTERNS:
            want = sum(1 for v in present if pattern_matches(p.regex, v))
            assert c[f"pattern_{p.key}_count"] == want, (c.name, p.key, c[f"pattern_{p.key}_count"], want)
        check_frequent(c, present, exact_order=True)


def hex_upper(b: bytes) -> str:
    return b.hex().upper()


def sorted_keys(values: Sequence[Any]) -> List[Any]:
    return sorted({norm_key(v) for v in values if v is not None}, key=repr)
