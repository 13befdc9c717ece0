# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The planner: fuses every metric of every column into a fixed number of Spark jobs.

Pure Python (it never imports pyspark), so the job budget is unit-tested without a JVM.

* Pass 1 is one global aggregate per chunk of columns. Every metric declares its
  :class:`~spark_profiler.metrics.base.Agg` requests; equal requests are fused (the
  ``count`` of a column is computed once however many metrics read it), and each
  gets a stable alias so results are read by name, never by position.
* Pass 2 is one grouped job per chunk over an unpivoted projection. From pass-1 results
  it decides, per column, the histogram bins, the shift for central moments, the IQR
  fences, and whether the column's values are grouped (exact frequent values, exact
  distinct counts, exact pattern counts) or only sampled for patterns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ..config import ProfileConfig
from ..kinds import (
    ColumnKind,
    has_limb_sum,
    has_spatial,
    has_variant,
    is_fractional,
    is_sortable_map,
    reads_rebuilt,
)
from ..metrics import REGISTRY
from ..metrics.base import Agg, ColumnInfo, Metric
from ..metrics.boolean import true_false_aggs
from ..metrics.distribution import groups_values, quantile_agg
from ..metrics.table import table_aggregates

__all__ = [
    "COUNTING_OPS",
    "DEFAULT_MAX_FIELDS",
    "Chunk",
    "Pass1Plan",
    "Pass2Entry",
    "Pass2Plan",
    "needs_object_aggregate",
    "pass1_parts",
    "pass2_scan_width",
    "plan_chunks",
    "plan_pass1",
    "plan_pass2",
    "split_pass1",
    "stacked_columns",
]

#: Spark's default ``spark.sql.codegen.maxFields``.
DEFAULT_MAX_FIELDS = 100

#: Most compiled parts pass 1 is split into (see :func:`split_pass1`).
MAX_COMPILED_PARTS = 4

#: Inputs Spark estimates at this many bytes or more lift that cap (see :func:`pass1_parts`).
LARGE_INPUT_BYTES = 128 * 2**20

#: Most compiled parts for a large input: each part adds a branch to the union.
LARGE_INPUT_MAX_PARTS = 16

#: Fewest columns of one type and the same aggregates that pass 1 stacks (see :func:`stacked_columns`).
MIN_STACKED_COLUMNS = 8

#: Most rows one scan of the grouped pass turns each input row into (see :func:`pass2_scan_width`).
MAX_ROWS_PER_SCAN = 8

#: Inputs Spark estimates at this many bytes or more get their wide pass-2 branches cut into scans.
SPLIT_SCANS_BYTES = 16 * 2**20

#: Aggregates that count, and so give 0 rather than NULL over no rows.
COUNTING_OPS = frozenset({"count_rows", "count", "count_valid", "count_if", "approx_distinct", "row_distinct_approx"})

#: Aggregates Spark evaluates outside generated code (imperative aggregate functions).
#: One of them in an aggregate turns code generation off for every function beside it.
INTERPRETED_OPS = frozenset({"approx_distinct", "row_distinct_approx", "quantiles"})

#: Interpreted aggregates whose buffer is an object (a percentile sketch), not fixed-width.
OBJECT_BUFFER_OPS = frozenset({"quantiles"})


@dataclass(frozen=True)
class Pass1Plan:
    """The fused first pass of one chunk: unique aggregates with their aliases."""

    aggs: Tuple[Agg, ...]
    aliases: Mapping[Agg, str]
    metrics: Mapping[Tuple[str, ...], Tuple[Metric, ...]]
    correlation_pairs: Tuple[Tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Chunk:
    """A slice of the columns profiled together, each slice keeping the same job budget."""

    index: int
    columns: Tuple[ColumnInfo, ...]


@dataclass(frozen=True)
class Pass2Entry:
    """What the grouped pass computes for one column.

    ``tag`` 0 rows feed numeric histograms, moments and outliers; tag 1 rows group every
    value (frequent values, exact distinct, exact patterns); tag 2 rows feed temporal
    histograms; tag 3 rows tally the pattern matches of a Bernoulli sample of values, per
    column (one grouped row each, however many values are sampled).
    """

    index: int
    column: ColumnInfo
    hist: Optional[Tuple[float, float, int]] = None  # (low, high, bins) over finite values
    shift: Optional[float] = None
    scale: float = 1.0  # a power of two that brings |x - shift| near 1 for the power sums
    fences: Optional[Tuple[float, float]] = None
    group_values: bool = False
    temporal_hist: Optional[Tuple[float, float, int]] = None
    pattern_sample: Optional[float] = None  # fraction of values sampled for patterns
    not_grouped_reason: Optional[str] = None

    @property
    def has_work(self) -> bool:
        """Whether the column contributes rows to the grouped pass."""
        return bool(
            self.hist or self.shift is not None or self.group_values or self.temporal_hist or self.pattern_sample
        )


@dataclass(frozen=True)
class Pass2Plan:
    """The grouped second pass of one chunk."""

    entries: Tuple[Pass2Entry, ...]
    top_k: int
    patterns: bool
    seed: int = 42
    max_value_length: int = 1000
    reasons: Mapping[Tuple[str, ...], str] = field(default_factory=dict)

    @property
    def needed(self) -> bool:
        """Whether the pass has any work (otherwise no Spark action runs)."""
        return any(e.has_work for e in self.entries)


def plan_chunks(columns: Sequence[ColumnInfo], config: ProfileConfig) -> Tuple[Chunk, ...]:
    """Split very wide frames into chunks of ``max_columns_per_job`` columns."""
    size = config.max_columns_per_job
    cols = tuple(columns)
    if not cols:
        return (Chunk(0, ()),)
    return tuple(Chunk(i // size, cols[i : i + size]) for i in range(0, len(cols), size))


def metrics_for(column: ColumnInfo, config: ProfileConfig) -> Tuple[Metric, ...]:
    """The metrics that apply to a column under ``config``, in registry order."""
    return tuple(m for m in REGISTRY if m.applies(column, config))


def _pass1_extra(column: ColumnInfo, config: ProfileConfig) -> List[Agg]:
    """Aggregates the engine itself needs for the second pass and structured results."""
    extra: List[Agg] = []
    q = quantile_agg(column, config)
    if q is not None:
        extra.append(q)
    p = column.path
    t = column.spark_type
    if column.kind is ColumnKind.NUMERIC and (config.histogram_bins or config.moments):
        extra += [Agg("min_finite", p, (), t), Agg("max_finite", p, (), t)] if is_fractional(t) else []
        extra += [Agg("min", p, (), t), Agg("max", p, (), t), Agg("count_valid", p, (), t)]
        extra.append(_mean_sum(p, t))
    if column.kind is ColumnKind.TEMPORAL and config.histogram_bins:
        extra += [Agg("t_min_epoch", p, (), t), Agg("t_max_epoch", p, (), t)]
    if _groups(column, config):
        extra += [Agg("approx_distinct", p, (config.distinct_rsd,), t), Agg("count", p, (), t)]
    elif column.kind is ColumnKind.BOOLEAN and config.top_k > 0:
        extra += true_false_aggs(column)
    if column.kind is ColumnKind.STRING and config.patterns:
        extra.append(Agg("count", p, (), t))
    return extra


def _mean_sum(path: Tuple[str, ...], spark_type: str) -> Agg:
    """The sum the pass-2 shift (the pass-1 mean) is read from: the exact limb sum if any."""
    return Agg("sum_exact" if has_limb_sum(spark_type) else "sum_double", path, (), spark_type)


def _wants_grouping(column: ColumnInfo, config: ProfileConfig) -> bool:
    return config.top_k > 0 or config.distinct == "exact" or (column.kind is ColumnKind.STRING and config.patterns)


def _groups(column: ColumnInfo, config: ProfileConfig) -> bool:
    """Whether the grouped pass groups the column's values (if it has any).

    Columns with frequent values are grouped for those and their exact distinct count.
    Arrays, structs, maps, variants, intervals, geometries and geographies get no frequent
    values, but ``distinct="exact"`` promises an exact count for them too, so they are
    grouped then, on their text, where that text is one per value: a map's entries are
    sorted by key, a variant reads as its own JSON and -0.0 as 0.0, at any depth (see
    ``compile.canonical_text``). It is not when a type string holding a map, a variant or
    floating point cannot be read back (``kinds.parse_type``): those keep their
    approximate count.
    """
    if groups_values(column):
        return _wants_grouping(column, config)
    if config.distinct != "exact":
        return False
    t = column.spark_type.strip().lower()
    if reads_rebuilt(column.spark_type):
        return True
    if "float" in t or "double" in t or (has_variant(t) and "array<" in t):
        return False
    if "map<" in t:
        return is_sortable_map(t)
    return column.kind in (ColumnKind.ARRAY, ColumnKind.STRUCT) or (
        column.kind is ColumnKind.OTHER and (has_variant(t) or has_spatial(t) or t.startswith("interval"))
    )


def plan_pass1(
    chunk: Chunk,
    config: ProfileConfig,
    *,
    table_columns: Sequence[Tuple[str, str]] = (),
    include_table: bool = False,
    correlation_columns: Sequence[ColumnInfo] = (),
) -> Pass1Plan:
    """Collect and deduplicate the aggregates of every metric of every column in ``chunk``."""
    ordered: Dict[Agg, None] = {}
    if include_table:
        for a in table_aggregates(tuple(table_columns), config):
            ordered.setdefault(a)
    metrics: Dict[Tuple[str, ...], Tuple[Metric, ...]] = {}
    for col in chunk.columns:
        ms = metrics_for(col, config)
        metrics[col.path] = ms
        for m in ms:
            for a in m.aggregates(col, config):
                ordered.setdefault(a)
        for a in _pass1_extra(col, config):
            ordered.setdefault(a)
    pairs: List[Tuple[int, int]] = []
    if include_table and config.correlations:
        cc = list(correlation_columns)
        for i in range(len(cc)):
            for j in range(i + 1, len(cc)):
                ordered.setdefault(corr_agg(cc[i], cc[j]))
                pairs.append((i, j))
    aggs = tuple(ordered)
    aliases = {a: f"a{i}" for i, a in enumerate(aggs)}
    return Pass1Plan(aggs=aggs, aliases=aliases, metrics=metrics, correlation_pairs=tuple(pairs))


def buffer_fields(a: Agg) -> int:
    """How many fields an aggregate adds to Spark's aggregation buffer (an upper bound).

    ``corr`` keeps six running values; an exact sum keeps three limbs (or a decimal
    sum and an "is empty" flag); every other generated aggregate of pass 1 keeps one.
    """
    if a.op == "corr":
        return 6
    if a.op == "sum_exact":
        return 3
    return 1


def split_pass1(
    aggs: Sequence[Agg], max_fields: int, max_parts: int = MAX_COMPILED_PARTS
) -> Tuple[Tuple[Agg, ...], ...]:
    """Split pass 1 into aggregates that each run as one piece of generated code.

    Spark compiles a global aggregate into a single generated loop only when every
    function in it is declarative and its buffer has at most ``max_fields`` fields
    (``spark.sql.codegen.maxFields``); otherwise the whole aggregate, cheap functions
    included, runs interpreted, several times slower. So the interpreted functions
    (HyperLogLog++, percentiles) get a part of their own, and the others are packed by
    column into parts under the field limit. Each part reads only its own columns, and
    the runner unions the parts into one Spark job.

    Columns that share a type and their aggregates, :data:`MIN_STACKED_COLUMNS` or more
    of them, come first as one stacked part each (see :func:`stacked_columns`).

    A plan that needs more than ``max_parts`` compiled parts stays one fused part:
    every part costs Spark an analysis and the union grows with the square of their
    number, and on the 100-column benchmark table (200k rows) a capped split with an
    interpreted remainder took 46 s against 34 s fused. :func:`pass1_parts` lifts the
    cap for inputs large enough to pay for more parts.

    Returns one tuple of aggregates per part, in a stable order; a plan that fits in
    one generated loop stays one part.
    """
    interpreted = tuple(a for a in aggs if a.op in INTERPRETED_OPS)
    by_column = _by_column(a for a in aggs if a.op not in INTERPRETED_OPS)
    alike: Dict[Tuple[Any, ...], List[Tuple[str, ...]]] = {}
    for column, group in by_column.items():
        if column is not None:
            alike.setdefault(_signature(_single(group)), []).append(column)
    stacks = [cols for cols in alike.values() if len(cols) >= MIN_STACKED_COLUMNS]
    parts: List[List[Agg]] = [[a for c in cols for a in _single(by_column[c])] for cols in stacks]
    stacked = {c for cols in stacks for c in cols}
    # The rest is packed by top-level column, so that a struct is read by one part. A
    # correlation reads a second column, so a stacked column's pairs are packed too.
    packed: Dict[Optional[str], List[Agg]] = {}
    for column, group in by_column.items():
        for a in group if column not in stacked else [a for a in group if a.op == "corr"]:
            packed.setdefault(a.column[0] if a.column else None, []).append(a)
    current: List[Agg] = []
    weight = 0
    for group in packed.values():
        w = sum(buffer_fields(a) for a in group)
        # One field less than the limit: each part is grouped on a constant key.
        if current and weight + w > max_fields - 1:
            parts.append(current)
            current, weight = [], 0
        current.extend(group)
        weight += w
    if current:
        parts.append(current)
    if len(parts) > max_parts:
        return (tuple(aggs),)
    out = [tuple(p) for p in parts]
    if interpreted:
        out.append(interpreted)
    return tuple(out)


def stacked_columns(part: Sequence[Agg]) -> Optional[Tuple[Tuple[str, ...], ...]]:
    """The columns of a part of pass 1 that runs stacked, in order; ``None`` if it does not.

    A part runs stacked when it holds :data:`MIN_STACKED_COLUMNS` or more columns of one
    type with the same compiled aggregates and nothing else. Spark then reads each row
    as one row per column and runs one column's aggregates, grouped by column: the
    generated code is that of one column, not of all of them. Compiling and
    JIT-warming the code of a wide part is a fixed cost of several seconds: on the
    100-column benchmark table (1M rows) the compiled parts of pass 1 took 35 s in a
    fresh session and 16-19 s once warm, against 17 s and 12-13 s stacked. The extra
    rows cost more than they save when there are few columns (16 lineitem columns in
    groups of 3-5: 4.9-5.0 s against 5.3-6.2 s stacked), hence the minimum.
    """
    by_column = _by_column(part)
    if len(by_column) < MIN_STACKED_COLUMNS or None in by_column:
        return None
    if any(a.op in INTERPRETED_OPS for a in part):
        return None
    if len({_signature(group) for group in by_column.values()}) != 1:
        return None
    return tuple(c for c in by_column if c is not None)


def _by_column(aggs: Iterable[Agg]) -> Dict[Optional[Tuple[str, ...]], List[Agg]]:
    """Aggregates by column, in first-seen order (``None`` holds table-level ones)."""
    out: Dict[Optional[Tuple[str, ...]], List[Agg]] = {}
    for a in aggs:
        out.setdefault(a.column, []).append(a)
    return out


def _single(group: Sequence[Agg]) -> List[Agg]:
    """A column's aggregates that read that column alone (all but its correlations)."""
    return [a for a in group if a.op != "corr"]


def _signature(group: Sequence[Agg]) -> Tuple[Any, ...]:
    """What must match for columns to share generated code: their type and aggregates, in order."""
    return tuple((a.spark_type, a.op, a.params) for a in group)


def pass1_parts(
    aggs: Sequence[Agg], max_fields: int, input_bytes: Callable[[], Optional[int]]
) -> Tuple[Tuple[Agg, ...], ...]:
    """The parts of pass 1: :func:`split_pass1`, with the part cap lifted for large inputs.

    Each compiled part has a fixed cost (its code is generated and compiled, and its
    partial results are exchanged), and a large input pays it back: on the 100-column
    benchmark table with 1M rows (560 MiB), 9 compiled parts took pass 1 from 158 s to
    103 s under the default preset, and the minimal preset from 38-46 s to 23-32 s.
    With 1,000 rows the same split cost 3 s (minimal) to 7 s (default) more than one
    fused aggregate, and with 200k rows (114 MiB) both took the same time.

    ``input_bytes`` returns Spark's size estimate of the input (``None`` if unknown,
    which keeps the cap); it is only called when the cap would change the plan.
    """
    parts = split_pass1(aggs, max_fields)
    if len(parts) > 1:
        return parts
    many = split_pass1(aggs, max_fields, LARGE_INPUT_MAX_PARTS)
    if len(many) <= 1:
        return parts
    size = input_bytes()
    return many if size is not None and size >= LARGE_INPUT_BYTES else parts


def pass2_scan_width(widest: int, input_bytes: Callable[[], Optional[int]]) -> int:
    """Most rows of a pass-2 branch one scan of the input turns each input row into.

    Spark compiles a scan, the projection of a branch's rows and the start of its
    aggregation into one generated method, whose size grows with the number of rows.
    Past about 8 KB of bytecode the JVM leaves a method to its interpreter. Over the 44
    numeric and 20 temporal columns of the 100-column benchmark table, the grouped pass
    took 27.4 s with one scan per branch and 15.9 s with scans of at most 8 rows (1M
    rows, 560 MiB), and 14.6 s against 11.6 s for the whole table at 200k rows
    (114 MiB). A columnar source reads each column once either way, but every scan has
    a fixed cost: at 1,000 rows the cut made the pass 0.7 s slower. So branches are cut
    only for inputs of at least :data:`SPLIT_SCANS_BYTES`; an input of unknown size
    (which a second scan may compute again) is read once per branch.

    ``widest`` is the number of rows of the largest branch; ``input_bytes`` returns
    Spark's size estimate of the input and is only called when a branch is wider than
    :data:`MAX_ROWS_PER_SCAN`.
    """
    if widest <= MAX_ROWS_PER_SCAN:
        return max(widest, 1)
    size = input_bytes()
    return MAX_ROWS_PER_SCAN if size is not None and size >= SPLIT_SCANS_BYTES else widest


def needs_object_aggregate(part: Sequence[Agg]) -> bool:
    """Whether a part of pass 1 should run as Spark's object-hash aggregate, and does not.

    Spark picks its operator from the buffers: fixed-width buffers only (HyperLogLog++
    keeps 52 longs per sketch at the default rsd) get the hash aggregate, any object
    buffer (a percentile sketch) the object-hash aggregate. Outside generated code the
    hash aggregate sets up every task with several projections over every buffer field,
    and thread dumps put that setup in Spark's expression canonicalizer, field by field:
    the 90 sketches of the 100-column benchmark table hold 4,680 fields. The object-hash
    aggregate builds fewer of those projections (one still passes a placeholder per
    field through the canonicalizer). Run as an object-hash aggregate, the same
    sketches took 2.2-2.9 s against 3.8-5.8 s over 1,000 rows, and 14.4-15.7 s against
    16.4-19.4 s over 1M rows; pass 1 of the ``minimal`` preset on 200k rows fell from
    15.7-16.7 s to 12.5-13.2 s.

    True for a part with a fixed-width interpreted aggregate and no object buffer: the
    runner then adds an object-buffered aggregate over no values (see
    ``runner._part_query``). Parts of generated code only are left alone, since an
    object buffer would turn their code generation off.
    """
    ops = {a.op for a in part}
    return bool(ops & (INTERPRETED_OPS - OBJECT_BUFFER_OPS)) and not ops & OBJECT_BUFFER_OPS


def corr_agg(a: ColumnInfo, b: ColumnInfo) -> Agg:
    """Pearson correlation of two numeric columns."""
    return Agg("corr", a.path, (b.path, b.spark_type), a.spark_type)


def _finite_float(v: Any) -> Optional[float]:
    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def plan_pass2(chunk: Chunk, config: ProfileConfig, values: Mapping[Agg, Any]) -> Pass2Plan:
    """Decide the grouped pass from first-pass results (bins, shifts, fences, grouping)."""
    entries: List[Pass2Entry] = []
    reasons: Dict[Tuple[str, ...], str] = {}
    bins = config.histogram_bins
    for i, col in enumerate(chunk.columns):
        p, t = col.path, col.spark_type
        hist = None
        shift = None
        scale = 1.0
        fences = None
        temporal_hist = None
        if col.kind is ColumnKind.NUMERIC:
            lo_a = Agg("min_finite", p, (), t) if is_fractional(t) else Agg("min", p, (), t)
            hi_a = Agg("max_finite", p, (), t) if is_fractional(t) else Agg("max", p, (), t)
            lo, hi = _finite_float(values.get(lo_a)), _finite_float(values.get(hi_a))
            if bins and lo is not None and hi is not None:
                hist = (lo, hi, bins)
            if config.moments:
                n = values.get(Agg("count_valid", p, (), t)) or 0
                total = values.get(_mean_sum(p, t))
                mean = _finite_float(float(total) / n) if n and total is not None else None
                # Shift by the pass-1 mean: sums of (x - mean)^k do not cancel catastrophically.
                shift = mean if mean is not None else (lo if lo is not None else None)
                if shift is None and n:
                    shift = 0.0
                if shift is not None:
                    scale = moment_scale(lo, hi, shift)
            q = quantile_agg(col, config)
            if q is not None and config.outliers:
                qs = values.get(q)
                if qs:
                    by_p = dict(zip(q.params[0], qs))
                    q1, q3 = _finite_float(by_p.get(0.25)), _finite_float(by_p.get(0.75))
                    if q1 is not None and q3 is not None:
                        iqr = q3 - q1
                        fences = (q1 - 1.5 * iqr, q3 + 1.5 * iqr)
        if col.kind is ColumnKind.TEMPORAL and bins:
            lo = _finite_float(values.get(Agg("t_min_epoch", p, (), t)))
            hi = _finite_float(values.get(Agg("t_max_epoch", p, (), t)))
            if lo is not None and hi is not None:
                temporal_hist = (lo, hi, bins)
        group = False
        sample = None
        reason = None
        if _groups(col, config):
            count = int(values.get(Agg("count", p, (), t)) or 0)
            approx = values.get(Agg("approx_distinct", p, (config.distinct_rsd,), t))
            if config.distinct == "exact" or (approx is not None and approx <= config.frequent_max_cardinality):
                group = count > 0
            else:
                reason = f"not computed (cardinality above {config.frequent_max_cardinality}: about {approx})"
                reasons[p] = reason
                if col.kind is ColumnKind.STRING and config.patterns and count:
                    sample = min(1.0, config.pattern_sample_rows / count)
        entries.append(
            Pass2Entry(
                index=i,
                column=col,
                hist=hist,
                shift=shift,
                scale=scale,
                fences=fences,
                group_values=group,
                temporal_hist=temporal_hist,
                pattern_sample=sample,
                not_grouped_reason=reason,
            )
        )
    return Pass2Plan(
        entries=tuple(entries),
        top_k=config.top_k,
        patterns=config.patterns,
        reasons=reasons,
        max_value_length=config.max_value_length,
    )


def moment_scale(lo: Optional[float], hi: Optional[float], shift: float) -> float:
    """A power of two that brings the largest ``|x - shift|`` into [0.5, 1).

    Fourth powers of deviations overflow from about 1e77 and underflow below about
    1e-81, which would turn the moments of huge or tiny values into NaN or zero.
    Skewness and kurtosis do not depend on the scale; variance is scaled back.
    Scaling by a power of two is exact.
    """
    if lo is None or hi is None:
        return 1.0
    # Halves first: hi - shift itself may overflow for values near the double range.
    half = max(abs(hi / 2 - shift / 2), abs(lo / 2 - shift / 2))
    if half == 0 or not math.isfinite(half):
        return 1.0
    exponent = math.frexp(half)[1] + 1
    # 2**-1074 is the smallest double and 2**1023 the largest power of two.
    return 2.0 ** max(-1074, min(1023, -exponent))


def histogram_edges(low: float, high: float, bins: int) -> Tuple[float, ...]:
    """Equal-width bin edges; a constant column gets one bin ``[v, v]``."""
    if high <= low:
        return (low, high)
    width = (high - low) / bins
    if not math.isfinite(width):
        # The span overflows a double: step in halves so every partial sum stays in range.
        half = (high / 2 - low / 2) / bins
        return tuple([(low + i * half) + i * half for i in range(bins)] + [high])
    return tuple([low + i * width for i in range(bins)] + [high])
