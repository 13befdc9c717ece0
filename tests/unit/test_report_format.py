# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Generic value formatting driven by each statistic's format hint."""

from __future__ import annotations

import math

import pytest
from profiles import stat

from spark_profiler.model import Accuracy, Quantiles
from spark_profiler.report._format import (
    accuracy_note,
    display_item,
    edge_label,
    format_value,
    fraction,
    quantile_label,
    quantile_rows,
    shorten,
)


@pytest.mark.parametrize(
    ("value", "fmt", "expected"),
    [
        (None, "number", "—"),
        (True, "bool", "yes"),
        (1234567, "count", "1,234,567"),
        (1234.5, "count", "1,234"),
        (0.25, "fraction", "25%"),
        (0.1234, "fraction", "12.3%"),
        (0.0004, "fraction", "<0.1%"),
        (0.9999, "fraction", ">99.9%"),
        (math.nan, "number", "NaN"),
        (math.inf, "float", "+inf"),
        (-math.inf, "number", "-inf"),
        (1e-7, "number", "1.0000e-07"),
        (3.14159265, "float", "3.14159"),
        (123456.789, "float", "123,457"),
        (0.5, "seconds", "500 ms"),
        (42.0, "seconds", "42 s"),
        (125.0, "seconds", "2 min 5 s"),
        (7200.0, "seconds", "2 h 0 min"),
        (86400.0 * 3, "seconds", "3.0 days"),
        (86400.0 * 730.5, "seconds", "2.0 years"),
        (512, "bytes", "512 B"),
        (2048, "bytes", "2.0 KiB"),
        (0.0, "date", "1970-01-01"),
        (86400.5, "datetime", "1970-01-02 00:00:00"),
        ("12.50", "decimal", "12.50"),
        ("2024-01-01", "date", "2024-01-01"),
        (7, "some-future-hint", "7"),
    ],
)
def test_format_value_follows_the_hint(value: object, fmt: str, expected: str) -> None:
    assert format_value(value, fmt) == expected


def test_accuracy_notes() -> None:
    assert accuracy_note(stat("mean", 1.0)) == ""
    assert accuracy_note(stat("distinct_count", 5, Accuracy.APPROXIMATE, relative_error=0.05)) == "≈ ±5%"
    assert accuracy_note(stat("distinct_count", 5, Accuracy.APPROXIMATE), plain=True) == "~"
    sampled = stat("zeros", 10, Accuracy.SAMPLED, ci_low=8.0, ci_high=12.0, ci_level=0.99)
    assert accuracy_note(sampled, plain=True) == "sampled, 99% CI 8 to 12"
    assert accuracy_note(stat("zeros", 10, Accuracy.SAMPLED)) == "sampled"


def test_quantile_labels_and_rows() -> None:
    assert [quantile_label(p) for p in (0.0, 0.05, 0.5, 0.999, 1.0)] == ["min", "5%", "median", "99.9%", "max"]
    q = Quantiles((0.25, 0.75), (1.5, None))
    assert list(quantile_rows(q)) == [("25%", "1.5"), ("75%", "—")]


def test_shorten_and_display_items() -> None:
    assert shorten("") == "(empty)"
    assert shorten("   ") == "(blank)"
    assert shorten("a\nb") == "a\\nb"
    assert shorten("x" * 100, 10) == "x" * 9 + "…"
    assert display_item(None, "number") == "(null)"
    assert display_item(0.5, "number") == "0.5"


def test_edge_labels_and_fraction_helper() -> None:
    assert edge_label(0.0, "date") == "1970-01-01"
    assert edge_label(2.5, "number") == "2.5"
    assert edge_label(1e300, "datetime") == "1.0000e+300"
    assert edge_label(0.0, "time") == "00:00:00"
    assert edge_label(45930.25, "time") == "12:45:30.250000"
    assert edge_label(86399.999999, "time") == "23:59:59.999999"
    assert edge_label(86399.9999997, "time") == "23:59:59.999999"
    assert edge_label(-1.0, "time") == "-1"
    assert fraction(1, 4) == 0.25
    assert fraction(1, 0) is None
    assert fraction(None, 3) is None
