# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Sampling: reproducible with a seed, recorded in the profile, counts scaled with honest intervals."""

from __future__ import annotations

from typing import Any

import pytest

import spark_profiler
from spark_profiler import Sample
from spark_profiler.model import Accuracy

ROWS = 20_000


@pytest.fixture(scope="module")
def frame(spark: Any) -> Any:
    # 1 in 4 values of `x` is null; `s` has 8 distinct values.
    return spark.range(ROWS).selectExpr(
        "CASE WHEN id % 4 = 0 THEN NULL ELSE CAST(id AS DOUBLE) END AS x",
        "CAST(id % 8 AS STRING) AS s",
    )


def _stat_tuple(p: Any) -> Any:
    return [(c.name, [(s.key, s.value) for s in c.stats]) for c in p.columns]


@pytest.mark.smoke
def test_a_fraction_sample_is_reproducible_and_recorded(frame: Any) -> None:
    a = spark_profiler.profile(frame, sample=Sample(fraction=0.1, seed=11), config="minimal")
    b = spark_profiler.profile(frame, sample=Sample(fraction=0.1, seed=11), config="minimal")
    assert _stat_tuple(a) == _stat_tuple(b)
    info = a.execution.sampling
    assert info is not None
    assert (info.method, info.fraction, info.seed) == ("bernoulli", 0.1, 11)
    c = spark_profiler.profile(frame, sample=Sample(fraction=0.1, seed=12), config="minimal")
    assert a.table["sampled_rows"] != c.table["sampled_rows"] or _stat_tuple(a) != _stat_tuple(c)


def test_scaled_counts_carry_intervals_that_contain_the_true_values(frame: Any) -> None:
    p = spark_profiler.profile(frame, sample=Sample(fraction=0.2, seed=3))
    rows = p.table.stat("row_count")
    assert rows is not None
    assert rows.accuracy is Accuracy.SAMPLED
    assert rows.ci_low <= ROWS <= rows.ci_high  # type: ignore[operator]
    nulls = p["x"].stat("null_count")
    assert nulls is not None
    assert nulls.accuracy is Accuracy.SAMPLED
    assert nulls.ci_low <= ROWS // 4 <= nulls.ci_high  # type: ignore[operator]
    frac = p["x"].stat("null_fraction")
    assert frac is not None
    assert frac.ci_low <= 0.25 <= frac.ci_high  # type: ignore[operator]
    mean = p["x"].stat("mean")
    assert mean is not None
    assert mean.accuracy is Accuracy.SAMPLED
    true_mean = sum(i for i in range(ROWS) if i % 4) / (ROWS - ROWS // 4)
    assert mean.ci_low <= true_mean <= mean.ci_high  # type: ignore[operator]
    assert mean.ci_level == 0.95
    assert p["x"].quantiles is not None
    assert p["x"].quantiles.accuracy is Accuracy.SAMPLED
    assert p["x"].histogram is not None
    assert p["x"].histogram.accuracy is Accuracy.SAMPLED
    assert p["s"].frequent is not None
    assert p["s"].frequent.accuracy is Accuracy.SAMPLED
    for _value, n in p["s"].frequent.items:
        assert abs(n - ROWS / 8) < 0.2 * ROWS / 8  # scaled back to the population


def test_a_row_target_records_the_population_and_the_target(frame: Any) -> None:
    p = spark_profiler.profile(frame, sample=Sample(rows=2000, seed=5), config="minimal")
    info = p.execution.sampling
    assert info is not None
    assert info.target_rows == 2000
    assert info.population_rows == ROWS
    assert info.fraction == pytest.approx(2000 / ROWS)
    assert p.table["row_count"] == ROWS  # counted exactly before sampling
    assert 1500 < p.table["sampled_rows"] < 2500  # type: ignore[operator]


def test_auto_mode_samples_only_above_the_threshold(frame: Any) -> None:
    below = spark_profiler.profile(frame, sample=Sample(mode="auto", threshold=ROWS, rows=1000), config="minimal")
    assert below.execution.sampling is None
    assert below.table["row_count"] == ROWS
    assert below["x"].stat("null_count").accuracy is Accuracy.EXACT  # type: ignore[union-attr]
    above = spark_profiler.profile(frame, sample=Sample(mode="auto", threshold=ROWS - 1, rows=1000), config="minimal")
    assert above.execution.sampling is not None
    assert above.execution.sampling.target_rows == 1000


def test_the_sample_argument_accepts_a_fraction_a_row_count_and_auto(frame: Any) -> None:
    by_fraction = spark_profiler.profile(frame, sample=0.25, config="minimal")
    assert by_fraction.execution.sampling is not None
    assert by_fraction.execution.sampling.fraction == 0.25
    by_rows = spark_profiler.profile(frame, sample=5000, config="minimal")
    assert by_rows.execution.sampling is not None
    assert by_rows.execution.sampling.target_rows == 5000
    # The auto mode's default threshold is far above this frame: it stays exact.
    auto = spark_profiler.profile(frame, sample="auto", config="minimal")
    assert auto.execution.sampling is None
    assert auto.table["row_count"] == ROWS


def test_a_row_target_above_the_row_count_profiles_everything(frame: Any) -> None:
    p = spark_profiler.profile(frame, sample=Sample(rows=ROWS + 1), config="minimal")
    assert p.execution.sampling is None
    assert p.table["row_count"] == ROWS
    assert p.table.stat("row_count").accuracy is Accuracy.EXACT  # type: ignore[union-attr]


def test_the_default_is_exact(frame: Any) -> None:
    p = spark_profiler.profile(frame, config="minimal")
    assert p.execution.sampling is None
    assert p.table["row_count"] == ROWS
    assert p["x"]["null_count"] == ROWS // 4


def test_sampled_sums_are_scaled_with_intervals_that_contain_the_true_sums(spark: Any) -> None:
    # Regression: a decimal sum was reported as the sample's own sum, and a double sum got
    # the interval of a count.
    df = spark.range(ROWS).selectExpr(
        "CASE WHEN id % 4 = 0 THEN NULL ELSE CAST(id AS DOUBLE) END AS x",
        "CAST(id % 1000 AS DECIMAL(10,2)) AS d",
        "id AS b",
    )
    p = spark_profiler.profile(df, sample=Sample(fraction=0.2, seed=5))
    truths = {
        "x": float(sum(i for i in range(ROWS) if i % 4)),
        "d": float(sum(i % 1000 for i in range(ROWS))),
        "b": float(sum(range(ROWS))),
    }
    for name, truth in truths.items():
        s = p[name].stat("sum")
        assert s is not None
        assert s.accuracy is Accuracy.SAMPLED
        assert isinstance(s.value, float)
        assert s.value == pytest.approx(truth, rel=0.1)
        assert s.ci_low is not None
        assert s.ci_high is not None
        assert s.ci_low <= truth <= s.ci_high
        assert s.ci_low < s.value < s.ci_high


def test_sampled_histograms_and_outliers_estimate_the_whole_input(spark: Any) -> None:
    # Regression: histogram bins held the sample's counts, and the outlier count was not scaled.
    df = spark.range(ROWS).selectExpr("CASE WHEN id % 20 = 0 THEN 1000000.0 ELSE CAST(id % 10 AS DOUBLE) END AS y")
    p = spark_profiler.profile(df, sample=Sample(fraction=0.2, seed=5))
    h = p["y"].histogram
    count = p["y"].stat("count")
    assert h is not None
    assert count is not None
    assert h.accuracy is Accuracy.SAMPLED
    assert abs(sum(h.counts) - count.value) <= len(h.counts)  # each bin rounds once
    out = p["y"].stat("outliers")
    assert out is not None
    assert out.accuracy is Accuracy.SAMPLED
    true_outliers = ROWS // 20
    assert out.ci_low <= true_outliers <= out.ci_high  # type: ignore[operator]


def test_correlations_of_a_sampled_profile_are_labelled_sampled(spark: Any) -> None:
    # Regression: the matrix of a sampled profile said it was exact.
    df = spark.range(2_000).selectExpr("CAST(id AS DOUBLE) AS x", "CAST(id * 2 + id % 7 AS DOUBLE) AS y")
    sampled = spark_profiler.profile(df, sample=Sample(fraction=0.5, seed=5), config="full")
    assert sampled.correlations is not None
    assert sampled.correlations.accuracy is Accuracy.SAMPLED
    whole = spark_profiler.profile(df, config="full")
    assert whole.correlations is not None
    assert whole.correlations.accuracy is Accuracy.EXACT
