# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Approximate statistics on a table large enough for the approximations to show.

The small generated tables of the other oracle tests never leave the exact paths: every
column there is grouped, so distinct counts are exact and the quantile sketch at
accuracy 1000 keeps every value. Here 30,000 rows, a low cardinality threshold and a low
quantile accuracy force the approximate paths, and each figure must stay within the
bound the profile states for it. The table is built with ``spark.range`` from integer
formulas that plain Python evaluates identically (only exact operations and one
correctly rounded division), so the oracle sees exactly the values Spark profiles.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any, Dict, List

import pytest
from _oracle import check_frequent, check_histogram, check_within_ci, pattern_matches, rank_bounds

import spark_profiler
from spark_profiler import ProfileConfig
from spark_profiler.engine.capabilities import parse_version
from spark_profiler.metrics.patterns import PATTERNS
from spark_profiler.model import Accuracy

ROWS = 30_000
#: Rows repeat with this period, so ROWS - PERIOD rows are duplicates of earlier ones.
PERIOD = 20_000
PRIME = 1_000_003
ACCURACY = 100
RSD = 0.05

SQL = [
    f"((id % {PERIOD}) * 7919) % {PRIME} AS u",
    f"CAST(((id % {PERIOD}) * 7919) % 10007 AS DOUBLE) / 7.0 AS x",
    (
        f"CASE WHEN id % {PERIOD} % 3 = 0 THEN concat('user', CAST(id % {PERIOD} AS STRING), '@example.org') "
        f"WHEN id % {PERIOD} % 3 = 1 THEN CAST(id % {PERIOD} AS STRING) "
        f"ELSE concat(CAST(id % {PERIOD} AS STRING), '.5') END AS s"
    ),
    f"CAST(id % {PERIOD} % 7 AS INT) AS k",
]


def _s(j: int) -> str:
    if j % 3 == 0:
        return f"user{j}@example.org"
    if j % 3 == 1:
        return str(j)
    return f"{j}.5"


def python_columns() -> Dict[str, List[Any]]:
    js = [i % PERIOD for i in range(ROWS)]
    return {
        "u": [(j * 7919) % PRIME for j in js],
        "x": [float((j * 7919) % 10007) / 7.0 for j in js],
        "s": [_s(j) for j in js],
        "k": [j % 7 for j in js],
    }


CONFIG = ProfileConfig.default(
    quantile_accuracy=ACCURACY, frequent_max_cardinality=1000, pattern_sample_rows=2000, distinct_rsd=RSD
)


@pytest.fixture(scope="module")
def frame(spark: Any) -> Any:
    return spark.range(ROWS).selectExpr(*SQL)


@pytest.fixture(scope="module")
def values() -> Dict[str, List[Any]]:
    return python_columns()


@pytest.fixture(scope="module")
def approximate(frame: Any) -> Any:
    return spark_profiler.profile(frame, config=CONFIG)


def test_high_cardinality_distinct_counts_stay_within_the_hyperloglog_bound(approximate: Any, values: Any) -> None:
    for name in ("u", "x", "s"):
        truth = len(set(values[name]))
        d = approximate[name].stat("distinct_count")
        assert d is not None
        assert d.accuracy is Accuracy.APPROXIMATE, name
        assert d.relative_error == RSD
        # The stated interval is two relative standard deviations either side.
        assert abs(d.value - truth) <= 2 * RSD * truth, (name, d.value, truth)
        check_within_ci(d.value, d.ci_low, d.ci_high, truth, f"{name} distinct")
        assert approximate[name]["unique_fraction"] == pytest.approx(min(1.0, d.value / ROWS))


def test_columns_above_the_cardinality_threshold_say_why_frequent_values_are_missing(approximate: Any) -> None:
    for name in ("u", "x", "s"):
        fv = approximate[name].frequent
        assert fv is not None
        assert not fv.computed
        assert fv.reason is not None
        assert "cardinality above 1000" in fv.reason
    assert any("frequent values: not computed" in a for a in approximate.execution.approximations)


def test_low_cardinality_columns_stay_exact_at_scale(approximate: Any, values: Any) -> None:
    k = approximate["k"]
    assert k["distinct_count"] == 7
    assert k.stat("distinct_count").accuracy is Accuracy.EXACT  # type: ignore[union-attr]
    check_frequent(k, values["k"], numeric=True)
    assert dict(k.frequent.items) == dict(Counter(values["k"]))  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["x", "u"])
def test_quantiles_at_low_accuracy_stay_within_the_rank_error(approximate: Any, values: Any, name: str) -> None:
    # 30,000 values against a sketch of 547 items (Spark 4.1+, KLL) or 100 (percentile_approx):
    # both summarise, so the bound is tested, for the double sketch ("x") and the bigint one ("u").
    q = approximate[name].quantiles
    assert q is not None
    assert q.relative_error == 1 / ACCURACY
    xs = sorted(values[name])
    n = len(xs)
    slack = n / ACCURACY + 1
    for p, v in zip(q.probabilities, q.values):
        assert v in set(xs), (p, v)
        below, at_or_below = rank_bounds(xs, v)
        assert below - slack <= p * n <= at_or_below + slack, (p, v, below, at_or_below, p * n)


def test_the_quantile_method_follows_the_spark_version(spark: Any, approximate: Any) -> None:
    method = dict(approximate.execution.implementations)["quantiles"]
    kll = parse_version(spark.version) >= (4, 1, 0)
    assert method == ("kll_sketch (k=547)" if kll else "percentile_approx")
    assert any(a.startswith(f"quantiles: {method} (accuracy 100,") for a in approximate.execution.approximations)


def test_histogram_and_exact_sums_do_not_depend_on_the_approximations(approximate: Any, values: Any) -> None:
    check_histogram(approximate["x"], values["x"])
    assert approximate["u"]["sum"] == sum(values["u"])
    assert approximate["x"]["sum"] == pytest.approx(math.fsum(values["x"]), rel=1e-12)
    assert approximate["x"]["min"] == min(values["x"])
    assert approximate["x"]["max"] == max(values["x"])


def test_patterns_of_a_high_cardinality_column_are_sampled_with_an_interval(approximate: Any, values: Any) -> None:
    s = approximate["s"]
    assert any("patterns: Bernoulli sample" in a for a in approximate.execution.approximations)
    for p in PATTERNS:
        stat = s.stat(f"pattern_{p.key}_count")
        assert stat is not None, p.key
        truth = sum(1 for v in values["s"] if pattern_matches(p.regex, v))
        assert stat.accuracy is Accuracy.SAMPLED, p.key
        check_within_ci(stat.value, stat.ci_low, stat.ci_high, truth, f"pattern {p.key}")


def test_approximate_duplicate_rows_stay_within_their_interval(approximate: Any) -> None:
    d = approximate.table.stat("duplicate_rows")
    assert d is not None
    assert d.accuracy is Accuracy.APPROXIMATE
    check_within_ci(d.value, d.ci_low, d.ci_high, ROWS - PERIOD, "duplicate_rows")


def test_the_full_preset_makes_distinct_counts_and_duplicates_exact(frame: Any, values: Any) -> None:
    p = spark_profiler.profile(frame, config=ProfileConfig.full(frequent_max_cardinality=1000))
    for name in ("u", "x", "s", "k"):
        d = p[name].stat("distinct_count")
        assert d is not None
        assert (d.value, d.accuracy) == (len(set(values[name])), Accuracy.EXACT), name
        # Exact grouping sees every value, so frequent values are computed whatever the threshold.
        check_frequent(p[name], values[name], numeric=name != "s")
    assert p.table["duplicate_rows"] == ROWS - PERIOD
    assert p.table.stat("duplicate_rows").accuracy is Accuracy.EXACT  # type: ignore[union-attr]
    for pat in PATTERNS:
        truth = sum(1 for v in values["s"] if pattern_matches(pat.regex, v))
        assert p["s"][f"pattern_{pat.key}_count"] == truth, pat.key
