# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Dates, timestamps and timestamp_ntz against Python's datetime, in UTC and in a DST zone.

Timestamps are built from UTC-aware datetimes so the instants do not depend on the
machine's zone; the session zone only changes how they are shown.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, List, Optional, Sequence

import pytest
from _oracle import check_counts, check_frequent

import spark_profiler
from spark_profiler.engine.capabilities import parse_version

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
BINS = 20


@pytest.fixture(scope="module")
def new_york(spark: Any) -> Any:
    """A second session on the same context whose zone is America/New_York (tests may set conf)."""
    other = spark.newSession()
    other.conf.set("spark.sql.session.timeZone", "America/New_York")
    return other


def iso_in(instant: dt.datetime, zone: str) -> str:
    if zone == "UTC":
        return instant.astimezone(UTC).isoformat()
    # zoneinfo is Python >= 3.9; only the tests in a named zone need it.
    zoneinfo = pytest.importorskip("zoneinfo")
    return instant.astimezone(zoneinfo.ZoneInfo(zone)).isoformat()


def epoch_seconds(v: Any) -> float:
    if isinstance(v, dt.time):  # a time of day: seconds since midnight
        return v.hour * 3600.0 + v.minute * 60.0 + v.second + v.microsecond / 1e6
    if isinstance(v, dt.datetime):
        base = v if v.tzinfo else v.replace(tzinfo=UTC)
        delta = base - EPOCH
    else:
        delta = dt.datetime(v.year, v.month, v.day, tzinfo=UTC) - EPOCH
    return delta.days * 86400.0 + delta.seconds + delta.microseconds / 1e6


def check_temporal(c: Any, values: Sequence[Any], show: Any) -> None:
    present = [v for v in values if v is not None]
    check_counts(c, values)
    if not present:
        assert c.get("min") is None
        return
    lo, hi = min(present), max(present)
    assert c["min"] == show(lo), (c.name, c["min"], show(lo))
    assert c["max"] == show(hi), (c.name, c["max"], show(hi))
    want_range = epoch_seconds(hi) - epoch_seconds(lo)
    assert c["range_seconds"] == pytest.approx(want_range, rel=1e-12, abs=1e-6)
    h = c.histogram
    assert h is not None
    secs = [epoch_seconds(v) for v in present]
    a, b = min(secs), max(secs)
    if b <= a:
        assert h.counts == (len(secs),)
    else:
        width = (b - a) / BINS
        counts = [0] * BINS
        for s in secs:
            counts[min(BINS - 1, max(0, math.floor((s - a) / width)))] += 1
        assert h.counts == tuple(counts), (c.name, h.counts, counts)
    check_frequent(c, [show(v) for v in present], exact_order=True)


DATES = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
INSTANTS = st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2300, 1, 1), timezones=st.just(UTC))
WALL = st.datetimes(min_value=dt.datetime(1000, 1, 1), max_value=dt.datetime(9999, 1, 1))


@pytest.mark.slow
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    rows=st.integers(0, 30).flatmap(
        lambda n: st.lists(
            st.tuples(st.one_of(st.none(), DATES), st.one_of(st.none(), INSTANTS), st.one_of(st.none(), WALL)),
            min_size=n,
            max_size=n,
        )
    )
)
def test_generated_temporal_columns_match_python_datetime(spark: Any, rows: List[tuple]) -> None:
    df = spark.createDataFrame(rows, "d date, t timestamp, n timestamp_ntz")
    p = spark_profiler.profile(df)
    check_temporal(p["d"], [r[0] for r in rows], lambda v: v.isoformat())
    check_temporal(p["t"], [r[1] for r in rows], lambda v: iso_in(v, "UTC"))
    check_temporal(p["n"], [r[2] for r in rows], lambda v: v.isoformat())
    assert p.execution.session_time_zone == "UTC"


@pytest.mark.smoke
def test_dates_before_1900_and_after_2100_keep_their_calendar_values(spark: Any) -> None:
    values = [dt.date(1, 1, 1), dt.date(1582, 10, 4), dt.date(1899, 12, 31), dt.date(2101, 1, 1), dt.date(9999, 12, 31)]
    p = spark_profiler.profile(spark.createDataFrame([(v,) for v in values], "d date"))
    check_temporal(p["d"], values, lambda v: v.isoformat())


def test_timestamps_across_dst_are_shown_in_the_session_zone(new_york: Any) -> None:
    zone = "America/New_York"
    # Around the spring-forward and fall-back changes of 2021, plus a pre-1900 instant.
    values: List[Optional[dt.datetime]] = [
        dt.datetime(2021, 3, 14, 6, 59, 59, tzinfo=UTC),
        dt.datetime(2021, 3, 14, 7, 0, 0, tzinfo=UTC),
        dt.datetime(2021, 11, 7, 5, 30, tzinfo=UTC),
        dt.datetime(2021, 11, 7, 6, 30, tzinfo=UTC),
        dt.datetime(2021, 11, 7, 6, 30, tzinfo=UTC),
        None,
    ]
    df = new_york.createDataFrame([(v,) for v in values], "t timestamp")
    p = spark_profiler.profile(df)
    assert p.execution.session_time_zone == zone
    check_temporal(p["t"], values, lambda v: iso_in(v, zone))
    assert p["t"]["min"].endswith("-05:00")  # type: ignore[union-attr]
    assert p["t"]["max"].endswith("-05:00")  # type: ignore[union-attr]


def test_timestamps_before_1900_in_a_zone_with_local_mean_time(new_york: Any) -> None:
    values = [dt.datetime(1850, 6, 1, 12, 0, tzinfo=UTC), dt.datetime(1900, 1, 1, tzinfo=UTC)]
    df = new_york.createDataFrame([(v,) for v in values], "t timestamp")
    p = spark_profiler.profile(df, config="minimal")
    got = dt.datetime.fromisoformat(p["t"]["min"])  # type: ignore[arg-type]
    assert got == values[0], (p["t"]["min"], iso_in(values[0], "America/New_York"))


def test_timestamp_ntz_keeps_fractional_seconds_in_the_range(spark: Any) -> None:
    if parse_version(spark.version) < (3, 4, 0):
        pytest.skip("timestamp_ntz arrived in Spark 3.4")
    values = [dt.datetime(2020, 1, 1, 0, 0, 0, 500000), dt.datetime(2020, 1, 1, 0, 0, 1, 250000)]
    p = spark_profiler.profile(spark.createDataFrame([(v,) for v in values], "n timestamp_ntz"))
    assert p["n"]["range_seconds"] == pytest.approx(0.75)
    check_temporal(p["n"], values, lambda v: v.isoformat())


def spark_time_text(v: dt.time) -> str:
    """ISO-8601 text of a time as Spark writes it: fraction digits only as many as needed."""
    return v.strftime("%H:%M:%S") + (f".{v.microsecond:06d}".rstrip("0") if v.microsecond else "")


@pytest.fixture(scope="module")
def time_session(spark: Any) -> Any:
    """A session where Spark's TIME type (4.1 and later, behind a flag until 4.3) can be created."""
    types = pytest.importorskip("pyspark.sql.types")
    if not hasattr(types, "TimeType"):
        pytest.skip("Spark has a TIME type from 4.1")
    other = spark.newSession()
    other.conf.set("spark.sql.timeType.enabled", "true")
    return other


TIMES = st.times().map(lambda t: t.replace(tzinfo=None))


@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(rows=st.lists(st.tuples(st.one_of(st.none(), TIMES)), max_size=25))
def test_generated_time_of_day_columns_match_python_time(time_session: Any, rows: List[tuple]) -> None:
    fixed: List[tuple] = [
        (dt.time(0, 0),),
        (dt.time(23, 59, 59, 999999),),
        (dt.time(12, 30, 0, 250000),),
        (dt.time(12, 30, 0, 250000),),
        (None,),
    ]
    values = fixed + rows
    df = time_session.createDataFrame(values, "t time(6)")
    for preset in ("default", "full"):
        c = spark_profiler.profile(df, config=preset)["t"]
        assert c.kind == "temporal"
        check_temporal(c, [r[0] for r in values], spark_time_text)
        present = [r[0] for r in values if r[0] is not None]
        assert c.stat("min").as_python() == min(present)  # type: ignore[union-attr]
        assert c.stat("max").as_python() == max(present)  # type: ignore[union-attr]
        assert c.histogram is not None
        assert c.histogram.fmt == "time"


def test_whole_second_times_and_no_date_alert(time_session: Any) -> None:
    values = [dt.time(6, 0), dt.time(18, 45, 30), dt.time(6, 0), None]
    df = time_session.createDataFrame([(v,) for v in values], "s time(0)")
    p = spark_profiler.profile(df, config="minimal")
    check_counts(p["s"], values)
    assert (p["s"]["min"], p["s"]["max"], p["s"]["range_seconds"]) == ("06:00:00", "18:45:30", 45930.0)
    # A time of day is no calendar date: "06:00:00" is not before 1900.
    assert "date_out_of_range" not in [a.type for a in p.alerts() if a.column == "s"]
