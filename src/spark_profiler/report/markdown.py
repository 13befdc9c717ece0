# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""GitHub-flavoured Markdown report (for pull requests, wikis and CI summaries)."""

from __future__ import annotations

import re
from typing import List, Optional, Sequence

from ..alerts import Alert, AlertConfig
from ..model.profile import Profile
from ._common import alert_counts, execution_line, headline, overview_line, resolve_alerts, sampling_line
from ._format import accuracy_note, display_item, format_value, quantile_rows

__all__ = ["md_escape", "render_markdown"]

# Inline markup characters (emphasis, code, links, tables, strikethrough); block-level
# markers cannot occur because text never starts a line. `<`, `>` and `&` become
# entities so a hostile name can never turn into HTML.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(text: str) -> str:
    """Escape ``text`` for a Markdown paragraph or table cell."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace("\r", " ").replace("\n", " ")


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], align: Optional[str] = None) -> List[str]:
    sep = [("---:" if align and align[i] == "r" else "---") for i in range(len(header))]
    return [_row(header), _row(sep)] + [_row(r) for r in rows]


def render_markdown(
    profile: Profile,
    alerts: Optional[Sequence[Alert]] = None,
    *,
    alert_config: Optional[AlertConfig] = None,
    title: str = "Data profile",
) -> str:
    """Render a GitHub-flavoured Markdown report."""
    found = resolve_alerts(profile, alerts, alert_config)
    out: List[str] = [f"# {md_escape(title)}", ""]
    meta = [overview_line(profile), execution_line(profile)]
    if profile.library_version:
        meta.append(f"spark-profiler {profile.library_version}")
    if profile.created_at:
        meta.append(f"created {profile.created_at}")
    out += [md_escape(" · ".join(meta)), ""]
    smp = sampling_line(profile)
    if smp:
        out += [f"> **Note:** {md_escape(smp)}; figures marked *sampled* are estimates.", ""]

    out += ["## Overview", ""]
    out += _table(
        ["Statistic", "Value", "Accuracy"],
        [
            [md_escape(s.label), md_escape(format_value(s.value, s.fmt)), md_escape(accuracy_note(s))]
            for s in profile.table.stats
        ],
        "lrl",
    )
    out.append("")

    out += [f"## Alerts ({md_escape(alert_counts(found))})", ""]
    if found:
        out += _table(
            ["Severity", "Column", "Alert"],
            [
                [a.severity, md_escape(a.column) if a.column is not None else "*table*", md_escape(a.message)]
                for a in found
            ],
        )
    else:
        out.append("No alerts.")
    out.append("")

    out += ["## Columns", ""]
    rows = []
    for c in profile.columns:
        miss = c.stat("null_fraction")
        dist = c.stat("distinct_count")
        rows.append(
            [
                md_escape(c.name),
                f"`{c.spark_type.replace('`', '')}`",
                c.kind,
                md_escape(format_value(miss.value, miss.fmt)) if miss is not None else "—",
                md_escape(format_value(dist.value, dist.fmt) + (" ≈" if accuracy_note(dist) else "")) if dist else "—",
                md_escape(headline(c)),
            ]
        )
    out += _table(["Column", "Type", "Kind", "Missing", "Distinct", "Summary"], rows, "llllrl")
    out.append("")

    for c in profile.columns:
        out += [f"### {md_escape(c.name)}", ""]
        out += [f"`{c.spark_type.replace('`', '')}` · {c.kind} · {'nullable' if c.nullable else 'not nullable'}", ""]
        if c.stats:
            out += _table(
                ["Statistic", "Value", "Accuracy"],
                [
                    [md_escape(s.label), md_escape(format_value(s.value, s.fmt)), md_escape(accuracy_note(s))]
                    for s in c.stats
                ],
                "lrl",
            )
            out.append("")
        if c.quantiles is not None and c.quantiles.values:
            q = quantile_rows(c.quantiles)
            out += _table([md_escape(lbl) for lbl, _ in q], [[md_escape(v) for _, v in q]], "r" * len(q))
            out.append("")
        if c.frequent is not None:
            if c.frequent.computed and c.frequent.items:
                n = c.get("count")
                total = float(n) if isinstance(n, (int, float)) and not isinstance(n, bool) and n else None
                out += _table(
                    ["Value", "Count", "Share"],
                    [
                        [
                            md_escape(display_item(v, c.frequent.fmt)),
                            f"{cnt:,}",
                            format_value(cnt / total, "fraction") if total else "—",
                        ]
                        for v, cnt in c.frequent.items
                    ],
                    "lrr",
                )
                out.append("")
            elif not c.frequent.computed:
                out += [f"*Frequent values not computed: {md_escape(c.frequent.reason or 'disabled')}.*", ""]
        for f in c.failures:
            out += [
                (
                    f"> **Failed:** {md_escape(f.key)}: {md_escape(f.error_type)}: "
                    f"{md_escape((f.message.splitlines() or [''])[0])}"
                ),
                "",
            ]

    if profile.correlations is not None and profile.correlations.columns:
        corr = profile.correlations
        out += [f"## Correlations ({md_escape(corr.method)})", ""]
        names = [md_escape(n) for n in corr.columns]
        out += _table(
            ["", *names],
            [[names[i]] + [md_escape(format_value(v)) for v in row] for i, row in enumerate(corr.matrix)],
            "l" + "r" * len(names),
        )
        out.append("")

    if profile.failures:
        out += ["## Failures", ""]
        for f in profile.failures:
            where = md_escape(f.column) if f.column is not None else "table"
            out.append(
                f"- {where}: {md_escape(f.key)}: {md_escape(f.error_type)}: "
                f"{md_escape((f.message.splitlines() or [''])[0])}"
            )
        out.append("")

    e = profile.execution
    out += ["## Execution", ""]
    out += _table(
        ["Pass", "Columns", "Chunk", "Seconds"],
        [[md_escape(p.name), str(p.columns), str(p.chunk), format_value(p.seconds, "seconds")] for p in e.passes]
        or [["—", "", "", ""]],
        "lrrr",
    )
    out.append("")
    if e.approximations:
        out += ["Approximations: " + "; ".join(md_escape(a) for a in e.approximations), ""]
    return "\n".join(out).rstrip("\n") + "\n"
