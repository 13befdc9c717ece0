# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Pass 1 runs as compiled parts plus one interpreted part, and that changes no figure.

The split exists for speed (Spark compiles an aggregate only when every function in it
can be compiled and its buffer stays under ``spark.sql.codegen.maxFields``), so these
tests pin that results are the same however the pass is split, also for an empty input,
where the grouped parts return no row at all.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import random
from typing import Any, List, Tuple

import pytest
from _engine_probes import PlanCapturingExecutor, profile_stats

import spark_profiler
from spark_profiler import ProfileConfig
from spark_profiler.engine import planner, runner
from spark_profiler.engine.estimate import size_estimate

D = decimal.Decimal

SCHEMA = "i bigint, d double, m decimal(15,2), w decimal(38,18), s string, t date, b boolean"


def nasty_rows() -> List[Tuple[Any, ...]]:
    return [
        (2**63 - 1, math.nan, D("9999999999999.99"), D("1.000000000000000001"), "a", dt.date(1, 1, 1), True),
        (-(2**63), math.inf, D("-9999999999999.99"), None, "", dt.date(9999, 12, 31), False),
        (2**63 - 1, -0.0, D("0.01"), D("-2.5"), " ", None, None),
        (None, None, None, None, None, None, None),
        (7, 1e308, D("-0.01"), D("0"), "ünï", dt.date(1970, 1, 1), True),
    ]


def profile_split(monkeypatch: pytest.MonkeyPatch, df: Any, split: bool, preset: str) -> Any:
    parts: List[int] = []

    def fake(aggs: Any, max_fields: int, input_bytes: Any) -> Any:
        # A tiny field limit and no part cap: as many parts as the plan has columns.
        out = planner.split_pass1(aggs, 4, max_parts=10_000) if split else (tuple(aggs),)
        parts.append(len(out))
        return out

    monkeypatch.setattr(runner, "pass1_parts", fake)
    p = spark_profiler.profile(df, config=preset)
    assert (max(parts) > 3) if split else (parts == [1])
    return p


@pytest.mark.parametrize("preset", ["minimal", "default", "full"])
def test_results_are_the_same_however_pass1_is_split(spark: Any, monkeypatch: pytest.MonkeyPatch, preset: str) -> None:
    df = spark.createDataFrame(nasty_rows(), SCHEMA)
    one = profile_stats(profile_split(monkeypatch, df, False, preset))
    many = profile_stats(profile_split(monkeypatch, df, True, preset))
    assert many == one


@pytest.mark.parametrize("preset", ["minimal", "default"])
def test_an_empty_input_reads_zero_counts_and_no_values_from_a_split_pass(
    spark: Any, monkeypatch: pytest.MonkeyPatch, preset: str
) -> None:
    df = spark.createDataFrame([], SCHEMA)
    one = profile_stats(profile_split(monkeypatch, df, False, preset))
    many = profile_stats(profile_split(monkeypatch, df, True, preset))
    assert many == one
    assert many[("i", "count")] == 0
    assert many[("i", "min")] is None


def sketchless_partials(plan: str) -> List[str]:
    """The plan lines of the parts' partial aggregates that hold no sketch."""
    # A stacked part's constant key drops out of its plan, leaving the column number.
    partial = [line for line in plan.splitlines() if "HashAggregate(keys=[" in line and "functions=[partial_" in line]
    sketches = ("approx_count_distinct", "percentile_approx", "kll_sketch_agg")
    return [line for line in partial if not any(s in line for s in sketches)]


def is_generated(line: str) -> bool:
    # "*(n) " before an operator marks it as part of whole-stage generated code.
    return "*(" in line.split("HashAggregate", 1)[0]


def test_every_part_without_a_sketch_runs_as_generated_code(spark: Any) -> None:
    rng = random.Random(5)  # noqa: S311 - reproducible test data, not secrets
    rows = [
        (rng.randint(-9, 9), rng.random(), D(rng.randint(-999, 999)).scaleb(-2), None, "x", None, None)
        for _ in range(50)
    ]
    # Twenty columns: more aggregate buffer fields than one compiled aggregate may hold.
    df = spark.createDataFrame(rows, SCHEMA).selectExpr(*[f"i + {k} AS c{k}" for k in range(20)], "m", "s")
    ex = PlanCapturingExecutor()
    spark_profiler.engine.runner.run_profile(df, config=ProfileConfig.default(), executor=ex)
    plan = ex.plans["aggregate"]
    generated = sketchless_partials(plan)
    assert len(generated) >= 2, plan
    assert all(is_generated(line) for line in generated), plan


@pytest.mark.parametrize("fused", [False, True], ids=["split", "fused"])
def test_distinct_count_sketches_run_as_an_object_hash_aggregate_and_change_no_figure(
    spark: Any, monkeypatch: pytest.MonkeyPatch, fused: bool
) -> None:
    df = spark.createDataFrame(nasty_rows(), SCHEMA)
    if fused:
        monkeypatch.setattr(runner, "pass1_parts", lambda aggs, max_fields, input_bytes: (tuple(aggs),))

    def run() -> Tuple[Any, List[str]]:
        ex = PlanCapturingExecutor()
        stats = profile_stats(runner.run_profile(df, config=ProfileConfig.minimal(), executor=ex))
        return stats, [line for line in ex.plans["aggregate"].splitlines() if "ObjectHashAggregate(" in line]

    steered, object_lines = run()
    # The partial and the final aggregate of the one part holding the sketches.
    assert len(object_lines) == 2, object_lines
    monkeypatch.setattr(runner, "needs_object_aggregate", lambda part: False)
    plain, plain_lines = run()
    assert plain_lines == []
    assert steered == plain


def test_exact_sums_stay_exact_at_the_limits_of_their_types(spark: Any) -> None:
    rows = [(2**63 - 1, D("9999999999999.99"), D("0.999999999999999"), D("99999999999999.99"))] * 3 + [
        (-(2**63), D("-0.01"), D("-0.000000000000001"), D("-0.01")),
        (None, None, None, None),
    ]
    df = spark.createDataFrame(rows, "i bigint, m decimal(15,2), f decimal(15,15), w decimal(16,2)")
    p = spark_profiler.profile(df)
    for name, idx in (("i", 0), ("m", 1), ("f", 2), ("w", 3)):
        want = sum(D(r[idx]) for r in rows if r[idx] is not None)
        assert D(p[name]["sum"]) == want, name
        n = sum(1 for r in rows if r[idx] is not None)
        assert p[name]["mean"] == float(want / n), name


def test_a_large_input_lifts_the_part_cap_and_changes_no_figure(spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [(k, k * 0.5, D(k).scaleb(-2)) for k in range(-20, 21)] + [(None, math.nan, None)]
    # Sixty columns: more compiled parts than the cap allows a small input.
    df = spark.createDataFrame(rows, "i bigint, d double, m decimal(15,2)").selectExpr(
        *[f"i + {k} AS i{k}" for k in range(20)],
        *[f"d * {k} AS d{k}" for k in range(20)],
        *[f"m + {k} AS m{k}" for k in range(20)],
    )
    # Packed parts only: stacked, these columns would fit under the cap of a small input.
    monkeypatch.setattr(planner, "MIN_STACKED_COLUMNS", 10**9)
    results = {}
    for size in (None, planner.LARGE_INPUT_BYTES):
        monkeypatch.setattr(runner, "size_estimate", lambda _df, size=size: size)
        ex = PlanCapturingExecutor()
        results[size] = profile_stats(runner.run_profile(df, config=ProfileConfig.default(), executor=ex))
        generated = sketchless_partials(ex.plans["aggregate"])
        if size is None:
            assert generated == [], ex.plans["aggregate"]
        else:
            assert planner.MAX_COMPILED_PARTS < len(generated) <= planner.LARGE_INPUT_MAX_PARTS
            assert all(is_generated(line) for line in generated), ex.plans["aggregate"]
    split, fused = results[planner.LARGE_INPUT_BYTES], results[None]
    assert split.keys() == fused.keys()
    # Moments may differ in their last bits: Spark adds the partial sums in another order.
    for key, value in fused.items():
        if isinstance(value, float):
            assert split[key] == pytest.approx(value, rel=1e-12, abs=1e-12, nan_ok=True), key
        else:
            assert split[key] == value, key


def test_the_size_estimate_of_a_file_source_is_its_bytes_and_runs_no_job(spark: Any, tmp_path: Any) -> None:
    path = str(tmp_path / "t.parquet")
    spark.range(5000).selectExpr("id", "CAST(id AS STRING) AS s").write.parquet(path)
    on_disk = sum(f.stat().st_size for f in (tmp_path / "t.parquet").glob("*.parquet"))
    df = spark.read.parquet(path)
    sc = spark.sparkContext
    sc.setJobGroup("size-estimate-probe", "size estimate")
    try:
        estimate = size_estimate(df)
    finally:
        sc.setLocalProperty("spark.jobGroup.id", None)
    assert sc.statusTracker().getJobIdsForGroup("size-estimate-probe") == []
    assert estimate is not None
    # Printed with one decimal: within 5 % of the files' total size.
    assert abs(estimate - on_disk) <= 0.05 * on_disk
