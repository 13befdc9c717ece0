# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Hand-built :class:`Profile` objects for renderer, serde, alert and compare tests (no JVM).

``rich_profile()`` covers every column kind, NaN/inf values, hostile column names and
values, missing statistics, recorded failures, approximate and sampled figures.
"""

from __future__ import annotations

import math
from typing import Any, List, Optional, Sequence, Tuple

from spark_profiler.model import (
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
    SchemaField,
    Statistic,
    TableProfile,
)

HOSTILE_NAME = "<img src=x onerror=alert(1)>"
SCRIPT_VALUE = "</script><script>alert('x')</script>"

_LABELS = {
    "count": ("Count", "count"),
    "null_count": ("Missing (null)", "count"),
    "null_fraction": ("Missing (%)", "fraction"),
    "distinct_count": ("Distinct", "count"),
    "unique_fraction": ("Distinct (%)", "fraction"),
    "is_constant": ("Constant", "bool"),
    "min": ("Minimum", "number"),
    "max": ("Maximum", "number"),
    "mean": ("Mean", "float"),
    "std": ("Std. deviation", "float"),
    "variance": ("Variance", "float"),
    "sum": ("Sum", "number"),
    "skewness": ("Skewness", "float"),
    "kurtosis": ("Kurtosis", "float"),
    "zeros": ("Zeros", "count"),
    "negatives": ("Negatives", "count"),
    "nan_count": ("NaN", "count"),
    "posinf_count": ("+inf", "count"),
    "neginf_count": ("-inf", "count"),
    "iqr": ("IQR", "float"),
    "cv": ("Coeff. of variation", "float"),
    "outliers": ("Outliers (IQR fences)", "count"),
    "length_min": ("Min length", "count"),
    "length_max": ("Max length", "count"),
    "length_mean": ("Mean length", "float"),
    "empty_count": ("Empty strings", "count"),
    "blank_count": ("Blank strings", "count"),
    "whitespace_padded_count": ("Whitespace-padded", "count"),
    "pattern_email_count": ("Pattern: e-mail", "count"),
    "true_count": ("True", "count"),
    "false_count": ("False", "count"),
    "range_seconds": ("Range", "seconds"),
    "size_min": ("Min size", "count"),
    "size_max": ("Max size", "count"),
    "size_mean": ("Mean size", "float"),
    "empty_arrays": ("Empty arrays", "count"),
    "null_elements": ("Null elements", "count"),
    "row_count": ("Rows", "count"),
    "column_count": ("Columns", "count"),
    "missing_cells": ("Missing cells", "count"),
    "missing_cells_fraction": ("Missing cells (%)", "fraction"),
    "duplicate_rows": ("Duplicate rows", "count"),
    "duplicate_rows_fraction": ("Duplicate rows (%)", "fraction"),
}


def stat(key: str, value: Any, accuracy: Accuracy = Accuracy.EXACT, fmt: Optional[str] = None, **kw: Any) -> Statistic:
    """Build a statistic with the engine's label and format hint for ``key``."""
    label, default_fmt = _LABELS.get(key, (key.replace("_", " ").capitalize(), "number"))
    return Statistic(key, label, value, accuracy, fmt or default_fmt, **kw)


def counts(rows: int, nulls: int, distinct: Optional[int], *, approx: bool = True) -> List[Statistic]:
    """The statistics every column gets."""
    n = rows - nulls
    out = [stat("count", n), stat("null_count", nulls), stat("null_fraction", nulls / rows if rows else 0.0)]
    if distinct is not None:
        acc = Accuracy.APPROXIMATE if approx else Accuracy.EXACT
        rel = 0.05 if approx else None
        out += [
            stat("distinct_count", distinct, acc, relative_error=rel),
            stat("unique_fraction", distinct / n if n else None, acc, relative_error=rel),
            stat("is_constant", distinct == 1),
        ]
    return out


def column(name: str, spark_type: str, kind: str, stats: Sequence[Statistic], **kw: Any) -> ColumnProfile:
    """Build a column profile."""
    path = tuple(kw.pop("path", (name,)))
    return ColumnProfile(name, path, spark_type, kind, kw.pop("nullable", True), tuple(stats), **kw)


def table(rows: int, cols: Sequence[ColumnProfile], duplicates: int = 0) -> TableProfile:
    """Build table statistics consistent with ``cols``."""
    missing = sum(int(c.get("null_count", 0) or 0) for c in cols)
    cells = rows * len(cols)
    return TableProfile(
        stats=(
            stat("row_count", rows),
            stat("column_count", len(cols)),
            stat("missing_cells", missing),
            stat("missing_cells_fraction", missing / cells if cells else 0.0),
            stat("duplicate_rows", duplicates, Accuracy.APPROXIMATE, relative_error=0.05),
            stat("duplicate_rows_fraction", duplicates / rows if rows else 0.0, Accuracy.APPROXIMATE),
        ),
        schema=tuple(SchemaField(c.name, c.spark_type, c.nullable) for c in cols if "." not in c.name),
    )


def execution(sampled: bool = False) -> ExecutionInfo:
    """Execution info with two passes."""
    return ExecutionInfo(
        spark_version="3.5.1",
        spark_mode="classic",
        session_time_zone="UTC",
        actions=2,
        seconds=3.25,
        passes=(PassInfo("aggregate", 2.0, 12), PassInfo("frequent", 1.25, 9)),
        chunks=1,
        sampling=SamplingInfo("bernoulli", 0.1, 42, target_rows=1000, population_rows=10000) if sampled else None,
        approximations=("distinct_count: HyperLogLog++ rsd=0.05", "quantiles: percentile_approx accuracy=1000"),
        implementations=(("quantiles", "percentile_approx"), ("skewness", "builtin")),
    )


def _hist(lo: float, hi: float, counts_: Sequence[int], fmt: str = "number") -> Histogram:
    step = (hi - lo) / len(counts_)
    edges = (*tuple(lo + i * step for i in range(len(counts_))), hi)
    return Histogram(edges, tuple(counts_), Accuracy.EXACT, fmt)


def rich_columns(rows: int = 1000) -> List[ColumnProfile]:
    """One column of every kind plus the awkward cases."""
    q = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)
    cols = [
        column(
            "id",
            "bigint",
            "numeric",
            [
                *counts(rows, 0, rows),
                stat("min", 1),
                stat("max", rows),
                stat("mean", (rows + 1) / 2),
                stat("zeros", 0),
                stat("negatives", 0),
            ],
            nullable=False,
            quantiles=Quantiles(q, (1, 50, 250, 500, 750, 950, rows), Accuracy.APPROXIMATE, 0.001),
            histogram=_hist(1, rows, [100] * 10),
            frequent=FrequentValues((), computed=False, reason="more than 500 distinct values", fmt="number"),
        ),
        column(
            "price",
            "double",
            "numeric",
            [
                *counts(rows, 50, 700),
                stat("min", -math.inf),
                stat("max", math.inf),
                stat("mean", math.nan),
                stat("std", None),
                stat("skewness", 31.5),
                stat("kurtosis", 1200.25),
                stat("zeros", 600),
                stat("negatives", 3),
                stat("nan_count", 2),
                stat("posinf_count", 1),
                stat("neginf_count", 1),
                stat("iqr", 12.5),
                stat("cv", 0.8),
                stat("outliers", 17),
            ],
            quantiles=Quantiles(q, (-math.inf, 0.0, 0.0, 0.0, 12.5, 99.9, math.inf), Accuracy.APPROXIMATE, 0.001),
            histogram=_hist(0.0, 100.0, [600, 120, 80, 60, 40, 20, 10, 5, 3, 2]),
            frequent=FrequentValues(((0.0, 600), (math.nan, 2), (1.5, 20)), fmt="number"),
        ),
        column(
            "amount",
            "decimal(38,18)",
            "numeric",
            [
                *counts(rows, 0, 10),
                stat("min", "0.100000000000000000", fmt="decimal"),
                stat("max", "12345678901234567890.5", fmt="decimal"),
                stat("sum", "99999999999999999999999.123", fmt="decimal"),
            ],
        ),
        column(
            HOSTILE_NAME,
            "string",
            "string",
            [
                *counts(rows, 10, 4, approx=False),
                stat("length_min", 0),
                stat("length_max", 40),
                stat("length_mean", 7.25),
                stat("empty_count", 12),
                stat("blank_count", 20),
                stat("whitespace_padded_count", 5),
                stat("pattern_email_count", 3),
            ],
            frequent=FrequentValues(((SCRIPT_VALUE, 900), ("", 12), ("a|b`*_x_*", 70), ("<b>bold</b> & co", 8))),
        ),
        column(
            "flag",
            "boolean",
            "boolean",
            [*counts(rows, 0, 2, approx=False), stat("true_count", 960), stat("false_count", 40)],
            frequent=FrequentValues(((True, 960), (False, 40)), fmt="bool"),
        ),
        column(
            "born",
            "date",
            "temporal",
            [
                *counts(rows, 100, 300),
                stat("min", "1800-01-01", fmt="date"),
                stat("max", "2999-12-31", fmt="date"),
                stat("range_seconds", 37868083200.0),
            ],
            histogram=_hist(-5364662400.0, 32503593600.0, [1, 0, 0, 898, 0, 0, 0, 0, 0, 1], fmt="date"),
        ),
        column(
            "ts",
            "timestamp",
            "temporal",
            [
                *counts(rows, 0, 990),
                stat("min", "2024-01-01T00:00:00+00:00", fmt="datetime"),
                stat("max", "2024-12-31T23:59:59.999999+00:00", fmt="datetime"),
                stat("range_seconds", 31622399.999999),
            ],
            quantiles=Quantiles((0.5,), ("2024-07-01T12:00:00+00:00",), Accuracy.APPROXIMATE, 0.001, "datetime"),
        ),
        column("blob", "binary", "binary", [*counts(rows, 1, None), stat("length_max", 1024)]),
        column(
            "tags",
            "array<string>",
            "array",
            [
                *counts(rows, 0, None),
                stat("size_min", 0),
                stat("size_max", 9),
                stat("size_mean", 2.5),
                stat("empty_arrays", 100),
                stat("null_elements", 4),
            ],
        ),
        column("attrs", "map<string,int>", "map", [*counts(rows, 0, None), stat("size_max", 3)]),
        column(
            "addr.city",
            "string",
            "string",
            [*counts(rows, 0, 1), stat("length_min", 5), stat("length_max", 5)],
            path=("addr", "city"),
            frequent=FrequentValues((("Paris", rows),)),
        ),
        column("empty", "void", "null", counts(rows, rows, 0)),
        column(
            "sampled_score",
            "float",
            "numeric",
            [
                stat("count", 1000),
                stat("null_count", 0),
                stat("null_fraction", 0.0),
                stat("mean", 0.52, Accuracy.SAMPLED, ci_low=0.5, ci_high=0.54, ci_level=0.95),
                stat(
                    "zeros", 12, Accuracy.SAMPLED, ci_low=8.0, ci_high=16.0, ci_level=0.95, note="scaled from a sample"
                ),
            ],
            failures=(MetricFailure("skewness", "sampled_score", "ArithmeticException", "division by zero"),),
        ),
    ]
    return cols


def rich_profile(rows: int = 1000, sampled: bool = False) -> Profile:
    """A profile exercising every renderer and alert path."""
    cols = rich_columns(rows)
    return Profile(
        table=table(rows, cols, duplicates=25),
        columns=tuple(cols),
        execution=execution(sampled),
        config={"preset": "default", "top_k": 10, "quantiles": [0.05, 0.25, 0.5, 0.75, 0.95], "correlations": True},
        correlations=Correlations(
            ("id", "price", "sampled_score"),
            ((1.0, 0.12, None), (0.12, 1.0, math.nan), (None, math.nan, 1.0)),
        ),
        failures=(MetricFailure("correlations", None, "AnalysisException", "cannot resolve 'x' </script>"),),
        library_version="0.1.0",
        created_at="2026-01-02T03:04:05+00:00",
    )


def simple_profile(values: Tuple[Tuple[str, float], ...] = (("a", 1.0), ("b", 2.0)), rows: int = 100) -> Profile:
    """A small finite profile (safe for ``==`` comparisons: no NaN)."""
    cols = [
        column(
            name,
            "double",
            "numeric",
            [*counts(rows, 0, rows // 2), stat("mean", mean), stat("min", 0.0)],
            histogram=_hist(0.0, 10.0, [10, 20, 30, 40]),
            frequent=FrequentValues(((1.0, 5), (2.0, 3)), fmt="number"),
        )
        for name, mean in values
    ]
    return Profile(
        table=table(rows, cols),
        columns=tuple(cols),
        execution=execution(),
        config={"preset": "minimal"},
        library_version="0.1.0",
        created_at="2026-01-02T03:04:05+00:00",
    )


def wide_profile(n_columns: int = 100, rows: int = 1_000_000) -> Profile:
    """A realistic wide profile: ``n_columns`` columns cycling through kinds, full statistics."""
    cols: List[ColumnProfile] = []
    q = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)
    for i in range(n_columns):
        k = i % 4
        name = f"column_{i:03d}_" + ("amount", "category", "created", "flag")[k]
        if k == 0:
            cols.append(
                column(
                    name,
                    "double",
                    "numeric",
                    counts(rows, i * 10, rows // 3)
                    + [
                        stat(s, 1234.5678 + i)
                        for s in ("min", "max", "mean", "std", "variance", "sum", "skewness", "kurtosis", "iqr", "cv")
                    ]
                    + [
                        stat(s, i)
                        for s in ("zeros", "negatives", "nan_count", "posinf_count", "neginf_count", "outliers")
                    ],
                    quantiles=Quantiles(q, tuple(float(x * 10 + i) for x in range(7)), Accuracy.APPROXIMATE, 0.001),
                    histogram=_hist(0.0, 1000.0, [(j * 37 + i) % 100 + 1 for j in range(20)]),
                    frequent=FrequentValues(tuple((float(j), 1000 - j) for j in range(10)), fmt="number"),
                )
            )
        elif k == 1:
            cols.append(
                column(
                    name,
                    "string",
                    "string",
                    counts(rows, i, 40)
                    + [
                        stat(s, i)
                        for s in (
                            "length_min",
                            "length_max",
                            "length_mean",
                            "empty_count",
                            "blank_count",
                            "whitespace_padded_count",
                            "pattern_email_count",
                        )
                    ],
                    frequent=FrequentValues(tuple((f"category value number {j}", 5000 - j * 7) for j in range(10))),
                )
            )
        elif k == 2:
            cols.append(
                column(
                    name,
                    "timestamp",
                    "temporal",
                    [
                        *counts(rows, 0, rows),
                        stat("min", "2020-01-01T00:00:00+00:00", fmt="datetime"),
                        stat("max", "2024-01-01T00:00:00+00:00", fmt="datetime"),
                        stat("range_seconds", 126230400.0),
                    ],
                    histogram=_hist(1577836800.0, 1704067200.0, [50000] * 20, fmt="datetime"),
                )
            )
        else:
            cols.append(
                column(
                    name,
                    "boolean",
                    "boolean",
                    [*counts(rows, 0, 2, approx=False), stat("true_count", 600000), stat("false_count", 400000)],
                    frequent=FrequentValues(((True, 600000), (False, 400000)), fmt="bool"),
                )
            )
    numeric = tuple(c.name for c in cols if c.kind == "numeric")[:20]
    matrix = tuple(
        tuple(1.0 if a == b else round(((a * 7 + b * 3) % 19) / 10 - 0.9, 3) for b in range(len(numeric)))
        for a in range(len(numeric))
    )
    return Profile(
        table=table(rows, cols, duplicates=12),
        columns=tuple(cols),
        execution=execution(),
        config={"preset": "full"},
        correlations=Correlations(numeric, matrix),
        library_version="0.1.0",
        created_at="2026-01-02T03:04:05+00:00",
    )
