# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Boolean counts on synthetic pass results."""

from __future__ import annotations

from spark_profiler.config import ProfileConfig
from spark_profiler.engine.planner import Chunk, plan_pass1
from spark_profiler.kinds import kind_of
from spark_profiler.metrics.base import ColumnInfo, FinalizeContext, col_agg
from spark_profiler.metrics.boolean import FalseCount, TrueCount

COLUMN = ColumnInfo("b", ("b",), "boolean", kind_of("boolean"))


def counts(non_null: int, true: int) -> FinalizeContext:
    values = {col_agg("count", COLUMN): non_null, col_agg("count_if", COLUMN, "true"): true}
    return FinalizeContext(column=COLUMN, config=ProfileConfig.default(), values=values, row_count=non_null + 5)


def test_false_is_every_non_null_value_that_is_not_true() -> None:
    ctx = counts(non_null=40, true=29)
    assert TrueCount().finalize(ctx).value == 29  # type: ignore[union-attr]
    assert FalseCount().finalize(ctx).value == 11  # type: ignore[union-attr]


def test_an_all_null_column_has_no_true_and_no_false_values() -> None:
    ctx = counts(non_null=0, true=0)
    assert TrueCount().finalize(ctx).value == 0  # type: ignore[union-attr]
    assert FalseCount().finalize(ctx).value == 0  # type: ignore[union-attr]


def test_a_boolean_column_costs_one_conditional_count_in_pass_one() -> None:
    plan = plan_pass1(Chunk(0, (COLUMN,)), ProfileConfig.minimal())
    assert [a.params for a in plan.aggs if a.op == "count_if"] == [("true",)]
