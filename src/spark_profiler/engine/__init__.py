# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The only package that imports pyspark: plans, compiles and runs the fused Spark jobs."""

from __future__ import annotations

__all__: list[str] = []
