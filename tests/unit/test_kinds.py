# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Spark type strings map to the column kind that decides which statistics a column gets."""

from __future__ import annotations

import json

import pytest

from spark_profiler.kinds import (
    ColumnKind,
    TypeNode,
    has_limb_sum,
    has_variant,
    is_decimal,
    is_fractional,
    is_groupable,
    is_integral,
    kind_of,
    parse_type,
    reads_rebuilt,
)


@pytest.mark.parametrize(
    ("type_string", "kind"),
    [
        ("tinyint", ColumnKind.NUMERIC),
        ("smallint", ColumnKind.NUMERIC),
        ("int", ColumnKind.NUMERIC),
        ("bigint", ColumnKind.NUMERIC),
        ("float", ColumnKind.NUMERIC),
        ("double", ColumnKind.NUMERIC),
        ("decimal(38,18)", ColumnKind.NUMERIC),
        ("decimal(10, -2)", ColumnKind.NUMERIC),
        ("decimal", ColumnKind.NUMERIC),
        ("string", ColumnKind.STRING),
        ("varchar(10)", ColumnKind.STRING),
        ("char(3)", ColumnKind.STRING),
        ("string collate UTF8_LCASE", ColumnKind.STRING),
        ("string collate UNICODE_CI", ColumnKind.STRING),
        ("array<string collate UNICODE_CI>", ColumnKind.ARRAY),
        ("boolean", ColumnKind.BOOLEAN),
        ("date", ColumnKind.TEMPORAL),
        ("timestamp", ColumnKind.TEMPORAL),
        ("timestamp_ntz", ColumnKind.TEMPORAL),
        ("time(6)", ColumnKind.TEMPORAL),
        ("time(0)", ColumnKind.TEMPORAL),
        ("binary", ColumnKind.BINARY),
        ("array<int>", ColumnKind.ARRAY),
        ("array<struct<a:int>>", ColumnKind.ARRAY),
        ("map<string,int>", ColumnKind.MAP),
        ("struct<a:int,b:string>", ColumnKind.STRUCT),
        ("void", ColumnKind.NULL),
        ("interval day to second", ColumnKind.OTHER),
        ("variant", ColumnKind.OTHER),
    ],
)
def test_kind_of_maps_spark_type_strings(type_string: str, kind: ColumnKind) -> None:
    assert kind_of(type_string) is kind


def test_kind_of_ignores_case_and_surrounding_space() -> None:
    assert kind_of("  BIGINT ") is ColumnKind.NUMERIC
    assert kind_of("Array<String>") is ColumnKind.ARRAY


def test_malformed_decimal_and_varchar_are_not_misread() -> None:
    assert kind_of("decimal(a,b)") is ColumnKind.OTHER
    assert kind_of("varchar") is ColumnKind.OTHER


def test_kinds_serialise_as_their_plain_string_value() -> None:
    for kind in ColumnKind:
        assert json.loads(json.dumps(kind)) == kind.value
        assert ColumnKind(kind.value) is kind


@pytest.mark.parametrize(
    ("type_string", "integral", "fractional", "decimal"),
    [
        ("int", True, False, False),
        ("long", True, False, False),
        ("double", False, True, False),
        ("float", False, True, False),
        ("decimal(5,2)", False, False, True),
        ("string", False, False, False),
    ],
)
def test_numeric_subtype_predicates(type_string: str, integral: bool, fractional: bool, decimal: bool) -> None:
    assert is_integral(type_string) is integral
    assert is_fractional(type_string) is fractional
    assert is_decimal(type_string) is decimal


@pytest.mark.parametrize(
    ("type_string", "limbs"),
    [
        ("tinyint", True),
        ("bigint", True),
        ("decimal", True),  # decimal(10,0)
        ("decimal(15,2)", True),
        ("decimal(15,15)", True),
        ("decimal(16,2)", False),
        ("decimal(38,18)", False),
        ("double", False),
        ("string", False),
    ],
)
def test_only_integers_and_decimals_up_to_precision_15_have_an_overflow_free_limb_sum(
    type_string: str, limbs: bool
) -> None:
    assert has_limb_sum(type_string) is limbs


@pytest.mark.parametrize(
    ("type_string", "variant"),
    [
        ("variant", True),
        ("VARIANT", True),
        ("array<variant>", True),
        ("map<string,variant>", True),
        ("struct<x:variant,y:int>", True),
        ("struct<y:int,x:array<struct<z:variant>>>", True),
        ("struct<variant:variant>", True),
        # A field named "variant" is not the type.
        ("struct<variant:int>", False),
        ("struct<a:int,variant:string>", False),
        ("map<string,int>", False),
        ("string", False),
        ("varchar(10)", False),
    ],
)
def test_variant_is_found_as_a_type_anywhere_in_a_nested_type_but_not_as_a_field_name(
    type_string: str, variant: bool
) -> None:
    assert has_variant(type_string) is variant


@pytest.mark.parametrize(
    ("type_string", "groupable"),
    [
        ("int", True),
        ("string", True),
        ("array<struct<a:int,b:string>>", True),
        ("map<string,int>", False),
        ("struct<m:map<string,int>>", False),
        ("array<map<string,int>>", False),
        ("variant", False),
        ("struct<x:variant>", False),
    ],
)
def test_maps_and_variants_anywhere_in_a_type_make_it_ungroupable(type_string: str, groupable: bool) -> None:
    assert is_groupable(type_string) is groupable


def _written(node: TypeNode) -> str:
    """The type string a parsed type stands for, written back as simpleString writes it."""
    if node.name == "array":
        return f"array<{_written(node.children[0])}>"
    if node.name == "map":
        return f"map<{_written(node.children[0])},{_written(node.children[1])}>"
    if node.name == "struct":
        return "struct<" + ",".join(f"{n}:{_written(c)}" for n, c in zip(node.fields, node.children)) + ">"
    return node.name


@pytest.mark.parametrize(
    "type_string",
    [
        "int",
        "decimal(38,18)",
        "interval day to second",
        "time(6)",
        "array<map<string,array<variant>>>",
        "map<int,map<string,struct<a:int,b:timestamp_ntz>>>",
        "struct<>",
        # Names holding ",", "<", ">", spaces, dots and backticks are read whole.
        "struct<a,b:int,c>d:struct<x y:map<string,int>>,e.f`g:array<int>>",
        "struct<int:int,map:map<int,int>,struct:string>",
        # Atomic types with parentheses, commas and spaces of their own.
        "struct<a:decimal(10,2),b:string collate utf8_lcase,c:varchar(3),d:interval year to month,e:void>",
    ],
)
def test_type_strings_parse_into_parts_that_write_back_the_same_text(type_string: str) -> None:
    node = parse_type(type_string)
    assert node is not None
    assert _written(node) == type_string


def test_parsed_struct_fields_keep_their_names_and_case() -> None:
    node = parse_type("map<string,struct<Ab:int,b c:array<variant>>>")
    assert node is not None
    inner = node.children[1]
    assert (inner.name, inner.fields) == ("struct", ("Ab", "b c"))
    assert [c.name for c in inner.children] == ["int", "array"]


@pytest.mark.parametrize(
    "type_string",
    [
        # A name holding ":" could be split in more than one place.
        "struct<a:b:int>",
        "struct<x:int,y:z:map<int,int>>",
        "struct<:int>",
        "array<int",
        "array<int>>",
        "map<int>",
        "struct<a:int,>",
        "udt",
        "geometry(4326)",
        "struct<a:int ,b:int>",
        "array<intervals>",
    ],
)
def test_type_strings_that_cannot_be_read_back_unambiguously_give_none(type_string: str) -> None:
    assert parse_type(type_string) is None


@pytest.mark.parametrize(
    ("type_string", "expected"),
    [
        ("array<double>", True),
        ("struct<a:int,b:array<map<int,int>>>", True),
        ("array<variant>", True),
        ("map<string,interval>", True),
        ("array<int>", False),
        # A map of atomic keys and values is read as its sorted entries instead.
        ("map<string,int>", False),
        ("struct<a:string,b:array<date>>", False),
        # Atomic types are read as they are, nested or not.
        ("double", False),
        ("variant", False),
        # The type string cannot be read back, so there is nothing to rebuild from.
        ("struct<a:b:map<int,int>>", False),
    ],
)
def test_nested_values_holding_maps_variants_intervals_or_floats_read_rebuilt(type_string: str, expected: bool) -> None:
    assert reads_rebuilt(type_string) is expected
