# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Errors raised by spark-profiler.

Every error the library raises derives from :class:`SparkProfilerError`::

    SparkProfilerError
     ├── ConfigError              invalid configuration, unknown column names
     ├── UnsupportedInputError    not a Spark DataFrame, unsupported file or format,
     │                            columns that share a name
     ├── SparkEnvironmentError   missing Java / pyspark, unsupported Spark version
     ├── ExecutionError           a Spark job failed (names the pass and the columns)
     ├── MetricError              a statistic could not be computed (``strict=True``)
     └── ProfileFormatError       a profile file is not readable by this version

Messages name the problem and the fix.
"""

from __future__ import annotations

from typing import Optional, Sequence

__all__ = [
    "ConfigError",
    "ExecutionError",
    "MetricError",
    "ProfileFormatError",
    "SparkEnvironmentError",
    "SparkProfilerError",
    "UnsupportedInputError",
]


class SparkProfilerError(Exception):
    """Base class of every error raised by spark-profiler."""


class ConfigError(SparkProfilerError, ValueError):
    """A configuration value or a column selection is invalid."""


class UnsupportedInputError(SparkProfilerError, TypeError):
    """The input is not something spark-profiler can profile."""


class SparkEnvironmentError(SparkProfilerError, RuntimeError):
    """The runtime is missing something: Java, pyspark, or a supported Spark version."""


class ExecutionError(SparkProfilerError, RuntimeError):
    """A Spark action failed; the message names the pass and the columns involved."""

    def __init__(self, message: str, *, pass_name: str = "", columns: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.pass_name = pass_name
        self.columns = tuple(columns)


class MetricError(SparkProfilerError):
    """A statistic could not be computed and ``strict=True`` was requested."""

    def __init__(self, message: str, *, key: str = "", column: Optional[str] = None) -> None:
        super().__init__(message)
        self.key = key
        self.column = column


class ProfileFormatError(SparkProfilerError, ValueError):
    """A serialized profile has an unknown format or an unsupported schema version."""
