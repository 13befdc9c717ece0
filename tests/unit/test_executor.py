# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The executor counts actions and turns failures into ExecutionError, without a JVM."""

from __future__ import annotations

import math
from typing import Any, List

import pytest

from spark_profiler.engine.executor import Executor
from spark_profiler.engine.planner import moment_scale
from spark_profiler.errors import ExecutionError


class FakeFrame:
    def __init__(self, rows: List[Any], error: Exception | None = None) -> None:
        self.rows = rows
        self.error = error

    def collect(self) -> List[Any]:
        if self.error is not None:
            raise self.error
        return self.rows


def test_each_collect_is_counted_and_recorded_as_a_pass() -> None:
    ex = Executor()
    assert ex.collect(FakeFrame([1, 2]), pass_name="aggregate", columns=["a"], chunk=1) == [1, 2]
    assert ex.collect(FakeFrame([]), pass_name="grouped", columns=["a", "b"]) == []
    assert ex.actions == 2
    assert [(p.name, p.columns, p.chunk) for p in ex.passes] == [("aggregate", 1, 1), ("grouped", 2, 0)]


def test_a_py4j_style_failure_is_described_by_the_java_exception_line() -> None:
    cause = RuntimeError(
        "An error occurred while calling o244.collectToPython.\n"
        ": org.apache.spark.SparkException: Job aborted: '(id#0L < 5)' is not true!\n"
        "\tat org.apache.spark.Something(Something.scala:1)\n"
    )
    with pytest.raises(ExecutionError) as info:
        Executor().collect(FakeFrame([], cause), pass_name="aggregate", columns=["id", "checked"])
    msg = str(info.value)
    assert "is not true" in msg
    assert "collectToPython" not in msg
    assert info.value.__cause__ is cause
    assert info.value.pass_name == "aggregate"


def test_a_failure_over_many_columns_names_the_first_ten_and_counts_the_rest() -> None:
    columns = [f"c{i}" for i in range(25)]
    with pytest.raises(ExecutionError) as info:
        Executor().collect(FakeFrame([], ValueError("")), pass_name="grouped", columns=columns)
    msg = str(info.value)
    assert "c9 and 15 more" in msg
    assert "ValueError: ValueError" in msg  # an empty message falls back to the type name
    assert info.value.columns == tuple(columns)


@pytest.mark.parametrize(
    ("lo", "hi", "shift"),
    [(1e-300, 5e-300, 2.75e-300), (-1e300, 1.7e308, 3.4e307), (-1.7e308, 1.7e308, 0.0), (1e9, 1e9 + 1e-3, 1e9)],
)
def test_moment_scale_brings_the_largest_deviation_near_one(lo: float, hi: float, shift: float) -> None:
    s = moment_scale(lo, hi, shift)
    assert math.frexp(s)[0] == 0.5  # a power of two, so scaling is exact
    largest = max(abs(hi / 2 - shift / 2), abs(lo / 2 - shift / 2)) * 2 * s
    assert 0.5 <= largest < 1.0


def test_moment_scale_is_one_without_a_spread() -> None:
    assert moment_scale(None, 1.0, 0.0) == 1.0
    assert moment_scale(3.0, 3.0, 3.0) == 1.0


def test_regression_a_server_lost_while_reading_the_schema_is_an_execution_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Regression: a Spark Connect server that died before the first pass surfaced as a
    # raw gRPC exception from df.schema instead of an ExecutionError.
    from spark_profiler.engine import runner

    class GrpcLikeError(Exception):
        pass

    def lost(df: Any) -> Any:
        raise GrpcLikeError("<_MultiThreadedRendezvous> StatusCode.UNAVAILABLE\nfailed to connect")

    monkeypatch.setattr(runner, "detect", lost)
    with pytest.raises(ExecutionError) as info:
        runner.run_profile(object())
    assert info.value.pass_name == "metadata"
    assert "schema and session settings" in str(info.value)
    assert "GrpcLikeError" in str(info.value)
    assert isinstance(info.value.__cause__, GrpcLikeError)
