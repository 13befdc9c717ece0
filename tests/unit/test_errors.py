# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The exception tree: one base class, and builtin bases so generic handlers still work."""

from __future__ import annotations

import pytest

import spark_profiler
from spark_profiler import errors


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (errors.ConfigError, ValueError),
        (errors.UnsupportedInputError, TypeError),
        (errors.SparkEnvironmentError, RuntimeError),
        (errors.ExecutionError, RuntimeError),
        (errors.ProfileFormatError, ValueError),
        (errors.MetricError, Exception),
    ],
)
def test_every_error_is_a_spark_profiler_error_and_its_builtin(cls: type, builtin: type) -> None:
    assert issubclass(cls, errors.SparkProfilerError)
    assert issubclass(cls, builtin)


def test_every_exported_error_is_reachable_from_the_package_root() -> None:
    for name in errors.__all__:
        assert getattr(spark_profiler, name) is getattr(errors, name)


def test_execution_error_names_the_pass_and_columns() -> None:
    err = errors.ExecutionError("job failed", pass_name="pass1", columns=["a", "b"])
    assert (str(err), err.pass_name, err.columns) == ("job failed", "pass1", ("a", "b"))


def test_execution_error_defaults_are_empty() -> None:
    err = errors.ExecutionError("boom")
    assert (err.pass_name, err.columns) == ("", ())


def test_metric_error_carries_the_statistic_and_column() -> None:
    with pytest.raises(errors.SparkProfilerError) as info:
        raise errors.MetricError("cannot compute", key="skewness", column="price")
    assert isinstance(info.value, errors.MetricError)
    assert (info.value.key, info.value.column) == ("skewness", "price")


def test_tree_in_module_docstring_lists_every_error() -> None:
    doc = errors.__doc__ or ""
    for name in errors.__all__:
        assert name in doc
