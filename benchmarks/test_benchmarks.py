# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Checks of the benchmark tooling itself: data generators, job budget, targets, baseline.

Run with ``python -m pytest benchmarks -p no:cacheprovider`` (the ``bench-smoke`` nox
session does). The generator tests start a small local Spark session.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

from benchmarks import compare, costs, data, run


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    session = run.make_spark(driver_memory="1g", app="spark-profiler-bench-tests")
    yield session
    session.stop()


def _result(ratios: Dict[str, float], actions: Dict[str, int], label: str = "lineitem_sf1") -> Dict[str, Any]:
    per: Dict[str, Any] = {"noop": {"median_s": 1.0, "ratio": 1.0, "paired_ratio": 1.0}}
    for name, ratio in ratios.items():
        per[name] = {
            "median_s": ratio,
            "ratio": ratio,
            "paired_ratio": ratio,
            "actions": actions.get(name, 1),
            "chunks": 1,
        }
    return {"meta": {"started": "2026-01-01T00:00:00+00:00"}, "results": {label: per}}


def test_lineitem_has_the_tpch_schema_and_value_rules(spark: Any) -> None:
    df = data.lineitem_frame(spark, 0.002)
    types = dict(df.dtypes)
    assert list(types) == [
        "l_orderkey",
        "l_partkey",
        "l_suppkey",
        "l_linenumber",
        "l_quantity",
        "l_extendedprice",
        "l_discount",
        "l_tax",
        "l_returnflag",
        "l_linestatus",
        "l_shipdate",
        "l_commitdate",
        "l_receiptdate",
        "l_shipinstruct",
        "l_shipmode",
        "l_comment",
    ]
    assert {types[c] for c in ("l_quantity", "l_extendedprice", "l_discount", "l_tax")} == {"decimal(15,2)"}
    assert {types[c] for c in ("l_shipdate", "l_commitdate", "l_receiptdate")} == {"date"}
    rows = df.collect()
    # 1 to 7 lines per order, about four on average, as in dbgen.
    expected = data.LINEITEM_ROWS_PER_SF * 0.002
    assert 0.9 * expected < len(rows) < 1.1 * expected
    cutoff = dt.date(1995, 6, 17)
    orders: Dict[int, int] = {}
    for r in rows:
        orders[r["l_orderkey"]] = max(orders.get(r["l_orderkey"], 0), r["l_linenumber"])
        assert r["l_receiptdate"] > r["l_shipdate"]
        assert (r["l_linestatus"] == "O") == (r["l_shipdate"] > cutoff)
        assert (r["l_returnflag"] == "N") == (r["l_receiptdate"] > cutoff)
        assert 0 <= float(r["l_discount"]) <= 0.10
        assert 0 <= float(r["l_tax"]) <= 0.08
        assert 1 <= float(r["l_quantity"]) <= 50
        assert 1 <= r["l_suppkey"] <= 20
        assert 10 <= len(r["l_comment"]) <= 70
    assert set(orders.values()) == set(range(1, 8))
    # Sparse order keys: 8 used out of every 32.
    assert max(orders) > 3 * len(orders)


def test_generated_values_do_not_depend_on_the_partitioning(spark: Any) -> None:
    one = data.lineitem_frame(spark, 0.0005, partitions=1)
    three = data.lineitem_frame(spark, 0.0005, partitions=3)
    assert one.count() == three.count()
    assert one.exceptAll(three).count() == 0


def test_generated_data_is_reused_from_the_cache(spark: Any, tmp_path: Path) -> None:
    first = data.wide(spark, 300, 12, root=str(tmp_path))
    stamp = (first / "_COMPLETE").stat().st_mtime_ns
    second = data.wide(spark, 300, 12, root=str(tmp_path))
    assert second == first
    assert (second / "_COMPLETE").stat().st_mtime_ns == stamp
    assert data.describe(first)["rows"] == 300
    assert spark.read.parquet(str(first)).count() == 300


def test_wide_table_mixes_types_with_nulls_nan_and_infinities(spark: Any) -> None:
    df = data.wide_frame(spark, 4000, 40)
    types = set(dict(df.dtypes).values())
    assert {"int", "bigint", "double", "boolean", "date", "timestamp", "string", "decimal(38,18)"} <= types
    rows = df.collect()
    assert len(rows) == 4000
    assert len(rows[0]) == 40
    special = [r["c002_double_special"] for r in rows]
    assert any(isinstance(v, float) and math.isnan(v) for v in special)
    assert float("inf") in special
    assert float("-inf") in special
    # Null fractions cycle through 0, 1, 10 and 50 % over blocks of ten columns.
    nulls = sum(r["c035_string_low"] is None for r in rows)
    assert 0.4 * 4000 < nulls < 0.6 * 4000
    assert all(r["c005_string_low"] is not None for r in rows)
    assert {"", "   ", " padded "} <= {r["c005_string_low"] for r in rows}
    assert min(r["c008_date"] for r in rows) < dt.date(1900, 1, 1)


def test_cost_families_each_return_one_row_and_include_kll_from_spark_4_1(spark: Any) -> None:
    from spark_profiler.engine.capabilities import parse_version

    df = data.lineitem_frame(spark, 0.0005)
    fns = costs.expression_workloads(df)
    assert ("kll_sketch_1000" in fns) == (parse_version(spark.version) >= (4, 1, 0))
    for name in ("percentile_approx_1000", "kll_sketch_1000"):
        if name in fns:
            (row,) = fns[name]()
            quantiles = row[0]
            assert len(quantiles) == 7
            assert quantiles == sorted(quantiles), name


def test_budget_check_flags_a_profile_with_too_many_actions() -> None:
    ok = _result({"minimal": 2.0, "default": 5.0, "full": 9.0}, {"minimal": 1, "default": 2, "full": 4})
    assert run.check_budget(ok) == []
    bad = _result({"minimal": 2.0, "default": 5.0}, {"minimal": 2, "default": 2})
    problems = run.check_budget(bad)
    assert len(problems) == 1
    assert "minimal" in problems[0]
    assert "budget 1" in problems[0]


def test_a_preset_variant_is_timed_with_its_setting_and_kept_to_its_presets_budget() -> None:
    fns = run.workloads(["noop", "minimal_no_distinct"])
    assert set(fns) == {"noop", "minimal_no_distinct"}
    config = fns["minimal_no_distinct"].keywords["config"]  # type: ignore[attr-defined]
    assert (config.preset, config.distinct) == ("minimal", "off")
    problems = run.check_budget(_result({"minimal_no_distinct": 1.5}, {"minimal_no_distinct": 2}))
    assert problems == ["lineitem_sf1/minimal_no_distinct: 2 Spark actions, budget 1"]


def test_target_check_flags_a_preset_slower_than_its_target() -> None:
    assert run.check_targets(_result({"minimal": 2.9, "default": 7.9}, {})) == []
    problems = run.check_targets(_result({"minimal": 3.2, "default": 7.9}, {}))
    assert len(problems) == 1
    assert "minimal" in problems[0]


def test_compare_tolerates_noise_but_fails_a_real_regression() -> None:
    base = compare.make_baseline(_result({"minimal": 2.0, "default": 6.0}, {"minimal": 1, "default": 2}))
    # 2.0 * 1.5 + 0.5 = 3.5: a noisy 3.4 passes, an extra pass over the data (4.0) fails.
    _, failures = compare.compare(_result({"minimal": 3.4, "default": 6.0}, {"minimal": 1, "default": 2}), base)
    assert failures == []
    _, failures = compare.compare(_result({"minimal": 4.0, "default": 6.0}, {"minimal": 1, "default": 2}), base)
    assert len(failures) == 1
    assert "minimal" in failures[0]


def test_compare_fails_when_a_profile_needs_more_actions_than_the_baseline() -> None:
    base = compare.make_baseline(_result({"default": 6.0}, {"default": 1}))
    _, failures = compare.compare(_result({"default": 6.0}, {"default": 2}), base)
    assert any("Spark actions" in f for f in failures)


def test_compare_skips_datasets_without_a_baseline() -> None:
    base = compare.make_baseline(_result({"default": 6.0}, {"default": 2}))
    lines, failures = compare.compare(_result({"default": 60.0}, {"default": 2}, label="lineitem_sf0.01"), base)
    assert failures == []
    assert "no baseline" in lines[0]


def test_compare_command_updates_and_checks_a_baseline(tmp_path: Path) -> None:
    result_file = tmp_path / "result.json"
    baseline_file = tmp_path / "baseline.json"
    result_file.write_text(json.dumps(_result({"minimal": 2.0}, {"minimal": 1})))
    assert compare.main([str(result_file), "--baseline", str(baseline_file), "--update", "--slack", "0.25"]) == 0
    assert json.loads(baseline_file.read_text())["tolerance"]["slack"] == 0.25
    assert compare.main([str(result_file), "--baseline", str(baseline_file)]) == 0
    result_file.write_text(json.dumps(_result({"minimal": 9.0}, {"minimal": 1})))
    assert compare.main([str(result_file), "--baseline", str(baseline_file)]) == 1
