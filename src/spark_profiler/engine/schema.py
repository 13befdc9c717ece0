# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Spark schema -> the pure :class:`ColumnInfo` list, with struct fields flattened."""

from __future__ import annotations

import difflib
from typing import Any, List, Optional, Sequence, Tuple

from ..errors import ConfigError
from ..kinds import ColumnKind, kind_of
from ..metrics.base import ColumnInfo
from ..model import SchemaField

__all__ = ["flatten", "select_columns"]


def _type_string(data_type: Any) -> str:
    return str(data_type.simpleString())


def select_columns(names: Sequence[str], wanted: Optional[Sequence[str]]) -> List[int]:
    """Positions of the requested top-level columns; unknown names raise :class:`ConfigError`."""
    if wanted is None:
        return list(range(len(names)))
    if isinstance(wanted, str):
        wanted = [wanted]
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
    seen = set()
    positions = []
    for w in wanted:
        if w in seen:
            continue
        seen.add(w)
        positions.append(names.index(w))
    return positions


def flatten(
    fields: Sequence[Any], internal_names: Sequence[str], max_depth: int
) -> Tuple[List[ColumnInfo], List[Tuple[str, ...]], List[SchemaField]]:
    """Turn top-level fields into columns, descending into structs up to ``max_depth``.

    Returns the columns (with internal paths), the user-facing path of each column, and
    the schema of the selected top-level fields.
    """
    columns: List[ColumnInfo] = []
    user_paths: List[Tuple[str, ...]] = []
    schema = [SchemaField(f.name, _type_string(f.dataType), bool(f.nullable)) for f in fields]

    def walk(field: Any, internal: Tuple[str, ...], user: Tuple[str, ...], nullable: bool, depth: int) -> None:
        t = _type_string(field.dataType)
        kind = kind_of(t)
        columns.append(ColumnInfo(".".join(user), internal, t, kind, nullable))
        user_paths.append(user)
        if kind is ColumnKind.STRUCT and depth < max_depth:
            for child in field.dataType.fields:
                walk(child, (*internal, child.name), (*user, child.name), nullable or bool(child.nullable), depth + 1)

    for f, internal_name in zip(fields, internal_names):
        walk(f, (internal_name,), (f.name,), bool(f.nullable), 0)
    return columns, user_paths, schema
