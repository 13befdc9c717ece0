# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Spark type -> column kind. Pure: works on Spark's type strings, never imports pyspark.

The engine hands over ``DataType.simpleString()`` values such as ``"int"``,
``"decimal(38,18)"``, ``"array<string>"`` or ``"timestamp_ntz"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Optional, Tuple

__all__ = ["ColumnKind", "kind_of"]


class ColumnKind(str, Enum):
    """The family of statistics a column gets."""

    NUMERIC = "numeric"
    STRING = "string"
    BOOLEAN = "boolean"
    TEMPORAL = "temporal"
    BINARY = "binary"
    ARRAY = "array"
    MAP = "map"
    STRUCT = "struct"
    NULL = "null"
    OTHER = "other"


_INTEGRAL = {"tinyint", "smallint", "int", "bigint", "byte", "short", "integer", "long"}
_FRACTIONAL = {"float", "double", "real"}
_TEMPORAL = {"date", "timestamp", "timestamp_ntz", "timestamp_ltz"}
_DECIMAL = re.compile(r"^decimal(\(\d+,\s*-?\d+\))?$")
# TIME(p): a time of day without a date or zone (Spark 4.1 and later).
_TIME = re.compile(r"^time(\(\d\))?$")
# Spark 4 writes a collated string as "string collate UTF8_LCASE".
_STRINGY = re.compile(r"^(string(\s+collate\s+\S+)?|varchar\(\d+\)|char\(\d+\))$")


def kind_of(type_string: str) -> ColumnKind:
    """Return the :class:`ColumnKind` of a Spark type string.

    >>> kind_of("decimal(38,18)").value
    'numeric'
    >>> kind_of("array<int>").value
    'array'
    >>> kind_of("string collate UNICODE_CI").value
    'string'
    >>> kind_of("time(6)").value
    'temporal'
    """
    t = type_string.strip().lower()
    if t in _INTEGRAL or t in _FRACTIONAL or _DECIMAL.match(t):
        return ColumnKind.NUMERIC
    if _STRINGY.match(t):
        return ColumnKind.STRING
    if t == "boolean":
        return ColumnKind.BOOLEAN
    if t in _TEMPORAL or _TIME.match(t):
        return ColumnKind.TEMPORAL
    if t == "binary":
        return ColumnKind.BINARY
    if t.startswith("array<"):
        return ColumnKind.ARRAY
    if t.startswith("map<"):
        return ColumnKind.MAP
    if t.startswith("struct<"):
        return ColumnKind.STRUCT
    if t in ("void", "null"):
        return ColumnKind.NULL
    return ColumnKind.OTHER


def is_integral(type_string: str) -> bool:
    """Return True for Spark's integral types."""
    return type_string.strip().lower() in _INTEGRAL


def is_fractional(type_string: str) -> bool:
    """Return True for float/double (the types that can hold NaN and infinity)."""
    return type_string.strip().lower() in _FRACTIONAL


def is_decimal(type_string: str) -> bool:
    """Return True for decimal types."""
    return bool(_DECIMAL.match(type_string.strip().lower()))


def is_time(type_string: str) -> bool:
    """Return True for Spark's TIME type: a time of day, without a date or time zone.

    >>> is_time("time(6)"), is_time("timestamp")
    (True, False)
    """
    return bool(_TIME.match(type_string.strip().lower()))


#: Widest decimal whose exact sum the engine adds up as bigint limbs of its unscaled value.
#: The unscaled value goes through a double, which holds it exactly below 10**15.
MAX_LIMB_DECIMAL = 15


# VARIANT as a type in a type string: alone, or as an element, value or field type (after
# "<", "," or ":"), never a field named "variant" (which is followed by ":").
_VARIANT = re.compile(r"(?:^|[<,:])\s*variant\s*(?=$|[>,])")


def has_variant(type_string: str) -> bool:
    """Return True when the type is or contains Spark's VARIANT (Spark 4.0 and later).

    Spark can neither hash nor group nor compare variant values, so the engine reads
    them as their JSON text wherever it needs one of those.

    >>> has_variant("variant"), has_variant("array<variant>"), has_variant("struct<variant:int>")
    (True, True, False)
    """
    return bool(_VARIANT.search(type_string.strip().lower()))


# GEOMETRY(srid) and GEOGRAPHY(srid) (Spark 4.1 and later) as a type, not a field name.
_SPATIAL = re.compile(r"(?:^|[<,:])\s*(?:geometry|geography)\s*\(")


def has_spatial(type_string: str) -> bool:
    """Return True when the type is or contains Spark's GEOMETRY or GEOGRAPHY.

    Spark can neither hash, cast nor write such values as JSON, so the engine reads each
    one as its SRID and well-known binary (see ``engine.schema.spatial_readable``).

    >>> has_spatial("geometry(0)"), has_spatial("array<geography(4326)>"), has_spatial("struct<geometry:int>")
    (True, True, False)
    """
    return bool(_SPATIAL.search(type_string.strip().lower()))


def is_sortable_map(type_string: str) -> bool:
    """Return True for a map type whose entries Spark can sort: no map or variant inside.

    The engine reads such a map as its entries sorted by key, so two maps holding the
    same entries read alike whatever order they were built in.

    >>> is_sortable_map("map<string,int>"), is_sortable_map("map<string,map<string,int>>")
    (True, False)
    >>> is_sortable_map("map<string,variant>"), is_sortable_map("array<map<int,int>>")
    (False, False)
    """
    t = type_string.strip().lower()
    return t.startswith("map<") and t.count("map<") == 1 and not has_variant(t)


def is_groupable(type_string: str) -> bool:
    """Return True when every supported Spark version can group values of this type.

    Spark 3.x refuses a map anywhere in a grouping key (inside a struct or an array too),
    and no version groups variant values.

    >>> is_groupable("struct<a:int,b:array<string>>"), is_groupable("array<map<string,int>>")
    (True, False)
    """
    return "map<" not in type_string.lower() and not has_variant(type_string)


@dataclass(frozen=True)
class TypeNode:
    """A parsed Spark type: ``array``, ``map`` or ``struct`` with its parts, or an atomic type.

    ``children`` are the element type (array), the key and value types (map) or the field
    types (struct); ``fields`` are a struct's field names, as written.
    """

    name: str
    children: Tuple[TypeNode, ...] = ()
    fields: Tuple[str, ...] = ()


# Atomic types that kind_of files under OTHER; the rest are the atomic kinds it knows.
_OTHER_ATOMIC = re.compile(
    r"variant|interval(?: (?:year|month|day|hour|minute|second)(?: to (?:year|month|day|hour|minute|second))?)?"
)
_ATOMIC_KINDS = frozenset(ColumnKind) - {ColumnKind.ARRAY, ColumnKind.MAP, ColumnKind.STRUCT, ColumnKind.OTHER}


def _atomic(s: str, i: int) -> Optional[Tuple[TypeNode, int]]:
    """The atomic type starting at ``s[i]``: its text up to the next ``,`` or ``>``.

    A comma inside parentheses (``decimal(10,2)``) belongs to the type.
    """
    end, depth = i, 0
    while end < len(s) and (depth or s[end] not in ",>"):
        depth += {"(": 1, ")": -1}.get(s[end], 0)
        end += 1
    token = s[i:end].lower()
    known = kind_of(token) in _ATOMIC_KINDS or _OTHER_ATOMIC.fullmatch(token) is not None
    return (TypeNode(token), end) if known and token == token.strip() else None


def _parse(s: str, i: int) -> Optional[Tuple[TypeNode, int]]:
    """The type starting at ``s[i]`` and the position after it, or None."""
    low = s[i : i + 7].lower()
    if low.startswith(("array<", "map<")):
        arity = 1 if low.startswith("array<") else 2
        i += len("array<") if arity == 1 else len("map<")
        children = []
        for n in range(arity):
            parsed = _parse(s, i)
            if parsed is None or not s.startswith(",>"[n == arity - 1], parsed[1]):
                return None
            children.append(parsed[0])
            i = parsed[1] + 1
        return TypeNode("array" if arity == 1 else "map", tuple(children)), i
    if low.startswith("struct<"):
        i += len("struct<")
        if s.startswith(">", i):
            return TypeNode("struct"), i + 1
        fields, types = [], []
        while True:
            colon = s.find(":", i)
            if colon <= i:
                return None
            parsed = _parse(s, colon + 1)
            if parsed is None or parsed[1] >= len(s) or s[parsed[1]] not in ",>":
                return None
            fields.append(s[i:colon])
            types.append(parsed[0])
            i = parsed[1] + 1
            if s[parsed[1]] == ">":
                return TypeNode("struct", tuple(types), tuple(fields)), i
    return _atomic(s, i)


def _struct_fields(node: TypeNode) -> int:
    return len(node.fields) + sum(_struct_fields(c) for c in node.children)


# A profile asks about each nested column several times; a process sees few schemas.
@lru_cache(maxsize=4096)
def parse_type(type_string: str) -> Optional[TypeNode]:
    """The parsed type, or None when its text cannot be read back unambiguously.

    simpleString writes field names unquoted, so a name holding ``:`` could be read more
    than one way: such types, empty field names and types not known here give None.

    >>> parse_type("map<string,struct<a:int,b c:array<variant>>>").children[1].fields
    ('a', 'b c')
    >>> parse_type("struct<a:b:int>") is None
    True
    """
    s = type_string.strip()
    parsed = _parse(s, 0)
    if parsed is None or parsed[1] != len(s):
        return None
    node = parsed[0]
    # Each field's ":" and no other: a name holding one could have been split elsewhere.
    if s.count(":") != _struct_fields(node) or _has_empty_field(node):
        return None
    return node


def _has_empty_field(node: TypeNode) -> bool:
    return "" in node.fields or any(_has_empty_field(c) for c in node.children)


def needs_rebuilding(node: TypeNode) -> bool:
    """Whether values of this type must be rebuilt to read alike when they are equal.

    Maps (their entry order), variants (Spark cannot compare them), calendar intervals
    (Spark cannot sort them) and floating point (-0.0 and 0.0) need it, and anything
    holding one of them.
    """
    if node.name in ("map", "variant", "interval") or is_fractional(node.name):
        return True
    return any(needs_rebuilding(c) for c in node.children)


def reads_rebuilt(type_string: str) -> bool:
    """Whether the engine reads values of this nested type as a rebuilt value.

    True for an array, map or struct holding a map, a variant, a calendar interval or
    floating point, when its type string can be read back (:func:`parse_type`): the
    engine then reads each value as JSON text that is one per value (see
    ``engine.compile.canonical_text``).

    >>> reads_rebuilt("array<double>"), reads_rebuilt("array<int>"), reads_rebuilt("double")
    (True, False, False)
    >>> reads_rebuilt("struct<a:b:map<int,int>>")
    False
    """
    if kind_of(type_string) not in (ColumnKind.ARRAY, ColumnKind.MAP, ColumnKind.STRUCT):
        return False
    node = parse_type(type_string)
    return node is not None and any(needs_rebuilding(c) for c in node.children)


def decimal_precision_scale(spark_type: str) -> Tuple[int, int]:
    """``(precision, scale)`` of a ``decimal(p,s)`` type string (``decimal`` is (10, 0))."""
    t = spark_type.strip().lower()
    if "(" not in t:
        return (10, 0)
    p, _, sc = t[t.index("(") + 1 : t.rindex(")")].partition(",")
    return (int(p), int(sc or 0))


def has_limb_sum(type_string: str) -> bool:
    """Return True where the engine's exact sum is a sum of bigint limbs.

    That is integers and decimals up to precision :data:`MAX_LIMB_DECIMAL`. Such a sum
    cannot overflow before 2**42 rows, so it is never missing when there are values, and
    no double-precision sum is needed beside it (as a fallback or for the mean).
    """
    t = type_string.strip().lower()
    return is_integral(t) or (is_decimal(t) and decimal_precision_scale(t)[0] <= MAX_LIMB_DECIMAL)
