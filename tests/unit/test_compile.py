# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""SQL text generation: hostile identifiers are quoted, literals escaped, version switches honoured."""

from __future__ import annotations

import re
from typing import Optional

import pytest

from spark_profiler.engine.capabilities import Capabilities, kll_k
from spark_profiler.engine.compile import (
    ARG,
    Pass2Branch,
    Pass2Compiler,
    SqlCompiler,
    _bin_sql,
    bin_scale,
    decimal_precision_scale,
    hash_input,
    iso_pattern,
    pass2_branches,
    post_columns,
    quote_ident,
    quote_path,
    sql_double,
    sql_string,
)
from spark_profiler.metrics.base import Agg

SPARK_30 = Capabilities("3.0.3", (3, 0, 3), connect=False)
SPARK_31 = Capabilities("3.1.3", (3, 1, 3), connect=False)
SPARK_35 = Capabilities("3.5.1", (3, 5, 1), connect=False)
SPARK_4 = Capabilities("4.1.0", (4, 1, 0), connect=True)


def unquote_ident(text: str) -> str:
    """Parse one backtick-quoted identifier the way Spark's parser does."""
    assert text.startswith("`")
    assert text.endswith("`")
    body = text[1:-1]
    assert "`" not in body.replace("``", ""), "a lone backtick would end the identifier early"
    return body.replace("``", "`")


def unquote_string(text: str) -> str:
    """Parse a single-quoted SQL literal with Spark's default backslash escapes."""
    assert text.startswith("'")
    assert text.endswith("'")
    out, i, body = [], 0, text[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            out.append(body[i + 1])
            i += 2
            continue
        assert ch != "'", "an unescaped quote would end the literal early"
        out.append(ch)
        i += 1
    return "".join(out)


HOSTILE = ["a.b", "with space", "back`tick", "``", "ünïcødé 😀", "count", "sum", "select", "A", "a", "x)--", "'q'"]


class TestQuoting:
    @pytest.mark.parametrize("name", HOSTILE)
    def test_identifiers_round_trip_through_backtick_quoting(self, name: str) -> None:
        assert unquote_ident(quote_ident(name)) == name

    def test_a_path_quotes_each_part_so_dots_inside_names_are_not_field_access(self) -> None:
        assert quote_path(("a.b", "c")) == "`a.b`.`c`"

    @pytest.mark.parametrize("text", ["plain", "it's", "back\\slash", "\\'", "😀", "", "''", "a\nb"])
    def test_string_literals_round_trip(self, text: str) -> None:
        assert unquote_string(sql_string(text)) == text

    @pytest.mark.parametrize("value", [0.0, -0.0, 1.5, 1e308, 5e-324, -2.5e-10, float("inf"), float("-inf")])
    def test_double_literals_are_exact_and_include_infinities(self, value: float) -> None:
        m = re.fullmatch(r"CAST\((.*) AS DOUBLE\)", sql_double(value))
        assert m is not None
        literal = unquote_string(m.group(1))
        assert float(literal) == value
        assert str(value).startswith("-") == literal.startswith("-")

    @pytest.mark.parametrize("name", HOSTILE)
    def test_every_first_pass_aggregate_quotes_the_column(self, name: str) -> None:
        comp = SqlCompiler(SPARK_35)
        quoted = quote_ident(name)
        for op, t in [("count", "string"), ("min", "double"), ("sum_exact", "int"), ("len_max", "string")]:
            sql = comp.agg(Agg(op, (name,), (), t))
            assert quoted in sql
            # Nothing outside the quoted identifier may carry the raw name.
            assert name not in sql.replace(quoted, "") or name in ("count", "sum", "A", "a")


class TestVersionSwitches:
    def test_wide_decimal_sums_use_try_sum_from_spark_33_and_plain_sum_before(self) -> None:
        agg = Agg("sum_exact", ("d",), (), "decimal(38,18)")
        assert SqlCompiler(SPARK_35).agg(agg).startswith("try_sum(")
        assert SqlCompiler(SPARK_4).agg(agg).startswith("try_sum(")
        assert SqlCompiler(SPARK_31).agg(agg).startswith("sum(")

    def test_spark_30_sums_a_wide_decimals_integer_parts_and_fractions_apart(self) -> None:
        sql = SqlCompiler(SPARK_30).agg(Agg("sum_exact", ("d",), (), "decimal(38,18)"))
        assert "sum(CAST(`d` - `d` % 1 AS DECIMAL(38, 0)))" in sql
        assert "sum(CAST(`d` % 1 AS DECIMAL(38, 18)))" in sql
        assert sql.endswith("'E-18') AS DECIMAL(38, 18))")
        integral = SqlCompiler(SPARK_30).agg(Agg("sum_exact", ("d",), (), "decimal(20,0)"))
        assert integral == "sum(CAST(`d` AS DECIMAL(38, 0)))"

    @pytest.mark.parametrize("spark_type", ["decimal(38,0)", "decimal(30,24)"])
    def test_spark_30_keeps_the_plain_sum_where_a_part_has_no_room(self, spark_type: str) -> None:
        assert SqlCompiler(SPARK_30).agg(Agg("sum_exact", ("d",), (), spark_type)) == "sum(`d`)"

    @pytest.mark.parametrize("spark_type", ["decimal(15,2)", "decimal(10,0)", "decimal(15,15)"])
    def test_narrow_decimal_sums_add_bigint_limbs_of_the_unscaled_value(self, spark_type: str) -> None:
        sql = SqlCompiler(SPARK_35).agg(Agg("sum_exact", ("d",), (), spark_type))
        assert "try_sum" not in sql
        assert sql.count("sum(") == 3
        assert "rint(" in sql

    @pytest.mark.parametrize("spark_type", ["date", "timestamp", "timestamp_ntz"])
    def test_temporal_epoch_extremes_convert_the_extreme_not_every_row(self, spark_type: str) -> None:
        # Sharing min(t) with the ISO minimum keeps one buffer per extreme and column.
        lo = SqlCompiler(SPARK_35).agg(Agg("t_min_epoch", ("t",), (), spark_type))
        hi = SqlCompiler(SPARK_35).agg(Agg("t_max_epoch", ("t",), (), spark_type))
        iso = SqlCompiler(SPARK_35).agg(Agg("t_min_iso", ("t",), (), spark_type))
        assert "min(`t`)" in lo
        assert "min(`t`)" in iso
        assert "max(`t`)" in hi
        assert re.search(r"(min|max)\((?!`t`\))", lo + hi) is None

    def test_timestamps_use_unix_micros_from_spark_31_and_a_double_cast_before(self) -> None:
        agg = Agg("t_min_epoch", ("t",), (), "timestamp")
        assert "unix_micros" in SqlCompiler(SPARK_35).agg(agg)
        old = SqlCompiler(SPARK_30).agg(agg)
        assert "unix_micros" not in old
        assert "AS DOUBLE" in old

    def test_integral_sums_add_three_bigint_limbs_on_every_version(self) -> None:
        for caps in (SPARK_30, SPARK_35, SPARK_4):
            sql = SqlCompiler(caps).agg(Agg("sum_exact", ("i",), (), "bigint"))
            assert sql.count("sum(") == 3
            assert "shiftright" in sql
            assert "sum(CAST(`i` AS DECIMAL" not in sql

    @pytest.mark.parametrize("caps", [SPARK_35, SPARK_4], ids=["percentile_approx", "kll"])
    def test_interpreted_aggregates_split_into_template_and_argument(self, caps: Capabilities) -> None:
        comp = SqlCompiler(caps)
        for a in (
            Agg("approx_distinct", ("x",), (0.05,), "string"),
            Agg("quantiles", ("x",), ((0.5,), 100), "decimal(10,2)"),
            Agg("quantiles", ("x",), ((0.5,), 100), "int"),
            Agg("row_distinct_approx", None, (("x", "y"), 0.05, (("x", "int"), ("y", "string")))),
        ):
            template, arg = comp.interpreted(a)
            assert ARG in template
            assert "`x`" not in template
            assert comp.agg(a) == template.replace(ARG, arg)
            assert "`x`" in arg
        with pytest.raises(ValueError, match="generated code"):
            comp.interpreted(Agg("count", ("x",), (), "int"))

    @pytest.mark.parametrize("accuracy", [10, 50, 100, 999, 1000, 5000, 10_000])
    def test_kll_sketch_is_the_smallest_with_half_the_rank_error_at_99_percent(self, accuracy: int) -> None:
        def error(k: int) -> float:  # DataSketches' single-quantile rank error at 99 % confidence
            return 2.296 / k**0.9723

        k = kll_k(accuracy)
        assert k is not None
        assert error(k) <= 1 / (2 * accuracy) < error(k - 1)

    def test_no_kll_sketch_when_the_accuracy_needs_more_than_spark_allows(self) -> None:
        assert kll_k(11_000) is None
        assert kll_k(1_000_000) is None

    def test_quantiles_use_percentile_approx_before_spark_4_1(self) -> None:
        sql = SqlCompiler(SPARK_35).agg(Agg("quantiles", ("x",), ((0.25, 0.5), 1000), "double"))
        assert sql.startswith("percentile_approx((CASE WHEN isnan(`x`)")
        assert sql.endswith(", array(0.25, 0.5), 1000)")

    @pytest.mark.parametrize(
        ("spark_type", "kind", "arg"),
        [
            ("int", "bigint", "CAST(`x` AS BIGINT)"),
            ("bigint", "bigint", "CAST(`x` AS BIGINT)"),
            ("double", "double", "CAST((CASE WHEN isnan(`x`) THEN NULL ELSE `x` END) AS DOUBLE)"),
            ("float", "double", "CAST((CASE WHEN isnan(`x`) THEN NULL ELSE `x` END) AS DOUBLE)"),
            ("decimal(38,18)", "double", "CAST(`x` AS DOUBLE)"),
        ],
    )
    def test_quantiles_use_a_guarded_kll_sketch_from_spark_4_1(self, spark_type: str, kind: str, arg: str) -> None:
        sql = SqlCompiler(SPARK_4).agg(Agg("quantiles", ("x",), ((0.25, 0.5), 1000), spark_type))
        sketch = f"kll_sketch_agg_{kind}({arg}, 5839)"
        assert sql == (
            f"CASE WHEN kll_sketch_get_n_{kind}({sketch}) > 0"
            f" THEN kll_sketch_get_quantile_{kind}({sketch}, array(0.25, 0.5)) END"
        )

    def test_quantiles_beyond_the_largest_kll_sketch_fall_back_to_percentile_approx(self) -> None:
        sql = SqlCompiler(SPARK_4).agg(Agg("quantiles", ("x",), ((0.5,), 100_000), "double"))
        assert sql.startswith("percentile_approx(")
        assert sql.endswith(", 100000)")
        assert dict(SPARK_4.implementations(100_000))["quantiles"] == "percentile_approx"
        assert dict(SPARK_4.implementations(1000))["quantiles"] == "kll_sketch (k=5839)"
        assert dict(SPARK_35.implementations(1000))["quantiles"] == "percentile_approx"

    def test_sum_exact_refuses_floating_types(self) -> None:
        with pytest.raises(ValueError, match="sum_exact"):
            SqlCompiler(SPARK_35).agg(Agg("sum_exact", ("x",), (), "double"))

    def test_implementations_record_the_version_choices(self) -> None:
        assert dict(SPARK_30.implementations())["decimal_sum"].endswith("then integer and fraction sums")
        assert dict(SPARK_31.implementations())["decimal_sum"].endswith("then sum")
        assert dict(SPARK_35.implementations())["decimal_sum"].endswith("then try_sum")
        assert dict(SPARK_35.implementations())["integer_sum"] == "bigint limbs"
        assert dict(SPARK_30.implementations())["timestamp_epoch"] == "cast_double"
        assert dict(SPARK_4.implementations())["timestamp_epoch"] == "unix_micros"
        assert dict(SPARK_30.implementations())["timestamp_grouping_key"] == "date_format"
        assert dict(SPARK_4.implementations())["timestamp_grouping_key"] == "unix_micros"

    def test_unknown_ops_are_rejected(self) -> None:
        with pytest.raises(ValueError, match="unknown aggregate op"):
            SqlCompiler(SPARK_35).agg(Agg("median_of_medians", ("x",), (), "int"))


class TestExpressions:
    def test_nan_is_turned_into_null_only_for_floating_types(self) -> None:
        assert "isnan" in SqlCompiler.clean("`x`", "double")
        assert "isnan" in SqlCompiler.clean("`x`", "float")
        assert SqlCompiler.clean("`x`", "decimal(10,2)") == "`x`"
        assert SqlCompiler.clean("`x`", "int") == "`x`"

    def test_distinct_counts_fold_negative_zero_for_floating_types(self) -> None:
        sql = SqlCompiler(SPARK_35).agg(Agg("approx_distinct", ("x",), (0.05,), "double"))
        assert "= 0 THEN 0" in sql
        assert "0.05" in sql

    def test_row_hash_adds_a_null_flag_per_column_and_serialises_maps(self) -> None:
        comp = SqlCompiler(SPARK_35)
        top = (("a", "int"), ("m", "map<string,int>"), ("mm", "map<string,map<string,int>>"))
        sql = comp.agg(Agg("row_distinct_approx", None, (("a", "m", "mm"), 0.05, top)))
        assert "`a` IS NULL" in sql
        assert "`m` IS NULL" in sql
        # A map is read as its entries sorted by key, and so is a map inside one.
        assert "array_sort(map_entries(`m`))" in sql
        assert "array_sort(transform(map_entries(`mm`), _cv0 -> " in sql
        assert "'value', array_sort(map_entries(_cv0.value))" in sql

    def test_quantiles_list_every_probability_and_the_accuracy(self) -> None:
        sql = SqlCompiler(SPARK_35).agg(Agg("quantiles", ("x",), ((0.01, 0.5, 0.99), 1000), "double"))
        assert "array(0.01, 0.5, 0.99)" in sql
        assert sql.endswith(", 1000)")

    def test_iso_patterns_carry_the_offset_only_for_zoned_timestamps(self) -> None:
        assert iso_pattern("date") == "yyyy-MM-dd"
        assert "xxx" in iso_pattern("timestamp")
        assert "x" not in iso_pattern("timestamp_ntz").replace("'T'", "")

    def test_blank_and_padded_predicates_trim_the_six_ascii_whitespace_characters(self) -> None:
        sql = SqlCompiler.predicate("blank", "`s`")
        for code in (9, 10, 11, 12, 13):
            assert f"char({code})" in sql
        assert "' '" in sql

    @pytest.mark.parametrize("name", ["blank", "padded"])
    def test_blank_and_padded_trim_only_values_with_whitespace_at_an_end(self, name: str) -> None:
        sql = SqlCompiler.predicate(name, "`s`")
        # The trim sits in a branch, so Spark cannot hoist it onto every row.
        assert sql.startswith("(CASE WHEN `s` LIKE concat(' ', '%') OR `s` LIKE concat('%', ' ') OR ")
        branch = sql.split(" THEN ", 1)[1]
        assert branch.startswith("trim(BOTH ")
        assert sql.count("trim(") == 1
        assert sql.endswith(" ELSE false END)")

    def test_negative_numbers_need_no_nan_test(self) -> None:
        assert SqlCompiler.predicate("negative", "`x`") == "`x` < 0"


class TestBins:
    def test_a_constant_range_puts_everything_in_bin_zero(self) -> None:
        assert _bin_sql("v", 3.0, 3.0, 10) == "0"

    def test_bins_are_clipped_before_the_integer_cast(self) -> None:
        sql = _bin_sql("v", 0.0, 1.0, 20)
        assert sql.startswith("CAST(least(19, greatest(0, floor(")
        assert sql.endswith("AS INT)")


class TestPass2Rows:
    def test_each_row_kind_groups_only_on_the_keys_it_sets(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        no = False
        assert comp.numeric_row(0, ("x",), "double", (0.0, 1.0, 4), 0.5, (-1.0, 2.0)).shape == (("b",), True, True, no)
        # A grouped numeric column groups on its value alone; its bins come from the groups.
        assert comp.value_row(0, ("x",), "bigint", kind=0).shape == (("kl",), no, no, no)
        assert comp.value_row(0, ("x",), "bigint", kind=0).t == 0
        assert comp.temporal_row(1, ("t",), "timestamp", (0.0, 10.0, 4)).shape == (("b",), no, no, no)
        assert comp.value_row(2, ("s",), "string").shape == (("k",), no, no, no)
        assert comp.value_row(2, ("d",), "date").shape == (("kl",), no, no, no)
        # A sample sets a text value but is tallied per column, not grouped on it.
        assert comp.sample_row(3, ("s",), 0.25, 7).shape == (("k",), no, no, True)

    def test_rows_of_one_shape_share_a_branch_in_first_seen_order(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        rows = [
            comp.value_row(0, ("a",), "string"),
            comp.numeric_row(1, ("x",), "double", (0.0, 1.0, 4), 0.5, None),
            comp.value_row(2, ("b",), "string"),
            comp.sample_row(3, ("s",), 0.25, 7),
        ]
        branches = pass2_branches(rows)
        # The sample sets a text value like the grouped strings, but is tallied, not grouped.
        assert [[r.c for r in b.rows] for b in branches] == [[0, 2], [1], [3]]
        assert branches[0].keys == ("c", "t", "k")
        assert branches[1].keys == ("c", "t", "b")
        assert branches[2].keys == ("c", "t")

    def test_a_sample_branch_tallies_pattern_matches_per_column_and_others_return_null_tallies(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        sample, grouped = pass2_branches([comp.sample_row(3, ("s",), 0.25, 7), comp.value_row(0, ("a",), "string")])
        assert sample.tally
        assert not grouped.tally
        # The sampled value is still a field, and rows outside the sample are dropped on it.
        assert sample.rows[0].fields() == ("c", "t", "k")
        assert sample.condition() == "k IS NOT NULL"
        regexes = ("^[0-9]+$", "it's")
        assert sample.aggregates(regexes)[-2:] == (
            "count(CASE WHEN k RLIKE '^[0-9]+$' THEN 1 END) AS q0",
            "count(CASE WHEN k RLIKE 'it\\'s' THEN 1 END) AS q1",
        )
        assert grouped.aggregates(regexes)[-2:] == ("CAST(NULL AS BIGINT) AS q0", "CAST(NULL AS BIGINT) AS q1")
        assert sample.output(regexes) == (
            "c", "t", "CAST(NULL AS INT) AS b", "CAST(NULL AS STRING) AS k", "CAST(NULL AS BIGINT) AS kl",
            "CAST(NULL AS DOUBLE) AS kd", "n", "s1", "s2", "s3", "s4", "o", "q0", "q1",
        )  # fmt: skip
        assert grouped.output(regexes)[-2:] == ("q0", "q1")
        assert len(sample.output()) == len(grouped.output()) == 12

    def test_a_wide_branch_is_read_in_scans_of_at_most_the_width_keeping_every_row_once(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        rows = [comp.numeric_row(i, (f"x{i}",), "double", (0.0, 1.0, 4), 0.5, None) for i in range(19)]
        (branch,) = pass2_branches(rows)
        scans = branch.scans(8)
        assert [[r.c for r in s.rows] for s in scans] == [list(range(8)), list(range(8, 16)), [16, 17, 18]]
        # Every scan keeps the branch's shape, so the scans union into one aggregation.
        assert {s.keys for s in scans} == {branch.keys}
        assert {s.aggregates() for s in scans} == {branch.aggregates()}
        assert scans[-1].explode() == "explode(array(e0, e1, e2)) AS e"
        assert branch.scans(100) == (branch,)
        with pytest.raises(ValueError, match="at least one row, got width 0"):
            branch.scans(0)

    def test_a_row_without_a_grouping_key_is_an_error_not_a_silent_drop(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        keyless = comp.row(5, 0, d="x")
        with pytest.raises(ValueError, match=r"column 5 \(kind 0\) sets no grouping key"):
            pass2_branches([comp.value_row(0, ("a",), "string"), keyless])

    def test_a_single_row_branch_projects_columns_and_several_rows_explode_structs(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        one = Pass2Branch((comp.numeric_row(4, ("x",), "double", (0.0, 1.0, 4), 0.5, (-1.0, 2.0)),))
        assert one.explode() is None
        assert [p.rsplit(" AS ", 1)[1] for p in one.projection()] == ["c", "t", "b", "d", "o"]
        assert one.projection()[0] == "CAST(4 AS INT) AS c"
        assert "sum(d * d * d) AS s3" in one.aggregates()
        assert "sum(o) AS o" in one.aggregates()
        two = pass2_branches([comp.value_row(0, ("a",), "string"), comp.value_row(1, ("b",), "string")])[0]
        assert [p.rsplit(" AS ", 1)[1] for p in two.projection()] == ["e0", "e1"]
        assert all(p.startswith("named_struct('c', CAST(") for p in two.projection())
        assert two.explode() == "explode(array(e0, e1)) AS e"
        assert two.condition() == "k IS NOT NULL"
        # Every branch returns the same columns with the same types, so that they union.
        assert one.output()[:2] == two.output()[:2] == ("c", "t")
        assert len(one.output()) == len(two.output()) == 12
        assert "CAST(NULL AS DOUBLE) AS s1" in two.aggregates()
        assert "CAST(0 AS BIGINT) AS o" in two.aggregates()
        assert "CAST(NULL AS STRING) AS k" in one.output()
        assert "CAST(NULL AS INT) AS b" in two.output()

    def test_text_keys_are_kept_for_strings_binary_and_wide_decimals(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        assert comp.key("`b`", "binary") == ("hex(`b`)", "NULL", "NULL")
        assert comp.key("`s`", "string") == ("`s`", "NULL", "NULL")
        assert comp.key("`m`", "decimal(38,18)") == ("CAST(`m` AS STRING)", "NULL", "NULL")
        assert comp.key_text("string") == comp.key_text("decimal(38,18)") == "k"

    def test_nested_values_group_on_the_text_their_distinct_count_reads(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        # Sorted entries are an array; the key is their JSON text.
        assert comp.key("`m`", "map<string,int>")[0] == "to_json(array_sort(map_entries(`m`)))"
        for t in ("map<bigint,double>", "array<map<int,int>>", "struct<A:map<int,int>>"):
            assert comp.key("`m`", t)[0] == hash_input("`m`", t)
        # Field names keep their case.
        assert "`m`.`A`" in comp.key("`m`", "struct<A:map<int,int>>")[0]

    def test_numbers_dates_and_timestamps_group_on_typed_keys(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        k, kl, kd = comp.key("`x`", "double")
        assert (k, kl) == ("NULL", "NULL")
        assert "= 0 THEN 0" in kd  # -0.0 and 0.0 are one value
        assert comp.key("`i`", "int")[1] == "`i`"
        assert comp.key("`d`", "date")[1] == "datediff(`d`, DATE'1970-01-01')"
        assert comp.key("`t`", "timestamp")[1] == "unix_micros(`t`)"
        # decimal(15,2) groups on its unscaled value: 1.50 -> 150, through a double up to
        # precision 15, where that is exact; decimal(18,3) multiplies in decimal.
        assert comp.key("`m`", "decimal(15,2)")[1] == "CAST(rint(CAST(`m` AS DOUBLE) * CAST(100 AS DOUBLE)) AS BIGINT)"
        assert comp.key("`m`", "decimal(18,3)")[1] == "(`m` * CAST(1000 AS DECIMAL(4, 0)))"
        with pytest.raises(ValueError, match="precision up to 15"):
            SqlCompiler.unscaled("`m`", "decimal(16,2)")
        assert "AS DECIMAL(15, 2)) AS STRING)" in comp.key_text("decimal(15,2)")
        assert comp.key_text("float") == "CAST(CAST(kd AS FLOAT) AS STRING)"

    def test_grouped_values_are_rebuilt_from_their_keys_in_their_own_type(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        assert comp.key_value("double") == "kd"
        assert comp.key_value("float") == "CAST(kd AS FLOAT)"
        assert comp.key_value("int") == "CAST(kl AS INT)"
        assert comp.key_value("date") == "date_add(DATE'1970-01-01', CAST(kl AS INT))"
        assert comp.key_value("timestamp") == "timestamp_micros(kl)"
        assert comp.key_value("decimal(15,2)").endswith("AS DECIMAL(15, 2))")
        assert comp.key_value("decimal(38,18)") == "CAST(k AS DECIMAL(38, 18))"
        # The text of a decimal key is the text of the rebuilt value.
        assert comp.key_text("decimal(15,2)") == f"CAST({comp.key_value('decimal(15,2)')} AS STRING)"
        with pytest.raises(ValueError, match="timestamp_ntz"):
            comp.key_value("timestamp_ntz")

    def test_a_grouped_columns_figures_are_the_per_row_formulas_over_its_rebuilt_value(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        hist, fences = (0.0, 10.0, 5), (-1.0, 11.0)
        row = comp.numeric_row(3, ("x",), "double", hist, 2.5, fences, 0.5)
        post = comp.numeric_post(3, "double", hist, 2.5, fences, 0.5)
        assert (post.b, post.d, post.o) == tuple(getattr(row, n).replace("`x`", "kd") for n in ("b", "d", "o"))
        # No moments and no fences: no deviation, and a zero outlier flag.
        bare = comp.numeric_post(3, "int", hist, None, None)
        assert (bare.d, bare.o) == ("NULL", "0")
        temporal = comp.temporal_post(4, "date", (0.0, 86400.0, 2))
        assert "date_add(DATE'1970-01-01', CAST(kl AS INT))" in temporal.b

    def test_post_columns_derive_only_the_grouped_columns_figures(self) -> None:
        comp = Pass2Compiler(SPARK_35)
        fields, sql = post_columns([comp.numeric_post(3, "int", (0.0, 10.0, 5), 1.0, (0.0, 9.0))])
        assert [f.rsplit(" AS ", 1)[1] for f in fields] == ["pb", "pd", "po"]
        assert sql["b"] == "CASE WHEN c IN (3) THEN pb ELSE b END"
        # Each power is weighted by the group's count, as if summed once per row.
        assert sql["s4"] == "CASE WHEN c IN (3) THEN n * ((pd * pd) * (pd * pd)) ELSE s4 END"
        assert sql["o"] == "CASE WHEN c IN (3) THEN n * po ELSE o END"
        assert post_columns([]) == ((), {n: n for n in ("b", "s1", "s2", "s3", "s4", "o")})

    def test_spark_30_groups_timestamps_on_text(self) -> None:
        comp = Pass2Compiler(SPARK_30)
        assert "date_format" in comp.key("`t`", "timestamp")[0]
        assert comp.key_text("timestamp") == "k"

    def test_decimal_precision_and_scale_are_parsed(self) -> None:
        assert decimal_precision_scale("decimal(15,2)") == (15, 2)
        assert decimal_precision_scale("Decimal(38, 18)") == (38, 18)
        assert decimal_precision_scale("decimal") == (10, 0)

    def test_the_pattern_sample_is_seeded(self) -> None:
        assert "rand(7)" in Pass2Compiler(SPARK_35).sample_row(0, ("s",), 0.5, 7).k


def test_bin_of_a_subnormal_span_never_divides_by_zero() -> None:
    # Regression: [0, 5e-324] gave a bin width of 0.0 and Spark's ANSI mode raised DIVIDE_BY_ZERO.
    sql = _bin_sql("v", 0.0, 5e-324, 20)
    width = re.search(r"/ CAST\('([^']+)' AS DOUBLE\)", sql)
    assert width is not None
    assert float(width.group(1)) > 0.0
    assert "(v * CAST(" in sql


def test_bin_of_a_span_beyond_the_double_range_has_a_finite_width() -> None:
    # Regression: [-1e308, 1e308] gave an infinite width, so every value fell into bin 0.
    sql = _bin_sql("v", -1e308, 1e308, 20)
    literals = [float(x.replace("Infinity", "inf")) for x in re.findall(r"CAST\('([^']+)' AS DOUBLE\)", sql)]
    assert all(abs(x) != float("inf") for x in literals)
    assert bin_scale(-1e308, 1e308, 20) == 0.5
    assert bin_scale(0.0, 1.0, 20) == 1.0
    assert (
        _bin_sql("v", 0.0, 1.0, 20)
        == "CAST(least(19, greatest(0, floor((v - CAST('0.0' AS DOUBLE)) / CAST('0.05' AS DOUBLE)))) AS INT)"
    )


def test_timestamp_ntz_epoch_keeps_fractional_seconds() -> None:
    # Regression: second() truncated to whole seconds, so ranges and bins lost sub-second detail.
    sql = SqlCompiler(SPARK_35).epoch_seconds("`n`", "timestamp_ntz")
    assert "second(`n`)" not in sql
    assert "date_part('SECOND', `n`)" in sql


@pytest.mark.parametrize(
    ("spark_type", "hashed_as_entries"),
    [
        ("map<string,int>", True),
        ("map<string,decimal(10,2)>", True),
        ("map<decimal(10,2),string>", True),
        ("map<int,bigint>", True),
        ("map<string,timestamp>", True),
        # Keys and values Spark's hash reads alike: a dropped null value would go unseen.
        ("map<string,string>", False),
        ("map<string,binary>", False),
        ("map<int,date>", False),
        ("map<decimal(20,2),string>", False),
        ("map<string,array<int>>", False),
        ("map<string,interval day>", False),
    ],
)
def test_a_map_is_hashed_as_its_entries_only_when_a_null_value_cannot_go_unseen(
    spark_type: str, hashed_as_entries: bool
) -> None:
    got = hash_input("m", spark_type)
    assert got == ("array_sort(map_entries(m))" if hashed_as_entries else "to_json(array_sort(map_entries(m)))")


@pytest.mark.parametrize(
    ("spark_type", "expected"),
    [
        (
            "map<string,map<string,int>>",
            (
                "to_json(array_sort(transform(map_entries(m), _cv0 -> "
                "named_struct('key', _cv0.key, 'value', array_sort(map_entries(_cv0.value))))))"
            ),
        ),
        ("array<map<int,int>>", "to_json(transform(m, _cv0 -> array_sort(map_entries(_cv0))))"),
        ("array<array<variant>>", "to_json(transform(m, _cv0 -> transform(_cv0, _cv1 -> to_json(_cv1))))"),
        # A calendar interval cannot be sorted; its text can.
        (
            "map<string,interval>",
            (
                "to_json(array_sort(transform(map_entries(m), _cv0 -> named_struct("
                "'key', _cv0.key, 'value', CAST(_cv0.value AS STRING)))))"
            ),
        ),
        # Spark counts -0.0 and 0.0 as one value; JSON writes them apart.
        ("array<double>", "to_json(transform(m, _cv0 -> (CASE WHEN _cv0 = 0 THEN 0 ELSE _cv0 END)))"),
        (
            "map<bigint,float>",
            (
                "to_json(array_sort(transform(map_entries(m), _cv0 -> named_struct("
                "'key', _cv0.key, 'value', (CASE WHEN _cv0.value = 0 THEN 0 ELSE _cv0.value END)))))"
            ),
        ),
        (
            # Only the field holding a map is rebuilt; the struct's own null stays null.
            "struct<A b:map<int,int>,n:int>",
            (
                "to_json(CASE WHEN m IS NULL THEN NULL ELSE named_struct("
                "'A b', array_sort(map_entries(m.`A b`)), 'n', m.`n`) END)"
            ),
        ),
    ],
)
def test_maps_variants_and_floats_inside_a_value_are_rebuilt_so_equal_values_read_alike(
    spark_type: str, expected: str
) -> None:
    assert hash_input("m", spark_type) == expected


@pytest.mark.parametrize(
    ("spark_type", "expected"),
    [
        # Nothing inside needs rebuilding: the JSON text of the value itself.
        ("array<int>", "to_json(m)"),
        ("struct<a:array<string>>", "to_json(m)"),
        ("variant", "to_json(m)"),
        # A field name holding ":" leaves the type ambiguous: the value's own JSON text.
        ("struct<a:b:map<int,int>>", "to_json(m)"),
        ("int", None),
    ],
)
def test_values_with_no_map_variant_or_float_inside_are_not_rebuilt(spark_type: str, expected: Optional[str]) -> None:
    assert hash_input("m", spark_type) == expected
