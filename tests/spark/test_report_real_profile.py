# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""A profile computed by the real engine round-trips, validates against the schema and renders."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pytest

import spark_profiler
from spark_profiler.alerts import compute_alerts
from spark_profiler.model import Profile, schemagen
from spark_profiler.report import render

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def real_profile(spark: Any) -> Profile:
    rows = [
        (
            i,
            math.nan if i % 14 == 7 else (math.inf if i % 7 == 0 else float(i)),
            "</script>" if i % 5 == 0 else f"value {i % 3}",
            dt.date(1850 + i, 1, 1),
            i % 2 == 0,
        )
        for i in range(60)
    ]
    df = spark.createDataFrame(rows, f"id long, `{HOSTILE}` double, s string, d date, b boolean")
    return spark_profiler.profile(df, config="full")


def test_real_profile_round_trips_and_validates_against_the_schema(real_profile: Profile) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    text = real_profile.to_json()
    assert Profile.from_json(text).to_json() == text
    schema = json.loads(schemagen.SCHEMA_FILE.read_text(encoding="utf-8"))
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(json.loads(text))
    ]
    assert errors == []


def test_real_profile_alerts_and_every_report_format(real_profile: Profile) -> None:
    types = {(a.type, a.column) for a in compute_alerts(real_profile)}
    assert ("infinite_values", HOSTILE) in types
    assert ("nan_values", HOSTILE) in types
    assert ("date_out_of_range", "d") in types
    html = render(real_profile, "html")
    assert HOSTILE not in html
    assert html.count("<script") == 1
    for fmt in ("markdown", "text", "json"):
        assert render(real_profile, fmt).strip()


def test_a_profile_without_distinct_counts_runs_one_action_and_still_renders(spark: Any) -> None:
    rows = [(i, "same", None if i % 4 == 0 else float(i)) for i in range(40)]
    df = spark.createDataFrame(rows, "id long, k string, x double")
    p = spark_profiler.profile(df, config=spark_profiler.ProfileConfig.minimal(distinct="off"))
    # The engine's own action count, which the job-budget tests check against Spark's jobs.
    assert p.execution.actions == 1
    for c in p.columns:
        assert [c.stat(k) for k in ("distinct_count", "unique_fraction", "is_constant")] == [None] * 3
    assert (p["id"]["count"], p["x"]["count"], p["x"]["max"]) == (40, 30, 39.0)
    # Without a distinct count, neither "constant" nor "unique" can be claimed; with one, both fire here.
    assert {(a.type, a.column) for a in compute_alerts(p)} == {("high_missing", "x")}
    counted = spark_profiler.profile(df, config="minimal")
    assert {("constant", "k"), ("unique", "id")} <= {(a.type, a.column) for a in compute_alerts(counted)}
    assert Profile.from_json(p.to_json()).to_json() == p.to_json()
    for fmt in ("html", "markdown", "text", "json"):
        assert render(p, fmt).strip()
