# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Pieces of report content shared by the text, Markdown and HTML renderers."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..alerts import Alert, AlertConfig, compute_alerts
from ..model.profile import ColumnProfile, Profile, Statistic
from ._format import format_value

__all__ = ["headline", "overview_line", "resolve_alerts", "safe_text", "sampling_line", "summary"]

# Terminal control characters (ANSI escapes, bells, carriage returns) in column names
# or values could rewrite a user's terminal: show them escaped instead.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    r"""Make control characters visible (``\\x1b``) so text is safe to print."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def resolve_alerts(
    profile: Profile, alerts: Optional[Sequence[Alert]] = None, config: Optional[AlertConfig] = None
) -> Tuple[Alert, ...]:
    """The alerts to show: the given ones, or those computed with ``config``."""
    return tuple(alerts) if alerts is not None else compute_alerts(profile, config)


# Keys summarised in one line per column, in order of preference; all keys still
# appear in the detailed sections, which iterate over every statistic.
_HEADLINE_KEYS = ("min", "max", "mean", "true_count", "length_mean", "size_mean")


def headline(c: ColumnProfile, *, missing: str = "—") -> str:
    """A short summary of a column: up to three of min, max, mean and the like."""
    parts: List[str] = []
    for key in _HEADLINE_KEYS:
        s = c.stat(key)
        if s is not None and s.value is not None:
            parts.append(f"{s.label.lower()} {format_value(s.value, s.fmt, missing=missing)}")
        if len(parts) == 3:
            break
    return ", ".join(parts)


def summary(profile: Profile) -> Dict[str, str]:
    """Formatted table-level figures keyed by statistic key."""
    return {s.key: format_value(s.value, s.fmt) for s in profile.table.stats}


def sampling_line(profile: Profile) -> Optional[str]:
    """One line about sampling, or ``None`` when the profile is exact."""
    smp = profile.execution.sampling
    if smp is None:
        return None
    text = f"sampled {format_value(smp.fraction, 'fraction')} of rows ({smp.method}, seed {smp.seed})"
    if smp.population_rows is not None:
        text += f" from {smp.population_rows:,} rows"
    return text


def _counted(value: Any, shown: str, noun: str) -> str:
    return f"{shown} {noun}" if value == 1 else f"{shown} {noun}s"


def overview_line(profile: Profile) -> str:
    """``1,000 rows x 13 columns`` style line."""
    rows = profile.table.stat("row_count")
    parts = []
    if rows is not None:
        parts.append(_counted(rows.value, format_value(rows.value, rows.fmt), "row"))
    parts.append(_counted(len(profile.columns), str(len(profile.columns)), "column"))
    return " \u00d7 ".join(parts)


def execution_line(profile: Profile) -> str:
    """Spark version, actions and wall-clock time."""
    e = profile.execution
    actions = _counted(e.actions, str(e.actions), "Spark action")
    return f"Spark {e.spark_version} ({e.spark_mode}), {actions}, {format_value(e.seconds, 'seconds')}"


def stat_rows(stats: Sequence[Statistic]) -> List[Statistic]:
    """Statistics in display order (the engine's order)."""
    return list(stats)


def alert_counts(alerts: Sequence[Alert]) -> str:
    """``1 error, 2 warnings, 3 info``."""
    n = {sev: sum(1 for a in alerts if a.severity == sev) for sev in ("error", "warning", "info")}
    parts = []
    if n["error"]:
        parts.append(f"{n['error']} error{'s' if n['error'] > 1 else ''}")
    if n["warning"]:
        parts.append(f"{n['warning']} warning{'s' if n['warning'] > 1 else ''}")
    if n["info"]:
        parts.append(f"{n['info']} info")
    return ", ".join(parts) or "none"
