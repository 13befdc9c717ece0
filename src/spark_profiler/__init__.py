# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""spark-profiler: fast, honest data profiling for Apache Spark DataFrames.

>>> import spark_profiler                                   # doctest: +SKIP
>>> p = spark_profiler.profile(df)                          # doctest: +SKIP
>>> p.save("profile.json"); p.to_html("report.html")        # doctest: +SKIP

Importing this package never imports pyspark: rendering a saved profile works
without Spark.
"""

from __future__ import annotations

from ._api import profile
from ._version import __version__
from .config import ProfileConfig, Sample
from .errors import (
    ConfigError,
    ExecutionError,
    MetricError,
    ProfileFormatError,
    SparkEnvironmentError,
    SparkProfilerError,
    UnsupportedInputError,
)
from .model import Accuracy, ColumnProfile, Profile, Statistic

__all__ = [
    "Accuracy",
    "ColumnProfile",
    "ConfigError",
    "ExecutionError",
    "MetricError",
    "Profile",
    "ProfileConfig",
    "ProfileFormatError",
    "Sample",
    "SparkEnvironmentError",
    "SparkProfilerError",
    "Statistic",
    "UnsupportedInputError",
    "__version__",
    "profile",
]
