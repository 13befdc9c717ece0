# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Table-level statistics: rows, columns, missing cells and duplicate rows."""

from __future__ import annotations

import math
from typing import Any, Mapping, Optional, Sequence, Tuple

from ..config import ProfileConfig
from ..model import Accuracy, ColumnProfile, Statistic
from .base import Agg, SamplingContext

__all__ = ["table_aggregates", "table_statistics"]


def dup_agg(top_level: Tuple[Tuple[str, str], ...], config: ProfileConfig) -> Agg:
    """HyperLogLog++ over a 64-bit hash of whole rows (``top_level`` is (name, type) pairs)."""
    return Agg("row_distinct_approx", None, (tuple(n for n, _ in top_level), config.distinct_rsd, top_level))


def table_aggregates(top_level: Tuple[Tuple[str, str], ...], config: ProfileConfig) -> Sequence[Agg]:
    """First-pass aggregates of the table (the planner puts them in the first chunk)."""
    aggs = [Agg("count_rows")]
    if config.duplicates == "approximate" and top_level:
        aggs.append(dup_agg(top_level, config))
    return aggs


def _stat(key: str, label: str, value: Any, fmt: str, **kw: Any) -> Statistic:
    return Statistic(key=key, label=label, value=value, fmt=fmt, **kw)


def table_statistics(
    *,
    values: Mapping[Agg, Any],
    top_level: Tuple[Tuple[str, str], ...],
    columns: Sequence[ColumnProfile],
    config: ProfileConfig,
    sampling: Optional[SamplingContext],
    population_rows: Optional[int],
    exact_duplicates: Optional[int],
) -> Tuple[Statistic, ...]:
    """Build the table statistics from the first pass and the column profiles."""
    sample_rows = int(values.get(Agg("count_rows")) or 0)
    stats = []
    if sampling is None:
        rows: int = sample_rows
        stats.append(_stat("row_count", "Rows", rows, "count"))
    elif population_rows is not None:
        rows = population_rows
        stats.append(_stat("row_count", "Rows", rows, "count", note="counted before sampling"))
        stats.append(_stat("sampled_rows", "Sampled rows", sample_rows, "count"))
    else:
        f = sampling.fraction
        rows = round(sample_rows / f)
        half = sampling.z * (max(sample_rows, 0) * (1 - f)) ** 0.5 / f
        stats.append(
            _stat(
                "row_count",
                "Rows",
                rows,
                "count",
                accuracy=Accuracy.SAMPLED,
                ci_low=max(0.0, rows - half),
                ci_high=rows + half,
                ci_level=sampling.confidence_level,
            )
        )
        stats.append(_stat("sampled_rows", "Sampled rows", sample_rows, "count"))
    stats.append(_stat("column_count", "Columns", len(top_level), "count"))

    top = [c for c in columns if len(c.path) == 1]
    null_stats = [c.stat("null_count") for c in top]
    missing = sum(int(s.value or 0) for s in null_stats if s is not None and isinstance(s.value, int))
    cells = rows * len(top)
    acc = Accuracy.SAMPLED if sampling else Accuracy.EXACT
    stats.append(_stat("missing_cells", "Missing cells", missing, "count", accuracy=acc))
    stats.append(
        _stat(
            "missing_cells_fraction", "Missing cells (%)", (missing / cells) if cells else 0.0, "fraction", accuracy=acc
        )
    )

    # Duplicates are counted within the sample and not scaled: a row's copies are all
    # sampled only by chance, so the sample's duplicate fraction understates the input's
    # in expectation, and no fixed factor corrects it.
    within = (
        None
        if sampling is None
        else f"within the sample of {sample_rows} rows, not scaled: on average a sample's duplicate fraction"
        " understates the whole input's"
    )
    if exact_duplicates is not None:
        stats.append(_stat("duplicate_rows", "Duplicate rows", exact_duplicates, "count", accuracy=acc, note=within))
        stats.append(
            _stat(
                "duplicate_rows_fraction",
                "Duplicate rows (%)",
                exact_duplicates / sample_rows if sample_rows else 0.0,
                "fraction",
                accuracy=acc,
                note=within,
            )
        )
    elif config.duplicates == "approximate" and top_level:
        distinct = int(values.get(dup_agg(top_level, config)) or 0)
        distinct = min(distinct, sample_rows)
        dups = sample_rows - distinct
        # The estimator's error is on the distinct count: 2 sigma is rsd * 2 * distinct rows.
        # Bounds are rounded outward to whole rows: at a handful of rows one register
        # collision of the estimator is a whole row, more than 2 sigma of a tiny count.
        err = math.ceil(2 * config.distinct_rsd * distinct)
        note = "rows minus a HyperLogLog++ estimate of distinct rows (64-bit row hash)"
        if within is not None:
            note += "; " + within
        stats.append(
            _stat(
                "duplicate_rows",
                "Duplicate rows",
                dups,
                "count",
                accuracy=Accuracy.APPROXIMATE,
                relative_error=config.distinct_rsd,
                ci_low=float(max(0.0, dups - err)),
                ci_high=float(min(float(sample_rows), dups + err)),
                ci_level=0.95,
                note=note,
            )
        )
        lo, hi = (max(0.0, dups - err), min(float(sample_rows), dups + err))
        stats.append(
            _stat(
                "duplicate_rows_fraction",
                "Duplicate rows (%)",
                dups / sample_rows if sample_rows else 0.0,
                "fraction",
                accuracy=Accuracy.APPROXIMATE,
                relative_error=config.distinct_rsd,
                ci_low=lo / sample_rows if sample_rows else 0.0,
                ci_high=hi / sample_rows if sample_rows else 0.0,
                ci_level=0.95,
                note=note,
            )
        )
    return tuple(stats)
