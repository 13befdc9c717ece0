# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The Profile model: dataclasses, serialization and the checked-in JSON Schema."""

from __future__ import annotations

from .profile import (
    FORMAT_MARKER,
    SCHEMA_VERSION,
    Accuracy,
    ColumnProfile,
    Correlations,
    ExecutionInfo,
    FrequentValues,
    Histogram,
    MetricFailure,
    PassInfo,
    Profile,
    Quantiles,
    SamplingInfo,
    Scalar,
    SchemaField,
    Statistic,
    TableProfile,
)

__all__ = [
    "FORMAT_MARKER",
    "SCHEMA_VERSION",
    "Accuracy",
    "ColumnProfile",
    "Correlations",
    "ExecutionInfo",
    "FrequentValues",
    "Histogram",
    "MetricFailure",
    "PassInfo",
    "Profile",
    "Quantiles",
    "SamplingInfo",
    "Scalar",
    "SchemaField",
    "Statistic",
    "TableProfile",
]
