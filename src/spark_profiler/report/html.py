# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Self-contained HTML report: one file, inline CSS, JS and SVG, no network access.

Safety: templates are rendered with autoescaping on, and the page's script is static
(it reads nothing but ``data-`` attributes, which are escaped like any other text),
so no profile content is ever placed inside a ``<script>`` element. Column names such
as ``<img src=x onerror=alert(1)>`` and values such as ``</script>`` render as text.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import jinja2
import markupsafe

from ..alerts import Alert, AlertConfig
from ..model.profile import Accuracy, ColumnProfile, Correlations, Histogram, Profile, Statistic
from ._common import alert_counts, execution_line, overview_line, resolve_alerts, sampling_line
from ._format import accuracy_note, display_item, edge_label, format_value, quantile_rows

__all__ = ["render_html", "repr_html"]


@functools.lru_cache(maxsize=None)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("spark_profiler.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


# -- view model ---------------------------------------------------------------------------


@dataclass
class StatRow:
    """One statistic as displayed."""

    key: str
    label: str
    value: str
    note: str
    accuracy: str


@dataclass
class Bar:
    """One bar of an SVG chart (coordinates in the chart's viewBox)."""

    x: float
    y: float
    w: float
    h: float
    title: str


@dataclass
class HistogramView:
    """Geometry of a histogram chart."""

    bars: List[Bar]
    width: int
    height: int
    left_label: str
    right_label: str
    top_label: str
    base_y: float
    accuracy: str


@dataclass
class FrequentRow:
    """One frequent value."""

    value: str
    count: str
    share: str
    pct: float


@dataclass
class ColumnView:
    """Everything the template shows for one column."""

    anchor: str
    name: str
    spark_type: str
    kind: str
    nullable: bool
    stats: List[StatRow]
    quantiles: List[Tuple[str, str]]
    quantile_note: str
    histogram: Optional[HistogramView]
    frequent: List[FrequentRow]
    frequent_note: str
    frequent_reason: Optional[str]
    failures: List[str]
    alerts: List[Alert]
    missing: Optional[float]
    missing_text: str
    distinct_text: str


@dataclass
class MissingRow:
    """One bar of the missing-values chart."""

    anchor: str
    name: str
    short: str
    y: float
    w: float
    text: str


@dataclass
class HeatCell:
    """One cell of the correlation heatmap."""

    x: float
    y: float
    fill: str
    title: str


@dataclass
class HeatmapView:
    """Geometry of the correlation heatmap."""

    size: int
    cell: float
    offset: float
    labels: List[Tuple[str, str, float]]
    cells: List[HeatCell]
    shown: int
    total: int
    method: str
    top_pairs: List[Tuple[str, str, str]] = field(default_factory=list)
    overhang: int = 0


def _stat_row(s: Statistic) -> StatRow:
    return StatRow(s.key, s.label, format_value(s.value, s.fmt), accuracy_note(s), s.accuracy.value)


def _finite(v: Any) -> Optional[float]:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def _histogram(h: Histogram, width: int = 420, height: int = 170) -> Optional[HistogramView]:
    if not h.counts or len(h.edges) != len(h.counts) + 1:
        return None
    top = max(h.counts) or 1
    left, right, top_pad, bottom = 8.0, 8.0, 18.0, 24.0
    plot_w = width - left - right
    plot_h = height - top_pad - bottom
    n = len(h.counts)
    bw = plot_w / n
    bars = []
    for i, c in enumerate(h.counts):
        # A non-empty bin stays visible even next to a bin thousands of times larger.
        bh = max(plot_h * c / top, 1.5) if c > 0 else 0.0
        lo, hi = edge_label(h.edges[i], h.fmt), edge_label(h.edges[i + 1], h.fmt)
        closing = "]" if i == n - 1 else ")"
        bars.append(
            Bar(
                round(left + i * bw + 0.5, 2),
                round(top_pad + plot_h - bh, 2),
                round(max(bw - 1.0, 0.5), 2),
                round(bh, 2),
                f"[{lo}, {hi}{closing}: {c:,}",
            )
        )
    return HistogramView(
        bars,
        width,
        height,
        edge_label(h.edges[0], h.fmt),
        edge_label(h.edges[-1], h.fmt),
        f"max {top:,} per bin",
        top_pad + plot_h,
        h.accuracy.value,
    )


def _short(name: str, width: int) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _column_view(i: int, c: ColumnProfile, alerts: Sequence[Alert]) -> ColumnView:
    freq: List[FrequentRow] = []
    freq_note = ""
    reason = None
    n = _finite(c.get("count"))
    if c.frequent is not None:
        if c.frequent.computed:
            top = max((cnt for _, cnt in c.frequent.items), default=0) or 1
            for v, cnt in c.frequent.items:
                share = format_value(cnt / n, "fraction") if n else "—"
                freq.append(
                    FrequentRow(display_item(v, c.frequent.fmt, 80), f"{cnt:,}", share, round(100.0 * cnt / top, 1))
                )
            if c.frequent.accuracy != Accuracy.EXACT:
                freq_note = c.frequent.accuracy.value
        else:
            reason = c.frequent.reason or "not computed"
    miss = c.stat("null_fraction")
    dist = c.stat("distinct_count")
    q = c.quantiles
    qnote = ""
    if q is not None and q.accuracy != Accuracy.EXACT:
        qnote = q.accuracy.value + (f", rank error ±{q.relative_error * 100:.3g}%" if q.relative_error else "")
    return ColumnView(
        anchor=f"col-{i}",
        name=c.name,
        spark_type=c.spark_type,
        kind=c.kind,
        nullable=c.nullable,
        stats=[_stat_row(s) for s in c.stats],
        quantiles=list(quantile_rows(q)) if q is not None else [],
        quantile_note=qnote,
        histogram=_histogram(c.histogram) if c.histogram is not None else None,
        frequent=freq,
        frequent_note=freq_note,
        frequent_reason=reason,
        failures=[f"{f.key}: {f.error_type}: {(f.message.splitlines() or [''])[0]}" for f in c.failures],
        alerts=[a for a in alerts if a.column == c.name],
        missing=_finite(miss.value) if miss is not None else None,
        missing_text=format_value(miss.value, miss.fmt) if miss is not None else "—",
        distinct_text=(format_value(dist.value, dist.fmt) + (" ≈" if dist.accuracy != Accuracy.EXACT else ""))
        if dist is not None
        else "—",
    )


def _missing_rows(cols: Sequence[ColumnView]) -> List[MissingRow]:
    rows = []
    for i, c in enumerate(cols):
        frac = c.missing if c.missing is not None else 0.0
        rows.append(
            MissingRow(
                c.anchor,
                c.name,
                _short(c.name, 26),
                4 + i * 20,
                round(max(0.0, min(1.0, frac)) * 100, 2),
                c.missing_text,
            )
        )
    return rows


def _color(r: Optional[float]) -> str:
    if r is None or not math.isfinite(r):
        return "#d9dce1"
    r = max(-1.0, min(1.0, r))
    # Diverging blue (negative) - white - red (positive).
    if r >= 0:
        base = (220, 38, 38)
    else:
        base = (37, 99, 235)
    t = abs(r)
    rgb = tuple(round(255 + (b - 255) * t) for b in base)
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _heatmap(corr: Correlations, limit: int = 40) -> HeatmapView:
    total = len(corr.columns)
    names = list(corr.columns[:limit])
    n = len(names)
    cell = 22.0 if n <= 15 else (16.0 if n <= 25 else 12.0)
    offset = 150.0
    labels = [(nm, _short(nm, 22), offset + i * cell + cell / 2) for i, nm in enumerate(names)]
    cells = []
    for i in range(n):
        for j in range(n):
            v = corr.matrix[i][j]
            shown = format_value(v, "number") if v is not None else "undefined"
            cells.append(
                HeatCell(offset + j * cell, offset + i * cell, _color(v), f"{names[i]} \u00d7 {names[j]}: {shown}")
            )
    pairs = []
    for i in range(total):
        for j in range(i + 1, total):
            v = _finite(corr.matrix[i][j])
            if v is not None:
                pairs.append((abs(v), corr.columns[i], corr.columns[j], v))
    pairs.sort(key=lambda p: -p[0])
    top = [(a, b, f"{v:+.3f}") for _, a, b, v in pairs[:10]]
    # The rotated column labels lean right beyond the last cell: leave room for them.
    return HeatmapView(int(offset + n * cell + 4), cell, offset, labels, cells, n, total, corr.method, top, 110)


def render_html(
    profile: Profile,
    alerts: Optional[Sequence[Alert]] = None,
    *,
    alert_config: Optional[AlertConfig] = None,
    title: str = "Data profile",
) -> str:
    """Render the self-contained HTML report.

    Args:
        profile: the profile to render.
        alerts: alerts to show (computed with ``alert_config`` when omitted).
        alert_config: thresholds used when ``alerts`` is omitted.
        title: page title.
    """
    found = resolve_alerts(profile, alerts, alert_config)
    cols = [_column_view(i, c, found) for i, c in enumerate(profile.columns)]
    anchors: Dict[str, str] = {c.name: c.anchor for c in cols}
    kinds = sorted({c.kind for c in cols})
    e = profile.execution
    execution_rows = [
        ("Spark", f"{e.spark_version} ({e.spark_mode})"),
        ("Session time zone", e.session_time_zone),
        ("Spark actions", str(e.actions)),
        ("Wall-clock time", format_value(e.seconds, "seconds")),
        ("Column chunks", str(e.chunks)),
    ]
    if profile.library_version:
        execution_rows.insert(0, ("spark-profiler", profile.library_version))
    if profile.created_at:
        execution_rows.insert(0, ("Created", profile.created_at))
    config_rows = [(str(k), _config_value(v)) for k, v in sorted(profile.config.items(), key=lambda kv: str(kv[0]))]
    failures = [
        f"{f.column if f.column is not None else 'table'}: {f.key}: {f.error_type}: "
        f"{(f.message.splitlines() or [''])[0]}"
        for f in profile.failures
    ]
    template = _env().get_template("report.html.j2")
    return template.render(
        title=title,
        overview=overview_line(profile),
        execution_summary=execution_line(profile),
        sampling=sampling_line(profile),
        table_stats=[_stat_row(s) for s in profile.table.stats],
        alerts=found,
        alert_summary=alert_counts(found),
        anchors=anchors,
        columns=cols,
        kinds=kinds,
        missing=_missing_rows(cols),
        heatmap=_heatmap(profile.correlations)
        if profile.correlations is not None and profile.correlations.columns
        else None,
        passes=[(p.name, str(p.columns), str(p.chunk), format_value(p.seconds, "seconds")) for p in e.passes],
        execution_rows=execution_rows,
        approximations=list(e.approximations),
        implementations=list(e.implementations),
        config_rows=config_rows,
        failures=failures,
    )


def _config_value(v: Any) -> str:
    if isinstance(v, (list, tuple)):
        return ", ".join(_config_value(x) for x in v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if v is None:
        return "—"
    return str(v)


def repr_html(profile: Profile, height: int = 720) -> str:
    """HTML for Jupyter and Databricks ``displayHTML``: the report in a sandboxed iframe.

    The iframe isolates the report's CSS and script from the notebook page; its
    ``srcdoc`` attribute is escaped as a whole.
    """
    doc = render_html(profile)
    return (
        f'<iframe title="spark-profiler report" sandbox="allow-scripts" style="width:100%;height:{int(height)}px;'
        f'border:1px solid #d0d7de;border-radius:6px" srcdoc="{markupsafe.escape(doc)}"></iframe>'
    )
