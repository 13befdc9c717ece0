# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Every statistic of numeric, string, boolean and binary columns against an independent oracle.

Generated tables (hypothesis, bounded and derandomized so CI sees the same examples every
run) put every type side by side in one DataFrame, so each example costs one profile.
"""

from __future__ import annotations

import decimal
import math
import struct
from typing import Any, Dict, List, Sequence

import pytest
from _oracle import (
    check_counts,
    check_frequent,
    check_numeric,
    check_strings,
    check_within_ci,
    exact_moments,
    hex_upper,
    norm_key,
)

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import spark_profiler  # noqa: E402
from spark_profiler.model import Accuracy  # noqa: E402

SETTINGS = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)

SCHEMA = "i int, l bigint, d double, f float, dec decimal(38,18), s string, b boolean, bin binary"


def f32(x: float) -> float:
    return float(struct.unpack("f", struct.pack("f", x))[0])


def nullable(s: Any) -> Any:
    return st.one_of(st.none(), s, s, s)


# Doubles on a millesimal grid keep the moment tolerances meaningful; the specials and
# extremes (NaN, ±inf, -0.0, 1e308, 5e-324) are mixed in here and pinned in fixed cases.
DOUBLES = st.one_of(
    st.integers(-(10**9), 10**9).map(lambda i: i / 1000),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 0.0, 1.0]),
)
FLOATS = st.integers(-(10**6), 10**6).map(lambda i: f32(i / 8))
DECIMALS = st.decimals(min_value=-(10**12), max_value=10**12, places=6, allow_nan=False, allow_infinity=False).map(
    lambda d: d.quantize(decimal.Decimal(1).scaleb(-18), context=decimal.Context(prec=40))
)
TEXT = st.one_of(
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"]),
        max_size=8,
    ),
    st.sampled_from(
        [
            "",
            " ",
            "\t\n",
            " x ",
            "x",
            "x",
            "42",
            "-3.5e7",
            "2024-02-29",
            "a@b.io",
            "https://x.org/p",
            "123e4567-e89b-12d3-a456-426614174000",
            "10.0.0.255",
            "+1 (555) 010-9999",
            "TRUE",
            "{}",
            "😀",
            "é",
            "e\u0301",
            "\u00a0",
            "\x0b",
            "a b",
            "\x0cx\r",
            "42\n",
            "{\r\n}",
            "a@b.io\u2028",
        ]
    ),
)


@st.composite
def tables(draw: Any) -> List[tuple]:
    n = draw(st.integers(0, 40))
    columns = [
        draw(st.lists(nullable(st.integers(-(2**31), 2**31 - 1) | st.integers(-3, 3)), min_size=n, max_size=n)),
        draw(st.lists(nullable(st.integers(-(2**63), 2**63 - 1) | st.integers(-3, 3)), min_size=n, max_size=n)),
        draw(st.lists(nullable(DOUBLES), min_size=n, max_size=n)),
        draw(st.lists(nullable(FLOATS), min_size=n, max_size=n)),
        draw(st.lists(nullable(DECIMALS), min_size=n, max_size=n)),
        draw(st.lists(nullable(TEXT), min_size=n, max_size=n)),
        draw(st.lists(nullable(st.booleans()), min_size=n, max_size=n)),
        draw(st.lists(nullable(st.binary(max_size=6)), min_size=n, max_size=n)),
    ]
    return list(zip(*columns)) if n else []


def check_table(p: Any, rows: Sequence[tuple], names: Sequence[str]) -> None:
    assert p.table["row_count"] == len(rows)
    assert p.table["column_count"] == len(names)
    cols: Dict[str, List[Any]] = {n: [r[i] for r in rows] for i, n in enumerate(names)}
    missing = sum(v is None for vs in cols.values() for v in vs)
    assert p.table["missing_cells"] == missing
    assert p.table["missing_cells_fraction"] == (missing / (len(rows) * len(names)) if rows else 0.0)
    duplicates = len(rows) - len({tuple(norm_key(v) for v in r) for r in rows})
    d = p.table.stat("duplicate_rows")
    assert d is not None
    if d.accuracy is Accuracy.EXACT:
        assert d.value == duplicates
    else:
        check_within_ci(d.value, d.ci_low, d.ci_high, duplicates, "duplicate_rows")


def profile_rows(spark: Any, rows: Sequence[tuple], schema: str = SCHEMA, **kw: Any) -> Any:
    df = spark.createDataFrame(list(rows), schema)
    return spark_profiler.profile(df, **kw)


def check_all(p: Any, rows: Sequence[tuple]) -> None:
    col = {n: [r[i] for r in rows] for i, n in enumerate(["i", "l", "d", "f", "dec", "s", "b", "bin"])}
    check_table(p, rows, list(col))
    for name, fractional in (("i", False), ("l", False), ("d", True), ("f", True), ("dec", False)):
        check_counts(p[name], col[name])
        check_numeric(p[name], col[name], fractional=fractional)
    check_counts(p["s"], col["s"])
    check_strings(p["s"], col["s"])
    check_counts(p["b"], col["b"])
    assert p["b"]["true_count"] == sum(v is True for v in col["b"])
    assert p["b"]["false_count"] == sum(v is False for v in col["b"])
    booleans = [v for v in col["b"] if v is not None]
    distinct = p["b"].stat("distinct_count")
    assert distinct is not None
    assert distinct.accuracy is Accuracy.EXACT
    assert distinct.value == len(set(booleans))
    if booleans:
        check_frequent(p["b"], booleans, exact_order=True)
    check_counts(p["bin"], col["bin"])
    lengths = [len(v) for v in col["bin"] if v is not None]
    assert p["bin"].get("length_min") == (min(lengths) if lengths else None)
    assert p["bin"].get("length_max") == (max(lengths) if lengths else None)
    present = [hex_upper(v) for v in col["bin"] if v is not None]
    if present:
        check_frequent(p["bin"], present, exact_order=True)
    assert p.failures == ()


@pytest.mark.slow
@SETTINGS
@given(rows=tables())
def test_generated_tables_match_the_oracle(spark: Any, rows: List[tuple]) -> None:
    p = profile_rows(spark, rows)
    check_all(p, rows)


FIXED: Dict[str, List[tuple]] = {
    "one_row": [(1, 2, 3.5, 0.25, decimal.Decimal("1.5"), "x", True, b"\x00")],
    "all_null": [(None,) * 8] * 3,
    "specials": [
        (0, 0, math.nan, 0.0, decimal.Decimal(0), "", False, b""),
        (-1, -(2**63), -0.0, -0.0, decimal.Decimal("-0.000000000000000001"), " ", None, b"\xff"),
        (2**31 - 1, 2**63 - 1, 0.0, 1.5, decimal.Decimal("99999999999999999999.999999999999999999"), "\t", True, None),
        (None, 1, math.inf, None, decimal.Decimal("-99999999999999999999.999999999999999999"), " a", True, b"\x00"),
        (-(2**31), None, -math.inf, 2.0, None, "😀👍🏽", False, b"\x00"),
        (5, 5, math.nan, -1.0, decimal.Decimal("1E-18"), "a ", True, b"\x00\x01"),
    ],
}


@pytest.mark.smoke
@pytest.mark.parametrize("case", sorted(FIXED))
def test_fixed_nasty_tables_match_the_oracle(spark: Any, case: str) -> None:
    rows = FIXED[case]
    check_all(profile_rows(spark, rows), rows)


def test_the_full_preset_matches_the_oracle_with_exact_duplicates(spark: Any) -> None:
    rows = FIXED["specials"] + FIXED["specials"][:2]
    p = profile_rows(spark, rows, config="full")
    check_all(p, rows)
    assert p.table.stat("duplicate_rows").accuracy is Accuracy.EXACT  # type: ignore[union-attr]
    assert p.table["duplicate_rows"] == 2


@pytest.mark.smoke
def test_an_empty_dataframe_profiles_without_values(spark: Any) -> None:
    p = profile_rows(spark, [])
    check_all(p, [])
    assert p.table["row_count"] == 0
    assert p["d"].get("mean") is None


def test_large_mean_small_variance_std_matches_numpy(spark: Any) -> None:
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(20261125)
    xs = 1e9 + rng.normal(0.0, 1e-3, size=2000)
    df = spark.createDataFrame([(float(x),) for x in xs], "x double")
    p = spark_profiler.profile(df)
    want = float(np.std(np.asarray(xs, dtype=np.longdouble), ddof=1))
    assert p["x"]["std"] == pytest.approx(want, rel=1e-6)
    assert p["x"]["variance"] == pytest.approx(want**2, rel=1e-6)
    assert p["x"]["mean"] == pytest.approx(float(np.mean(np.asarray(xs, dtype=np.longdouble))), rel=1e-15)
    # Higher moments in exact rational arithmetic: raw power sums would lose every digit here.
    exact = exact_moments([float(x) for x in xs])
    assert p["x"]["skewness"] == pytest.approx(exact["skewness"], abs=1e-4)
    assert p["x"]["kurtosis"] == pytest.approx(exact["kurtosis"], abs=1e-4)


def test_wide_decimal_sums_are_exact_across_signs_and_fractions(spark: Any) -> None:
    # Regression: Spark 3.0 failed the job when a wide decimal sum overflowed; its sum
    # is now taken as integer parts and fractions apart, which must stay exact.
    D = decimal.Decimal
    rows = [
        (D("12345678901234567890.123456789012345678"), D("-12345678901234.123456"), D("99999999999999999999")),
        (D("-2.75"), D("5.5"), D("-1")),
        (D("0.000000000000000001"), None, D("7")),
        (D("-0.999999999999999999"), D("-0.000001"), None),
        (None, D("1"), D("-99999999999999999999")),
    ]
    p = profile_rows(spark, rows, "a decimal(38,18), b decimal(20,6), c decimal(38,0)")
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        for i, name in enumerate("abc"):
            want = sum(r[i] for r in rows if r[i] is not None)
            s = p[name].stat("sum")
            assert s is not None
            assert s.accuracy.value == "exact", name
            assert D(str(s.value)) == want, name


def test_decimal_sum_overflow_falls_back_to_a_labelled_double_sum(spark: Any) -> None:
    big = decimal.Decimal("90000000000000000000.000000000000000001")
    p = profile_rows(spark, [(big,), (big,)], "dec decimal(38,18)")
    s = p["dec"].stat("sum")
    assert s is not None
    assert s.accuracy.value == "approximate"
    assert s.value == pytest.approx(float(big * 2), rel=1e-15)
    # Its stated bound holds: two values, each rounded once, then one addition.
    assert s.relative_error is not None
    assert abs(decimal.Decimal(s.value) - big * 2) / (big * 2) <= decimal.Decimal(s.relative_error)
    assert p["dec"]["max"] == "90000000000000000000.000000000000000001"
    m = p["dec"].stat("mean")
    assert m is not None
    assert m.accuracy.value == "approximate"
    assert m.relative_error is not None
    assert abs(decimal.Decimal(m.value) - big) / big <= decimal.Decimal(m.relative_error)


def test_correlations_match_numpy_in_the_full_preset(spark: Any) -> None:
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(7)
    x = rng.normal(size=200)
    y = 0.5 * x + rng.normal(size=200)
    rows: List[tuple] = [(float(a), float(b), int(i)) for i, (a, b) in enumerate(zip(x, y))]
    rows.append((None, 1.0, 3))  # a pair with a null is left out of that pair only
    p = profile_rows(spark, rows, "x double, y double, k int", config="full")
    assert p.correlations is not None
    want = float(np.corrcoef(x, y)[0, 1])
    assert p.correlations.get("x", "y") == pytest.approx(want, rel=1e-9)
    ks = np.array([r[2] for r in rows], dtype=float)
    ys = np.array([r[1] for r in rows], dtype=float)
    assert p.correlations.get("k", "y") == pytest.approx(float(np.corrcoef(ks, ys)[0, 1]), rel=1e-9)
    assert p.correlations.get("x", "x") == 1.0
