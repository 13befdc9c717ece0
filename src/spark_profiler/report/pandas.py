# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""pandas output: one row per column (needs the ``pandas`` extra)."""

from __future__ import annotations

from typing import Any, Dict, List

from ..errors import SparkEnvironmentError
from ..model.profile import Profile

__all__ = ["PANDAS_HINT", "render_pandas"]

PANDAS_HINT = 'pandas is not installed; install it with: pip install "spark-profiler[pandas]"'


def render_pandas(profile: Profile) -> Any:
    """Return a ``pandas.DataFrame`` indexed by column name, one column per statistic.

    The first columns are ``spark_type``, ``kind`` and ``nullable``; then every
    statistic key in order of first appearance. Values are the raw profile values
    (decimals stay exact strings, temporal values ISO strings).

    Raises:
        SparkEnvironmentError: pandas is not installed.
    """
    try:
        import pandas as pd
    except ImportError:
        raise SparkEnvironmentError(PANDAS_HINT) from None
    keys: List[str] = []
    for c in profile.columns:
        for s in c.stats:
            if s.key not in keys:
                keys.append(s.key)
    records: List[Dict[str, Any]] = []
    for c in profile.columns:
        row: Dict[str, Any] = {"spark_type": c.spark_type, "kind": c.kind, "nullable": c.nullable}
        for k in keys:
            row[k] = c.get(k)
        records.append(row)
    frame = pd.DataFrame.from_records(
        records,
        index=pd.Index([c.name for c in profile.columns], name="column"),
        columns=["spark_type", "kind", "nullable", *keys],
    )
    return frame
