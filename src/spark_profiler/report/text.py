# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Plain-text summary for terminals (what the CLI prints without ``--output``)."""

from __future__ import annotations

from typing import List, Optional, Sequence

from ..alerts import Alert, AlertConfig
from ..model.profile import Profile
from ._common import alert_counts, execution_line, headline, overview_line, resolve_alerts, safe_text, sampling_line
from ._format import accuracy_note, format_value, quantile_rows

__all__ = ["render_text"]

_NA = "-"


def _cut(text: str, width: int) -> str:
    text = safe_text(text)
    return text if len(text) <= width else text[: width - 1] + "~"


def _table(rows: Sequence[Sequence[str]], indent: str = "  ") -> List[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [c.ljust(w) for c, w in zip(r, widths)]
        out.append((indent + "  ".join(cells)).rstrip())
    return out


def render_text(
    profile: Profile,
    alerts: Optional[Sequence[Alert]] = None,
    *,
    alert_config: Optional[AlertConfig] = None,
    details: bool = False,
    name_width: int = 32,
) -> str:
    """Render a terminal-friendly summary.

    Args:
        profile: the profile to summarise.
        alerts: alerts to show (computed with ``alert_config`` when omitted).
        alert_config: thresholds used when ``alerts`` is omitted.
        details: also list every statistic and quantile of every column.
        name_width: column names longer than this are cut.
    """
    found = resolve_alerts(profile, alerts, alert_config)
    lines: List[str] = []
    lines.append(f"spark-profiler report: {overview_line(profile)}")
    meta = [execution_line(profile).replace("—", _NA)]
    if profile.created_at:
        meta.append(f"created {profile.created_at}")
    lines.append(safe_text(", ".join(meta)))
    smp = sampling_line(profile)
    if smp:
        lines.append(f"Note: {smp}; figures marked 'sampled' are estimates.")
    lines.append("")

    lines.append("Table")
    rows = [
        [safe_text(s.label), format_value(s.value, s.fmt, missing=_NA), accuracy_note(s, plain=True)]
        for s in profile.table.stats
    ]
    if rows:
        lines += _table(rows)
    lines.append("")

    lines.append(f"Alerts ({alert_counts(found)})")
    if found:
        lines += _table(
            [[a.severity.upper(), _cut(a.column or "(table)", name_width), safe_text(a.message)] for a in found]
        )
    lines.append("")

    lines.append("Columns")
    header = ["name", "type", "missing", "distinct", "summary"]
    crow = [header]
    for c in profile.columns:
        miss = c.stat("null_fraction")
        dist = c.stat("distinct_count")
        dist_text = _NA
        if dist is not None:
            dist_text = format_value(dist.value, dist.fmt, missing=_NA)
            if accuracy_note(dist, plain=True):
                dist_text = "~" + dist_text
        crow.append(
            [
                _cut(c.name, name_width),
                _cut(c.spark_type, 20),
                format_value(miss.value, miss.fmt, missing=_NA) if miss is not None else _NA,
                dist_text,
                safe_text(headline(c, missing=_NA)),
            ]
        )
    lines += _table(crow)

    if details:
        for c in profile.columns:
            lines.append("")
            lines.append(f"Column {safe_text(c.name)} ({safe_text(c.spark_type)}, {c.kind})")
            srows = [
                [safe_text(s.label), safe_text(format_value(s.value, s.fmt, missing=_NA)), accuracy_note(s, plain=True)]
                for s in c.stats
            ]
            if srows:
                lines += _table(srows, indent="    ")
            if c.quantiles is not None and c.quantiles.values:
                qs = ", ".join(f"{lbl} {val}" for lbl, val in quantile_rows(c.quantiles, missing=_NA))
                lines.append(f"    quantiles: {safe_text(qs)}")

    failures = list(profile.failures) + [f for c in profile.columns for f in c.failures]
    if failures:
        lines.append("")
        lines.append(f"Failures ({len(failures)})")
        for f in failures:
            where = safe_text(f.column) if f.column is not None else "(table)"
            msg = safe_text((f.message.splitlines() or [""])[0])
            lines.append(f"  {where}: {f.key}: {f.error_type}: {msg}")
    return "\n".join(lines) + "\n"
