# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Metric declarations, one module per family. Pure Python: never imports pyspark.

Adding a statistic means adding one :class:`~spark_profiler.metrics.base.Metric`
subclass to its family's ``METRICS`` (plus its test). The order of :data:`REGISTRY`
matters only where a metric reads another's finished value (``unique_fraction``
reads ``distinct_count``; moments read the infinity counts).
"""

from __future__ import annotations

from typing import Sequence, Tuple

from . import boolean, counts, nested, numeric, strings, temporal
from .base import Agg, ColumnInfo, FinalizeContext, Metric, Pass2Column, SamplingContext

__all__ = [
    "REGISTRY",
    "Agg",
    "ColumnInfo",
    "FinalizeContext",
    "Metric",
    "Pass2Column",
    "SamplingContext",
    "metric_keys",
]

REGISTRY: Tuple[Metric, ...] = (
    *counts.METRICS,
    *numeric.METRICS,
    *strings.METRICS,
    *boolean.METRICS,
    *temporal.METRICS,
    *nested.METRICS,
)


def metric_keys() -> Sequence[str]:
    """Every statistic key a column can carry, in display order (deduplicated)."""
    seen = []
    for m in REGISTRY:
        if m.key not in seen:
            seen.append(m.key)
    return seen
