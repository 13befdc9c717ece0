# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Spark's own estimate of how many bytes a DataFrame reads, without running a job.

The estimate is the ``sizeInBytes`` of the root of the optimized plan: the sum of the
file sizes for a file source, scaled down by column pruning and sampling. Neither
classic PySpark nor Spark Connect has a public call that returns it, so it is read
from the text of ``DataFrame.explain(mode="cost")``, which both print the same way
since Spark 3.0. It only steers a performance choice, so any failure gives ``None``.
"""

from __future__ import annotations

import contextlib
import io
import re
from typing import Any, Optional

__all__ = ["parse_size_estimate", "size_estimate"]

_STATISTICS = re.compile(r"Statistics\(sizeInBytes=([0-9]+(?:\.[0-9]+)?)\s*([KMGTPE]?i?B)\b")

_UNITS = {
    "B": 1,
    "KiB": 2**10,
    "MiB": 2**20,
    "GiB": 2**30,
    "TiB": 2**40,
    "PiB": 2**50,
    "EiB": 2**60,
    # Older Spark printed binary multiples with decimal-looking names.
    "KB": 2**10,
    "MB": 2**20,
    "GB": 2**30,
    "TB": 2**40,
    "PB": 2**50,
    "EB": 2**60,
}

#: Spark sizes a relation it knows nothing about (an RDD, many DataSource V2 tables) as
#: ``Long.MaxValue`` bytes, printed "8.0 EiB": that is "unknown", not "huge".
_UNKNOWN_FROM = 2**62


def parse_size_estimate(text: str) -> Optional[int]:
    """The root ``sizeInBytes`` of the optimized plan in cost-mode explain text.

    ``None`` when the text has no such figure or the figure is Spark's "unknown".
    """
    _, marker, optimized = text.partition("== Optimized Logical Plan ==")
    if not marker:
        return None
    match = _STATISTICS.search(optimized)
    if match is None:
        return None
    size = float(match.group(1)) * _UNITS[match.group(2)]
    return None if size >= _UNKNOWN_FROM else int(size)


def size_estimate(df: Any) -> Optional[int]:
    """Bytes ``df`` is estimated to read, or ``None`` when Spark cannot tell.

    Runs Spark's analyzer and optimizer, never a job. ``explain`` prints its text, so
    standard output is redirected for the duration of the call.
    """
    text = io.StringIO()
    try:
        with contextlib.redirect_stdout(text):
            df.explain(mode="cost")
    except Exception:  # a hint for a performance choice must never fail a profile
        return None
    return parse_size_estimate(text.getvalue())
