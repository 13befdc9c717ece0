# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The grouped pass runs one branch per row shape, and that changes no figure.

Each branch groups on only the keys its rows set (a histogram bin, a bigint value, a
text value ...), which keeps Spark on its fast hash map for primitive keys. These tests
pin that the figures do not depend on how the rows are gathered into branches, and that
the number of shuffles stays fixed as columns are added.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any, List, Tuple

import pytest
from _engine_probes import PlanCapturingExecutor, profile_stats
from _oracle import pattern_matches

import spark_profiler
from spark_profiler import Accuracy, ProfileConfig
from spark_profiler.engine import compile as sqlc
from spark_profiler.engine import runner
from spark_profiler.metrics.patterns import PATTERNS

D = decimal.Decimal

SCHEMA = "i bigint, d double, m decimal(15,2), s string, u string, t timestamp, day date, b boolean"


def rows() -> List[Tuple[Any, ...]]:
    out: List[Tuple[Any, ...]] = [
        (2**63 - 1, math.nan, D("9999999999999.99"), "a", "ü-0", dt.datetime(1900, 1, 1), dt.date(1, 1, 1), True),
        (-(2**63), math.inf, D("-9999999999999.99"), "", "ü-1", None, dt.date(9999, 12, 31), False),
        (0, -0.0, D("0.01"), " ", "ü-2", dt.datetime(2024, 3, 31, 1, 30), None, None),
        (None, None, None, None, None, None, None, None),
    ]
    out += [
        (
            k % 7,
            k / 3.0,
            D(k).scaleb(-2),
            "x" if k % 2 else "y",
            f"v-{k}",
            dt.datetime(2020, 1, 1 + k % 28),
            None,
            k % 3 == 0,
        )
        for k in range(60)
    ]
    return out


def one_branch_per_row(rs: Any) -> Tuple[sqlc.Pass2Branch, ...]:
    return tuple(sqlc.Pass2Branch((r,)) for r in rs)


@pytest.mark.parametrize("preset", ["default", "full"])
def test_results_are_the_same_with_one_branch_per_column(
    spark: Any, monkeypatch: pytest.MonkeyPatch, preset: str
) -> None:
    # "u" is too distinct for frequent values: its pattern counts come from a sample row.
    cfg = getattr(ProfileConfig, preset)(frequent_max_cardinality=40, pattern_sample_rows=1000)
    df = spark.createDataFrame(rows(), SCHEMA)
    shared = spark_profiler.profile(df, config=cfg)
    monkeypatch.setattr(runner, "pass2_branches", one_branch_per_row)
    apart = spark_profiler.profile(df, config=cfg)
    assert profile_stats(apart) == profile_stats(shared)
    assert shared["i"].frequent.computed
    # Exact distinct (full) groups every column; otherwise "u" gets a pattern sample row.
    assert shared["u"].frequent.computed is (preset == "full")
    assert shared["u"]["pattern_integer_count"] == 0


def grouped_plan(spark: Any, copies: int) -> str:
    base = spark.createDataFrame(rows(), SCHEMA)
    names = [f.name for f in base.schema.fields]
    df = base.selectExpr(*[f"`{n}` AS `{n}_{k}`" for k in range(copies) for n in names])
    ex = PlanCapturingExecutor()
    runner.run_profile(df, config=ProfileConfig.default(frequent_max_cardinality=40), executor=ex)
    return ex.plans["grouped"]


def test_the_grouped_pass_shuffles_as_often_for_eight_columns_as_for_forty(spark: Any) -> None:
    small, wide = grouped_plan(spark, 1), grouped_plan(spark, 5)
    assert small.count("Exchange") == wide.count("Exchange")
    # Every branch groups on at most one value key beside its bin: never text and numbers at once.
    for line in wide.splitlines():
        if "HashAggregate(keys=[" in line:
            keys = line.split("keys=[", 1)[1].split("]", 1)[0]
            names = {k.strip().split("#", 1)[0] for k in keys.split(",")}
            assert len(names & {"k", "kl", "kd"}) <= 1, line


def _branch_shuffles(plan: str) -> int:
    """Shuffles below the union of the grouped pass's branches."""
    return plan.split("Union", 1)[1].count("Exchange")


def test_results_and_shuffles_are_the_same_when_branches_are_read_in_scans_of_one_row(
    spark: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    # Three copies of every column: each branch has several rows, so a scan width of one
    # cuts every branch into several scans that must union back into the same groups.
    base = spark.createDataFrame(rows(), SCHEMA)
    names = [f.name for f in base.schema.fields]
    # A file source, so that Spark knows its size. ORC, because Spark 3.x refuses to write
    # dates before 1582 to Parquet unless a session setting says how to rebase them.
    base.selectExpr(*[f"`{n}` AS `{n}_{k}`" for k in range(3) for n in names]).write.orc(str(tmp_path / "t"))
    df = spark.read.orc(str(tmp_path / "t"))
    cfg = ProfileConfig.default(frequent_max_cardinality=40, pattern_sample_rows=1000)
    whole_ex, split_ex = PlanCapturingExecutor(), PlanCapturingExecutor()
    asked: List[Tuple[int, Any]] = []

    def one_scan(widest: int, input_bytes: Any) -> int:
        asked.append((widest, input_bytes()))
        return widest

    monkeypatch.setattr(runner, "pass2_scan_width", one_scan)
    whole = runner.run_profile(df, config=cfg, executor=whole_ex)
    # The runner asks once, with its widest branch and Spark's estimate of this input.
    ((widest, size),) = asked
    assert widest >= 3
    assert isinstance(size, int)
    assert size > 0
    monkeypatch.setattr(runner, "pass2_scan_width", lambda widest, input_bytes: 1)
    split = runner.run_profile(df, config=cfg, executor=split_ex)
    assert profile_stats(split) == profile_stats(whole)
    assert whole["i_2"].frequent.computed
    assert whole["d_1"].histogram is not None
    # Scans union before their branch's aggregation: more reads, no more shuffles. Only
    # the branches' own shuffles are compared: above them, Spark 3.0 may order the
    # windows over the grouped rows differently from one plan to the next, which can
    # add a shuffle of those (few) rows whichever way the branches were read.
    assert _branch_shuffles(split_ex.plans["grouped"]) == _branch_shuffles(whole_ex.plans["grouped"])
    assert split_ex.plans["grouped"].count("Scan ") > whole_ex.plans["grouped"].count("Scan ")


def test_a_column_too_distinct_to_group_tallies_pattern_matches_per_column_not_per_value(spark: Any) -> None:
    # Repeated and nasty values; the sample is larger than the frame, so every row is in
    # it and the tallies must equal the counts over all rows, repeats included.
    base = ["12", "-7", "3.5", "1e9", "a@b.co", "https://x.org/p", "", "   ", "ü😀", "2024-01-31", "0x1F", " 12"]
    values: List[Any] = [base[k % len(base)] if k % 5 else f"id-{k}" for k in range(300)] + [None, None]
    df = spark.createDataFrame([(v,) for v in values], "s string")
    ex = PlanCapturingExecutor()
    cfg = ProfileConfig.default(frequent_max_cardinality=5, pattern_sample_rows=10_000)
    p = runner.run_profile(df, config=cfg, executor=ex)
    assert not p["s"].frequent.computed
    present = [v for v in values if v is not None]
    for pat in PATTERNS:
        stat = p["s"].stat(f"pattern_{pat.key}_count")
        assert stat is not None, pat.key
        assert (stat.value, stat.accuracy) == (
            sum(1 for v in present if pattern_matches(pat.regex, v)),
            Accuracy.EXACT,
        ), pat.key
    # The sampled values are counted where they are read, grouped on the column alone:
    # grouping them by value would keep one row per sampled value for the window functions.
    tallies = [line for line in ex.plans["grouped"].splitlines() if "HashAggregate(keys=[" in line and "RLIKE" in line]
    assert tallies
    for line in tallies:
        keys = line.split("keys=[", 1)[1].split("]", 1)[0]
        names = [k.strip().split("#", 1)[0] for k in keys.split(",")]
        # Column and row kind only (Spark may name those constants by their value).
        assert len(names) == 2, line
        assert not set(names) & {"b", "k", "kl", "kd"}, line


def test_a_grouped_columns_bins_moments_and_outliers_equal_the_per_row_figures(spark: Any) -> None:
    # A grouped column's bin, deviation and outlier flag are derived once per distinct
    # value from its rebuilt key; an ungrouped column's are computed on every row. The
    # two must agree for every type with a typed or rebuildable key, extremes included.
    # (Timestamps come from make_interval: timestamp_micros arrived in Spark 3.1.)
    df = spark.sql(
        """
        SELECT
          CASE id % 9 WHEN 0 THEN 9223372036854775807 WHEN 1 THEN -9223372036854775808 ELSE id % 7 END AS i,
          CAST(id % 5 - 2 AS INT) AS n,
          CASE id % 11 WHEN 0 THEN double('NaN') WHEN 1 THEN double('inf') WHEN 2 THEN double('-inf')
            WHEN 3 THEN -0.0 WHEN 4 THEN NULL ELSE (id % 17) / 3.0 END AS d,
          CAST((id % 9) / 7.0 AS FLOAT) AS f,
          CASE id % 13 WHEN 0 THEN 9999999999999.99 WHEN 1 THEN -9999999999999.99
            ELSE CAST((id % 50) / 4.0 AS DECIMAL(15,2)) END AS m,
          CAST((id % 23) * 1234567.125 AS DECIMAL(18,3)) AS m18,
          CAST((id % 19) / 3.0 AS DECIMAL(38,18)) AS w,
          date_add(DATE'1890-01-01', CAST(id % 40 AS INT) * 900) AS day,
          TIMESTAMP'2020-09-13 12:26:40'
            + make_interval(0, 0, 0, CAST(id % 30 AS INT), 0, 0, CAST((id % 30) * 0.000123 AS DECIMAL(18, 6))) AS t
        FROM range(0, 3000)
        """
    )
    # Above the quantile sketches' largest size: deterministic fences on every version.
    grouped = spark_profiler.profile(df, config=ProfileConfig.default(quantile_accuracy=20000))
    per_row = spark_profiler.profile(
        df, config=ProfileConfig.default(quantile_accuracy=20000, frequent_max_cardinality=0)
    )
    for c in df.columns:
        assert grouped[c].frequent.computed, c
        assert not per_row[c].frequent.computed, c
        assert repr(grouped[c].histogram) == repr(per_row[c].histogram), c
        if c in ("day", "t"):
            continue
        assert grouped[c]["outliers"] == per_row[c]["outliers"], c
        for key in ("variance", "skewness", "kurtosis"):
            want = per_row[c][key]
            assert grouped[c][key] == pytest.approx(want, rel=1e-9, abs=1e-12, nan_ok=True), (c, key)
