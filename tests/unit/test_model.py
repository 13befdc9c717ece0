# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The Profile dataclasses: lookups, value conversion and immutability (no JVM)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import math

import pytest

from spark_profiler.model import (
    FORMAT_MARKER,
    SCHEMA_VERSION,
    Accuracy,
    ColumnProfile,
    Correlations,
    ExecutionInfo,
    Profile,
    Quantiles,
    SchemaField,
    Statistic,
    TableProfile,
)
from spark_profiler.model.profile import is_finite_number


def _column(name: str, **stats: float) -> ColumnProfile:
    return ColumnProfile(
        name=name,
        path=tuple(name.split(".")),
        spark_type="double",
        kind="numeric",
        nullable=True,
        stats=tuple(Statistic(k, k.title(), v) for k, v in stats.items()),
    )


def _profile() -> Profile:
    table = TableProfile(
        stats=(Statistic("row_count", "Rows", 3, fmt="count"),),
        schema=(SchemaField("price", "double", True), SchemaField("s", "struct<q:double>", True)),
    )
    execution = ExecutionInfo(
        spark_version="3.5.1", spark_mode="classic", session_time_zone="UTC", actions=1, seconds=0.1
    )
    return Profile(table=table, columns=(_column("price", mean=2.0), _column("s.q", mean=5.0)), execution=execution)


class TestStatistic:
    @pytest.mark.parametrize(
        ("value", "fmt", "expected"),
        [
            ("12.50", "decimal", decimal.Decimal("12.50")),
            ("2024-02-29", "date", dt.date(2024, 2, 29)),
            ("2024-02-29T13:45:00", "datetime", dt.datetime(2024, 2, 29, 13, 45)),
            ("13:45:00", "time", dt.time(13, 45)),
            ("13:45:00.25", "time", dt.time(13, 45, 0, 250000)),
            ("00:00:00.000001", "time", dt.time(0, 0, 0, 1)),
            ("hello", "text", "hello"),
            (3.5, "number", 3.5),
            (None, "decimal", None),
        ],
    )
    def test_as_python_restores_rich_values_from_their_json_form(
        self, value: object, fmt: str, expected: object
    ) -> None:
        assert Statistic("k", "K", value, fmt=fmt).as_python() == expected  # type: ignore[arg-type]

    def test_statistic_defaults_to_exact_without_error_bounds(self) -> None:
        s = Statistic("mean", "Mean", 1.0)
        assert s.accuracy is Accuracy.EXACT
        assert (s.relative_error, s.ci_low, s.ci_high, s.ci_level) == (None, None, None, None)

    def test_statistic_is_frozen(self) -> None:
        with pytest.raises(dataclasses.FrozenInstanceError):
            Statistic("mean", "Mean", 1.0).value = 2.0  # type: ignore[misc]


class TestLookups:
    def test_column_statistics_are_found_by_key(self) -> None:
        col = _column("price", mean=2.0, max=4.0)
        assert col["mean"] == 2.0
        assert col.get("max") == 4.0
        stat = col.stat("max")
        assert stat is not None
        assert stat.label == "Max"

    def test_missing_column_statistic_is_none_or_key_error(self) -> None:
        col = _column("price", mean=2.0)
        assert col.stat("median") is None
        assert col.get("median", -1.0) == -1.0
        with pytest.raises(KeyError, match="median"):
            col["median"]

    def test_table_statistics_are_found_by_key(self) -> None:
        p = _profile()
        assert p.table["row_count"] == 3
        assert p.table.get("duplicates") is None
        assert p.table.stat("duplicates") is None
        with pytest.raises(KeyError, match="duplicates"):
            p.table["duplicates"]

    def test_profile_indexes_iterates_and_sizes_by_column(self) -> None:
        p = _profile()
        assert len(p) == 2
        assert [c.name for c in p] == ["price", "s.q"]
        assert p["s.q"].path == ("s", "q")
        assert p.column("price") is p["price"]

    def test_unknown_column_error_lists_the_known_columns(self) -> None:
        with pytest.raises(KeyError, match=r"price, s\.q"):
            _profile()["nope"]

    def test_new_profile_carries_the_format_marker_and_schema_version(self) -> None:
        p = _profile()
        assert (p.format, p.schema_version) == (FORMAT_MARKER, SCHEMA_VERSION)
        major, minor = SCHEMA_VERSION.split(".")
        assert major.isdigit()
        assert minor.isdigit()


class TestDistributions:
    def test_quantiles_map_probabilities_to_values(self) -> None:
        q = Quantiles(probabilities=(0.25, 0.5, 0.75), values=(1.0, 2.0, 3.0), relative_error=0.001)
        assert q.as_dict() == {0.25: 1.0, 0.5: 2.0, 0.75: 3.0}
        assert q.accuracy is Accuracy.APPROXIMATE

    def test_correlation_lookup_is_symmetric_by_name(self) -> None:
        c = Correlations(columns=("a", "b"), matrix=((1.0, -0.5), (-0.5, 1.0)))
        assert c.get("a", b="b") == c.get("b", "a") == -0.5
        with pytest.raises(ValueError, match="not in tuple"):
            c.get("a", "z")


@pytest.mark.parametrize(
    ("value", "finite"),
    [(1, True), (0.5, True), (math.inf, False), (-math.inf, False), (math.nan, False), (True, False), ("1", False)],
)
def test_is_finite_number_excludes_bools_nan_and_infinity(value: object, finite: bool) -> None:
    assert is_finite_number(value) is finite


def test_regression_a_profile_with_nan_equals_its_own_round_trip() -> None:
    # Regression: Python 3.13's dataclass __eq__ compares field by field, so NaN != NaN
    # made a loaded profile differ from an identical load of the same file.
    a = Statistic(key="mean", label="Mean", value=math.nan, accuracy=Accuracy.EXACT)
    b = Statistic(key="mean", label="Mean", value=math.nan, accuracy=Accuracy.EXACT)
    assert a == b
    assert hash(a) == hash(b)
    assert a != Statistic(key="mean", label="Mean", value=1.0, accuracy=Accuracy.EXACT)
