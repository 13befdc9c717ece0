# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Spark schema -> the pure :class:`ColumnInfo` list, with struct fields flattened."""

from __future__ import annotations

import difflib
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from ..errors import ConfigError, UnsupportedInputError
from ..kinds import ColumnKind, has_spatial, kind_of
from ..metrics.base import ColumnInfo
from ..model import SchemaField
from .compile import quote_ident, sql_string

__all__ = ["binary_collation", "flatten", "select_columns", "spatial_readable"]


def _type_string(data_type: Any) -> str:
    return str(data_type.simpleString())


def binary_collation(data_type: Any) -> Optional[Any]:
    """``data_type`` with every collated string made a plain string, or None if it has none.

    Spark 4's collated strings (``string collate UNICODE_CI``) are profiled by the
    characters they store, as plain (``UTF8_BINARY``) strings: ``'a'`` and ``'A'`` are two
    values, as they are two values in the data. It also lets every string function run,
    since Spark refuses ``LIKE`` and ``rlike`` on case- and accent-insensitive collations.
    """
    from pyspark.sql import types as T

    if isinstance(data_type, T.StringType):
        return T.StringType() if _type_string(data_type) != "string" else None
    if isinstance(data_type, T.ArrayType):
        element = binary_collation(data_type.elementType)
        return None if element is None else T.ArrayType(element, data_type.containsNull)
    if isinstance(data_type, T.MapType):
        key, value = binary_collation(data_type.keyType), binary_collation(data_type.valueType)
        if key is None and value is None:
            return None
        return T.MapType(key or data_type.keyType, value or data_type.valueType, data_type.valueContainsNull)
    if isinstance(data_type, T.StructType):
        changed = [binary_collation(f.dataType) for f in data_type.fields]
        if all(c is None for c in changed):
            return None
        return T.StructType(
            [T.StructField(f.name, c or f.dataType, f.nullable, f.metadata) for f, c in zip(data_type.fields, changed)]
        )
    return None


def spatial_readable(x: str, data_type: Any, depth: int = 0) -> Optional[str]:
    """SQL reading every GEOMETRY and GEOGRAPHY value in ``x`` as a struct, or None if it has none.

    Spark 4.1 added these types but cannot hash, group, cast or write them as JSON, so
    each value is read as ``struct<srid: int, wkb: binary>``: its spatial reference and
    its well-known binary, which together tell values apart. Arrays, maps and structs are
    rebuilt around them, keeping their nulls.
    """
    type_string = _type_string(data_type)
    if not has_spatial(type_string):
        return None
    from pyspark.sql import types as T

    def unless_null(expression: str) -> str:
        return f"CASE WHEN {x} IS NULL THEN NULL ELSE {expression} END"

    if isinstance(data_type, T.ArrayType):
        var = f"_sp_e{depth}"
        return f"transform({x}, {var} -> {spatial_readable(var, data_type.elementType, depth + 1)})"
    if isinstance(data_type, T.MapType):
        key, value = f"_sp_k{depth}", f"_sp_v{depth}"
        out = x
        key_sql = spatial_readable(key, data_type.keyType, depth + 1)
        if key_sql is not None:
            out = f"transform_keys({out}, ({key}, {value}) -> {key_sql})"
        value_sql = spatial_readable(value, data_type.valueType, depth + 1)
        if value_sql is not None:
            out = f"transform_values({out}, ({key}, {value}) -> {value_sql})"
        return out
    if isinstance(data_type, T.StructType):
        fields = []
        for f in data_type.fields:
            field = f"{x}.{quote_ident(f.name)}"
            fields.append(f"{sql_string(f.name)}, {spatial_readable(field, f.dataType, depth + 1) or field}")
        return unless_null(f"named_struct({', '.join(fields)})")
    return unless_null(f"named_struct('srid', st_srid({x}), 'wkb', st_asbinary({x}))")


def select_columns(names: Sequence[str], wanted: Optional[Iterable[str]]) -> List[int]:
    """Positions of the requested top-level columns; unknown names raise :class:`ConfigError`.

    ``wanted`` is one name or any iterable of names (read once, so a generator works).
    """
    if wanted is None:
        return list(range(len(names)))
    # Callers without type checking pass ints, sets and generators: check what arrived.
    given: Any = wanted
    if isinstance(given, str):
        given = [given]
    try:
        items: List[Any] = list(given)
    except TypeError:
        raise ConfigError(
            f"columns= got {type(given).__name__} {given!r}; pass a column name or a list of names"
        ) from None
    not_names = [w for w in items if not isinstance(w, str)]
    if not_names:
        shown = ", ".join(f"{w!r} ({type(w).__name__})" for w in not_names[:5])
        raise ConfigError(f"columns= holds {shown}, which are not column names; pass each name as a string")
    wanted = items
    unknown = [w for w in wanted if w not in names]
    if unknown:
        hints = []
        for u in unknown:
            close = difflib.get_close_matches(u, names, n=3, cutoff=0.5)
            close += [n for n in names if n.lower() == u.lower() and n not in close]
            hints.append(f"{u!r} (closest: {', '.join(repr(c) for c in close)})" if close else repr(u))
        raise ConfigError(
            f"unknown column(s): {'; '.join(hints)}. Available columns: {', '.join(repr(n) for n in names[:30])}"
            + (" ..." if len(names) > 30 else "")
        )
    repeated = [w for w in dict.fromkeys(wanted) if names.count(w) > 1]
    if repeated:
        raise UnsupportedInputError(
            "the DataFrame has more than one column named "
            + ", ".join(f"{w!r} ({_positions(names, w)})" for w in repeated)
            + ", so the selection is ambiguous. "
            + _RENAME_HINT
        )
    seen = set()
    positions = []
    for w in wanted:
        if w in seen:
            continue
        seen.add(w)
        positions.append(names.index(w))
    return positions


_RENAME_HINT = (
    "Give every column its own name before profiling, for example "
    'df.toDF(*[f"{n}_{i}" for i, n in enumerate(df.columns)]) or aliases on the sides of a join.'
)


def _positions(names: Sequence[str], name: str) -> str:
    return " and ".join(f"df.columns[{i}]" for i, n in enumerate(names) if n == name)


def _origin(user: Tuple[str, ...], position: int) -> str:
    if len(user) == 1:
        return f"df.columns[{position}]"
    return f"field {user[-1]!r} of struct {'.'.join(user[:-1])!r}"


def _check_unique(
    columns: Sequence[ColumnInfo], user_paths: Sequence[Tuple[str, ...]], positions: Sequence[int]
) -> None:
    """Refuse two profiled columns of one name: a profile, its alerts and reports key on it.

    Repeated top-level names (after a join) and a struct field flattened onto the name
    of a top-level column (``a.b`` beside struct ``a`` with field ``b``) both clash.
    """
    by_name: Dict[str, List[Tuple[Tuple[str, ...], int]]] = {}
    for column, user, position in zip(columns, user_paths, positions):
        by_name.setdefault(column.name, []).append((user, position))
    clashes = {name: found for name, found in by_name.items() if len(found) > 1}
    if not clashes:
        return

    def repeated_field(found: List[Tuple[Tuple[str, ...], int]]) -> bool:
        # One struct holding two fields of one name (Spark allows it): both have one path.
        return len(found[0][0]) > 1 and all(user == found[0][0] for user, _ in found)

    def detail(name: str, found: List[Tuple[Tuple[str, ...], int]]) -> str:
        if repeated_field(found):
            user = found[0][0]
            return f"{name!r}: struct {'.'.join(user[:-1])!r} has {len(found)} fields named {user[-1]!r}"
        return f"{name!r}: {' and '.join(_origin(user, position) for user, position in found)}"

    details = "; ".join(detail(name, found) for name, found in clashes.items())
    hints = []
    if not all(repeated_field(found) for found in clashes.values()):
        hints.append(_RENAME_HINT)
    if any(repeated_field(found) for found in clashes.values()):
        hints.append(
            "Fields repeated within one struct can be renamed by casting the struct to a struct"
            " type whose fields have distinct names (Spark casts struct fields in order), for example"
            ' df.withColumn("s", df["s"].cast("struct<a:int,a_2:int>")).'
        )
    if any(len(user) > 1 for found in clashes.values() for user, _ in found):
        hints.append("A struct field can also be left unflattened with a lower max_struct_depth.")
    raise UnsupportedInputError(
        f"columns share a name, so a profile could not tell them apart ({details}). {' '.join(hints)}"
    )


def flatten(
    fields: Sequence[Any],
    internal_names: Sequence[str],
    max_depth: int,
    top_positions: Optional[Sequence[int]] = None,
) -> Tuple[List[ColumnInfo], List[Tuple[str, ...]], List[SchemaField]]:
    """Turn top-level fields into columns, descending into structs up to ``max_depth``.

    Returns the columns (with internal paths), the user-facing path of each column, and
    the schema of the selected top-level fields. ``top_positions`` are the fields'
    positions in the DataFrame, used to name clashing columns.

    Raises:
        UnsupportedInputError: two columns would be profiled under one name.
    """
    columns: List[ColumnInfo] = []
    user_paths: List[Tuple[str, ...]] = []
    # The DataFrame position of each column's top-level field, to name clashing columns.
    origins: List[int] = []
    tops = list(range(len(fields))) if top_positions is None else list(top_positions)
    schema = [SchemaField(f.name, _type_string(f.dataType), bool(f.nullable)) for f in fields]

    def walk(field: Any, internal: Tuple[str, ...], user: Tuple[str, ...], nullable: bool, top: int) -> None:
        t = _type_string(field.dataType)
        kind = kind_of(t)
        columns.append(ColumnInfo(".".join(user), internal, t, kind, nullable))
        user_paths.append(user)
        origins.append(top)
        if kind is ColumnKind.STRUCT and len(user) <= max_depth:
            for child in field.dataType.fields:
                walk(child, (*internal, child.name), (*user, child.name), nullable or bool(child.nullable), top)

    for f, internal_name, top in zip(fields, internal_names, tops):
        walk(f, (internal_name,), (f.name,), bool(f.nullable), top)
    _check_unique(columns, user_paths, origins)
    return columns, user_paths, schema
