# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Aggregate requests -> Spark SQL expressions.

Expressions are generated as SQL text and handed to ``F.expr``: SQL functions exist on
every Spark from 3.0 (many Python wrappers do not: ``percentile_approx`` arrived in 3.1,
``count_if`` in 3.5), and the text is the same for classic Spark and Spark Connect.
Identifiers are always backtick-quoted, so column names with dots, spaces, backticks or
names of SQL functions are safe. This module is pure string building.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from ..kinds import (
    ColumnKind,
    TypeNode,
    decimal_precision_scale,
    has_limb_sum,
    has_spatial,
    has_variant,
    is_decimal,
    is_fractional,
    is_integral,
    is_sortable_map,
    is_time,
    kind_of,
    needs_rebuilding,
    parse_type,
    reads_rebuilt,
)
from ..metrics.base import Agg
from .capabilities import Capabilities

#: Where an interpreted aggregate's argument goes in its template (see
#: :meth:`SqlCompiler.interpreted`); no SQL the compiler writes contains it otherwise.
ARG = "\x00arg\x00"

__all__ = ["SqlCompiler", "quote_path", "sql_double", "sql_string"]

#: Decimals up to this precision are grouped on their unscaled value as a bigint.
_MAX_LONG_DECIMAL = 18

_WS_CHARS = ("' '", "char(9)", "char(10)", "char(11)", "char(12)", "char(13)")
_WS = f"concat({', '.join(_WS_CHARS)})"


def quote_ident(name: str) -> str:
    """Backtick-quote one identifier."""
    return "`" + name.replace("`", "``") + "`"


def quote_path(path: Sequence[str]) -> str:
    """Quote a column path: ``("a.b", "c")`` -> ```a.b`.`c```."""
    return ".".join(quote_ident(p) for p in path)


def sql_string(text: str) -> str:
    """A SQL string literal (Spark's default parser unescapes backslashes)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def sql_double(value: float) -> str:
    """A double literal that round-trips exactly, including infinities."""
    return f"CAST({sql_string(repr(float(value)).replace('inf', 'Infinity'))} AS DOUBLE)"


def iso_pattern(spark_type: str) -> str:
    """Spark datetime pattern giving ISO-8601 text (with the session offset for timestamps)."""
    t = spark_type.strip().lower()
    if t == "date":
        return "yyyy-MM-dd"
    if t == "timestamp_ntz":
        return "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"
    # Five x: the offset with its seconds when it has any (local mean time before 1900,
    # e.g. -04:56:02 in New York), so the text names the same instant as the value.
    return "yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxxxx"


def _reads_as_json(spark_type: str) -> bool:
    """Whether the engine hashes and groups values of this type through their JSON text.

    Arrays and structs: Spark's hash skips their nulls and their cast text is ambiguous
    (see :meth:`SqlCompiler.distinct_value`); variants: Spark cannot hash them at all;
    geometries and geographies: the engine reads them as a struct of SRID and binary,
    whose cast text is not one per value.
    """
    t = spark_type.strip().lower()
    return t.startswith(("array<", "struct<")) or has_variant(t) or has_spatial(t)


def sorted_entries(x: str) -> str:
    """A map's entries, as an array of (key, value) structs sorted by key.

    Spark cannot hash or (before 4.0) group maps, and a map's own JSON keeps the order its
    entries were built in, so ``{a: 1, b: 2}`` and ``{b: 2, a: 1}`` would read as two
    values; their sorted entries are one. For maps Spark can sort
    (:func:`~spark_profiler.kinds.is_sortable_map`).
    """
    return f"array_sort(map_entries({x}))"


# An atomic map type: its key and value types, neither holding "<" (a decimal's
# "(p,s)" may hold a comma).
_ATOMIC_MAP = re.compile(r"^map<((?:[^,<>()]|\([^()]*\))+),([^<>]+)>$")


def _hash_family(spark_type: str) -> Optional[str]:
    """How Spark's hash reads an atomic value: as an int, a long or bytes (None: not known here)."""
    t = spark_type.strip().lower()
    if t in ("boolean", "tinyint", "smallint", "int", "date", "float"):
        return "int"
    if t in ("bigint", "timestamp", "timestamp_ntz", "double"):
        return "long"
    if is_decimal(t):
        return "long" if decimal_precision_scale(t)[0] <= _MAX_LONG_DECIMAL else "bytes"
    if t == "binary" or kind_of(t) is ColumnKind.STRING:
        return "bytes"
    return None


def _entries_hash_apart(spark_type: str) -> bool:
    """Whether Spark's hash of a map's sorted entries tells every two such maps apart.

    The hash skips null fields, so a null value drops out of the sequence key, value,
    key, value... When keys and values are read alike (both strings, say),
    ``{a: NULL, b: 'c'}`` and ``{a: 'b', c: NULL}`` both hash as ``a, b, c``. When they
    are read differently, a dropped value leaves a key where a value was, which reads
    differently.
    """
    m = _ATOMIC_MAP.match(spark_type.strip().lower())
    if m is None:
        return False
    key, value = _hash_family(m.group(1)), _hash_family(m.group(2))
    return key is not None and value is not None and key != value


def _canonical(x: str, node: TypeNode, depth: int) -> Optional[str]:
    """``x`` rebuilt so that equal values read alike, or None when they already do.

    Every map inside becomes its entries sorted by key, every variant its JSON text,
    every calendar interval its text and every -0.0 a 0.0 (Spark counts them as one
    value; JSON writes them apart), so the result can be sorted and written as JSON
    whatever the nesting. A null stays null at every level.
    """
    if not needs_rebuilding(node):
        return None
    if node.name == "variant":
        return f"to_json({x})"
    if node.name == "interval":
        # A calendar interval cannot be sorted; its text (months, days, time) is one per value.
        return f"CAST({x} AS STRING)"
    if is_fractional(node.name):
        return SqlCompiler.normalized(x, node.name)
    # One lambda variable per depth: a nested lambda must not shadow the one around it.
    var = f"_cv{depth}"
    if node.name == "array":
        return f"transform({x}, {var} -> {_canonical(var, node.children[0], depth + 1)})"
    if node.name == "map":
        key = _canonical(f"{var}.key", node.children[0], depth + 1)
        value = _canonical(f"{var}.value", node.children[1], depth + 1)
        if key is None and value is None:
            return sorted_entries(x)
        entry = f"named_struct('key', {key or f'{var}.key'}, 'value', {value or f'{var}.value'})"
        # Keys are unique, so the sort never compares values.
        return f"array_sort(transform(map_entries({x}), {var} -> {entry}))"
    fields = [f"{x}.{quote_ident(name)}" for name in node.fields]
    parts = ", ".join(
        f"{sql_string(n)}, {_canonical(f, c, depth) or f}" for n, f, c in zip(node.fields, fields, node.children)
    )
    return f"CASE WHEN {x} IS NULL THEN NULL ELSE named_struct({parts}) END"


def canonical_text(x: str, spark_type: str) -> Optional[str]:
    """JSON text of a nested value, one per value, or None where the engine reads it otherwise.

    Maps inside read in key order, variants as their JSON, calendar intervals as their
    text and -0.0 as 0.0 (see :func:`_canonical`). JSON keeps every null in place, and a
    variant's JSON, itself written as a JSON string, is never a JSON null, so a SQL NULL
    variant and a JSON null differ.

    None for atomic types, for arrays and structs with nothing inside to rebuild, for a
    map whose keys and values need nothing (:func:`hash_input` reads its sorted entries),
    and when the type string cannot be read back (see
    :func:`~spark_profiler.kinds.parse_type`).
    """
    node = parse_type(spark_type) if reads_rebuilt(spark_type) else None
    return None if node is None else f"to_json({_canonical(x, node, 0)})"


def hash_input(x: str, spark_type: str) -> Optional[str]:
    """What HyperLogLog++ and the row hash read in place of a value Spark cannot hash faithfully.

    None when Spark hashes the value itself faithfully. Otherwise an expression that is
    text (JSON) or, for a map whose entries Spark's hash tells apart, an array of sorted
    entries: not always text, so a grouping key that needs text converts it (see
    ``SqlCompiler.key``).

    A map, array or struct with a map, a variant, a calendar interval or floating point
    inside reads as its :func:`canonical_text`. A map of other keys and values reads as
    its sorted entries (:func:`sorted_entries`), hashed as they are when its keys and
    values are atomic and Spark's hash reads them differently (see
    :func:`_entries_hash_apart`); Spark's hash skips nulls, so otherwise the map reads as
    the entries' JSON text, which keeps every null in place. Other maps (whose type cannot be read back), arrays, structs,
    variants, geometries and geographies read as their JSON text (see
    :func:`_reads_as_json`).
    """
    t = spark_type.strip().lower()
    canonical = canonical_text(x, spark_type)
    if canonical is not None:
        return canonical
    if is_sortable_map(t):
        return sorted_entries(x) if _entries_hash_apart(t) else f"to_json({sorted_entries(x)})"
    if t.startswith("map<") or _reads_as_json(t):
        return f"to_json({x})"
    return None


#: Widest integer part and fraction of a decimal that :func:`_split_decimal_sum` sums exactly.
_SPLIT_SUM_INTEGER_DIGITS, _SPLIT_SUM_SCALE = 24, 18


def _split_decimal_sum(x: str, spark_type: str) -> str:
    """An exact sum of a wide decimal that is NULL, not a failed job, when it overflows.

    Spark 3.0 fails the whole job when a decimal sum overflows decimal(38) (see
    ``Capabilities.decimal_sum_overflow_is_null``). The integer parts (``x - x % 1``) and
    the fractions (``x % 1``) are summed apart, each in a decimal(38) with room for
    10**14 rows, and put together as one unscaled integer, whose overflow Spark 3.0
    turns into NULL as it does for any decimal product or sum outside an aggregate. The
    engine then falls back to the labelled double-precision sum. Both parts need room:
    types with more than 24 integer digits or 18 fraction digits keep the plain sum.
    """
    p, sc = decimal_precision_scale(spark_type)
    if p - sc > _SPLIT_SUM_INTEGER_DIGITS or sc > _SPLIT_SUM_SCALE:
        return f"sum({x})"
    if sc == 0:
        return f"sum(CAST({x} AS DECIMAL(38, 0)))"
    ten = f"CAST({10**sc} AS DECIMAL({sc + 1}, 0))"
    whole = f"sum(CAST({x} - {x} % 1 AS DECIMAL(38, 0)))"
    fraction = f"sum(CAST({x} % 1 AS DECIMAL(38, {sc})))"
    unscaled = f"({whole} * {ten} + CAST({fraction} * {ten} AS DECIMAL(38, 0)))"
    return f"CAST(concat(CAST({unscaled} AS STRING), 'E-{sc}') AS DECIMAL(38, {sc}))"


def _seconds_of_day(x: str) -> str:
    """Seconds since midnight of a time or zone-free timestamp, fraction included (double).

    Built from the fields because Spark 4.2 refuses ``date_format`` on a
    TIME, and a zone-free timestamp must keep its face value.
    """
    return f"hour({x}) * 3600.0 + minute({x}) * 60.0 + CAST(date_part('SECOND', {x}) AS DOUBLE)"


class SqlCompiler:
    """Compiles :class:`Agg` requests and second-pass projections for one Spark version."""

    def __init__(self, caps: Capabilities) -> None:
        self.caps = caps

    # -- value expressions -----------------------------------------------------------
    @staticmethod
    def clean(x: str, spark_type: str) -> str:
        """The value with NaN turned into NULL (NaN is reported apart, never as a value)."""
        if is_fractional(spark_type):
            return f"(CASE WHEN isnan({x}) THEN NULL ELSE {x} END)"
        return x

    @staticmethod
    def normalized(x: str, spark_type: str) -> str:
        """The value with -0.0 folded into 0.0, as Spark's grouping does."""
        if is_fractional(spark_type):
            return f"(CASE WHEN {x} = 0 THEN 0 ELSE {x} END)"
        return x

    @staticmethod
    def distinct_value(x: str, spark_type: str) -> str:
        """The value as HyperLogLog++ must see it to tell distinct values apart.

        Spark's hash skips null elements of arrays and null fields of structs, so
        ``[]`` and ``[NULL]``, or ``(1, NULL)`` and ``(NULL, 1)``, would count as one
        value; their JSON text keeps every null in place. Spark cannot hash a variant
        value (or anything holding one) at all; its JSON text stands in for it too. Maps,
        at any depth, read as their entries sorted by key, and -0.0 inside a value as 0.0
        (see :func:`hash_input`).
        """
        return hash_input(x, spark_type) or SqlCompiler.normalized(x, spark_type)

    @staticmethod
    def finite(x: str, spark_type: str) -> str:
        """Predicate: the value is a finite number (not null, not NaN, not infinite)."""
        if is_fractional(spark_type):
            inf = sql_double(float("inf"))
            return f"({x} IS NOT NULL AND NOT isnan({x}) AND {x} <> {inf} AND {x} <> -{inf})"
        return f"({x} IS NOT NULL)"

    def epoch_seconds(self, x: str, spark_type: str) -> str:
        """Seconds since the Unix epoch of a date or timestamp value, since midnight of a time (double)."""
        t = spark_type.strip().lower()
        if is_time(t):
            return f"({_seconds_of_day(x)})"
        if t == "date":
            return f"(CAST(datediff({x}, DATE '1970-01-01') AS DOUBLE) * 86400.0)"
        if t == "timestamp_ntz":
            # Wall-clock seconds as if UTC: a zone-free instant keeps its face value.
            return f"(CAST(datediff(CAST({x} AS DATE), DATE '1970-01-01') AS DOUBLE) * 86400.0 + {_seconds_of_day(x)})"
        if self.caps.has_unix_micros:
            return f"(CAST(unix_micros({x}) AS DOUBLE) / 1000000.0)"
        return f"CAST({x} AS DOUBLE)"

    @staticmethod
    def predicate(name: str, x: str) -> str:
        """SQL for a named row predicate used by ``count_if``."""
        inf = sql_double(float("inf"))
        preds = {
            "zero": f"{x} = 0",
            # NaN sorts above every number in Spark, so it is never < 0.
            "negative": f"{x} < 0",
            "nan": f"isnan({x})",
            "posinf": f"{x} = {inf}",
            "neginf": f"{x} = -{inf}",
            "empty": f"{x} = ''",
            "blank": SqlCompiler._trimmed(x, "="),
            "padded": SqlCompiler._trimmed(x, "<>"),
            "true": f"{x} = true",
            "false": f"{x} = false",
            "empty_collection": f"size({x}) = 0",
        }
        return preds[name]

    @staticmethod
    def _trimmed(x: str, op: str) -> str:
        """Whether a value with whitespace at an end trims to '' (``=``) or not (``<>``).

        A value is blank or padded only if its first or last character is whitespace,
        which ``LIKE 'c%'`` and ``LIKE '%c'`` check in constant time (Spark turns them
        into ``StartsWith``/``EndsWith``). Spark's trim with a character set walks the
        whole value and allocates per call: on lineitem SF1, trimming every value made the
        two counts over its five string columns take 4.4 s, against 2.7 s with the check
        first (1.4 s for a plain count). Inside ``CASE WHEN`` the trim runs only for the
        rare values with whitespace at an end: Spark hoists a repeated subexpression out
        of an aggregate, but not out of a branch that may not run.
        """
        ends = [f"{x} LIKE concat({c}, '%') OR {x} LIKE concat('%', {c})" for c in _WS_CHARS]
        return f"(CASE WHEN {' OR '.join(ends)} THEN trim(BOTH {_WS} FROM {x}) {op} '' ELSE false END)"

    # -- first pass ---------------------------------------------------------------
    def agg(self, a: Agg, columns: Optional[Tuple[str, ...]] = None) -> str:
        """SQL text of one first-pass aggregate."""
        op, t = a.op, a.spark_type
        if op == "count_rows":
            return "count(1)"
        if op in ("row_distinct_approx", "approx_distinct", "quantiles"):
            template, arg = self.interpreted(a)
            return template.replace(ARG, arg)
        if a.column is None:
            raise ValueError(f"aggregate {op!r} needs a column")
        x = quote_path(a.column)
        if op == "count":
            return f"count({x})"
        if op == "count_valid":
            return f"count({self.clean(x, t)})"
        if op == "min":
            return f"min({self.clean(x, t)})"
        if op == "max":
            return f"max({self.clean(x, t)})"
        if op == "min_finite":
            return f"min(CASE WHEN {self.finite(x, t)} THEN {x} END)"
        if op == "max_finite":
            return f"max(CASE WHEN {self.finite(x, t)} THEN {x} END)"
        if op == "sum_double":
            return f"sum(CAST({self.clean(x, t)} AS DOUBLE))"
        if op == "sum_exact":
            return self.exact_sum(x, t)
        if op == "count_if":
            return f"count(CASE WHEN {self.predicate(a.params[0], x)} THEN 1 END)"
        if op == "len_min":
            return f"min(length({x}))"
        if op == "len_max":
            return f"max(length({x}))"
        if op == "len_sum":
            return f"sum(CAST(length({x}) AS BIGINT))"
        if op in ("size_min", "size_max", "size_sum"):
            fn = op.split("_")[1]
            inner = f"CASE WHEN {x} IS NOT NULL THEN size({x}) END"
            return f"{fn}(CAST({inner} AS BIGINT))" if fn == "sum" else f"{fn}({inner})"
        if op == "null_elements":
            return f"sum(CAST(CASE WHEN {x} IS NOT NULL THEN size(filter({x}, e -> e IS NULL)) END AS BIGINT))"
        if op in ("t_min_iso", "t_max_iso"):
            fn = "min" if op == "t_min_iso" else "max"
            if is_time(t):
                # Spark's text of a time is ISO-8601 already; date_format refuses TIME
                # before Spark 4.3.
                return f"CAST({fn}({x}) AS STRING)"
            return f"date_format({fn}({x}), {sql_string(iso_pattern(t))})"
        if op in ("t_min_epoch", "t_max_epoch"):
            # The epoch of the extreme, not the extreme of the epochs: the conversion is
            # monotonic, so both are equal, and Spark then keeps one min(x) buffer for this
            # and for t_min_iso, and converts once per column instead of once per row.
            fn = "min" if op == "t_min_epoch" else "max"
            return self.epoch_seconds(f"{fn}({x})", t)
        if op == "corr":
            (other, other_type) = a.params
            y = quote_path(other)
            return f"corr(CAST({self.clean(x, t)} AS DOUBLE), CAST({self.clean(y, other_type)} AS DOUBLE))"
        raise ValueError(f"unknown aggregate op {op!r}")

    def interpreted(self, a: Agg) -> Tuple[str, str]:
        """An aggregate Spark runs outside generated code, as ``(template, argument)``.

        The aggregate is the template with :data:`ARG` replaced by the argument, which
        may appear more than once. The runner may compute the argument in a projection
        below the aggregate instead, where it is compiled: inside an interpreted
        aggregate, a row hash over every column cost more than the HyperLogLog++ sketch
        it feeds.
        """
        op, t = a.op, a.spark_type
        if op == "row_distinct_approx":
            names, rsd = a.params[0], a.params[1]
            return (f"approx_count_distinct({ARG}, {rsd!r})", f"xxhash64({self.row_hash_args(names, a.params)})")
        if a.column is None:
            raise ValueError(f"aggregate {op!r} needs a column")
        x = quote_path(a.column)
        if op == "approx_distinct":
            return (f"approx_count_distinct({ARG}, {a.params[0]!r})", self.distinct_value(x, t))
        if op == "quantiles":
            probs, accuracy = a.params
            arr = ", ".join(repr(float(p)) for p in probs)
            k = self.caps.quantile_sketch_k(int(accuracy))
            if k is not None:
                return self.kll_quantiles(x, t, k, arr)
            # Spark computes decimal quantiles in double and casts the result back to the
            # column's type, which overflows to NULL near the type's limit: keep the double.
            v = f"CAST({x} AS DOUBLE)" if is_decimal(t) else self.clean(x, t)
            return (f"percentile_approx({ARG}, array({arr}), {int(accuracy)})", v)
        raise ValueError(f"aggregate {op!r} runs in generated code")

    def kll_quantiles(self, x: str, spark_type: str, k: int, probs: str) -> Tuple[str, str]:
        """Quantiles from a KLL sketch, as :meth:`interpreted` returns them.

        Integers go into the bigint sketch, which keeps every value exact; everything
        else (decimals included, as with ``percentile_approx``) into the double sketch,
        with NaN left out. Reading a quantile from an empty sketch is an error in Spark,
        so the sketch's item count guards it: Spark computes the two identical
        aggregates once.
        """
        kind = "bigint" if is_integral(spark_type) else "double"
        v = f"CAST({x} AS BIGINT)" if kind == "bigint" else f"CAST({self.clean(x, spark_type)} AS DOUBLE)"
        sketch = f"kll_sketch_agg_{kind}({ARG}, {k})"
        template = f"CASE WHEN kll_sketch_get_n_{kind}({sketch}) > 0 THEN kll_sketch_get_quantile_{kind}({sketch}, array({probs})) END"
        return template, v

    def exact_sum(self, x: str, spark_type: str) -> str:
        """An exact sum of an integer or decimal column, cheap enough for every pass.

        Spark sums a decimal (or an integer widened to decimal) in arbitrary precision,
        an object per row, which made it the dearest aggregate of pass 1. An integer,
        or a decimal's unscaled integer, is instead split into three 21-bit limbs, each
        summed as a bigint: ``x = hi * 2**42 + mid * 2**21 + lo``. No limb sum can
        overflow before 2**42 rows, and the limbs are put together in exact decimal
        arithmetic once, on the aggregated row.
        """
        t = spark_type.strip().lower()
        if is_integral(t):
            return self._limb_sum(f"CAST({x} AS BIGINT)")
        if not is_decimal(t):
            raise ValueError(f"sum_exact does not apply to {spark_type}")
        if not has_limb_sum(t):
            if self.caps.has_try_sum:
                return f"try_sum({x})"
            if self.caps.decimal_sum_overflow_is_null:
                return f"sum({x})"
            return _split_decimal_sum(x, t)
        _, sc = decimal_precision_scale(t)
        total = self._limb_sum(self.unscaled(x, t))
        if sc == 0:
            return total
        # Back to the column's scale without rounding: the text "<unscaled>E-<scale>".
        return f"CAST(concat(CAST({total} AS STRING), 'E-{sc}') AS DECIMAL(38,{sc}))"

    @staticmethod
    def unscaled(x: str, spark_type: str) -> str:
        """The unscaled integer of a decimal up to precision 15, as a bigint.

        The double nearest ``x``, times ``10**scale``, is within 0.25 of it for
        ``|unscaled| < 10**15``, so rounding to the nearest integer recovers it. Spark
        converts such a decimal to double cheaply, but multiplies decimals through
        arbitrary-precision objects: ``x * 100`` cost 1.16 s over lineitem SF1's four
        decimal(15,2) columns, against 0.70 s for this and 0.46 s for a plain cast.
        """
        t = spark_type.strip().lower()
        if not (is_decimal(t) and has_limb_sum(t)):
            raise ValueError(f"{spark_type} is not a decimal of precision up to 15")
        _, sc = decimal_precision_scale(t)
        return f"CAST(rint(CAST({x} AS DOUBLE) * CAST({10**sc} AS DOUBLE)) AS BIGINT)"

    @staticmethod
    def _limb_sum(v: str) -> str:
        hi = f"CAST(sum(shiftright({v}, 42)) AS DECIMAL(38,0)) * CAST(4398046511104 AS DECIMAL(13,0))"
        mid = f"CAST(sum(shiftright({v}, 21) & 2097151) AS DECIMAL(38,0)) * CAST(2097152 AS DECIMAL(7,0))"
        lo = f"CAST(sum({v} & 2097151) AS DECIMAL(38,0))"
        return f"({hi} + {mid} + {lo})"

    def row_hash_args(self, names: Sequence[str], params: Tuple[object, ...]) -> str:
        """Arguments of the row hash: each column plus its null flag, so (1, NULL) != (NULL, 1)."""
        types: Dict[str, str] = dict(params[2]) if len(params) > 2 else {}  # type: ignore[call-overload]
        parts = []
        for n in names:
            q = quote_ident(n)
            t = str(types.get(n, ""))
            parts.append(f"{self.distinct_value(q, t)}, {q} IS NULL")
        return ", ".join(parts)


def bin_scale(low: float, high: float, bins: int) -> float:
    """A power of two that keeps ``high - low`` finite and the bin width a normal double.

    Spans beyond the double range (``-1e308 .. 1e308``) are halved; spans so small that the
    width underflows (subnormal values) are scaled up. Powers of two scale exactly.
    """
    if high - low == float("inf"):
        return 0.5
    if (high - low) / bins < sys.float_info.min:
        return 2.0**600
    return 1.0


def _bin_sql(value: str, low: float, high: float, bins: int) -> str:
    """0-based equal-width bin of a finite double: ``floor((v - low) / width)``, top edge closed."""
    if high <= low:
        return "0"
    scale = bin_scale(low, high, bins)
    width = (high * scale - low * scale) / bins
    if scale != 1.0:
        value, low = f"({value} * {sql_double(scale)})", low * scale
    raw = f"floor(({value} - {sql_double(low)}) / {sql_double(width)})"
    # Clip before the cast: under ANSI mode an out-of-range cast to INT raises.
    return f"CAST(least({bins - 1}, greatest(0, {raw})) AS INT)"


#: SQL types of the fields of a pass-2 row (the grouping keys, the moment and outlier inputs).
PASS2_TYPES: Dict[str, str] = {
    "c": "INT",
    "t": "INT",
    "b": "INT",
    "k": "STRING",
    "kl": "BIGINT",
    "kd": "DOUBLE",
    "d": "DOUBLE",
    "o": "INT",
}
_NO_KEY = "NULL"


@dataclass(frozen=True)
class Pass2Row:
    """What one column adds to the grouped pass for each input row.

    ``c`` numbers the column and ``t`` the kind of row (see
    :class:`~spark_profiler.engine.planner.Pass2Entry`); ``b`` (a histogram bin) and
    ``k``/``kl``/``kd`` (the value as text, bigint or double) are grouping keys, ``d``
    a shifted value for the moments and ``o`` an outlier flag. Each field is SQL;
    ``"NULL"`` (or ``"0"`` for ``o``) means the row does not use it.

    A ``tally`` row (a sample of a string column too distinct to group) sets a value
    ``k`` but is not grouped on it: its branch counts the pattern matches of the values
    per column. Grouping a sample of distinct values would keep one group per sampled
    value, and send all of them through the window functions that follow.
    """

    c: int
    t: int
    b: str = _NO_KEY
    k: str = _NO_KEY
    kl: str = _NO_KEY
    kd: str = _NO_KEY
    d: str = _NO_KEY
    o: str = "0"
    tally: bool = False

    @property
    def keys(self) -> Tuple[str, ...]:
        """The value fields this row sets, besides ``c`` and ``t``: its grouping keys unless it is a tally."""
        return tuple(n for n in ("b", "k", "kl", "kd") if getattr(self, n) != _NO_KEY)

    @property
    def shape(self) -> Tuple[Tuple[str, ...], bool, bool, bool]:
        """Rows of one shape are grouped together: (keys, has moments, has outliers, is a tally)."""
        return (self.keys, self.d != _NO_KEY, self.o != "0", self.tally)

    def fields(self) -> Tuple[str, ...]:
        """The fields a branch of this row's shape carries, ``c`` first."""
        keys, moments, outliers, _ = self.shape
        return ("c", "t", *keys, *(("d",) if moments else ()), *(("o",) if outliers else ()))

    def sql(self, name: str) -> str:
        """One field as typed SQL."""
        value = str(getattr(self, name))
        return f"CAST({value} AS {PASS2_TYPES[name]})"


@dataclass(frozen=True)
class Pass2Post:
    """Figures of a grouped column derived from each group after grouping.

    A numeric or temporal column grouped on its values needs its histogram bin ``b``,
    deviation ``d`` and outlier flag ``o`` only once per distinct value, since all three
    are functions of the value. Its :class:`Pass2Row` then carries only the key, and
    these SQL expressions over the grouped key (``k``, ``kl``, ``kd``) give the figures,
    with the deviation's powers and the flag weighted by the group's count ``n``.
    """

    c: int
    b: str
    d: str = _NO_KEY
    o: str = "0"


def post_columns(posts: Sequence[Pass2Post]) -> Tuple[Tuple[str, ...], Dict[str, str]]:
    """Apply :class:`Pass2Post` figures to the grouped rows of pass 2.

    Returns the extra fields to add to the grouped rows (``pb``, ``pd``, ``po``) and the
    SQL of ``b``, ``s1``..``s4`` and ``o`` over them: derived for the posts' columns,
    passed through for every other column. The powers are those the branches sum per row.
    """
    names = ("b", "s1", "s2", "s3", "s4", "o")
    if not posts:
        return (), {n: n for n in names}

    def field(name: str, sql_type: str) -> str:
        arms = " ".join(f"WHEN {p.c} THEN {getattr(p, name)}" for p in posts)
        return f"CAST(CASE c {arms} END AS {sql_type}) AS p{name}"

    fields = (field("b", "INT"), field("d", "DOUBLE"), field("o", "BIGINT"))
    ids = ", ".join(str(p.c) for p in posts)
    derived = {
        "b": "pb",
        "s1": "n * pd",
        "s2": "n * (pd * pd)",
        "s3": "n * (pd * pd * pd)",
        "s4": "n * ((pd * pd) * (pd * pd))",
        "o": "n * po",
    }
    return fields, {n: f"CASE WHEN c IN ({ids}) THEN {derived[n]} ELSE {n} END" for n in names}


@dataclass(frozen=True)
class Pass2Branch:
    """Rows of one shape, grouped on only the keys they set.

    The grouped pass unions one branch per shape. Grouping every row on every key
    (text, bigint, double and bin at once) kept Spark off its fast hash map for
    primitive keys; with one branch per shape, a numeric column's bins group on an
    integer and a date column's values on a bigint. The number of shapes is bounded
    (a handful), so the number of shuffles does not grow with the number of columns.
    """

    rows: Tuple[Pass2Row, ...]

    @property
    def keys(self) -> Tuple[str, ...]:
        """The grouping keys of the branch, ``c`` and ``t`` first (only those for a tally)."""
        return ("c", "t") if self.tally else ("c", "t", *self.rows[0].keys)

    @property
    def tally(self) -> bool:
        """Whether the branch counts pattern matches per column instead of grouping values."""
        return self.rows[0].tally

    @property
    def moments(self) -> bool:
        """Whether the branch sums shifted values for the moments."""
        return self.rows[0].shape[1]

    @property
    def outliers(self) -> bool:
        """Whether the branch counts outliers."""
        return self.rows[0].shape[2]

    def scans(self, width: int) -> Tuple[Pass2Branch, ...]:
        """The branch cut into pieces of at most ``width`` rows, each read by a scan of its own.

        The runner unions the scans before the branch's aggregation, so cutting adds
        reads, not shuffles. See :func:`~spark_profiler.engine.planner.pass2_scan_width`
        for why and when.
        """
        if width < 1:
            raise ValueError(f"a scan needs room for at least one row, got width {width}")
        return tuple(Pass2Branch(self.rows[i : i + width]) for i in range(0, len(self.rows), width))

    def projection(self) -> Tuple[str, ...]:
        """SQL of the branch's projection of the input.

        One column per field for a single row; one struct per row (to be exploded) for several.
        """
        names = self.rows[0].fields()
        if len(self.rows) == 1:
            return tuple(f"{self.rows[0].sql(n)} AS {n}" for n in names)
        return tuple(
            "named_struct(" + ", ".join(f"'{n}', {r.sql(n)}" for n in names) + f") AS e{i}"
            for i, r in enumerate(self.rows)
        )

    def explode(self) -> Optional[str]:
        """SQL that turns the per-row structs into rows, or ``None`` for a single row."""
        if len(self.rows) == 1:
            return None
        return "explode(array(" + ", ".join(f"e{i}" for i in range(len(self.rows))) + ")) AS e"

    def condition(self) -> str:
        """Rows with no key carry nothing (a null value, a value outside the sample)."""
        return " OR ".join(f"{k} IS NOT NULL" for k in self.rows[0].keys)

    def aggregates(self, patterns: Sequence[str] = ()) -> Tuple[str, ...]:
        """The count, power sums, outlier count and pattern tallies of each group.

        ``patterns`` are the Java regexes tallied as ``q0``, ``q1`` ...; every branch
        returns those columns, typed alike, but only a tally branch counts them.
        """
        out = ["count(1) AS n"]
        if self.moments:
            out += ["sum(d) AS s1", "sum(d * d) AS s2", "sum(d * d * d) AS s3", "sum((d * d) * (d * d)) AS s4"]
        else:
            out += [f"CAST(NULL AS DOUBLE) AS s{i}" for i in range(1, 5)]
        out.append("sum(o) AS o" if self.outliers else "CAST(0 AS BIGINT) AS o")
        for name, regex in zip(tally_names(patterns), patterns):
            tally = f"count(CASE WHEN k RLIKE {sql_string(regex)} THEN 1 END)" if self.tally else "CAST(NULL AS BIGINT)"
            out.append(f"{tally} AS {name}")
        return tuple(out)

    def output(self, patterns: Sequence[str] = ()) -> Tuple[str, ...]:
        """The common columns every branch returns, so that the branches union."""
        present = self.keys
        keys = [n if n in present else f"CAST(NULL AS {PASS2_TYPES[n]}) AS {n}" for n in ("b", "k", "kl", "kd")]
        return ("c", "t", *keys, "n", "s1", "s2", "s3", "s4", "o", *tally_names(patterns))


def tally_names(patterns: Sequence[str]) -> Tuple[str, ...]:
    """The columns that carry the pattern tallies of every branch, one per regex."""
    return tuple(f"q{i}" for i in range(len(patterns)))


def pass2_branches(rows: Sequence[Pass2Row]) -> Tuple[Pass2Branch, ...]:
    """Gather rows by shape, in the order shapes first appear.

    Raises ``ValueError`` for a row that sets no grouping key: it would add nothing to
    any group, so a figure it was meant to carry would be lost without a trace.
    """
    by_shape: Dict[Tuple[Tuple[str, ...], bool, bool, bool], List[Pass2Row]] = {}
    for r in rows:
        if not r.keys:
            raise ValueError(f"pass-2 row of column {r.c} (kind {r.t}) sets no grouping key")
        by_shape.setdefault(r.shape, []).append(r)
    return tuple(Pass2Branch(tuple(rs)) for rs in by_shape.values())


class Pass2Compiler(SqlCompiler):
    """SQL of the rows the grouped second pass aggregates.

    Values are grouped on typed keys (``kl`` bigint, ``kd`` double, ``k`` text) and turned
    into text only after grouping, on the few grouped rows: formatting every number and
    timestamp of the input as text before the shuffle cost more than the grouping itself.
    """

    def row(
        self,
        c: int,
        t: int,
        b: str = _NO_KEY,
        key: Tuple[str, str, str] = (_NO_KEY, _NO_KEY, _NO_KEY),
        d: str = _NO_KEY,
        o: str = "0",
        tally: bool = False,
    ) -> Pass2Row:
        """One column's row of the grouped pass."""
        k, kl, kd = key
        return Pass2Row(c=c, t=t, b=b, k=k, kl=kl, kd=kd, d=d, o=o, tally=tally)

    def numeric_row(
        self,
        c: int,
        path: Sequence[str],
        spark_type: str,
        hist: Optional[Tuple[float, float, int]],
        shift: Optional[float],
        fences: Optional[Tuple[float, float]],
        scale: float = 1.0,
    ) -> Pass2Row:
        """Histogram bin, shifted and scaled value, and outlier flag of a numeric value.

        For a column not grouped on its values. A grouped column's row carries only its
        key, and :meth:`numeric_post` derives the same figures from each group.
        """
        b, d, o = self._numeric_fields(quote_path(path), spark_type, hist, shift, fences, scale)
        return self.row(c, 0, b=b, d=d, o=o)

    def _numeric_fields(
        self,
        x: str,
        spark_type: str,
        hist: Optional[Tuple[float, float, int]],
        shift: Optional[float],
        fences: Optional[Tuple[float, float]],
        scale: float,
    ) -> Tuple[str, str, str]:
        """SQL of a numeric value's bin, deviation and outlier flag (``b``, ``d``, ``o``).

        The deviation is ``x * scale - shift * scale``: scaling first keeps the
        difference finite for values near the double range (``scale`` is a power of two).
        """
        fin = self.finite(x, spark_type)
        v = f"CAST({x} AS DOUBLE)"
        b = f"CASE WHEN {fin} THEN {_bin_sql(v, *hist) if hist else '0'} END"
        d = "NULL"
        if shift is not None:
            scaled = v if scale == 1.0 else f"({v} * {sql_double(scale)})"
            d = f"CASE WHEN {fin} THEN {scaled} - {sql_double(shift * scale)} END"
        o = "0"
        if fences is not None:
            lo, hi = fences
            o = f"CASE WHEN {fin} AND ({v} < {sql_double(lo)} OR {v} > {sql_double(hi)}) THEN 1 ELSE 0 END"
        return b, d, o

    def numeric_post(
        self,
        c: int,
        spark_type: str,
        hist: Optional[Tuple[float, float, int]],
        shift: Optional[float],
        fences: Optional[Tuple[float, float]],
        scale: float = 1.0,
    ) -> Pass2Post:
        """The bin, deviation and outlier flag of a grouped numeric column, from its keys.

        They are functions of the value, so they are computed once per distinct value
        after grouping instead of for every input row, from the value rebuilt exactly
        from its key (:meth:`key_value`).
        """
        return Pass2Post(c, *self._numeric_fields(self.key_value(spark_type), spark_type, hist, shift, fences, scale))

    def temporal_row(
        self, c: int, path: Sequence[str], spark_type: str, hist: Tuple[float, float, int], group: bool = False
    ) -> Pass2Row:
        """Histogram bin of a date or timestamp, on seconds since the epoch (and its key with ``group``).

        A column grouped on a typed key takes :meth:`value_row` and :meth:`temporal_post`
        instead; one grouped on text (``timestamp_ntz``, timestamps before Spark 3.1)
        keeps its bin in the row.
        """
        x = quote_path(path)
        key = self.key(x, spark_type) if group else ("NULL", "NULL", "NULL")
        return self.row(c, 2, b=self._temporal_bin(x, spark_type, hist), key=key)

    def _temporal_bin(self, x: str, spark_type: str, hist: Tuple[float, float, int]) -> str:
        return f"CASE WHEN {x} IS NOT NULL THEN {_bin_sql(self.epoch_seconds(x, spark_type), *hist)} END"

    def temporal_post(self, c: int, spark_type: str, hist: Tuple[float, float, int]) -> Pass2Post:
        """The histogram bin of a date or timestamp column grouped on a typed key, from its keys."""
        return Pass2Post(c, self._temporal_bin(self.key_value(spark_type), spark_type, hist))

    def typed_key(self, spark_type: str) -> bool:
        """Whether values of this type are grouped on a number rather than on text."""
        t = spark_type.strip().lower()
        if is_integral(t) or is_fractional(t) or t in ("boolean", "date"):
            return True
        if t == "timestamp":
            return self.caps.has_unix_micros
        return is_decimal(t) and decimal_precision_scale(t)[0] <= _MAX_LONG_DECIMAL

    def key(self, x: str, spark_type: str) -> Tuple[str, str, str]:
        """The grouping key ``(k, kl, kd)``: one of them set, injective for the column's type."""
        t = spark_type.strip().lower()
        none = "NULL"
        if not self.typed_key(t):
            if t == "binary":
                return (f"hex({x})", none, none)
            if t == "string":
                return (x, none, none)
            if t in ("timestamp", "timestamp_ntz"):
                return (f"date_format({x}, {sql_string(iso_pattern(t))})", none, none)
            # The type as written: field names keep their case.
            text = hash_input(x, spark_type)
            if text == sorted_entries(x):
                # Text, where hash_input gives the sorted entries themselves.
                text = f"to_json({text})"
            # Cast text is ambiguous for arrays (["a, b"] and ["a", "b"] both read [a, b]);
            # JSON quotes strings and keeps nulls (see distinct_value).
            return (text or f"CAST({x} AS STRING)", none, none)
        if is_fractional(t):
            return (none, none, self.normalized(x, t))
        if t == "boolean":
            return (none, f"CASE WHEN {x} THEN 1 WHEN NOT {x} THEN 0 END", none)
        if t == "date":
            return (none, f"datediff({x}, DATE'1970-01-01')", none)
        if t == "timestamp":
            return (none, f"unix_micros({x})", none)
        if is_decimal(t):
            if has_limb_sum(t):
                return (none, self.unscaled(x, t), none)
            # The unscaled value: exact, since precision <= 18 fits a bigint and the
            # product's precision stays within 38.
            _, sc = decimal_precision_scale(t)
            return (none, f"({x} * CAST({10**sc} AS DECIMAL({sc + 1}, 0)))", none)
        return (none, x, none)

    def key_text(self, spark_type: str) -> str:
        """SQL turning a grouped key ``(k, kl, kd)`` back into the value's text.

        The text equals what casting the value itself would give (the same Spark cast on
        the same value), so keys read the same whichever way they were grouped.
        """
        t = spark_type.strip().lower()
        if not self.typed_key(t):
            return "k"
        if t == "timestamp":
            return f"date_format({self.key_value(t)}, {sql_string(iso_pattern(t))})"
        return f"CAST({self.key_value(t)} AS STRING)"

    def key_value(self, spark_type: str) -> str:
        """SQL rebuilding a grouped value, of the column's own type, from its key.

        Exact: bigint keys hold integers, days, microseconds or a decimal's unscaled
        value; double keys hold the value itself (with -0.0 folded into 0.0, which no
        figure derived from it tells apart); wide decimals are read back from their text.
        """
        t = spark_type.strip().lower()
        if not self.typed_key(t):
            if is_decimal(t):
                p, sc = decimal_precision_scale(t)
                return f"CAST(k AS DECIMAL({p}, {sc}))"
            raise ValueError(f"values of type {spark_type} are grouped on text and not rebuilt from it")
        if t == "float":
            return "CAST(kd AS FLOAT)"
        if is_fractional(t):
            return "kd"
        if t == "date":
            return "date_add(DATE'1970-01-01', CAST(kl AS INT))"
        if t == "timestamp":
            return "timestamp_micros(kl)"
        if is_decimal(t):
            p, sc = decimal_precision_scale(t)
            # decimal(p, 0) / decimal(sc + 1, 0) keeps scale max(6, sc + 2) within
            # precision 38, so the division is exact before the cast back to (p, sc).
            return f"CAST(CAST(kl AS DECIMAL({p}, 0)) / CAST({10**sc} AS DECIMAL({sc + 1}, 0)) AS DECIMAL({p}, {sc}))"
        return f"CAST(kl AS {t.upper()})"

    def value_row(self, c: int, path: Sequence[str], spark_type: str, kind: int = 1) -> Pass2Row:
        """Every value, grouped for frequent values, exact distinct and pattern counts.

        ``kind`` is the row's ``t``: 0 or 2 for a numeric or temporal column whose bins
        and sums come from its groups (:meth:`numeric_post`, :meth:`temporal_post`).
        """
        x = quote_path(path)
        return self.row(c, kind, key=self.key(x, spark_type))

    def sample_row(self, c: int, path: Sequence[str], fraction: float, seed: int) -> Pass2Row:
        """A Bernoulli sample of string values, tallied for pattern counts."""
        x = quote_path(path)
        sampled = f"CASE WHEN rand({int(seed)}) < {fraction!r} THEN {x} END"
        return self.row(c, 3, key=(sampled, "NULL", "NULL"), tally=True)
