# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Regression tests for engine bugs the oracle suite found, one per bug, named for the behaviour."""

from __future__ import annotations

import decimal
import math
from typing import Any

import pytest
from _oracle import exact_moments

import spark_profiler
from spark_profiler.errors import ExecutionError


def test_a_trailing_line_break_does_not_make_a_value_match_a_pattern(spark: Any) -> None:
    # Java's `$`, like Python's, also matches before a final line break: "42\n" counted as
    # integer-like and "a@b.io\r\n" as an email, although surrounding whitespace must not match.
    values = ["42", "42\n", "7\r", "a@b.io", "a@b.io\r\n", '{\n"a": 1\n}', "[1,\r2]", "x\u2028y"]
    df = spark.createDataFrame([(v,) for v in values], "s string")
    p = spark_profiler.profile(df)
    assert p["s"]["pattern_integer_count"] == 1
    assert p["s"]["pattern_email_count"] == 1
    # `.` matches line breaks, so multi-line JSON counts as JSON-like.
    assert p["s"]["pattern_json_count"] == 2


@pytest.mark.smoke
def test_a_failed_job_error_message_carries_the_spark_reason(spark: Any) -> None:
    # Classic Spark wraps job failures in Py4JJavaError, whose first line only says
    # "An error occurred while calling o244.collectToPython."; the reason follows.
    df = spark.range(10).selectExpr("id", "assert_true(id < 5) AS checked")
    with pytest.raises(ExecutionError) as info:
        spark_profiler.profile(df, config="minimal")
    message = str(info.value)
    assert "An error occurred while calling" not in message
    assert "is not true" in message


def test_moments_of_tiny_and_huge_values_neither_underflow_nor_overflow(spark: Any) -> None:
    # Fourth powers of deviations of 1e-300 underflowed to 0 (skewness reported 0.0) and
    # those of 1e300 overflowed (NaN); the power sums now run on power-of-two scaled values.
    tiny = [1e-300, 2e-300, 3e-300, 5e-300, 13e-300]
    huge = [-1e300, 0.0, 2e300, 5e300, 1.7e308]
    df = spark.createDataFrame(list(zip(tiny, huge)), "tiny double, huge double")
    p = spark_profiler.profile(df)
    for name, xs in (("tiny", tiny), ("huge", huge)):
        want = exact_moments(xs)
        assert p[name]["skewness"] == pytest.approx(want["skewness"], rel=1e-9), name
        assert p[name]["kurtosis"] == pytest.approx(want["kurtosis"], rel=1e-9), name
    # The variance itself is a double: it underflows to 0 or overflows to inf like numpy's.
    assert p["tiny"]["variance"] == 0.0
    assert p["huge"]["variance"] == math.inf
    assert p["huge"]["std"] == pytest.approx(want["std"], rel=1e-12)


def test_decimal_quantiles_near_the_type_limit_are_not_null(spark: Any) -> None:
    # percentile_approx over decimal(38,18) computes in double and casts back: values that
    # round to 1e20 overflowed the type and came back NULL.
    top = "99999999999999999999.999999999999999999"
    values = [decimal.Decimal(v) for v in ("-" + top, "-1E-18", "0", "1.5", top)]
    df = spark.createDataFrame([(v,) for v in values], "dec decimal(38,18)")
    q = spark_profiler.profile(df)["dec"].quantiles
    assert q is not None
    assert None not in q.values
    got = {p: decimal.Decimal(v) for p, v in q.as_dict().items()}  # type: ignore[arg-type]
    assert got[0.01] == decimal.Decimal("-1E+20")
    assert got[0.5] == 0
    assert got[0.99] == decimal.Decimal("1E+20")


def test_arrays_and_structs_differing_only_in_nulls_are_distinct_values(spark: Any) -> None:
    # Spark's hash skips null array elements and null struct fields: [] and [NULL], or
    # (1, NULL) and (NULL, 1), counted as one distinct value and as duplicate rows.
    rows = [([], (1, None)), ([None], (None, 1)), ([1, None], (1, None)), ([1], (None, None))]
    df = spark.createDataFrame(rows, "a array<int>, s struct<x:int, y:int>")
    p = spark_profiler.profile(df)
    assert p["a"]["distinct_count"] == 4
    assert p["s"]["distinct_count"] == 3
    assert p.table["duplicate_rows"] == 0
