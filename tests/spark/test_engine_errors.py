# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Errors users see: wrong input, unknown columns, bad config, failing metrics and failing Spark jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import spark_profiler
from spark_profiler import ConfigError, ProfileConfig, UnsupportedInputError
from spark_profiler.errors import ExecutionError, MetricError
from spark_profiler.metrics import numeric


@pytest.fixture(scope="module")
def small(spark: Any) -> Any:
    return spark.createDataFrame([(1, "a", 1.5), (2, "b", None)], "amount int, label string, price double")


@pytest.mark.smoke
def test_a_pandas_frame_is_refused_naming_its_type(spark: Any) -> None:
    pd = pytest.importorskip("pandas")
    with pytest.raises(UnsupportedInputError, match="pandas"):
        spark_profiler.profile(pd.DataFrame({"a": [1]}))


def test_an_rdd_is_refused_naming_its_type(spark: Any) -> None:
    rdd = spark.sparkContext.parallelize([1, 2])
    with pytest.raises(UnsupportedInputError, match="RDD"):
        spark_profiler.profile(rdd)


def test_unknown_columns_are_listed_with_the_closest_names(small: Any) -> None:
    with pytest.raises(ConfigError) as info:
        spark_profiler.profile(small, columns=["amount", "amout", "Price"])  # codespell:ignore amout
    msg = str(info.value)
    assert "'amout'" in msg  # codespell:ignore amout
    assert "'Price'" in msg
    assert "closest: 'amount'" in msg
    assert "'price'" in msg


@pytest.mark.parametrize(
    ("overrides", "field", "value"),
    [
        ({"top_k": -1}, "top_k", "-1"),
        ({"histogram_bins": 5000}, "histogram_bins", "5000"),
        ({"distinct_rsd": 0.9}, "distinct_rsd", "0.9"),
    ],
)
def test_an_invalid_config_names_the_field_value_and_range(small: Any, overrides: Any, field: str, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        spark_profiler.profile(small, config=ProfileConfig.default(**overrides))
    msg = str(info.value)
    assert field in msg
    assert value in msg
    assert "allowed" in msg


def _boom(self: Any, *args: Any, **kwargs: Any) -> Any:
    raise ZeroDivisionError("injected failure")


def test_a_failing_metric_is_recorded_and_the_rest_of_the_profile_survives(
    small: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(numeric.Std, "compute", _boom)
    p = spark_profiler.profile(small)
    failed = {(f.key, f.column) for f in p.failures}
    assert ("std", "amount") in failed
    assert ("std", "price") in failed
    assert p["amount"].stat("std") is None
    assert p["amount"]["mean"] == 1.5
    assert p["amount"]["variance"] == 0.5
    assert any(f.error_type == "ZeroDivisionError" for f in p["amount"].failures)


def test_strict_mode_raises_metric_error_naming_the_statistic_and_column(
    small: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(numeric.Std, "compute", _boom)
    with pytest.raises(MetricError) as info:
        spark_profiler.profile(small, strict=True)
    assert info.value.key == "std"
    assert info.value.column == "amount"
    assert isinstance(info.value.__cause__, ZeroDivisionError)


@pytest.mark.smoke
def test_a_failing_spark_job_names_the_pass_and_columns_and_chains_the_cause(spark: Any) -> None:
    df = spark.range(10).selectExpr("id", "assert_true(id < 5) AS checked")
    with pytest.raises(ExecutionError) as info:
        spark_profiler.profile(df, config="minimal")
    err = info.value
    assert err.pass_name == "aggregate"
    assert err.columns == ("id", "checked")
    assert "aggregate pass" in str(err)
    assert "checked" in str(err)
    assert err.__cause__ is not None
    # The expression is shown as `(id < 5)` or, on older Spark, `(id#0L < 5)`.
    assert "is not true" in str(err.__cause__)


def test_a_deleted_source_file_fails_as_an_execution_error(spark: Any, tmp_path: Path) -> None:
    path = tmp_path / "data"
    spark.range(5).selectExpr("id", "CAST(id AS STRING) AS s").write.parquet(str(path))
    df = spark.read.parquet(str(path))
    for f in path.glob("*.parquet"):
        f.unlink()
    with pytest.raises(ExecutionError) as info:
        spark_profiler.profile(df, config="minimal")
    assert info.value.pass_name == "aggregate"
    assert info.value.__cause__ is not None


@pytest.mark.parametrize(
    ("preset", "pass_name", "target"),
    [
        ("minimal", "aggregate", "distinct_value"),
        ("default", "grouped", "key"),
        ("full", "exact duplicates", None),
    ],
)
def test_a_query_spark_refuses_to_analyse_is_an_execution_error_naming_the_pass(
    spark: Any, monkeypatch: pytest.MonkeyPatch, preset: str, pass_name: str, target: Any
) -> None:
    # A classic session analyses a query while it is built, before any action runs: the
    # pass must still fail as an ExecutionError, as it does on Spark Connect.
    from spark_profiler.engine import compile as compile_module
    from spark_profiler.engine import runner

    def unknown_function(*args: Any, **kwargs: Any) -> Any:
        return "no_such_function_in_spark(1)"

    def refused_key(self: Any, x: str, spark_type: str) -> Any:
        return ("no_such_function_in_spark(1)", "NULL", "NULL")

    if target == "distinct_value":
        monkeypatch.setattr(compile_module.SqlCompiler, "distinct_value", staticmethod(unknown_function))
    elif target == "key":
        monkeypatch.setattr(compile_module.Pass2Compiler, "key", refused_key)
    else:
        monkeypatch.setattr(runner, "quote_ident", lambda name: "no_such_function_in_spark(1)")
    df = spark.range(10).selectExpr("id", "CAST(id % 3 AS STRING) AS s")
    with pytest.raises(ExecutionError) as info:
        spark_profiler.profile(df, config=preset)
    assert info.value.pass_name == pass_name
    assert info.value.columns == ("id", "s")
    assert f"{pass_name} pass" in str(info.value)
    assert info.value.__cause__ is not None
    assert "no_such_function_in_spark" in str(info.value.__cause__).lower()


def _refused_before_any_job(monkeypatch: pytest.MonkeyPatch, df: Any, **kwargs: Any) -> str:
    """The message of the UnsupportedInputError profiling ``df`` raises before any Spark job."""
    from spark_profiler.engine.executor import Executor

    def refuse(self: Any, *args: Any, **kw: Any) -> Any:
        raise AssertionError("a Spark job ran before the input was checked")

    with monkeypatch.context() as patched:
        patched.setattr(Executor, "collect", refuse)
        with pytest.raises(UnsupportedInputError) as info:
            spark_profiler.profile(df, **kwargs)
    return str(info.value)


def test_repeated_column_names_after_a_join_are_refused_naming_both_positions(
    spark: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: both `id` columns were profiled, but a profile finds a column by its
    # name, so profile["id"] gave the first, each section showed both columns' alerts and
    # the HTML links pointed at the last.
    left = spark.createDataFrame([(1, "a"), (2, "b")], "id int, name string")
    right = spark.createDataFrame([(1, 9.5)], "id int, price double")
    joined = left.crossJoin(right)
    assert joined.columns == ["id", "name", "id", "price"]
    msg = _refused_before_any_job(monkeypatch, joined, sample=1000)
    assert "'id': df.columns[0] and df.columns[2]" in msg
    assert "df.toDF(" in msg
    assert "'name'" not in msg
    # The fix the message suggests profiles every column under its own name.
    renamed = joined.toDF(*[f"{n}_{i}" for i, n in enumerate(joined.columns)])
    p = spark_profiler.profile(renamed, config="minimal")
    assert [c.name for c in p.columns] == ["id_0", "name_1", "id_2", "price_3"]
    assert (p["id_0"]["max"], p["id_2"]["max"]) == (2, 1)


def test_selecting_a_repeated_column_name_is_refused_as_ambiguous(spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: columns=["id"] silently profiled the first of the two `id` columns.
    df = spark.createDataFrame([(1, 2, "x")], "id int, other int, label string").toDF("id", "id", "label")
    msg = _refused_before_any_job(monkeypatch, df, columns=["label", "id"])
    assert "more than one column named 'id' (df.columns[0] and df.columns[1])" in msg
    # Selecting around the repeated name is fine.
    assert [c.name for c in spark_profiler.profile(df, columns=["label"], config="minimal").columns] == ["label"]


def test_a_struct_field_flattened_onto_a_column_name_is_refused_naming_both(
    spark: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: the top-level column `a.b` and field `b` of struct `a` were both
    # profiled as "a.b", the second hidden behind the first.
    df = spark.createDataFrame([((1,), 2)], "a struct<b: int>, `a.b` int")
    msg = _refused_before_any_job(monkeypatch, df)
    assert "'a.b': field 'b' of struct 'a' and df.columns[1]" in msg
    assert "max_struct_depth" in msg
    p = spark_profiler.profile(df, config=ProfileConfig.minimal(max_struct_depth=0))
    assert [c.name for c in p.columns] == ["a", "a.b"]
    assert p["a.b"]["max"] == 2


def test_a_struct_with_two_fields_of_one_name_is_refused_with_a_fix_that_works(
    spark: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression: the message named "field 'a' of struct 's' and field 'a' of struct 's'"
    # and offered df.toDF(...), which renames top-level columns only.
    df = spark.sql("SELECT named_struct('a', 1, 'a', 2) AS s, 3 AS t")
    msg = _refused_before_any_job(monkeypatch, df)
    assert "'s.a': struct 's' has 2 fields named 'a'" in msg
    assert "df.toDF(" not in msg
    assert "max_struct_depth" in msg
    fixed = df.withColumn("s", df["s"].cast("struct<a:int,a_2:int>"))
    p = spark_profiler.profile(fixed, config="minimal")
    assert [c.name for c in p.columns] == ["s", "s.a", "s.a_2", "t"]
    assert (p["s.a"]["max"], p["s.a_2"]["max"]) == (1, 2)


def test_columns_given_as_a_generator_are_all_profiled(small: Any) -> None:
    # Regression: the unknown-name check used up the generator, so nothing was profiled
    # and the profile came back without a column.
    p = spark_profiler.profile(small, columns=(n for n in ("price", "amount")), config="minimal")
    assert [c.name for c in p.columns] == ["price", "amount"]
    assert p["amount"]["max"] == 2


@pytest.mark.parametrize(
    ("columns", "shown"),
    [
        ([0, "label"], "0 (int)"),
        (7, "got int 7"),
        ([("amount",)], "('amount',) (tuple)"),
    ],
)
def test_columns_that_are_not_names_are_refused_naming_the_value(small: Any, columns: Any, shown: str) -> None:
    # Regression: columns=7 escaped as a bare TypeError ("'int' object is not iterable").
    with pytest.raises(ConfigError) as info:
        spark_profiler.profile(small, columns=columns)
    assert shown in str(info.value)
    assert "columns=" in str(info.value)


def test_a_streaming_dataframe_is_refused_with_the_micro_batch_fix(spark: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: the first pass failed inside Spark ("Queries with streaming sources must
    # be executed with writeStream.start()") and surfaced as an ExecutionError.
    msg = _refused_before_any_job(monkeypatch, spark.readStream.format("rate").load())
    assert "streaming DataFrame" in msg
    assert "foreachBatch" in msg
    assert "spark.read" in msg


def test_a_schema_pyspark_cannot_read_is_refused_with_the_cast_that_fixes_it(spark: Any) -> None:
    # Regression: pyspark before 4.0 cannot read a calendar interval in a schema, and the
    # profile failed as an ExecutionError about Spark reading the schema, with no fix.
    from pyspark.sql import functions as F

    from spark_profiler.engine.capabilities import parse_version

    if parse_version(spark.version) >= (4, 0, 0):
        pytest.skip("pyspark 4.0 and later read calendar intervals")
    df = spark.range(2).selectExpr("id", "make_interval(0, 0, 0, CAST(id AS INT)) AS c")
    with pytest.raises(UnsupportedInputError) as info:
        spark_profiler.profile(df, config="minimal")
    msg = str(info.value)
    assert "interval" in msg
    assert "pyspark 4.0" in msg
    assert ".cast('string')" in msg
    # The fix the message offers works.
    fixed = spark_profiler.profile(df.withColumn("c", F.col("c").cast("string")), config="minimal")
    assert fixed["c"]["count"] == 2
