# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Orchestrates a profile: schema -> plan -> fused passes -> finalized :class:`Profile`.

Spark actions per chunk of columns: one fused global aggregate (pass 1), then, when any
column needs it, one grouped job over an unpivoted projection (pass 2). An exact
duplicate-row count adds one action; a row-count sample target adds one count.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import time
from collections import defaultdict
from dataclasses import replace
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from .._version import __version__
from ..config import ProfileConfig, Sample
from ..errors import ExecutionError, MetricError, SparkProfilerError, UnsupportedInputError
from ..kinds import ColumnKind, is_groupable
from ..metrics.base import Agg, ColumnInfo, FinalizeContext, Pass2Column, SamplingContext
from ..metrics.distribution import build_frequent, build_histogram, build_quantiles
from ..metrics.patterns import PATTERNS
from ..metrics.table import table_statistics
from ..model import (
    Accuracy,
    ColumnProfile,
    Correlations,
    ExecutionInfo,
    MetricFailure,
    Profile,
    SamplingInfo,
    Statistic,
    TableProfile,
)
from .capabilities import Capabilities, detect, session_of
from .compile import (
    ARG,
    Pass2Branch,
    Pass2Compiler,
    Pass2Post,
    Pass2Row,
    SqlCompiler,
    hash_input,
    pass2_branches,
    post_columns,
    quote_ident,
    quote_path,
    sql_string,
    tally_names,
)
from .estimate import size_estimate
from .executor import Executor, _first_line
from .planner import (
    COUNTING_OPS,
    DEFAULT_MAX_FIELDS,
    INTERPRETED_OPS,
    Chunk,
    Pass1Plan,
    Pass2Plan,
    histogram_edges,
    needs_object_aggregate,
    pass1_parts,
    pass2_scan_width,
    plan_chunks,
    plan_pass1,
    plan_pass2,
    stacked_columns,
)
from .schema import binary_collation, flatten, select_columns, spatial_readable
from .session import pyspark_version

__all__ = ["run_profile"]


def _max_fields(spark: Any) -> int:
    """The session's ``spark.sql.codegen.maxFields`` (read, never changed)."""
    try:
        return max(1, int(str(spark.conf.get("spark.sql.codegen.maxFields", str(DEFAULT_MAX_FIELDS)))))
    except ValueError:
        return DEFAULT_MAX_FIELDS


def _internal_name(i: int) -> str:
    return f"_sp{i}"


def run_profile(
    df: Any,
    *,
    columns: Optional[Iterable[str]] = None,
    config: Optional[ProfileConfig] = None,
    sample: Optional[Sample] = None,
    executor: Optional[Executor] = None,
) -> Profile:
    """Profile ``df``; see :func:`spark_profiler.profile` for the public contract."""
    cfg = config or ProfileConfig.default()
    ex = executor or Executor()
    started = time.perf_counter()
    try:
        caps = detect(df)
        spark = session_of(df)
        tz = str(spark.conf.get("spark.sql.session.timeZone"))
        max_fields = _max_fields(spark)
        fields = list(df.schema.fields)
        streaming = bool(df.isStreaming)
    except SparkProfilerError:
        raise
    except Exception as exc:
        if "parse datatype" in str(exc).lower():
            # pyspark itself, not Spark, fails to read the schema: the typical case is a
            # calendar interval, which pyspark reads only from 4.0 on.
            raise UnsupportedInputError(
                f"pyspark cannot read this DataFrame's schema: it holds a column type pyspark "
                f"{pyspark_version()} does not know ({_first_line(exc)}). A calendar interval "
                "(from make_interval or date arithmetic) is the usual one before pyspark 4.0: "
                "cast such a column to text first, e.g. df.withColumn('c', F.col('c').cast('string')), "
                "or use pyspark 4.0 or later"
            ) from exc
        # Reading the schema and settings is a round trip too: on Spark Connect a dead
        # server fails here, before any pass, and must not surface as a raw gRPC error.
        raise ExecutionError(
            f"Spark failed while reading the DataFrame's schema and session settings: "
            f"{type(exc).__name__}: {_first_line(exc)}",
            pass_name="metadata",  # nosec B106
        ) from exc
    if streaming:
        # Spark runs no batch action on a streaming query; it would fail in the first pass.
        raise UnsupportedInputError(
            "a streaming DataFrame cannot be profiled as a whole: Spark aggregates it only "
            "through writeStream. Profile each micro-batch, e.g. "
            "df.writeStream.foreachBatch(lambda batch, batch_id: profile(batch).save(f'p{batch_id}.json')).start(), "
            "or read the same source as a batch with spark.read instead of spark.readStream"
        )
    names = [f.name for f in fields]
    positions = select_columns(names, columns)
    selected = [fields[i] for i in positions]
    internal = [_internal_name(i) for i in range(len(selected))]
    cols, user_paths, schema = flatten(selected, internal, cfg.max_struct_depth, positions)
    # Positional renaming makes every later reference unambiguous: names that differ only
    # in case, repeated names, dots and backticks all become plain internal identifiers.
    if columns is None:
        work = df.toDF(*internal)
    else:
        # Rename every column by position before selecting: selecting by user name would parse
        # dots and backticks and could be ambiguous for names that differ only in case.
        every = [_internal_name(i) for i in range(len(names))]
        work = df.toDF(*every).select(*[every[i] for i in positions]).toDF(*internal)
    plain = [binary_collation(f.dataType) for f in selected]
    if any(t is not None for t in plain):
        work = work.select(*[work[n] if t is None else work[n].cast(t).alias(n) for n, t in zip(internal, plain)])
    spatial = [spatial_readable(quote_ident(n), f.dataType) for n, f in zip(internal, selected)]
    if any(e is not None for e in spatial):
        work = work.selectExpr(
            *[quote_ident(n) if e is None else f"{e} AS {quote_ident(n)}" for n, e in zip(internal, spatial)]
        )

    sampling_info: Optional[SamplingInfo] = None
    sampling: Optional[SamplingContext] = None
    population: Optional[int] = None
    if sample is not None:
        work, sampling_info, population = _apply_sample(work, sample, ex)
        if sampling_info is not None:
            sampling = SamplingContext(sampling_info.fraction, sample.confidence_level)

    user_of = {c.path: up for c, up in zip(cols, user_paths)}
    top_level = tuple((n, f.dataType.simpleString()) for n, f in zip(internal, selected))
    numeric_for_corr = [c for c in cols if c.kind is ColumnKind.NUMERIC][: cfg.max_correlation_columns]

    chunks = plan_chunks(cols, cfg)
    pass1_values: Dict[Agg, Any] = {}
    pass2_data: Dict[Tuple[str, ...], Pass2Column] = {}
    reasons: Dict[Tuple[str, ...], str] = {}
    plans: List[Pass1Plan] = []
    compiler = SqlCompiler(caps)
    estimate: List[Optional[int]] = []

    def input_bytes() -> Optional[int]:
        # Asked at most once per profile, and only by a plan the estimate could change.
        if not estimate:
            estimate.append(size_estimate(work))
        return estimate[0]

    for chunk in chunks:
        plan = plan_pass1(
            chunk,
            cfg,
            table_columns=top_level,
            include_table=chunk.index == 0,
            correlation_columns=numeric_for_corr,
        )
        plans.append(plan)
        values = _run_pass1(work, plan, compiler, ex, chunk, user_of, max_fields, input_bytes)
        pass1_values.update(values)
        p2plan = plan_pass2(chunk, cfg, values)
        reasons.update(p2plan.reasons)
        if p2plan.needed:
            pass2_data.update(_run_pass2(work, p2plan, Pass2Compiler(caps), ex, chunk, user_of, input_bytes))

    exact_dups = None
    if cfg.duplicates == "exact" and top_level:
        exact_dups = _exact_duplicates(work, top_level, [".".join(user_of[(n,)]) for n, _ in top_level], ex)

    profiles: List[ColumnProfile] = []
    all_failures: List[MetricFailure] = []
    row_count = int(pass1_values.get(Agg("count_rows")) or 0)
    for plan, chunk in zip(plans, chunks):
        for col in chunk.columns:
            cp = _finalize_column(
                col, user_of[col.path], plan, pass1_values, pass2_data, reasons, cfg, sampling, row_count
            )
            all_failures.extend(cp.failures)
            profiles.append(cp)

    table = TableProfile(
        stats=table_statistics(
            values=pass1_values,
            top_level=top_level,
            columns=profiles,
            config=cfg,
            sampling=sampling,
            population_rows=population,
            exact_duplicates=exact_dups,
        ),
        schema=tuple(schema),
    )
    corr = _correlations(numeric_for_corr, pass1_values, user_of, sampling is not None) if cfg.correlations else None
    execution = ExecutionInfo(
        spark_version=caps.spark_version,
        spark_mode=caps.mode,
        session_time_zone=tz,
        actions=ex.actions,
        seconds=time.perf_counter() - started,
        passes=tuple(ex.passes),
        chunks=len(chunks),
        sampling=sampling_info,
        approximations=_approximations(cfg, caps, reasons, pass2_data),
        implementations=caps.implementations(cfg.quantile_accuracy),
    )
    return Profile(
        table=table,
        columns=tuple(profiles),
        execution=execution,
        config=cfg.to_dict(),
        correlations=corr,
        failures=tuple(all_failures),
        library_version=__version__,
        created_at=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
    )


# -- sampling --------------------------------------------------------------------------


def _apply_sample(work: Any, sample: Sample, ex: Executor) -> Tuple[Any, Optional[SamplingInfo], Optional[int]]:
    if sample.fraction is not None:
        if sample.fraction >= 1.0:
            return work, None, None
        info = SamplingInfo("bernoulli", sample.fraction, sample.seed, confidence_level=sample.confidence_level)
        return work.sample(withReplacement=False, fraction=sample.fraction, seed=sample.seed), info, None
    # A row target needs the population size: one extra, cheap count action.
    # bandit B106: pass_name labels a Spark job in progress/errors; not a credential.
    rows = ex.collect(work.selectExpr("count(1) AS n"), pass_name="row count for sampling", columns=())[0][0]  # nosec B106
    target = int(sample.rows or 0)
    if sample.mode == "auto" and rows <= sample.threshold:
        return work, None, None
    if rows <= target:
        return work, None, None
    fraction = target / rows
    info = SamplingInfo(
        "bernoulli",
        fraction,
        sample.seed,
        target_rows=target,
        population_rows=int(rows),
        confidence_level=sample.confidence_level,
    )
    return work.sample(withReplacement=False, fraction=fraction, seed=sample.seed), info, int(rows)


# -- pass 1 ----------------------------------------------------------------------------


def _display(chunk: Chunk, user_of: Mapping[Tuple[str, ...], Tuple[str, ...]]) -> List[str]:
    return [".".join(user_of[c.path]) for c in chunk.columns]


def _run_pass1(
    work: Any,
    plan: Pass1Plan,
    compiler: SqlCompiler,
    ex: Executor,
    chunk: Chunk,
    user_of: Mapping[Tuple[str, ...], Tuple[str, ...]],
    max_fields: int = DEFAULT_MAX_FIELDS,
    input_bytes: Callable[[], Optional[int]] = lambda: None,
) -> Dict[Agg, Any]:
    parts = pass1_parts(plan.aggs, max_fields, input_bytes)
    if not parts:
        return {}
    stacks = [stacked_columns(part) for part in parts]
    shown = _display(chunk, user_of)
    # bandit B106: pass_name labels a Spark job in progress/errors; not a credential.
    with ex.failures(pass_name="aggregate", columns=shown):  # nosec B106
        query = _pass1_query([_part_query(work, part, cols, plan, compiler) for part, cols in zip(parts, stacks)])
    rows = ex.collect(query, pass_name="aggregate", columns=shown, chunk=chunk.index)  # nosec B106
    if len(parts) == 1 and stacks[0] is None:
        row = rows[0].asDict() if rows else {}
        return {a: row.get(plan.aliases[a]) for a in plan.aggs}
    values: Dict[Agg, Any] = {a: _pass1_empty(a) for a in plan.aggs}
    # Where each aggregate's value is: its part, its column's row of a stacked part, its field.
    # A stacked part's fields are named after its first column's aggregates.
    where: Dict[Tuple[int, Optional[int]], List[Tuple[Agg, str]]] = defaultdict(list)
    for i, (part, cols) in enumerate(zip(parts, stacks)):
        if cols is None:
            where[(i, None)] = [(a, plan.aliases[a]) for a in part]
            continue
        row_of: Dict[Optional[Tuple[str, ...]], int] = {c: k for k, c in enumerate(cols)}
        first = {(a.op, a.params): plan.aliases[a] for a in part if a.column == cols[0]}
        for a in part:
            where[(i, row_of[a.column])].append((a, first[(a.op, a.params)]))
    for r in rows:
        i = int(r["p"])
        found = r[f"s{i}"].asDict()
        values.update({a: found.get(name) for a, name in where[(i, r["k"])]})
    return values


#: An aggregate with an object buffer over no values: it makes Spark run the part as its
#: object-hash aggregate, which sets up much faster (see ``planner.needs_object_aggregate``).
_OBJECT_AGGREGATE = "collect_list(CAST(NULL AS BOOLEAN))"


def _part_query(
    work: Any,
    part: Sequence[Agg],
    stacked: Optional[Tuple[Tuple[str, ...], ...]],
    plan: Pass1Plan,
    compiler: SqlCompiler,
) -> Tuple[Any, List[str], bool]:
    """The input and the aggregate expressions of one part of pass 1, and whether it is stacked.

    A stacked part (see ``planner.stacked_columns``) reads every input row as one row
    per column, ``k`` numbering the column and ``v`` holding its value, and runs the
    first column's aggregates over ``v``, to be grouped by ``k``.
    """
    if stacked is not None:
        pairs = ", ".join(f"{k}, {quote_path(c)}" for k, c in enumerate(stacked))
        source = work.selectExpr(f"stack({len(stacked)}, {pairs}) AS (k, v)")
        first = [a for a in part if a.column == stacked[0]]
        return source, [f"{compiler.agg(replace(a, column=('v',)))} AS {plan.aliases[a]}" for a in first], True
    source = work
    if not all(a.op in INTERPRETED_OPS for a in part):
        exprs = [f"{compiler.agg(a)} AS {plan.aliases[a]}" for a in part]
    else:
        # Arguments of interpreted aggregates are computed in a compiled projection below them.
        pieces = [compiler.interpreted(a) for a in part]
        source = work.selectExpr(*[f"{arg} AS v{i}" for i, (_, arg) in enumerate(pieces)])
        exprs = [f"{t.replace(ARG, f'v{i}')} AS {plan.aliases[a]}" for i, (a, (t, _)) in enumerate(zip(part, pieces))]
    if needs_object_aggregate(part):
        # Aliases are a<n>, so this name cannot clash; its empty list is never read.
        exprs.append(f"{_OBJECT_AGGREGATE} AS object_aggregate")
    return source, exprs, False


def _pass1_query(parts: Sequence[Tuple[Any, Sequence[str], bool]]) -> Any:
    """One aggregate per part, as a single Spark job.

    Several parts become a union with one row per part (one per column for a stacked
    part): column ``p`` numbers the part, ``k`` the column of a stacked part (NULL
    otherwise), and the struct column ``s<p>`` holds its results (the other structs are
    NULL, typed from each part's schema so that the union lines up). Each part is
    grouped on a constant: Spark 4.2 merges global aggregates over the same input back
    into one (its ``MergeSubplans`` rule), which would undo the split. A grouped part
    has no row for an empty input (see :func:`_pass1_empty`).
    """
    from pyspark.sql import functions as F

    if len(parts) == 1 and not parts[0][2]:
        source, exprs, _ = parts[0]
        return source.agg(*[F.expr(e) for e in exprs])
    frames = [
        source.groupBy(F.lit(i).alias("p"), *(["k"] if stacked else [])).agg(*[F.expr(e) for e in exprs])
        for i, (source, exprs, stacked) in enumerate(parts)
    ]
    types = [f.drop("p", "k").schema.simpleString() for f in frames]
    branches = []
    for i, f in enumerate(frames):
        key = F.col("k") if "k" in f.columns else F.lit(None).cast("int")
        cols = [F.lit(i).alias("p"), key.alias("k")]
        for j, t in enumerate(types):
            s = F.struct(*[c for c in f.columns if c not in ("p", "k")]) if i == j else F.expr(f"CAST(NULL AS {t})")
            cols.append(s.alias(f"s{j}"))
        branches.append(f.select(*cols))
    return _union_all(branches)


def _union_all(frames: Sequence[Any]) -> Any:
    """The rows of every frame, by column position, as one DataFrame (no shuffle)."""
    return functools.reduce(lambda a, b: a.union(b), frames)


def _pass1_empty(a: Agg) -> Any:
    """What a global aggregate returns for an empty input: 0 for counts, else NULL."""
    return 0 if a.op in COUNTING_OPS else None


# -- pass 2 ----------------------------------------------------------------------------


def _run_pass2(
    work: Any,
    plan: Pass2Plan,
    comp: Pass2Compiler,
    ex: Executor,
    chunk: Chunk,
    user_of: Mapping[Tuple[str, ...], Tuple[str, ...]],
    input_bytes: Callable[[], Optional[int]] = lambda: None,
) -> Dict[Tuple[str, ...], Pass2Column]:
    rows: List[Pass2Row] = []
    posts: List[Pass2Post] = []
    string_ids: List[int] = []
    texts: List[str] = []
    for e in plan.entries:
        c, p, t = e.index, e.column.path, e.column.spark_type
        merged = False
        if e.column.kind is ColumnKind.NUMERIC and (e.hist or e.shift is not None or e.fences):
            if e.group_values:
                # Bins, moments and outliers are functions of the value: one per group, not per row.
                rows.append(comp.value_row(c, p, t, kind=0))
                posts.append(comp.numeric_post(c, t, e.hist, e.shift, e.fences, e.scale))
            else:
                rows.append(comp.numeric_row(c, p, t, e.hist, e.shift, e.fences, e.scale))
            merged = e.group_values
        if e.temporal_hist:
            if e.group_values and comp.typed_key(t):
                rows.append(comp.value_row(c, p, t, kind=2))
                posts.append(comp.temporal_post(c, t, e.temporal_hist))
            else:
                rows.append(comp.temporal_row(c, p, t, e.temporal_hist, group=e.group_values))
            merged = e.group_values
        if e.group_values and not merged:
            rows.append(comp.value_row(c, p, t))
        if e.group_values and comp.typed_key(t):
            texts.append(f"WHEN {c} THEN {comp.key_text(t)}")
        if e.pattern_sample:
            rows.append(comp.sample_row(c, p, e.pattern_sample, plan.seed + c))
        if e.column.kind is ColumnKind.STRING and (e.group_values or e.pattern_sample):
            string_ids.append(c)
    patterns = PATTERNS if (plan.patterns and string_ids) else ()
    regexes = tuple(pat.spark_regex for pat in patterns)
    branches = pass2_branches(rows)
    if not branches:  # no column has pass-2 work
        return {}
    width = pass2_scan_width(max(len(b.rows) for b in branches), input_bytes)
    shown = _display(chunk, user_of)
    # bandit B106: pass_name labels a Spark job in progress/errors; not a credential.
    with ex.failures(pass_name="grouped", columns=shown):  # nosec B106
        grouped = _union_all([_pass2_branch(work, b, width, regexes) for b in branches])
        # Keys become text here, after grouping, on at most a few thousand rows per column.
        text = f"CASE c {' '.join(texts)} ELSE k END" if texts else "k"
        tallies = tally_names(regexes)
        fields, derived = post_columns(posts)
        if fields:
            grouped = grouped.selectExpr("*", *fields)
        figures = [f"{derived[n]} AS {n}" for n in ("b", "s1", "s2", "s3", "s4", "o")]
        keyed = grouped.selectExpr("c", "t", figures[0], "n", *figures[1:], *tallies, f"{text} AS k")
        window = "OVER (PARTITION BY c, t)"
        per_bin = "OVER (PARTITION BY c, t, b)"
        # Long values are cut before they reach the driver; ranking, pattern matching and
        # counting above read the whole value, since a window reads this select's input.
        cut = plan.max_value_length
        cols = [
            "c",
            "t",
            "b",
            f"CASE WHEN length(k) > {cut} THEN substring(k, 1, {cut}) ELSE k END AS k",
            f"length(k) > {cut} AS kc",
            "n",
            "row_number() OVER (PARTITION BY c, t ORDER BY n DESC, k ASC) AS rn",
            f"count(k) {window} AS nd",
            f"sum(n) {window} AS base",
            # A column grouped on both bin and value has many rows per bin: their totals.
            f"sum(n) {per_bin} AS bn",
            f"sum(s1) {per_bin} AS s1",
            f"sum(s2) {per_bin} AS s2",
            f"sum(s3) {per_bin} AS s3",
            f"sum(s4) {per_bin} AS s4",
            f"sum(o) {per_bin} AS o",
            "row_number() OVER (PARTITION BY c, t, b ORDER BY n DESC, k ASC) AS brn",
        ]
        ids = ", ".join(str(i) for i in string_ids)
        for i, (tally, regex) in enumerate(zip(tallies, regexes)):
            # Grouped values match once per distinct value; a sample's tally row (t 3) carries its count.
            cols.append(
                f"sum(CASE WHEN t = 3 THEN {tally} WHEN t = 1 AND c IN ({ids}) AND k RLIKE {sql_string(regex)} THEN n"
                f" ELSE 0 END) {window} AS p{i}"
            )
        keep = max(plan.top_k, 1)
        result = keyed.selectExpr(*cols).where(
            f"(t IN (0, 2) AND b IS NOT NULL AND brn = 1) OR (t IN (0, 1, 2) AND k IS NOT NULL AND rn <= {keep})"
            " OR (t = 3 AND rn = 1)"
        )
    # bandit B106: pass_name labels a Spark job in progress/errors; not a credential.
    rows = ex.collect(result, pass_name="grouped", columns=shown, chunk=chunk.index)  # nosec B106
    return _collect_pass2(plan, rows, patterns, keep)


def _pass2_branch(work: Any, branch: Pass2Branch, width: int, patterns: Sequence[str] = ()) -> Any:
    """The grouped rows of one branch of pass 2, in the columns every branch shares.

    The branch is read in scans of at most ``width`` rows (see ``planner.pass2_scan_width``);
    ``patterns`` are the regexes a tally branch counts (see :class:`Pass2Row`).
    """
    from pyspark.sql import functions as F

    sources = []
    for scan in branch.scans(width):
        source = work.selectExpr(*scan.projection())
        explode = scan.explode()
        if explode is not None:
            # Each struct is first a column of its own, then the array is built from those
            # columns: written as one expression, the per-row code of a wide frame outgrew the
            # JIT's 8 KB method limit (or Janino's 64 KB one, which turns code generation off),
            # and the grouped pass ran interpreted, several times slower.
            source = source.select(F.expr(explode)).select("e.*")
        sources.append(source)
    # The scans are unioned before grouping: one shuffle per branch, not one per scan.
    source = _union_all(sources)
    aggregates = [F.expr(a) for a in branch.aggregates(patterns)]
    grouped = source.where(branch.condition()).groupBy(*branch.keys).agg(*aggregates)
    return grouped.selectExpr(*branch.output(patterns))


def _collect_pass2(
    plan: Pass2Plan, rows: Sequence[Any], patterns: Sequence[Any], keep: int
) -> Dict[Tuple[str, ...], Pass2Column]:
    bins: Dict[Tuple[int, int], List[Any]] = defaultdict(list)
    values: Dict[int, List[Any]] = defaultdict(list)
    sampled: Dict[int, Any] = {}
    for r in rows:
        c, t = int(r["c"]), int(r["t"])
        if t == 3:
            sampled[c] = r
            continue
        if t in (0, 2) and r["b"] is not None and r["brn"] == 1:
            bins[(c, t)].append(r)
        if r["k"] is not None and r["rn"] <= keep:
            values[c].append(r)
    out: Dict[Tuple[str, ...], Pass2Column] = {}
    for e in plan.entries:
        c = e.index
        kw: Dict[str, Any] = {}
        num = bins.get((c, 0), [])
        if e.hist:
            kw.update(_histogram(e.hist, num))
        if e.shift is not None:
            n = sum(int(r["bn"]) for r in num)
            sums = [sum(float(r[s] or 0.0) for r in num) for s in ("s1", "s2", "s3", "s4")]
            kw["moments"] = (n, float(e.shift) * e.scale, *sums)
            kw["moment_scale"] = e.scale
        if e.fences is not None:
            kw["outliers"] = sum(int(r["o"] or 0) for r in num)
        if e.temporal_hist:
            kw.update(_histogram(e.temporal_hist, bins.get((c, 2), [])))
        grouped = sorted(values.get(c, []), key=lambda r: int(r["rn"]))
        if e.group_values:
            kw["frequent"] = tuple((r["k"], int(r["n"])) for r in grouped)
            kw["frequent_cut"] = tuple(i for i, r in enumerate(grouped) if r["kc"])
            kw["distinct"] = int(grouped[0]["nd"]) if grouped else 0
            if patterns and grouped:
                kw["patterns"] = {p.key: int(grouped[0][f"p{i}"] or 0) for i, p in enumerate(patterns)}
                kw["pattern_base"] = int(grouped[0]["base"])
        if e.pattern_sample and patterns:
            r0 = sampled.get(c)
            kw["patterns"] = {p.key: int(r0[f"p{i}"] or 0) if r0 else 0 for i, p in enumerate(patterns)}
            kw["pattern_base"] = int(r0["base"]) if r0 else 0
            kw["pattern_sampled"] = e.pattern_sample < 1.0
        if kw:
            out[e.column.path] = Pass2Column(**kw)
    return out


def _histogram(spec: Tuple[float, float, int], rows: Sequence[Any]) -> Dict[str, Any]:
    """Bin edges and counts from the per-bin rows of the grouped pass."""
    edges = histogram_edges(*spec)
    counts = [0] * (len(edges) - 1)
    for r in rows:
        counts[min(int(r["b"]), len(counts) - 1)] += int(r["bn"])
    return {"hist_edges": edges, "hist_counts": tuple(counts)}


# -- exact duplicates ------------------------------------------------------------------


def _duplicate_key(name: str, spark_type: str) -> str:
    q = quote_ident(name)
    # What the distinct count reads: maps in key order, variants as JSON, at any depth.
    return q if is_groupable(spark_type) else f"{hash_input(q, spark_type) or f'to_json({q})'} AS {q}"


def _exact_duplicates(work: Any, top_level: Sequence[Tuple[str, str]], shown: Sequence[str], ex: Executor) -> int:
    """Rows minus distinct rows, from one grouping on every top-level column.

    ``shown`` holds the columns' user names, for errors. A column Spark cannot group on
    (a map or a variant anywhere in its type) is grouped on what its distinct count
    reads (``compile.hash_input``): maps in key order and variants as JSON, at any depth.
    """
    keys = [_duplicate_key(n, t) for n, t in top_level]
    names = [n for n, _ in top_level]
    # bandit B106: pass_name labels a Spark job in progress/errors; not a credential.
    with ex.failures(pass_name="exact duplicates", columns=shown):  # nosec B106
        counted = work.selectExpr(*keys).groupBy(*names).count()
        query = counted.selectExpr("coalesce(sum(CASE WHEN count > 1 THEN count - 1 ELSE 0 END), 0) AS d")
    rows = ex.collect(query, pass_name="exact duplicates", columns=shown)  # nosec B106
    return int(rows[0][0])


# -- finalizing ------------------------------------------------------------------------


def _finalize_column(
    col: ColumnInfo,
    user_path: Tuple[str, ...],
    plan: Pass1Plan,
    values: Mapping[Agg, Any],
    pass2: Mapping[Tuple[str, ...], Pass2Column],
    reasons: Mapping[Tuple[str, ...], str],
    cfg: ProfileConfig,
    sampling: Optional[SamplingContext],
    row_count: int,
) -> ColumnProfile:
    ctx = FinalizeContext(
        column=col,
        config=cfg,
        values=values,
        row_count=row_count,
        pass2=pass2.get(col.path),
        sampling=sampling,
    )
    stats: List[Statistic] = []
    failures: List[MetricFailure] = []
    display = ".".join(user_path)
    for m in plan.metrics.get(col.path, ()):
        try:
            s = m.finalize(ctx)
        except Exception as exc:  # a metric bug must not lose the rest of the profile
            if cfg.strict:
                raise MetricError(
                    f"statistic {m.key!r} of column {display!r} failed: {type(exc).__name__}: {exc}",
                    key=m.key,
                    column=display,
                ) from exc
            failures.append(MetricFailure(m.key, display, type(exc).__name__, str(exc)))
            continue
        if s is not None:
            stats.append(s)
            ctx.stats[s.key] = s
    structured: Dict[str, Any] = {}
    for name, builder in (
        ("quantiles", lambda: build_quantiles(ctx)),
        ("histogram", lambda: build_histogram(ctx)),
        ("frequent", lambda: build_frequent(ctx, reasons.get(col.path))),
    ):
        try:
            structured[name] = builder()
        except Exception as exc:
            if cfg.strict:
                raise MetricError(
                    f"{name} of column {display!r} failed: {type(exc).__name__}: {exc}", key=name, column=display
                ) from exc
            failures.append(MetricFailure(name, display, type(exc).__name__, str(exc)))
            structured[name] = None
    return ColumnProfile(
        name=display,
        path=user_path,
        spark_type=col.spark_type,
        kind=col.kind.value,
        nullable=col.nullable,
        stats=tuple(_tidy(s) for s in stats),
        quantiles=structured["quantiles"],
        histogram=structured["histogram"],
        frequent=structured["frequent"],
        failures=tuple(failures),
    )


def _tidy(s: Statistic) -> Statistic:
    """Trim zero fractional seconds from timestamps Spark formatted with microseconds."""
    if s.fmt == "datetime" and isinstance(s.value, str) and ".000000" in s.value:
        from dataclasses import replace

        return replace(s, value=s.value.replace(".000000", ""))
    return s


def _correlations(
    cols: Sequence[ColumnInfo],
    values: Mapping[Agg, Any],
    user_of: Mapping[Tuple[str, ...], Tuple[str, ...]],
    sampled: bool = False,
) -> Optional[Correlations]:
    from .planner import corr_agg

    if len(cols) < 2:
        return None
    n = len(cols)
    matrix: List[List[Optional[float]]] = [[None] * n for _ in range(n)]
    for i in range(n):
        matrix[i][i] = 1.0
        for j in range(i + 1, n):
            v = values.get(corr_agg(cols[i], cols[j]))
            f = None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
            matrix[i][j] = matrix[j][i] = f
    return Correlations(
        columns=tuple(".".join(user_of[c.path]) for c in cols),
        matrix=tuple(tuple(r) for r in matrix),
        accuracy=Accuracy.SAMPLED if sampled else Accuracy.EXACT,
    )


def _approximations(
    cfg: ProfileConfig,
    caps: Capabilities,
    reasons: Mapping[Tuple[str, ...], str],
    pass2: Mapping[Tuple[str, ...], Pass2Column],
) -> Tuple[str, ...]:
    out = []
    if cfg.distinct == "approximate":
        out.append(
            f"distinct_count: HyperLogLog++ (rsd {cfg.distinct_rsd}) unless the grouped pass saw every value;"
            " exact for booleans"
        )
    if cfg.quantiles:
        out.append(
            f"quantiles: {caps.quantile_method(cfg.quantile_accuracy)} (accuracy {cfg.quantile_accuracy},"
            f" rank error {1 / cfg.quantile_accuracy:g})"
        )
    if cfg.duplicates == "approximate":
        out.append(f"duplicate_rows: HyperLogLog++ over a 64-bit row hash (rsd {cfg.distinct_rsd})")
    if any(p.pattern_sampled for p in pass2.values()):
        out.append(f"patterns: Bernoulli sample of about {cfg.pattern_sample_rows} values for high-cardinality columns")
    if reasons:
        out.append(f"frequent values: not computed for {len(reasons)} column(s) above the cardinality threshold")
    return tuple(out)
