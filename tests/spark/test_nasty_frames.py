# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Hostile column names, extreme doubles and other frames that break naive SQL generation."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, List

import pytest
from _oracle import check_counts, check_numeric, check_strings, expected_bins

import spark_profiler
from spark_profiler.engine.capabilities import parse_version

HOSTILE = ["a.b", "with space", "back`tick", "ünïcødé 😀", "count", "sum", "select", "a", "A", "x)--"]


@pytest.fixture(scope="module")
def hostile_frame(spark: Any) -> Any:
    from pyspark.sql import types as T

    schema = T.StructType([T.StructField(n, T.LongType()) for n in HOSTILE])
    rows = [tuple(i * 10 + j for j in range(len(HOSTILE))) for i in range(5)] + [(None,) * len(HOSTILE)]
    return spark.createDataFrame(rows, schema), rows


@pytest.mark.smoke
def test_hostile_column_names_are_profiled_under_their_own_names(hostile_frame: Any) -> None:
    df, rows = hostile_frame
    p = spark_profiler.profile(df)
    assert [c.name for c in p.columns] == HOSTILE
    assert [f.name for f in p.table.schema] == HOSTILE
    for j, name in enumerate(HOSTILE):
        values = [r[j] for r in rows]
        check_counts(p[name], values)
        check_numeric(p[name], values, fractional=False)
    # `a` and `A` differ only in case and must not be mixed up.
    assert p["a"]["min"] != p["A"]["min"]


def test_columns_argument_accepts_hostile_names(hostile_frame: Any) -> None:
    # Regression: selecting by user name parsed dots and backticks (AnalysisException) and
    # was ambiguous for `a` and `A` under Spark's default case-insensitive resolution.
    df, rows = hostile_frame
    wanted = ["back`tick", "a.b", "A", "a"]
    p = spark_profiler.profile(df, columns=wanted, config="minimal")
    assert [c.name for c in p.columns] == wanted
    for name in wanted:
        j = HOSTILE.index(name)
        assert p[name]["min"] == min(r[j] for r in rows if r[j] is not None)


def test_histogram_of_values_spanning_the_double_range(spark: Any) -> None:
    # Regression: the bin width overflowed to inf, every value fell in bin 0 and the first edge was NaN.
    values = [-1e308, 0.0, 1e308, 1.7976931348623157e308]
    p = spark_profiler.profile(spark.createDataFrame([(v,) for v in values], "x double"))
    h = p["x"].histogram
    assert h is not None
    assert all(math.isfinite(e) for e in h.edges)
    # Exact rational binning: the scaled double arithmetic agrees away from bin edges.
    lo, hi = Fraction(values[0]), Fraction(values[-1])
    want = [0] * 20
    for v in values:
        want[min(19, math.floor((Fraction(v) - lo) * 20 / (hi - lo)))] += 1
    assert list(h.counts) == want
    assert p["x"]["min"] == -1e308
    assert p["x"]["max"] == values[-1]


def test_histogram_of_subnormal_values_does_not_divide_by_zero(spark: Any) -> None:
    # Regression: a [0, 5e-324] range gave a zero bin width; under ANSI mode the grouped pass failed.
    values = [0.0, 5e-324, -0.0, math.nan, 5e-324, None]
    p = spark_profiler.profile(spark.createDataFrame([(v,) for v in values], "x double"))
    assert p.failures == ()
    h = p["x"].histogram
    assert h is not None
    assert h.counts[0] == 2
    assert h.counts[-1] == 2
    assert p["x"]["min"] == 0.0
    assert p["x"]["max"] == 5e-324
    assert p["x"]["zeros"] == 2
    assert p["x"]["nan_count"] == 1


def test_tiny_and_huge_magnitudes_in_ordinary_ranges_match_the_oracle(spark: Any) -> None:
    rows: List[tuple] = [(v,) for v in (1e-300, 2e-300, 3e-300, 5e-300)] + [(None,)]
    p = spark_profiler.profile(spark.createDataFrame(rows, "x double"))
    values = [r[0] for r in rows]
    check_counts(p["x"], values)
    check_numeric(p["x"], values, fractional=True)
    assert p["x"].histogram is not None
    assert p["x"].histogram.counts == expected_bins([v for v in values if v is not None], 20)[1]


def test_names_differing_only_in_case_with_case_sensitive_analysis(spark: Any) -> None:
    other = spark.newSession()
    other.conf.set("spark.sql.caseSensitive", "true")
    df = other.createDataFrame([(1, 2), (3, None)], "k int, K int")
    p = spark_profiler.profile(df, columns=["K"])
    assert [c.name for c in p.columns] == ["K"]
    assert p["K"]["null_count"] == 1


def test_struct_fields_with_hostile_names_are_profiled_by_path(spark: Any) -> None:
    # Struct fields keep their own names inside the query (only top-level columns are
    # renamed), so dots, backticks and SQL function names must be quoted in every pass.
    schema = "`s.t` struct<`x.y`: int, `we``ird`: string, `count`: double>"
    rows: List[tuple] = [((1, "a b", 0.5),), ((None, "", -0.0),), (None,), ((3, "a b", None),)]
    p = spark_profiler.profile(spark.createDataFrame(rows, schema))
    assert [c.name for c in p.columns] == ["s.t", "s.t.x.y", "s.t.we`ird", "s.t.count"]
    assert p["s.t.x.y"].path == ("s.t", "x.y")
    leaves = {
        name: [None if r[0] is None else r[0][i] for r in rows] for i, name in enumerate(["x.y", "we`ird", "count"])
    }
    check_counts(p["s.t.x.y"], leaves["x.y"])
    check_numeric(p["s.t.x.y"], leaves["x.y"], fractional=False)
    check_counts(p["s.t.count"], leaves["count"])
    check_numeric(p["s.t.count"], leaves["count"], fractional=True)
    check_counts(p["s.t.we`ird"], leaves["we`ird"])
    check_strings(p["s.t.we`ird"], leaves["we`ird"])
    assert p.failures == ()


def test_collated_strings_are_profiled_as_the_characters_they_store(spark: Any) -> None:
    # Regression: Spark 4's "string collate ..." columns got only counts, and Spark
    # refuses LIKE and rlike on case-insensitive collations, so they are profiled as
    # plain strings: "a" and "A" are two values, as stored.
    if parse_version(spark.version) < (4, 0, 0):
        pytest.skip("collations arrived in Spark 4.0")
    values: List[Any] = ["a", "A", "a", " b", "é", "E\u0301", "", "\t", "x@y.com", None]
    df = spark.createDataFrame([(v,) for v in values], "v string").selectExpr(
        "v COLLATE UNICODE_CI AS ci",
        "v COLLATE UTF8_LCASE AS lcase",
        "named_struct('f', v COLLATE UNICODE_CI) AS s",
        "array(v COLLATE UNICODE_CI) AS arr",
        "map(coalesce(v, 'none') COLLATE UNICODE_CI, v COLLATE UTF8_LCASE) AS m",
    )
    p = spark_profiler.profile(df)
    assert p.failures == ()
    assert [f.spark_type for f in p.table.schema] == [
        "string collate UNICODE_CI",
        "string collate UTF8_LCASE",
        "struct<f:string collate UNICODE_CI>",
        "array<string collate UNICODE_CI>",
        "map<string collate UNICODE_CI,string collate UTF8_LCASE>",
    ]
    assert p["arr"]["null_elements"] == 1
    assert p["arr"]["distinct_count"] == len(set(values))
    assert p["m"]["size_max"] == 1
    for name in ("ci", "lcase", "s.f"):
        assert p[name].kind == "string"
        assert p[name].spark_type.startswith("string collate")
        check_counts(p[name], values)
        check_strings(p[name], values)


def test_long_frequent_values_are_cut_and_flagged_with_counts_of_the_whole_values(spark: Any) -> None:
    # Regression: frequent values came back whole, so a column of long documents sent
    # top_k whole documents to the driver and into the profile (10 MB for ten 1 MB texts).
    # Two long texts share their first 100 characters: cut alike, they stay two values.
    same_start = "7" * 150
    rows = [(same_start + "x",)] * 3 + [(same_start + "y",)] * 2 + [("short",)] + [("z" * 100,)] + [(None,)]
    df = spark.createDataFrame(rows, "s string").selectExpr("s", "CAST(s AS BINARY) AS b")
    p = spark_profiler.profile(df, config=spark_profiler.ProfileConfig.default(max_value_length=100))
    f = p["s"].frequent
    assert f is not None
    assert list(f.items) == [("7" * 100, 3), ("7" * 100, 2), ("short", 1), ("z" * 100, 1)]
    # A value of exactly the limit is whole, not cut.
    assert f.truncated == (0, 1)
    assert p["s"]["distinct_count"] == 4
    # Patterns read the whole values: the cut digits would pass as integers.
    assert p["s"]["pattern_integer_count"] == 0
    # Binary values are kept as hex text, cut the same way.
    fb = p["b"].frequent
    assert fb is not None
    assert [n for _, n in fb.items] == [3, 2, 1, 1]
    assert fb.truncated == (0, 1, 3)
    assert all(len(str(v)) <= 100 for v, _ in fb.items)
    # Reports show a cut value as cut, and the profile file keeps the flags.
    assert "7" * 20 + "…" in p.to_markdown()
    assert spark_profiler.Profile.from_json(p.to_json())["s"].frequent == f
