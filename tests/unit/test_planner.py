# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The pure planner: shared aggregates are fused, aliases are stable, and pass 2 is decided from pass 1.

The job budget is a property of the plan, so most of it is pinned here without a JVM:
``minimal`` never plans a second pass, whatever the first pass found.
"""

from __future__ import annotations

import math
import re
from typing import Any, Dict, List, Sequence, Tuple

import pytest

from spark_profiler.config import ProfileConfig
from spark_profiler.engine.planner import (
    INTERPRETED_OPS,
    LARGE_INPUT_BYTES,
    LARGE_INPUT_MAX_PARTS,
    MAX_COMPILED_PARTS,
    MAX_ROWS_PER_SCAN,
    MIN_STACKED_COLUMNS,
    SPLIT_SCANS_BYTES,
    Chunk,
    buffer_fields,
    histogram_edges,
    metrics_for,
    needs_object_aggregate,
    pass1_parts,
    pass2_scan_width,
    plan_chunks,
    plan_pass1,
    plan_pass2,
    split_pass1,
    stacked_columns,
)
from spark_profiler.kinds import ColumnKind, kind_of
from spark_profiler.metrics.base import Agg, ColumnInfo
from spark_profiler.metrics.distribution import quantile_agg

EVERY_TYPE = (
    "int",
    "bigint",
    "double",
    "float",
    "decimal(38,18)",
    "string",
    "boolean",
    "date",
    "timestamp",
    "timestamp_ntz",
    "binary",
    "array<int>",
    "map<string,int>",
    "struct<a:int>",
    "void",
)


def col(name: str, spark_type: str) -> ColumnInfo:
    return ColumnInfo(name, (name,), spark_type, kind_of(spark_type))


def every_kind_chunk() -> Chunk:
    return Chunk(0, tuple(col(f"_sp{i}", t) for i, t in enumerate(EVERY_TYPE)))


def plausible_values(aggs: Sequence[Agg]) -> Dict[Agg, Any]:
    """First-pass results a low-cardinality, non-empty column could produce, for every op."""
    out: Dict[Agg, Any] = {}
    for a in aggs:
        if a.op in ("count", "count_valid", "count_rows"):
            out[a] = 100
        elif a.op == "approx_distinct":
            out[a] = 7
        elif a.op in ("min", "min_finite", "t_min_epoch"):
            out[a] = 1.0
        elif a.op in ("max", "max_finite", "t_max_epoch"):
            out[a] = 50.0
        elif a.op == "sum_double":
            out[a] = 2500.0
        elif a.op == "quantiles":
            out[a] = [float(10 + 30 * p) for p in a.params[0]]
        else:
            out[a] = 0
    return out


class TestPass1Fusion:
    def test_the_count_of_a_column_is_requested_once_however_many_metrics_read_it(self) -> None:
        c = col("x", "double")
        plan = plan_pass1(Chunk(0, (c,)), ProfileConfig.default())
        readers = [
            m
            for m in plan.metrics[c.path]
            if Agg("count", c.path, (), "double") in m.aggregates(c, ProfileConfig.default())
        ]
        assert len(readers) >= 3  # count, null_count, null_fraction, distinct, unique_fraction ...
        assert plan.aggs.count(Agg("count", c.path, (), "double")) == 1

    def test_every_aggregate_appears_once_in_the_fused_plan(self) -> None:
        plan = plan_pass1(
            every_kind_chunk(), ProfileConfig.full(), include_table=True, table_columns=(("_sp0", "int"),)
        )
        assert len(plan.aggs) == len(set(plan.aggs))
        assert set(plan.aliases) == set(plan.aggs)

    def test_mean_and_sum_share_one_double_sum(self) -> None:
        c = col("x", "double")
        cfg = ProfileConfig.default()
        keys = {m.key for m in plan_pass1(Chunk(0, (c,)), cfg).metrics[c.path]}
        assert {"mean", "sum"} <= keys
        plan = plan_pass1(Chunk(0, (c,)), cfg)
        assert sum(1 for a in plan.aggs if a.op == "sum_double") == 1

    def test_quartiles_for_iqr_outliers_and_quantiles_share_one_percentile_sketch(self) -> None:
        c = col("x", "int")
        cfg = ProfileConfig.default()
        plan = plan_pass1(Chunk(0, (c,)), cfg)
        sketches = [a for a in plan.aggs if a.op == "quantiles"]
        assert sketches == [quantile_agg(c, cfg)]
        assert {0.25, 0.75} <= set(sketches[0].params[0])

    def test_table_aggregates_are_planned_only_where_asked(self) -> None:
        chunk = Chunk(0, (col("x", "int"),))
        with_table = plan_pass1(chunk, ProfileConfig.default(), table_columns=(("x", "int"),), include_table=True)
        without = plan_pass1(chunk, ProfileConfig.default(), table_columns=(("x", "int"),), include_table=False)
        assert any(a.op == "row_distinct_approx" for a in with_table.aggs)
        assert not any(a.op == "row_distinct_approx" for a in without.aggs)

    def test_row_count_is_shared_across_columns(self) -> None:
        chunk = Chunk(0, tuple(col(f"c{i}", "string") for i in range(5)))
        plan = plan_pass1(chunk, ProfileConfig.default(), include_table=True, table_columns=())
        assert plan.aggs.count(Agg("count_rows")) == 1


class TestAliases:
    def test_aliases_are_plain_identifiers_independent_of_column_names(self) -> None:
        hostile = ("a.b", "sp ace", "back`tick", "ünï😀", "count", "sum", "A", "a")
        chunk = Chunk(0, tuple(col(n, "double") for n in hostile))
        plan = plan_pass1(chunk, ProfileConfig.default())
        for alias in plan.aliases.values():
            assert re.fullmatch(r"a[0-9]+", alias)
        assert len(set(plan.aliases.values())) == len(plan.aggs)

    def test_aliases_are_the_same_when_the_same_plan_is_made_twice(self) -> None:
        first = plan_pass1(every_kind_chunk(), ProfileConfig.default(), include_table=True)
        second = plan_pass1(every_kind_chunk(), ProfileConfig.default(), include_table=True)
        assert first.aggs == second.aggs
        assert dict(first.aliases) == dict(second.aliases)


class TestChunking:
    @pytest.mark.parametrize(
        ("n", "size", "expected"), [(1000, 400, [400, 400, 200]), (10, 400, [10]), (7, 1, [1] * 7)]
    )
    def test_columns_are_split_into_chunks_of_at_most_the_configured_size(
        self, n: int, size: int, expected: List[int]
    ) -> None:
        cols = [col(f"c{i}", "int") for i in range(n)]
        chunks = plan_chunks(cols, ProfileConfig.default(max_columns_per_job=size))
        assert [len(c.columns) for c in chunks] == expected
        assert [c.index for c in chunks] == list(range(len(expected)))
        assert [c for ch in chunks for c in ch.columns] == cols

    def test_a_frame_without_columns_still_gets_one_chunk_for_the_row_count(self) -> None:
        chunks = plan_chunks([], ProfileConfig.default())
        assert len(chunks) == 1
        assert chunks[0].columns == ()


class TestPass2Decisions:
    def _values(self, c: ColumnInfo, cfg: ProfileConfig, **by_op: Any) -> Dict[Agg, Any]:
        plan = plan_pass1(Chunk(0, (c,)), cfg)
        values = plausible_values(plan.aggs)
        for a in plan.aggs:
            if a.op in by_op:
                values[a] = by_op[a.op]
        return values

    def test_histogram_uses_pass1_min_and_max_and_the_configured_bins(self) -> None:
        c = col("x", "int")
        cfg = ProfileConfig.default(histogram_bins=13)
        entry = plan_pass2(Chunk(0, (c,)), cfg, self._values(c, cfg, min=-5, max=20)).entries[0]
        assert entry.hist == (-5.0, 20.0, 13)

    def test_fractional_histograms_use_the_finite_range_not_infinities(self) -> None:
        c = col("x", "double")
        cfg = ProfileConfig.default()
        values = self._values(c, cfg, min=float("-inf"), max=float("inf"), min_finite=-2.0, max_finite=3.5)
        entry = plan_pass2(Chunk(0, (c,)), cfg, values).entries[0]
        assert entry.hist == (-2.0, 3.5, cfg.histogram_bins)

    def test_moments_are_shifted_by_the_pass1_mean(self) -> None:
        c = col("x", "double")
        cfg = ProfileConfig.default()
        values = self._values(c, cfg, count_valid=4, sum_double=4e9 + 2.0)
        assert plan_pass2(Chunk(0, (c,)), cfg, values).entries[0].shift == (4e9 + 2.0) / 4

    def test_integer_moments_are_shifted_by_the_mean_of_the_exact_sum(self) -> None:
        c = col("x", "bigint")
        cfg = ProfileConfig.default()
        plan = plan_pass1(Chunk(0, (c,)), cfg)
        assert not any(a.op == "sum_double" for a in plan.aggs)
        big = 2**62 + 2
        values = self._values(c, cfg, count_valid=2, sum_exact=__import__("decimal").Decimal(2 * big))
        assert plan_pass2(Chunk(0, (c,)), cfg, values).entries[0].shift == float(big)

    def test_an_infinite_mean_falls_back_to_the_finite_minimum_as_shift(self) -> None:
        c = col("x", "double")
        cfg = ProfileConfig.default()
        values = self._values(c, cfg, sum_double=float("inf"), min_finite=-3.0)
        assert plan_pass2(Chunk(0, (c,)), cfg, values).entries[0].shift == -3.0

    def test_iqr_fences_come_from_the_pass1_quartiles(self) -> None:
        c = col("x", "double")
        cfg = ProfileConfig.default()
        q = quantile_agg(c, cfg)
        assert q is not None
        qs = [{0.25: 10.0, 0.75: 30.0}.get(p, 20.0) for p in q.params[0]]
        entry = plan_pass2(Chunk(0, (c,)), cfg, {**self._values(c, cfg), q: qs}).entries[0]
        assert entry.fences == (10.0 - 1.5 * 20.0, 30.0 + 1.5 * 20.0)

    def test_low_cardinality_columns_are_grouped_for_exact_frequent_values(self) -> None:
        c = col("s", "string")
        cfg = ProfileConfig.default(frequent_max_cardinality=50)
        entry = plan_pass2(Chunk(0, (c,)), cfg, self._values(c, cfg, approx_distinct=50)).entries[0]
        assert entry.group_values
        assert entry.not_grouped_reason is None
        assert entry.pattern_sample is None

    def test_high_cardinality_strings_are_not_grouped_and_patterns_use_a_sample(self) -> None:
        c = col("s", "string")
        cfg = ProfileConfig.default(frequent_max_cardinality=50, pattern_sample_rows=1000)
        plan = plan_pass2(Chunk(0, (c,)), cfg, self._values(c, cfg, approx_distinct=51, count=4000))
        entry = plan.entries[0]
        assert not entry.group_values
        assert entry.not_grouped_reason is not None
        assert "cardinality above 50" in entry.not_grouped_reason
        assert plan.reasons[c.path] == entry.not_grouped_reason
        assert entry.pattern_sample == pytest.approx(1000 / 4000)

    def test_high_cardinality_numbers_get_a_reason_and_no_pattern_sample(self) -> None:
        c = col("x", "bigint")
        cfg = ProfileConfig.default(frequent_max_cardinality=10)
        entry = plan_pass2(Chunk(0, (c,)), cfg, self._values(c, cfg, approx_distinct=11)).entries[0]
        assert not entry.group_values
        assert entry.pattern_sample is None
        assert entry.not_grouped_reason

    def test_exact_distinct_groups_every_column_whatever_its_cardinality(self) -> None:
        c = col("s", "string")
        cfg = ProfileConfig.full(frequent_max_cardinality=10)
        entry = plan_pass2(Chunk(0, (c,)), cfg, self._values(c, cfg, approx_distinct=10**6)).entries[0]
        assert entry.group_values

    @pytest.mark.parametrize(
        ("spark_type", "grouped"),
        [
            ("map<string,int>", True),
            ("map<string,map<string,int>>", True),
            ("array<map<int,string>>", True),
            ("struct<m:map<string,int>,n:int>", True),
            ("array<array<variant>>", True),
            # -0.0 is read as 0.0, as Spark counts them.
            ("map<string,map<string,double>>", True),
            ("array<float>", True),
            # The field name holds ":", so the type cannot be read back to rebuild the map.
            ("struct<a:b:map<string,int>>", False),
            ("struct<a:b:array<double>>", False),
        ],
    )
    def test_exact_distinct_groups_nested_types_when_their_text_is_one_per_value(
        self, spark_type: str, grouped: bool
    ) -> None:
        c = col("n", spark_type)
        cfg = ProfileConfig.full()
        entry = plan_pass2(Chunk(0, (c,)), cfg, self._values(c, cfg)).entries[0]
        assert entry.group_values is grouped

    def test_an_all_null_column_has_nothing_to_group(self) -> None:
        c = col("s", "string")
        cfg = ProfileConfig.default()
        entry = plan_pass2(Chunk(0, (c,)), cfg, self._values(c, cfg, count=0, approx_distinct=0)).entries[0]
        assert not entry.group_values

    def test_temporal_histograms_use_epoch_seconds_from_pass1(self) -> None:
        c = col("t", "timestamp")
        cfg = ProfileConfig.default(histogram_bins=4)
        entry = plan_pass2(Chunk(0, (c,)), cfg, self._values(c, cfg, t_min_epoch=0.0, t_max_epoch=86400.0)).entries[0]
        assert entry.temporal_hist == (0.0, 86400.0, 4)

    def test_a_numeric_column_without_finite_values_gets_no_histogram(self) -> None:
        c = col("x", "double")
        cfg = ProfileConfig.default()
        values = self._values(c, cfg, min_finite=None, max_finite=None, count_valid=0, sum_double=None)
        entry = plan_pass2(Chunk(0, (c,)), cfg, values).entries[0]
        assert entry.hist is None
        assert entry.shift is None


class TestJobBudgetByConstruction:
    def test_minimal_never_needs_a_second_pass(self) -> None:
        cfg = ProfileConfig.minimal()
        chunk = every_kind_chunk()
        plan = plan_pass1(chunk, cfg, include_table=True, table_columns=(("_sp0", "int"),))
        assert not plan_pass2(chunk, cfg, plausible_values(plan.aggs)).needed

    def test_minimal_has_no_sketches_correlations_or_row_hash_in_pass1(self) -> None:
        cfg = ProfileConfig.minimal()
        chunk = every_kind_chunk()
        numeric = [c for c in chunk.columns if c.kind is ColumnKind.NUMERIC]
        plan = plan_pass1(chunk, cfg, include_table=True, table_columns=(("_sp0", "int"),), correlation_columns=numeric)
        ops = {a.op for a in plan.aggs}
        assert not ops & {"quantiles", "corr", "row_distinct_approx"}
        assert plan.correlation_pairs == ()

    @pytest.mark.parametrize(
        ("spark_type", "counted"),
        [
            ("map<string,int>", True),
            ("map<string,map<string,int>>", True),
            ("map<string,variant>", True),
            # A field name holding ":": the map inside cannot be rebuilt in key order.
            ("map<string,struct<a:b:map<int,int>>>", False),
        ],
    )
    def test_maps_get_a_distinct_count_when_their_type_can_be_read_back(self, spark_type: str, counted: bool) -> None:
        keys = {m.key for m in metrics_for(col("m", spark_type), ProfileConfig.minimal())}
        assert ("distinct_count" in keys) is counted
        assert "count" in keys

    def test_minimal_keeps_counts_nulls_distinct_and_range_and_mean(self) -> None:
        cfg = ProfileConfig.minimal()
        num = {m.key for m in metrics_for(col("x", "double"), cfg)}
        assert {"count", "null_count", "distinct_count", "min", "max", "mean"} <= num
        assert not num & {"std", "variance", "skewness", "kurtosis", "iqr", "outliers", "sum"}
        temporal = {m.key for m in metrics_for(col("t", "timestamp"), cfg)}
        assert {"min", "max"} <= temporal

    @pytest.mark.parametrize("spark_type", ["double", "string", "boolean", "map<string,int>", "array<int>"])
    def test_distinct_off_drops_the_distinct_statistics(self, spark_type: str) -> None:
        keys = {m.key for m in metrics_for(col("x", spark_type), ProfileConfig.default(distinct="off"))}
        assert "count" in keys
        assert not keys & {"distinct_count", "unique_fraction", "is_constant"}

    def test_distinct_off_takes_the_sketches_out_of_minimal(self) -> None:
        chunk = Chunk(0, tuple(col(f"c{i}", t) for i, t in enumerate(["double", "string", "date", "bigint"])))
        with_sketch = plan_pass1(chunk, ProfileConfig.minimal(), include_table=True)
        off = plan_pass1(chunk, ProfileConfig.minimal(distinct="off"), include_table=True)
        assert sum(a.op == "approx_distinct" for a in with_sketch.aggs) == 4
        assert not any(a.op in INTERPRETED_OPS for a in off.aggs)
        assert len(split_pass1(off.aggs, 100)) == 1

    def test_distinct_off_keeps_the_sketch_that_chooses_frequent_values(self) -> None:
        c = col("s", "string")
        plan = plan_pass1(Chunk(0, (c,)), ProfileConfig.default(distinct="off"))
        assert any(a.op == "approx_distinct" for a in plan.aggs)
        assert plan_pass2(Chunk(0, (c,)), ProfileConfig.default(distinct="off"), plausible_values(plan.aggs)).needed

    def test_default_plans_a_second_pass_for_numeric_columns(self) -> None:
        cfg = ProfileConfig.default()
        c = col("x", "double")
        plan = plan_pass1(Chunk(0, (c,)), cfg)
        assert plan_pass2(Chunk(0, (c,)), cfg, plausible_values(plan.aggs)).needed

    def test_default_has_no_correlations_and_full_has_every_pair(self) -> None:
        numeric = tuple(col(f"n{i}", "double") for i in range(5))
        chunk = Chunk(0, numeric)
        default = plan_pass1(chunk, ProfileConfig.default(), include_table=True, correlation_columns=numeric)
        full = plan_pass1(chunk, ProfileConfig.full(), include_table=True, correlation_columns=numeric)
        assert not any(a.op == "corr" for a in default.aggs)
        assert len(full.correlation_pairs) == 5 * 4 // 2
        assert sum(1 for a in full.aggs if a.op == "corr") == 10


class TestPass1Split:
    """Pass 1 is split so that Spark compiles every part that can be compiled."""

    @staticmethod
    def default_plan(n: int, spark_type: str = "") -> Tuple[Agg, ...]:
        """The default plan of ``n`` columns, of ``spark_type`` or each of its own type (none stacked)."""
        types = [spark_type or f"decimal({10 + i // 10},{i % 10})" for i in range(n)]
        chunk = Chunk(0, tuple(col(f"_sp{i}", t) for i, t in enumerate(types)))
        cfg = ProfileConfig.default()
        return plan_pass1(
            chunk, cfg, table_columns=[(c.name, c.spark_type) for c in chunk.columns], include_table=True
        ).aggs

    @staticmethod
    def fields(part: Sequence[Agg]) -> int:
        """Buffer fields of a part's generated code: one column's for a stacked part."""
        stacked = stacked_columns(part)
        return sum(buffer_fields(a) for a in part if stacked is None or a.column == stacked[0])

    def test_interpreted_aggregates_get_a_part_of_their_own(self) -> None:
        parts = split_pass1(self.default_plan(3), 100)
        assert all(a.op in INTERPRETED_OPS for a in parts[-1])
        assert all(a.op not in INTERPRETED_OPS for p in parts[:-1] for a in p)

    def test_every_aggregate_lands_in_exactly_one_part(self) -> None:
        aggs = self.default_plan(40)
        parts = split_pass1(aggs, 100)
        flat = [a for p in parts for a in p]
        assert sorted(map(repr, flat)) == sorted(map(repr, aggs))
        assert len(flat) == len(set(flat))

    @pytest.mark.parametrize("limit", [10, 50, 100, 1000])
    def test_compiled_parts_stay_under_the_field_limit_minus_the_grouping_key(self, limit: int) -> None:
        parts = split_pass1(self.default_plan(40), limit, max_parts=1000)
        for p in parts[:-1]:
            if self.fields(p) > limit - 1:
                # Only a single column heavier than the limit on its own may exceed it.
                assert len({a.column for a in p if a.column is not None}) == 1

    def test_a_plan_needing_more_parts_than_the_limit_stays_one_fused_part(self) -> None:
        aggs = self.default_plan(40)
        assert split_pass1(aggs, 30, max_parts=3) == (tuple(aggs),)
        assert len(split_pass1(aggs, 30, max_parts=1000)) > 4

    def test_aggregates_of_one_column_are_never_split_across_parts(self) -> None:
        parts = split_pass1(self.default_plan(40), 30, max_parts=1000)
        home: Dict[Any, int] = {}
        for i, p in enumerate(parts[:-1]):
            for a in p:
                if a.column is not None:
                    assert home.setdefault(a.column[0], i) == i

    def test_fields_of_one_struct_are_packed_into_one_part(self) -> None:
        # Regression: packing by full path split a struct's fields across parts, which
        # made every one of those parts read the whole struct.
        fields = [ColumnInfo(f"s.f{i}", ("s", f"f{i}"), f"decimal({10 + i},2)", ColumnKind.NUMERIC) for i in range(6)]
        aggs = plan_pass1(Chunk(0, (*fields, col("x", "date"))), ProfileConfig.default()).aggs
        compiled = [a for a in aggs if a.op not in INTERPRETED_OPS]
        parts = split_pass1(compiled, 30, max_parts=1000)
        assert len(parts) > 1
        homes = {i for i, p in enumerate(parts) for a in p if a.column and a.column[0] == "s"}
        assert len(homes) == 1

    def test_a_plan_that_fits_and_has_no_sketch_stays_one_part(self) -> None:
        chunk = Chunk(0, (col("_sp0", "bigint"),))
        aggs = tuple(a for a in plan_pass1(chunk, ProfileConfig.minimal()).aggs if a.op not in INTERPRETED_OPS)
        parts = split_pass1(aggs, 100)
        assert len(parts) == 1
        assert set(parts[0]) == set(aggs)

    def test_exact_sums_and_correlations_weigh_their_buffer_fields(self) -> None:
        assert buffer_fields(Agg("sum_exact", ("x",), (), "bigint")) == 3
        assert buffer_fields(Agg("corr", ("x",), (("y",), "double"), "double")) == 6
        assert buffer_fields(Agg("count", ("x",), (), "bigint")) == 1

    def test_an_empty_plan_has_no_parts(self) -> None:
        assert split_pass1((), 100) == ()

    def test_columns_alike_come_first_as_one_stacked_part(self) -> None:
        alike = self.default_plan(MIN_STACKED_COLUMNS + 2, "bigint")
        others = tuple(
            Agg(a.op, ("other", *a.column), a.params, a.spark_type)
            for a in self.default_plan(3)
            if a.column is not None and a.op not in INTERPRETED_OPS
        )
        aggs = alike + others
        parts = split_pass1(aggs, 100)
        assert stacked_columns(parts[0]) == tuple((f"_sp{i}",) for i in range(MIN_STACKED_COLUMNS + 2))
        assert set(parts[0]) == {a for a in alike if a.column is not None and a.op not in INTERPRETED_OPS}
        assert [stacked_columns(p) for p in parts[1:]] == [None] * (len(parts) - 1)
        assert sorted(map(repr, (a for p in parts for a in p))) == sorted(map(repr, aggs))

    def test_a_stacked_part_weighs_one_column_against_the_field_limit(self) -> None:
        parts = split_pass1(self.default_plan(40, "bigint"), 30)
        assert len(stacked_columns(parts[0]) or ()) == 40
        assert sum(buffer_fields(a) for a in parts[0]) > 30 >= self.fields(parts[0])

    def test_correlations_of_stacked_columns_are_packed_beside_them(self) -> None:
        n = MIN_STACKED_COLUMNS + 1
        chunk = Chunk(0, tuple(col(f"_sp{i}", "double") for i in range(n)))
        cfg = ProfileConfig.full(max_correlation_columns=n)
        table = [(c.name, "double") for c in chunk.columns]
        aggs = plan_pass1(chunk, cfg, table_columns=table, include_table=True, correlation_columns=chunk.columns).aggs
        parts = split_pass1(aggs, 100, max_parts=1000)
        assert stacked_columns(parts[0]) == tuple((f"_sp{i}",) for i in range(n))
        assert not any(a.op == "corr" for a in parts[0])
        pairs = [a for p in parts[1:] for a in p if a.op == "corr"]
        assert len(pairs) == n * (n - 1) // 2
        assert sorted(map(repr, (a for p in parts for a in p))) == sorted(map(repr, aggs))

    def test_fewer_columns_alike_than_the_minimum_are_packed_not_stacked(self) -> None:
        parts = split_pass1(self.default_plan(MIN_STACKED_COLUMNS - 1, "bigint"), 100)
        assert [stacked_columns(p) for p in parts] == [None] * len(parts)

    def test_a_part_with_anything_but_columns_alike_is_not_stacked(self) -> None:
        alike = [a for a in self.default_plan(MIN_STACKED_COLUMNS, "bigint") if a.op not in INTERPRETED_OPS]
        per_column = [a for a in alike if a.column is not None]
        assert stacked_columns(per_column) is not None
        # A table-level aggregate, a sketch, or one column with another type or other aggregates.
        assert stacked_columns(alike) is None
        assert stacked_columns([*per_column, Agg("approx_distinct", ("_sp0",), (0.05,), "bigint")]) is None
        odd = [Agg(a.op, a.column, a.params, "int") if a.column == ("_sp0",) else a for a in per_column]
        assert stacked_columns(odd) is None
        assert stacked_columns([a for a in per_column if a.column != ("_sp0",) or a.op != "max"]) is None


class TestObjectAggregate:
    """Parts of fixed-width sketches ask for Spark's object-hash aggregate; no other part does."""

    @staticmethod
    def plan(preset: str, spark_type: str) -> Tuple[Agg, ...]:
        chunk = Chunk(0, tuple(col(f"_oa{i}", spark_type) for i in range(3)))
        return plan_pass1(chunk, ProfileConfig.from_preset(preset), include_table=True).aggs

    @pytest.mark.parametrize(("preset", "spark_type"), [("minimal", "bigint"), ("default", "string")])
    def test_a_part_of_distinct_count_sketches_alone_asks_for_it(self, preset: str, spark_type: str) -> None:
        aggs = self.plan(preset, spark_type)
        *compiled, sketches = split_pass1(aggs, 100)
        assert {a.op for a in sketches} <= {"approx_distinct", "row_distinct_approx"}
        assert needs_object_aggregate(sketches)
        assert compiled
        assert not any(needs_object_aggregate(p) for p in compiled)
        # A fused plan runs interpreted anyway, so it asks too.
        assert needs_object_aggregate(aggs)

    def test_a_part_with_a_percentile_sketch_already_runs_as_one(self) -> None:
        aggs = self.plan("default", "bigint")
        sketches = split_pass1(aggs, 100)[-1]
        assert any(a.op == "quantiles" for a in sketches)
        assert not needs_object_aggregate(sketches)
        assert not needs_object_aggregate(aggs)

    def test_generated_code_and_an_empty_part_never_ask(self) -> None:
        compiled = tuple(a for a in self.plan("minimal", "bigint") if a.op not in INTERPRETED_OPS)
        assert compiled
        assert not needs_object_aggregate(compiled)
        assert not needs_object_aggregate(())


class TestPass1PartsBySize:
    """Only a large input lifts the cap on compiled parts, and the size is asked lazily."""

    @staticmethod
    def sizer(size: Any) -> Tuple[List[int], Any]:
        calls: List[int] = []

        def input_bytes() -> Any:
            calls.append(1)
            return size

        return calls, input_bytes

    @staticmethod
    def wide_plan(n: int) -> Tuple[Agg, ...]:
        return TestPass1Split.default_plan(n)

    def compiled(self, parts: Sequence[Sequence[Agg]]) -> int:
        return sum(1 for p in parts if p and p[0].op not in INTERPRETED_OPS)

    def test_a_large_input_splits_a_plan_the_cap_keeps_fused(self) -> None:
        aggs = self.wide_plan(40)
        assert split_pass1(aggs, 30) == (tuple(aggs),)
        calls, size = self.sizer(LARGE_INPUT_BYTES)
        parts = pass1_parts(aggs, 30, size)
        assert MAX_COMPILED_PARTS < self.compiled(parts) <= LARGE_INPUT_MAX_PARTS
        assert sorted(map(repr, (a for p in parts for a in p))) == sorted(map(repr, aggs))
        assert calls == [1]

    @pytest.mark.parametrize("size", [None, 0, LARGE_INPUT_BYTES - 1])
    def test_a_small_or_unknown_input_keeps_one_fused_part(self, size: Any) -> None:
        aggs = self.wide_plan(40)
        assert pass1_parts(aggs, 30, self.sizer(size)[1]) == (tuple(aggs),)

    def test_a_plan_beyond_the_large_input_cap_stays_fused(self) -> None:
        aggs = self.wide_plan(40)
        assert len(split_pass1(aggs, 3, LARGE_INPUT_MAX_PARTS)) == 1
        assert pass1_parts(aggs, 3, self.sizer(2**40)[1]) == (tuple(aggs),)

    @pytest.mark.parametrize("n", [1, 3])
    def test_a_plan_under_the_cap_never_asks_for_the_size(self, n: int) -> None:
        aggs = self.wide_plan(n)
        calls, size = self.sizer(2**40)
        assert pass1_parts(aggs, 100, size) == split_pass1(aggs, 100)
        assert calls == []

    def test_an_empty_plan_never_asks_for_the_size(self) -> None:
        calls, size = self.sizer(2**40)
        assert pass1_parts((), 100, size) == ()
        assert calls == []


class TestPass2ScanWidth:
    """Only a large input has its wide pass-2 branches cut into scans; the size is asked lazily."""

    @pytest.mark.parametrize("widest", [0, 1, MAX_ROWS_PER_SCAN])
    def test_a_branch_narrow_enough_for_one_scan_never_asks_for_the_size(self, widest: int) -> None:
        calls, size = TestPass1PartsBySize.sizer(2**40)
        assert pass2_scan_width(widest, size) == max(widest, 1)
        assert calls == []

    def test_a_large_input_cuts_a_wide_branch_into_scans_of_the_maximum_width(self) -> None:
        calls, size = TestPass1PartsBySize.sizer(SPLIT_SCANS_BYTES)
        assert pass2_scan_width(44, size) == MAX_ROWS_PER_SCAN
        assert calls == [1]

    @pytest.mark.parametrize("size", [None, 0, SPLIT_SCANS_BYTES - 1])
    def test_a_small_or_unknown_input_reads_a_wide_branch_in_one_scan(self, size: Any) -> None:
        assert pass2_scan_width(44, TestPass1PartsBySize.sizer(size)[1]) == 44


class TestHistogramEdges:
    def test_edges_are_equal_width_and_end_exactly_at_the_maximum(self) -> None:
        edges = histogram_edges(0.0, 1.0, 10)
        assert len(edges) == 11
        assert edges[0] == 0.0
        assert edges[-1] == 1.0
        widths = [b - a for a, b in zip(edges, edges[1:])]
        assert max(widths) - min(widths) < 1e-12

    def test_a_constant_column_gets_a_single_closed_bin(self) -> None:
        assert histogram_edges(4.0, 4.0, 20) == (4.0, 4.0)


def _pairs(aggs: Sequence[Agg]) -> List[Tuple[str, Tuple[str, ...]]]:
    return [(a.op, a.column or ()) for a in aggs]


def test_every_column_kind_plans_without_error_under_every_preset() -> None:
    for cfg in (ProfileConfig.minimal(), ProfileConfig.default(), ProfileConfig.full()):
        chunk = every_kind_chunk()
        plan = plan_pass1(chunk, cfg, include_table=True, table_columns=(("_sp0", "int"),))
        assert all(c.path in plan.metrics for c in chunk.columns)
        plan_pass2(chunk, cfg, plausible_values(plan.aggs))
        assert _pairs(plan.aggs)


def test_histogram_edges_of_a_span_beyond_the_double_range_are_finite() -> None:
    # Regression: (1e308 - -1e308) / bins overflowed, and the first edge came out as NaN.
    edges = histogram_edges(-1e308, 1e308, 20)
    assert all(math.isfinite(e) for e in edges)
    assert edges[0] == -1e308
    assert edges[10] == 0.0
    assert edges[-1] == 1e308
    assert list(edges) == sorted(edges)
