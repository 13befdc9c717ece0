# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Benchmarks of spark-profiler: data generators, runner and regression check (not shipped)."""
