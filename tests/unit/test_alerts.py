# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Alert rules: each type fires on the data it describes, honours thresholds, tolerates gaps."""

from __future__ import annotations

import dataclasses
from typing import Any, Dict, List, Tuple

import pytest
from profiles import HOSTILE_NAME, column, counts, execution, rich_profile, stat, table

from spark_profiler.alerts import ALERT_TYPES, Alert, AlertConfig, compute_alerts, max_severity
from spark_profiler.errors import ConfigError
from spark_profiler.model import Accuracy, ColumnProfile, FrequentValues, Profile


def _profile(*cols: ColumnProfile, rows: int = 1000, duplicates: int = 0) -> Profile:
    return Profile(table=table(rows, cols, duplicates), columns=tuple(cols), execution=execution())


def _types(alerts: Tuple[Alert, ...], column: Any = ...) -> List[str]:
    return [a.type for a in alerts if column is ... or a.column == column]


def test_rich_profile_raises_every_documented_alert_type() -> None:
    found = set(_types(compute_alerts(rich_profile())))
    expected = set(ALERT_TYPES) - {"high_cardinality"}
    assert expected <= found


def test_high_missing_warns_then_errors() -> None:
    warn = column("a", "int", "numeric", counts(100, 30, 10))
    err = column("b", "int", "numeric", counts(100, 100, 0))
    ok = column("c", "int", "numeric", counts(100, 5, 10))
    alerts = compute_alerts(_profile(warn, err, ok, rows=100))
    by_col = {a.column: a for a in alerts if a.type == "high_missing"}
    assert by_col["a"].severity == "warning"
    assert by_col["b"].severity == "error"
    assert "c" not in by_col
    assert by_col["a"].values["null_fraction"] == pytest.approx(0.3)


def test_missing_threshold_is_configurable() -> None:
    p = _profile(column("a", "int", "numeric", counts(100, 10, 10)), rows=100)
    assert "high_missing" not in _types(compute_alerts(p))
    assert "high_missing" in _types(compute_alerts(p, AlertConfig(missing_warning=0.05)))


def test_constant_column_names_its_value() -> None:
    c = column("k", "string", "string", counts(100, 0, 1), frequent=FrequentValues((("x", 100),)))
    (a,) = [a for a in compute_alerts(_profile(c, rows=100)) if a.type == "constant"]
    assert a.values["value"] == "x"
    assert "'x'" in a.message


def test_unique_fires_for_exact_and_tolerates_approximate_counts() -> None:
    exact = column("id", "bigint", "numeric", counts(1000, 0, 1000, approx=False))
    approx = column("key", "string", "string", counts(1000, 0, 985))
    floats = column("x", "double", "numeric", counts(1000, 0, 1000, approx=False))
    alerts = compute_alerts(_profile(exact, approx, floats))
    assert _types(alerts, "id") == ["unique"]
    assert _types(alerts, "key") == ["unique"]
    assert "unique" not in _types(alerts, "x")


def test_high_cardinality_only_for_non_identifier_strings() -> None:
    many = column("city", "string", "string", counts(1000, 0, 300, approx=False))
    few = column("state", "string", "string", counts(1000, 0, 20, approx=False))
    alerts = compute_alerts(_profile(many, few))
    assert "high_cardinality" in _types(alerts, "city")
    assert "high_cardinality" not in _types(alerts, "state")


def test_imbalance_from_frequent_values_and_booleans() -> None:
    s = column("s", "string", "string", counts(100, 0, 2), frequent=FrequentValues((("a", 95), ("b", 5))))
    b = column("b", "boolean", "boolean", [*counts(100, 0, 2), stat("true_count", 3), stat("false_count", 97)])
    bal = column("c", "string", "string", counts(100, 0, 2), frequent=FrequentValues((("a", 50), ("b", 50))))
    alerts = compute_alerts(_profile(s, b, bal, rows=100))
    (ab,) = [a for a in alerts if a.column == "b" and a.type == "imbalance"]
    assert ab.values["value"] is False
    assert ab.values["share"] == pytest.approx(0.97)
    assert "imbalance" in _types(alerts, "s")
    assert "imbalance" not in _types(alerts, "c")


def test_skewness_zeros_and_infinities() -> None:
    c = column(
        "x",
        "double",
        "numeric",
        [
            *counts(100, 0, 10),
            stat("skewness", -12.0),
            stat("zeros", 60),
            stat("posinf_count", 2),
            stat("neginf_count", 0),
        ],
    )
    alerts = compute_alerts(_profile(c, rows=100))
    assert {"high_skewness", "many_zeros", "infinite_values"} <= set(_types(alerts))
    assert "nan_values" not in _types(alerts)


def _estimated_duplicates(rows: int, duplicates: int, ci_low: float) -> Profile:
    """A table whose duplicate count is a HyperLogLog++ estimate with a 95% interval, as the engine writes it."""
    c = column("a", "int", "numeric", counts(rows, 0, 10))
    base = table(rows, (c,), duplicates)
    stats = tuple(
        dataclasses.replace(s, ci_low=ci_low, ci_high=float(duplicates * 2), ci_level=0.95)
        if s.key == "duplicate_rows"
        else s
        for s in base.stats
    )
    return Profile(table=dataclasses.replace(base, stats=stats), columns=(c,), execution=execution())


def test_regression_estimated_duplicates_within_the_error_do_not_alert() -> None:
    # Penguins: 344 distinct rows that HyperLogLog++ counted as 339, i.e. "about 5 duplicates".
    unsure = compute_alerts(_estimated_duplicates(344, 5, ci_low=0.0))
    assert "duplicate_rows" not in _types(unsure)
    sure = compute_alerts(_estimated_duplicates(344, 60, ci_low=31.0))
    (alert,) = [a for a in sure if a.type == "duplicate_rows"]
    assert alert.message.startswith("the table has about 60 duplicate rows")
    assert alert.severity == "warning"


def test_duplicate_rows_severity_follows_the_fraction() -> None:
    c = column("a", "int", "numeric", counts(100, 0, 10))
    few = compute_alerts(_profile(c, rows=100, duplicates=3))
    many = compute_alerts(_profile(c, rows=100, duplicates=60))
    none = compute_alerts(_profile(c, rows=100, duplicates=0))
    assert [a.severity for a in few if a.type == "duplicate_rows"] == ["warning"]
    assert [a.severity for a in many if a.type == "duplicate_rows"] == ["error"]
    assert "duplicate_rows" not in _types(none)
    assert few[0].column is None


def test_empty_strings_use_the_larger_of_empty_and_blank_counts() -> None:
    c = column("s", "string", "string", [*counts(100, 0, 10), stat("empty_count", 2), stat("blank_count", 7)])
    (a,) = [a for a in compute_alerts(_profile(c, rows=100)) if a.type == "empty_strings"]
    assert "7 empty or whitespace-only" in a.message


def test_dates_outside_the_plausible_range_and_custom_range() -> None:
    c = column(
        "d",
        "date",
        "temporal",
        [*counts(10, 0, 5), stat("min", "1899-12-31", fmt="date"), stat("max", "2020-01-01", fmt="date")],
    )
    p = _profile(c, rows=10)
    (a,) = [a for a in compute_alerts(p) if a.type == "date_out_of_range"]
    assert a.values["min"] == "1899-12-31"
    assert "max" not in a.values
    assert not [a for a in compute_alerts(p, AlertConfig(date_min="1800-01-01")) if a.type == "date_out_of_range"]


def test_times_of_day_are_not_dates_out_of_range() -> None:
    c = column(
        "t",
        "time(6)",
        "temporal",
        [*counts(10, 0, 5), stat("min", "00:00:00", fmt="time"), stat("max", "23:59:59", fmt="time")],
    )
    assert not [a for a in compute_alerts(_profile(c, rows=10)) if a.type == "date_out_of_range"]


def test_missing_statistics_never_crash_any_rule() -> None:
    bare = [
        ColumnProfile(name, (name,), t, kind, True)
        for name, t, kind in [
            ("n", "double", "numeric"),
            ("s", "string", "string"),
            ("b", "boolean", "boolean"),
            ("d", "date", "temporal"),
            ("a", "array<int>", "array"),
        ]
    ]
    none_valued = [
        dataclasses.replace(c, stats=tuple(stat(k, None) for k in ("count", "null_fraction", "min", "max", "skewness")))
        for c in bare
    ]
    p = Profile(table=table(0, bare), columns=tuple(bare + none_valued), execution=execution())
    assert compute_alerts(p) == ()


def test_disabled_types_are_skipped() -> None:
    p = rich_profile()
    alerts = compute_alerts(p, AlertConfig(disabled=("imbalance", "metric_failed")))
    assert "imbalance" not in _types(alerts)
    assert "metric_failed" not in _types(alerts)


def test_messages_are_single_lines_and_values_json_native() -> None:
    for a in compute_alerts(rich_profile()):
        assert "\n" not in a.message
        assert a.severity in ("info", "warning", "error")
        for v in a.to_dict()["values"].values():
            assert v is None or isinstance(v, (bool, int, float, str))


def test_hostile_column_name_is_data_in_the_alert() -> None:
    alerts = [a for a in compute_alerts(rich_profile()) if a.column == HOSTILE_NAME]
    assert alerts
    assert HOSTILE_NAME in alerts[0].message


def test_max_severity() -> None:
    alerts = compute_alerts(rich_profile())
    assert max_severity(alerts) == "error"
    assert max_severity(()) is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"missing_warning": 1.5},
        {"missing_warning": 0.5, "missing_error": 0.4},
        {"imbalance": "high"},
        {"high_cardinality": -1},
        {"skewness": -1.0},
        {"date_min": "yesterday"},
        {"date_min": "2100-01-01", "date_max": "1900-01-01"},
        {"disabled": ("no_such_alert",)},
    ],
)
def test_invalid_alert_config_raises_config_error(kwargs: Dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match="AlertConfig"):
        AlertConfig(**kwargs)


def test_sampled_or_approximate_figures_still_alert() -> None:
    c = column(
        "z",
        "double",
        "numeric",
        [stat("count", 100), stat("zeros", 80, Accuracy.SAMPLED, ci_low=70.0, ci_high=90.0, ci_level=0.95)],
    )
    assert "many_zeros" in _types(compute_alerts(_profile(c, rows=100)))
