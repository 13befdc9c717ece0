# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Frequent values read the same whichever key the grouped pass grouped them on.

Numbers, booleans, dates and timestamps are grouped on typed keys and turned into text
only after grouping; these tests pin the text at the edges of each type.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from typing import Any, Dict, List, Tuple

import pytest

import spark_profiler
from spark_profiler import ProfileConfig

D = decimal.Decimal


def frequent(p: Any, name: str) -> Dict[Any, int]:
    fv = p[name].frequent
    assert fv is not None
    assert fv.computed, fv.reason
    return dict(fv.items)


def nan_safe(items: Dict[Any, int]) -> List[Tuple[str, int]]:
    return sorted((repr(k), n) for k, n in items.items())


def test_integer_keys_keep_the_extremes_of_every_width(spark: Any) -> None:
    rows = [(-128, -(2**31), -(2**63)), (127, 2**31 - 1, 2**63 - 1), (127, 0, 2**63 - 1), (None, None, None)]
    df = spark.createDataFrame(rows, "b tinyint, i int, l bigint")
    p = spark_profiler.profile(df)
    assert frequent(p, "b") == {127: 2, -128: 1}
    assert frequent(p, "i") == {-(2**31): 1, 2**31 - 1: 1, 0: 1}
    assert frequent(p, "l") == {2**63 - 1: 2, -(2**63): 1}
    assert p["l"]["distinct_count"] == 2


def test_float_keys_read_as_the_float_not_its_double_widening(spark: Any) -> None:
    values = [1.1, 1.1, -0.0, 0.0, float("nan"), float("inf"), float("-inf"), 3.4028234663852886e38, None]
    df = spark.createDataFrame([(v, v) for v in values], "f float, d double")
    p = spark_profiler.profile(df)
    # 1.1f widened to double is 1.100000023841858; the key keeps the float's own text.
    want = {1.1: 2, 0.0: 2, float("nan"): 1, float("inf"): 1, float("-inf"): 1, 3.4028235e38: 1}
    assert nan_safe(frequent(p, "f")) == nan_safe(want)
    want_d = dict(want)
    del want_d[3.4028235e38]
    want_d[3.4028234663852886e38] = 1
    assert nan_safe(frequent(p, "d")) == nan_safe(want_d)
    assert any(isinstance(k, float) and math.isnan(k) for k in frequent(p, "d"))
    assert p["d"]["distinct_count"] == 6


def test_decimal_keys_keep_their_scale_sign_and_full_precision(spark: Any) -> None:
    small = [D("1.50"), D("1.50"), D("-0.05"), D("0.00"), D("9999999999999.99"), D("-9999999999999.99"), None]
    precise = [D("0.123456789012345678"), D("-0.999999999999999999"), D("0"), None, None, None, None]
    wide = [D("12345678901234567890.123456789012345678"), D("1.5"), D("1.5"), None, None, None, None]
    df = spark.createDataFrame(list(zip(small, precise, wide)), "m decimal(15,2), q decimal(18,18), w decimal(38,18)")
    p = spark_profiler.profile(df)
    assert frequent(p, "m") == {
        "1.50": 2,
        "-0.05": 1,
        "0.00": 1,
        "9999999999999.99": 1,
        "-9999999999999.99": 1,
    }
    assert frequent(p, "q") == {"0.123456789012345678": 1, "-0.999999999999999999": 1, "0.000000000000000000": 1}
    assert frequent(p, "w") == {"1.500000000000000000": 2, "12345678901234567890.123456789012345678": 1}


def test_boolean_and_date_keys_read_as_before(spark: Any) -> None:
    rows = [
        (True, dt.date(1, 1, 1)),
        (True, dt.date(9999, 12, 31)),
        (False, dt.date(1969, 12, 31)),
        (None, dt.date(1969, 12, 31)),
        (True, None),
    ]
    df = spark.createDataFrame(rows, "b boolean, d date")
    p = spark_profiler.profile(df)
    assert frequent(p, "b") == {True: 3, False: 1}
    assert frequent(p, "d") == {"1969-12-31": 2, "0001-01-01": 1, "9999-12-31": 1}


@pytest.mark.parametrize("top_k", [1, 3])
def test_a_column_with_histogram_and_frequent_values_counts_every_bin_once(spark: Any, top_k: int) -> None:
    # Low-cardinality numbers are grouped on (bin, value) in one element: the histogram
    # must add the values of a bin up, not keep only the rows that made the top k.
    values = [i % 7 for i in range(700)] + [100] * 3
    df = spark.createDataFrame([(v,) for v in values], "x int")
    p = spark_profiler.profile(df, config=ProfileConfig.default(top_k=top_k, histogram_bins=4))
    h = p["x"].histogram
    assert h is not None
    assert sum(h.counts) == len(values)
    assert h.counts[0] == 700
    assert h.counts[-1] == 3
    assert len(frequent(p, "x")) == top_k
    assert p["x"]["distinct_count"] == 8
    mean = sum(values) / len(values)
    variance = sum((v - mean) ** 2 for v in values) / (len(values) - 1)
    assert p["x"]["variance"] == pytest.approx(variance, rel=1e-12)
