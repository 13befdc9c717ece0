# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""pandas output: one row per column, and a clear error when pandas is missing."""

from __future__ import annotations

import sys

import pytest
from profiles import rich_profile

from spark_profiler.errors import SparkProfilerError


def test_missing_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(SparkProfilerError, match=r'pip install "spark-profiler\[pandas\]"'):
        rich_profile().to_pandas()


def test_one_row_per_column_with_every_statistic() -> None:
    pytest.importorskip("pandas")
    p = rich_profile()
    df = p.to_pandas()
    assert list(df.index) == [c.name for c in p.columns]
    assert df.loc["id", "kind"] == "numeric"
    assert df.loc["flag", "true_count"] == 960
    keys = {s.key for c in p.columns for s in c.stats}
    assert keys <= set(df.columns)
