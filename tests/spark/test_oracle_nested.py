# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Arrays, maps, nested structs and the null type against plain Python."""

from __future__ import annotations

import json
import struct
from typing import Any, Dict, List, Optional

import pytest
from _oracle import check_counts, check_numeric, check_within_ci

import spark_profiler
from spark_profiler.engine.capabilities import parse_version
from spark_profiler.model import Accuracy

ROWS: List[tuple] = [
    ([1, None, 3], {"a": 1}, {"a": {"b": {"c": 1}}}, None),
    ([], {}, {"a": {"b": {"c": None}}}, None),
    (None, None, {"a": None}, None),
    ([None, None], {"a": 1, "b": 2, "c": 3}, None, None),
    ([5], {"x": None}, {"a": {"b": {"c": 7}}}, None),
    ([5], {"x": None}, {"a": {"b": {"c": 7}}}, None),
]
# `z` is the null type; it is added as `NULL AS z` because Spark 3.0 cannot parse `void` in DDL.
SCHEMA = "arr array<int>, m map<string,int>, s struct<a:struct<b:struct<c:int>>>"


def nested_frame(spark: Any) -> Any:
    return spark.createDataFrame([r[:3] for r in ROWS], SCHEMA).selectExpr("*", "NULL AS z")


def c_of(row: tuple) -> Optional[int]:
    s = row[2]
    if s is None or s["a"] is None or s["a"]["b"] is None:
        return None
    return s["a"]["b"]["c"]


@pytest.fixture(scope="module")
def profile(spark: Any) -> Any:
    return spark_profiler.profile(nested_frame(spark))


def sizes(values: List[Any]) -> List[int]:
    return [len(v) for v in values if v is not None]


@pytest.mark.smoke
def test_array_sizes_empty_arrays_and_null_elements(profile: Any) -> None:
    arrs = [r[0] for r in ROWS]
    c = profile["arr"]
    assert c["count"] == sum(a is not None for a in arrs)
    assert c["null_count"] == sum(a is None for a in arrs)
    assert c["size_min"] == min(sizes(arrs))
    assert c["size_max"] == max(sizes(arrs))
    assert c["size_mean"] == pytest.approx(sum(sizes(arrs)) / len(sizes(arrs)), rel=1e-15)
    assert c["empty_arrays"] == sum(1 for a in arrs if a == [])
    assert c["null_elements"] == sum(e is None for a in arrs if a for e in a)
    d = c.stat("distinct_count")
    assert d is not None
    truth = len({tuple(a) for a in arrs if a is not None})
    if d.accuracy is Accuracy.EXACT:
        assert d.value == truth
    else:
        check_within_ci(d.value, d.ci_low, d.ci_high, truth, "arr distinct")


def test_map_sizes_and_empty_maps(profile: Any) -> None:
    maps = [r[1] for r in ROWS]
    c = profile["m"]
    assert c["count"] == sum(m is not None for m in maps)
    assert c["size_min"] == min(sizes(maps))
    assert c["size_max"] == max(sizes(maps))
    assert c["size_mean"] == pytest.approx(sum(sizes(maps)) / len(sizes(maps)), rel=1e-15)
    assert c["empty_arrays"] == sum(1 for m in maps if m == {})
    d = c.stat("distinct_count")
    assert d is not None
    truth = len({frozenset(m.items()) for m in maps if m is not None})
    check_within_ci(d.value, d.ci_low, d.ci_high, truth, "m distinct")


def test_struct_fields_are_profiled_as_dotted_columns_with_nulls_from_any_parent(profile: Any) -> None:
    names = [c.name for c in profile.columns]
    assert names == ["arr", "m", "s", "s.a", "s.a.b", "s.a.b.c", "z"]
    assert profile["s.a.b.c"].path == ("s", "a", "b", "c")
    leaf = [c_of(r) for r in ROWS]
    check_counts(profile["s.a.b.c"], leaf)
    check_numeric(profile["s.a.b.c"], leaf, fractional=False)
    assert profile["s"]["null_count"] == sum(r[2] is None for r in ROWS)
    assert profile["s.a"]["null_count"] == sum(r[2] is None or r[2]["a"] is None for r in ROWS)


def test_struct_depth_is_capped_by_config(spark: Any) -> None:
    df = nested_frame(spark)
    p = spark_profiler.profile(df, config=spark_profiler.ProfileConfig.minimal(max_struct_depth=1))
    assert [c.name for c in p.columns] == ["arr", "m", "s", "s.a", "z"]


def test_a_null_type_column_is_all_missing_without_failures(profile: Any) -> None:
    z = profile["z"]
    assert z.kind == "null"
    assert z["count"] == 0
    assert z["null_count"] == len(ROWS)
    assert z["null_fraction"] == 1.0
    assert z["distinct_count"] == 0
    assert profile.failures == ()


def test_missing_cells_count_top_level_columns_only(profile: Any) -> None:
    top: Dict[str, List[Any]] = {n: [r[i] for r in ROWS] for i, n in enumerate(["arr", "m", "s", "z"])}
    missing = sum(v is None for vs in top.values() for v in vs)
    assert profile.table["missing_cells"] == missing
    assert profile.table["column_count"] == 4


def test_duplicate_rows_with_nested_columns(spark: Any) -> None:
    df = nested_frame(spark)
    exact = spark_profiler.profile(df, config="full")
    assert exact.table["duplicate_rows"] == 1  # the last two rows are equal
    approx = spark_profiler.profile(df).table.stat("duplicate_rows")
    assert approx is not None
    check_within_ci(approx.value, approx.ci_low, approx.ci_high, 1, "duplicate_rows")


def test_exact_duplicates_count_rows_with_maps_inside_structs_and_arrays(spark: Any) -> None:
    # Regression: Spark 3.x cannot group a map anywhere in a key, and exact duplicates
    # grouped such columns on their raw value, so `full` failed on them.
    values = [1, 1, 2, None]
    df = spark.createDataFrame([(v,) for v in values], "i int").selectExpr(
        "named_struct('m', map('k', i)) AS s", "array(map('k', i), map('k', i + 1)) AS a"
    )
    p = spark_profiler.profile(df, config="full")
    assert p.failures == ()
    assert p.table["duplicate_rows"] == len(values) - len(set(values)) == 1


def test_exact_distinct_counts_of_arrays_structs_and_intervals_come_from_grouping(spark: Any) -> None:
    # Regression: distinct="exact" left these columns on the HyperLogLog++ estimate. The
    # rows hold values whose cast text is alike: ["a, b"] and ["a", "b"] both cast to
    # [a, b], [NULL] and ["null"] both to [null].
    arrays = [["a, b"], ["a", "b"], [None], ["null"], ["a", "b"], [], None]
    pairs = [("x, y", 1), ("x", None), ("x, y", 1), None, ("x", 2), ("x", None), ("y", 1)]
    days = [1, 2, 2, None, 3, 1, 1]
    doubles = [[0.0], [-0.0], [1.5], None, [1.5], [0.0], [2.0]]
    rows = list(zip(arrays, pairs, days, doubles))
    df = spark.createDataFrame(rows, "a array<string>, s struct<p:string,q:int>, d int, f array<double>")
    # Day-time intervals arrived in Spark 3.2, but pyspark reads them in a schema from 3.3.
    intervals = parse_version(spark.version) >= (3, 3, 0)
    extra = ["make_dt_interval(d, 1, 2, 3) AS i"] if intervals else []
    df = df.selectExpr("a", "s", "f", "named_struct('m', map('k', d)) AS sm", *extra)
    p = spark_profiler.profile(df, config="full")
    assert p.failures == ()
    truths = {
        "a": {tuple(v) for v in arrays if v is not None},
        "s": {v for v in pairs if v is not None},
        "sm": set(days),
        # Spark counts -0.0 and 0.0 as one value, as Python's == does.
        "f": {tuple(v) for v in doubles if v is not None},
    }
    if intervals:
        truths["i"] = {v for v in days if v is not None}
    for name, truth in truths.items():
        d = p[name].stat("distinct_count")
        assert d is not None
        assert d.accuracy is Accuracy.EXACT, name
        assert d.value == len(truth), (name, d.value, len(truth))


def check_distinct(p: Any, name: str, values: List[Any], *, exact: bool) -> None:
    """The distinct count of ``name`` against the distinct non-null ``values``, exact or within its interval."""
    d = p[name].stat("distinct_count")
    assert d is not None, name
    truth = len({v for v in values if v is not None})
    assert (d.accuracy is Accuracy.EXACT) is exact, name
    if exact:
        assert d.value == truth, name
    else:
        check_within_ci(d.value, d.ci_low, d.ci_high, truth, f"{name} distinct")


def check_duplicates(p: Any, preset: str, rows: List[Any], truth: int) -> None:
    """Duplicate rows against ``rows``: none under `minimal`, exact under `full`, else within the interval."""
    dups = p.table.stat("duplicate_rows")
    if preset == "minimal":
        assert dups is None
        return
    assert dups is not None
    assert len(rows) - len(set(rows)) == truth
    assert dups.accuracy is (Accuracy.EXACT if preset == "full" else Accuracy.APPROXIMATE)
    if preset == "full":
        assert dups.value == truth
    else:
        check_within_ci(dups.value, dups.ci_low, dups.ci_high, truth, "duplicate_rows")


# JSON documents as text; parse_json turns them into variant values. The first two are one
# document with its keys in another order, and 'null' is a JSON null: a value, not a SQL NULL.
VARIANT_DOCS: List[Optional[str]] = [
    '{"a": 1, "b": [1, 2]}',
    '{"b": [1, 2], "a": 1}',
    '"text"',
    None,
    '[null, {"k": "v"}]',
    '{"a": 1, "b": [1, 2]}',
    "null",
]
VARIANT_IDS = [1, 1, 2, 3, 4, 1, 5]


def canonical(doc: Optional[str]) -> Optional[str]:
    return None if doc is None else json.dumps(json.loads(doc), sort_keys=True, separators=(",", ":"))


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_variant_columns_are_counted_by_their_json_text(spark: Any, preset: str) -> None:
    # Regression: Spark can neither hash nor group variant values, so a variant column, or
    # a struct holding one, failed every preset (the distinct-count sketch, the row hash
    # and the exact duplicate count all read the raw value).
    if parse_version(spark.version) < (4, 0, 0):
        pytest.skip("the variant type arrived in Spark 4.0")
    df = spark.createDataFrame(list(zip(VARIANT_DOCS, VARIANT_IDS)), "j string, i int").selectExpr(
        "parse_json(j) AS v", "named_struct('x', parse_json(j), 'i', i) AS s"
    )
    p = spark_profiler.profile(df, config=preset)
    assert p.failures == ()
    texts = [canonical(d) for d in VARIANT_DOCS]
    for name in ("v", "s.x"):
        c = p[name]
        assert c.spark_type == "variant"
        assert c["count"] == sum(t is not None for t in texts)
        assert c["null_count"] == sum(t is None for t in texts)
        # `full` asks for exact distinct counts, and a variant's JSON text is one per value.
        check_distinct(p, name, texts, exact=preset == "full")
    check_duplicates(p, preset, list(zip(texts, VARIANT_IDS)), 2)


# Arrays of JSON documents as text, a Python None for a SQL NULL element; 'null' is a JSON null.
VARIANT_ARRAYS: List[Optional[List[Optional[str]]]] = [
    ["null"],
    [None],
    ["null"],
    [],
    None,
    ['{"a": 1}', None],
    ['{"a": 1}', "null"],
    [None],
]


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_an_array_of_variants_tells_a_sql_null_element_from_a_json_null(spark: Any, preset: str) -> None:
    # Regression: the array's JSON text wrote both as null, so [NULL] and [JSON null] were
    # one value to the distinct count, the row hash and the exact duplicate count.
    if parse_version(spark.version) < (4, 0, 0):
        pytest.skip("the variant type arrived in Spark 4.0")
    df = spark.createDataFrame([(a,) for a in VARIANT_ARRAYS], "a array<string>").selectExpr(
        "transform(a, e -> parse_json(e)) AS av"
    )
    p = spark_profiler.profile(df, config=preset)
    assert p.failures == ()
    assert p["av"].spark_type == "array<variant>"
    keys = [None if a is None else tuple("SQL NULL" if e is None else canonical(e) for e in a) for a in VARIANT_ARRAYS]
    check_distinct(p, "av", keys, exact=preset == "full")
    check_duplicates(p, preset, keys, 2)


def _point_wkb(x: float, y: float) -> str:
    # Well-known binary of a 2-D point: little-endian flag, type 1, then x and y.
    return struct.pack("<BIdd", 1, 1, x, y).hex()


# (well-known binary, SRID, id). The first two are one point in two reference systems:
# two values. The last row repeats the first.
SPATIAL_ROWS: List[tuple] = [
    (_point_wkb(1, 2), 0, 1),
    (_point_wkb(1, 2), 4326, 1),
    (_point_wkb(3, 4), 0, 2),
    (None, None, 3),
    (_point_wkb(-0.5, 45.25), 3857, 4),
    (_point_wkb(1, 2), 0, 1),
]


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_geometry_and_geography_columns_are_counted_by_srid_and_binary(spark: Any, preset: str) -> None:
    # Regression: Spark 4.1's spatial types cannot be hashed, cast or written as JSON, so
    # a geometry or geography column, or an array, map or struct holding one, failed
    # every preset (scala.MatchError in the distinct-count sketch).
    try:
        spark.sql("SELECT st_geomfromwkb(X'0101000000000000000000F03F0000000000000040')").collect()
    except Exception:
        pytest.skip("this Spark has no geometry type (added in 4.1)")
    df = spark.createDataFrame(SPATIAL_ROWS, "w string, srid int, i int").selectExpr(
        "st_setsrid(st_geomfromwkb(unhex(w)), srid) AS g",
        "st_geogfromwkb(unhex(w)) AS geo",
        "named_struct('g', st_setsrid(st_geomfromwkb(unhex(w)), srid), 'i', i) AS s",
        "array(st_geogfromwkb(unhex(w)), NULL) AS a",
        "map('k', st_setsrid(st_geomfromwkb(unhex(w)), srid)) AS m",
    )
    p = spark_profiler.profile(df, config=preset)
    assert p.failures == ()
    assert p["g"].spark_type == "geometry(any)"
    assert p["geo"].spark_type == "geography(4326)"
    points = [None if w is None else (w, srid) for w, srid, _ in SPATIAL_ROWS]
    truths = {
        "g": points,
        "s.g": points,
        # A geography's SRID is its type's, so the same point in two rows is one value.
        "geo": [None if w is None else w for w, _, _ in SPATIAL_ROWS],
        "s": [(pt, i) for pt, (_, _, i) in zip(points, SPATIAL_ROWS)],
        "a": [(w,) for w, _, _ in SPATIAL_ROWS],
    }
    for name, values in truths.items():
        c = p[name]
        assert c["count"] == sum(v is not None for v in values), name
        assert c["null_count"] == sum(v is None for v in values), name
        # `full` asks for exact distinct counts, and SRID and binary are one per value.
        check_distinct(p, name, values, exact=preset == "full")
    assert p["m"]["count"] == len(SPATIAL_ROWS)
    check_duplicates(p, preset, SPATIAL_ROWS, 1)


# (keys, values, id): the first two rows hold one map built in two entry orders.
MAP_ROWS: List[tuple] = [
    (["a", "b"], [1, 2], 1),
    (["b", "a"], [2, 1], 1),
    (["x"], [None], 2),
    ([], [], 3),
    (None, None, 4),
    (["a"], [1], 5),
    (["a", "b"], [1, 3], 6),
]


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_maps_are_counted_by_their_entries_whatever_their_order(spark: Any, preset: str) -> None:
    # Regression: maps had no distinct count at all (Spark cannot hash them), and exact
    # duplicates compared their JSON text, which keeps the entry order: two rows holding
    # {a: 1, b: 2} built in two orders were not duplicates.
    df = spark.createDataFrame(MAP_ROWS, "k array<string>, v array<int>, i int").selectExpr(
        "map_from_arrays(k, v) AS m",
        "map_from_arrays(k, transform(v, x -> CAST(x AS DOUBLE))) AS md",
        "map('n', map('i', i)) AS mm",
        # Spark's hash skips nulls inside arrays: [1, NULL] and [NULL, 1] must stay two values.
        "map('a', CASE WHEN i % 2 = 0 THEN array(1, NULL) ELSE array(NULL, 1) END) AS ma",
        "i",
    )
    p = spark_profiler.profile(df, config=preset)
    assert p.failures == ()
    maps = [None if k is None else frozenset(zip(k, v)) for k, v, _ in MAP_ROWS]
    assert len(set(maps) - {None}) == 5
    check_distinct(p, "m", maps, exact=preset == "full")
    check_distinct(p, "md", maps, exact=preset == "full")
    check_distinct(p, "ma", [i % 2 for _, _, i in MAP_ROWS], exact=preset == "full")
    check_distinct(p, "mm", [i for _, _, i in MAP_ROWS], exact=preset == "full")
    check_duplicates(p, preset, [(m, i) for m, (_, _, i) in zip(maps, MAP_ROWS)], 1)


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_maps_whose_keys_and_values_hash_alike_keep_their_null_values_apart(spark: Any, preset: str) -> None:
    # Regression: Spark's hash skips null fields, so the sorted entries of {a: NULL, b: c}
    # and {a: b, c: NULL} both hashed as a, b, c: one distinct value and one duplicate row
    # per such pair (the same with int keys and date values, which Spark hashes alike).
    # 400 pairs, so the lost half is far outside the estimates' intervals.
    pairs = 400
    df = (
        spark.range(pairs)
        .crossJoin(spark.range(2).withColumnRenamed("id", "side"))
        .selectExpr(
            "CASE WHEN side = 0"
            " THEN map_from_arrays(array(format_string('%04da', id), format_string('%04db', id)),"
            " array(CAST(NULL AS STRING), format_string('%04dc', id)))"
            " ELSE map_from_arrays(array(format_string('%04da', id), format_string('%04dc', id)),"
            " array(format_string('%04db', id), CAST(NULL AS STRING))) END AS m",
            "CASE WHEN side = 0"
            " THEN map_from_arrays(array(CAST(3 * id AS INT), CAST(3 * id + 1 AS INT)),"
            " array(CAST(NULL AS DATE), date_add(DATE'1970-01-01', CAST(3 * id + 2 AS INT))))"
            " ELSE map_from_arrays(array(CAST(3 * id AS INT), CAST(3 * id + 2 AS INT)),"
            " array(date_add(DATE'1970-01-01', CAST(3 * id + 1 AS INT)), CAST(NULL AS DATE))) END AS d",
        )
    )
    p = spark_profiler.profile(df, config=preset)
    assert p.failures == ()
    strings = [(f"{i:04d}", side) for i in range(pairs) for side in (0, 1)]
    check_distinct(p, "m", strings, exact=preset == "full")
    check_distinct(p, "d", strings, exact=preset == "full")
    check_duplicates(p, preset, strings, 0)


#: Values in the two-rows-per-value tests: enough that a doubled estimate is far outside its interval.
PAIRS = 200


def pairs_of_one_value(spark: Any, value: str) -> Any:
    """Columns ``id`` and ``v``: ``PAIRS`` ids on two rows each, ``v`` the SQL ``value`` of ``id`` and ``side`` (0 or 1)."""
    sides = spark.range(2).withColumnRenamed("id", "side")
    return spark.range(PAIRS).crossJoin(sides).selectExpr("id", f"({value}) AS v")


def check_one_value_per_pair(df: Any, preset: str) -> None:
    """Every column of ``df`` holds one value per pair of rows, so every second row is a duplicate."""
    p = spark_profiler.profile(df, config=preset)
    assert p.failures == ()
    ids = [i for i in range(PAIRS) for _ in range(2)]
    for name in df.columns:
        check_distinct(p, name, ids, exact=preset == "full")
    check_duplicates(p, preset, ids, PAIRS)


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_maps_inside_maps_arrays_and_structs_are_counted_whatever_their_entry_order(spark: Any, preset: str) -> None:
    # Regression: a map inside a map had no distinct count, and a map inside an array or a
    # struct was read as its JSON text, which keeps the order its entries were built in:
    # each value built in two orders counted twice, and its two rows were not duplicates.
    df = pairs_of_one_value(
        spark,
        "CASE WHEN side = 0 THEN map('a', id, 'b', CAST(NULL AS BIGINT))"
        " ELSE map('b', CAST(NULL AS BIGINT), 'a', id) END",
    ).selectExpr(
        "map('k', v, 'l', map('z', id)) AS mm",
        "array(v, NULL, map()) AS am",
        # Odd field names must survive the rebuilt struct.
        "named_struct('A.b`c', v, 'n', id % 7) AS sm",
        "map(id % 3, array(v)) AS mam",
    )
    check_one_value_per_pair(df, preset)


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_variants_nested_deeper_tell_a_sql_null_from_a_json_null(spark: Any, preset: str) -> None:
    # Regression: in an array of arrays of variants, or an array of structs holding one,
    # JSON wrote a SQL NULL variant and a JSON null alike (null), so [[NULL]] and
    # [[null]] were one value to the distinct count and the duplicate count, and such
    # columns kept the estimate under distinct="exact".
    if parse_version(spark.version) < (4, 0, 0):
        pytest.skip("the variant type arrived in Spark 4.0")
    df = spark.createDataFrame([(a,) for a in VARIANT_ARRAYS], "a array<string>").selectExpr(
        "IF(a IS NULL, NULL, transform(array(a), x -> transform(x, e -> parse_json(e)))) AS aav",
        "transform(a, e -> named_struct('v', parse_json(e))) AS asv",
        "map('k', transform(a, e -> parse_json(e))) AS mav",
    )
    p = spark_profiler.profile(df, config=preset)
    assert p.failures == ()
    keys = [None if a is None else tuple("SQL NULL" if e is None else canonical(e) for e in a) for a in VARIANT_ARRAYS]
    check_distinct(p, "aav", keys, exact=preset == "full")
    check_distinct(p, "asv", keys, exact=preset == "full")
    # map('k', NULL) is a map, not a null: one more value than the arrays.
    check_distinct(p, "mav", ["k: NULL" if k is None else k for k in keys], exact=preset == "full")
    check_duplicates(p, preset, keys, 2)


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_negative_zero_inside_nested_values_counts_as_zero(spark: Any, preset: str) -> None:
    # Regression: nested values were read as their JSON text, which writes -0.0 and 0.0
    # apart, while Spark (and Python's ==) counts them as one value: each value holding a
    # zero counted twice, and its two rows were not duplicates.
    # Not IF(side = 0, 0.0D, -0.0D): Spark folds an IF whose branches are equal.
    df = pairs_of_one_value(spark, "IF(side = 0, 0.0D, -(CAST(id AS DOUBLE) * 0.0D))").selectExpr(
        "array(v, CAST(id AS DOUBLE), CAST(NULL AS DOUBLE)) AS ad",
        "named_struct('z', CAST(v AS FLOAT), 'i', id) AS sf",
        "map(id, v) AS md",
        "map('k', array(v, CAST(id AS DOUBLE))) AS mad",
    )
    check_one_value_per_pair(df, preset)


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_maps_of_calendar_intervals_are_counted_whatever_their_entry_order(spark: Any, preset: str) -> None:
    # Regression: a calendar interval cannot be sorted, so sorting the entries of a map
    # of them failed the whole profile, under every preset.
    if parse_version(spark.version) < (4, 0, 0):
        pytest.skip("pyspark before 4.0 cannot read a calendar interval in a schema")
    interval = "make_interval(0, 0, 0, CAST(id AS INT))"
    df = pairs_of_one_value(
        spark,
        f"CASE WHEN side = 0 THEN map('a', {interval}, 'b', make_interval(0, 1))"
        f" ELSE map('b', make_interval(0, 1), 'a', {interval}) END",
    ).selectExpr("v AS mi", "map('k', v) AS mmi", "array(v) AS ami")
    check_one_value_per_pair(df, preset)
