# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Profile comparison: schema changes, statistic deltas and PSI drift."""

from __future__ import annotations

import dataclasses
import json
import math

import pytest
from profiles import column, counts, rich_profile, simple_profile, stat

from spark_profiler.compare import compare, psi
from spark_profiler.model import FrequentValues, Histogram, Profile


def _replace_column(p: Profile, name: str, **changes: object) -> Profile:
    cols = tuple(dataclasses.replace(c, **changes) if c.name == name else c for c in p.columns)  # type: ignore[arg-type]
    return dataclasses.replace(p, columns=cols)


def test_identical_profiles_have_no_differences() -> None:
    p = rich_profile()
    diff = compare(p, p)
    assert diff.schema_changes == ()
    assert diff.table_deltas == ()
    assert all(c.deltas == () for c in diff.columns)
    assert not diff.has_changes
    assert all(c.drift is None or c.drift.score == pytest.approx(0.0) for c in diff.columns)


def test_schema_changes_are_reported() -> None:
    a = simple_profile((("a", 1.0), ("b", 2.0)))
    b = simple_profile((("b", 2.0), ("c", 3.0)))
    b = _replace_column(b, "b", spark_type="float")
    changes = {(s.column, s.change) for s in compare(a, b).schema_changes}
    assert changes == {("a", "removed"), ("b", "type_changed"), ("c", "added")}


def test_stat_deltas_are_computed_from_the_values() -> None:
    a = simple_profile((("x", 2.0),))
    b = simple_profile((("x", 3.0),))
    (col,) = compare(a, b).columns
    (mean,) = [d for d in col.deltas if d.key == "mean"]
    assert mean.delta == pytest.approx(1.0)
    assert mean.relative == pytest.approx(0.5)


def test_psi_matches_the_textbook_formula() -> None:
    a, b = [50, 50], [80, 20]
    expected = (0.8 - 0.5) * math.log(0.8 / 0.5) + (0.2 - 0.5) * math.log(0.2 / 0.5)
    assert psi(a, b) == pytest.approx(expected)
    assert psi([1, 2, 3], [2, 4, 6]) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="same buckets"):
        psi([1], [1, 2])


def test_histogram_drift_when_bins_align() -> None:
    p = simple_profile((("x", 1.0),))
    shifted = _replace_column(p, "x", histogram=Histogram((0.0, 2.5, 5.0, 7.5, 10.0), (70, 20, 5, 5)))
    (col,) = compare(p, shifted).columns
    assert col.drift is not None
    assert col.drift.method == "psi-histogram"
    assert col.drift.level == "major"
    assert compare(p, shifted).drifted() == ("x",)


def test_frequent_value_drift_when_histograms_differ() -> None:
    a = column("s", "string", "string", counts(100, 0, 3), frequent=FrequentValues((("a", 60), ("b", 40))))
    b = column("s", "string", "string", counts(100, 0, 3), frequent=FrequentValues((("a", 55), ("b", 40), ("c", 5))))
    pa = dataclasses.replace(simple_profile(), columns=(a,))
    pb = dataclasses.replace(simple_profile(), columns=(b,))
    (col,) = compare(pa, pb).columns
    assert col.drift is not None
    assert col.drift.method == "psi-frequent"
    # Buckets: a, b, c, then the values outside the top-k lists (none here).
    assert col.drift.score == pytest.approx(psi([60, 40, 0, 0], [55, 40, 5, 0]))
    assert col.drift.level == "major"


def test_a_small_shift_in_frequent_values_is_not_drift() -> None:
    a = column("s", "string", "string", counts(100, 0, 3), frequent=FrequentValues((("a", 60), ("b", 40))))
    b = column("s", "string", "string", counts(100, 0, 3), frequent=FrequentValues((("a", 58), ("b", 42))))
    pa = dataclasses.replace(simple_profile(), columns=(a,))
    pb = dataclasses.replace(simple_profile(), columns=(b,))
    (col,) = compare(pa, pb).columns
    assert col.drift is not None
    assert col.drift.level == "none"


def test_nan_values_compare_equal_and_summaries_render() -> None:
    p = rich_profile()
    q = _replace_column(p, "price", stats=(*p["price"].stats[:-1], stat("outliers", 99)))
    diff = compare(p, q)
    (price,) = [c for c in diff.columns if c.name == "price"]
    assert [d.key for d in price.deltas] == ["outliers"]
    text = diff.to_text()
    assert "Schema: unchanged" in text
    json.dumps(diff.to_dict())


def test_text_summary_lists_schema_changes_table_deltas_and_drift() -> None:
    a = simple_profile((("a", 1.0), ("b", 2.0)), rows=100)
    b = simple_profile((("b", 2.0), ("c", 3.0)), rows=120)
    b = _replace_column(b, "b", histogram=Histogram((0.0, 2.5, 5.0, 7.5, 10.0), (90, 5, 3, 2)))
    diff = compare(a, b)
    text = diff.to_text()
    assert "- a (double)" in text
    assert "+ c (double)" in text
    assert "Table Rows: 100 -> 120 (+20.0%)" in text
    assert "b: " in text
    assert "(major)" in text
    assert diff.has_changes
    assert diff.drifted("major") == ("b",)
    data = diff.to_dict()
    assert data["columns"][0]["drift"]["level"] == "major"
    assert {s["change"] for s in data["schema_changes"]} == {"added", "removed"}
