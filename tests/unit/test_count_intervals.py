# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Intervals of approximate counts are whole numbers rounded outward."""

from __future__ import annotations

from spark_profiler.config import ProfileConfig
from spark_profiler.metrics.table import dup_agg, table_statistics


def test_approximate_duplicate_intervals_of_tiny_tables_cover_a_whole_row() -> None:
    # Regression: with 6 distinct rows HyperLogLog++ may report 5 (one register collision);
    # the 2-sigma interval of 5 +- 0.5 rows then excluded the true count of 0 duplicates.
    cfg = ProfileConfig.default()
    top = (("a", "int"),)
    values = {dup_agg(top, cfg): 5}
    from spark_profiler.metrics.base import Agg

    values[Agg("count_rows")] = 6  # type: ignore[index]
    stats = {
        s.key: s
        for s in table_statistics(
            values=values,  # type: ignore[arg-type]
            top_level=top,
            columns=(),
            config=cfg,
            sampling=None,
            population_rows=None,
            exact_duplicates=None,
        )
    }
    d = stats["duplicate_rows"]
    assert d.value == 1
    assert (d.ci_low, d.ci_high) == (0.0, 2.0)
