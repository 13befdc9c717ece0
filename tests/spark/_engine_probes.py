# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Probes shared by the tests that change how the engine plans a pass, not what it computes."""

from __future__ import annotations

import contextlib
import io
import math
from typing import Any, Dict, List, Tuple

from spark_profiler.engine.executor import Executor


def profile_stats(p: Any) -> Dict[Tuple[str, str], Any]:
    """Every figure of a profile, keyed by (column, statistic), comparable with ``==``."""
    out: Dict[Tuple[str, str], Any] = {}
    for c in p.columns:
        for s in c.stats:
            v = s.value
            out[(c.name, s.key)] = "nan" if isinstance(v, float) and math.isnan(v) else v
        # repr: NaN is a frequent value here, and NaN never equals itself.
        out[(c.name, "quantiles")] = repr(c.quantiles)
        out[(c.name, "histogram")] = repr(c.histogram)
        out[(c.name, "frequent")] = repr(c.frequent)
    for s in p.table.stats:
        out[("", s.key)] = s.value
    return out


class PlanCapturingExecutor(Executor):
    """Runs each pass as usual and keeps its physical plan, by pass name."""

    def __init__(self) -> None:
        super().__init__()
        self.plans: Dict[str, str] = {}

    def collect(self, df: Any, **kw: Any) -> List[Any]:
        rows = super().collect(df, **kw)
        text = io.StringIO()
        with contextlib.redirect_stdout(text):
            df.explain()
        self.plans[kw["pass_name"]] = text.getvalue()
        return rows
