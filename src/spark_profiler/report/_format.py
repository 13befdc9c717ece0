# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Generic value formatting shared by every renderer.

Renderers never special-case a statistic key: they format a value from its
``fmt`` hint and annotate it from its accuracy, so a statistic added by the engine
shows up everywhere without renderer edits. Unknown hints fall back to ``str``.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Optional, Sequence, Tuple

from ..model.profile import Accuracy, Quantiles, Statistic

__all__ = [
    "accuracy_note",
    "edge_label",
    "format_stat",
    "format_value",
    "quantile_label",
    "shorten",
]

MISSING = "—"


def _number(v: float) -> str:
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "+inf" if v > 0 else "-inf"
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    a = abs(v)
    if a != 0 and (a < 1e-4 or a >= 1e15):
        return f"{v:.4e}"
    # Six significant digits, thousands separators on the integer part.
    digits = max(0, 6 - len(str(int(a)))) if a >= 1 else 6
    text = f"{v:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _duration(seconds: float) -> str:
    if not math.isfinite(seconds):
        return _number(seconds)
    s = abs(seconds)
    sign = "-" if seconds < 0 else ""
    if s < 1:
        return f"{sign}{s * 1000:.3g} ms"
    if s < 60:
        return f"{sign}{s:.3g} s"
    if s < 3600:
        return f"{sign}{int(s // 60)} min {int(s % 60)} s"
    if s < 86400:
        return f"{sign}{int(s // 3600)} h {int(s % 3600 // 60)} min"
    days = s / 86400
    if days < 365:
        return f"{sign}{days:.1f} days"
    return f"{sign}{days / 365.2425:,.1f} years"


def _bytes(n: float) -> str:
    units = ("B", "KiB", "MiB", "GiB", "TiB", "PiB")
    v = float(n)
    for unit in units:
        if abs(v) < 1024 or unit == units[-1]:
            return f"{int(v)} B" if unit == "B" else f"{v:.1f} {unit}"
        v /= 1024
    return f"{n} B"  # pragma: no cover


def format_value(value: Any, fmt: str = "number", *, missing: str = MISSING) -> str:
    """Format one value for display according to its format hint."""
    if value is None:
        return missing
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        f = float(value)
        if fmt == "fraction" and math.isfinite(f):
            pct = f * 100
            if 0 < pct < 0.1:
                return "<0.1%"
            if 99.9 < pct < 100:
                return ">99.9%"
            return f"{pct:.1f}%".replace(".0%", "%")
        if fmt == "seconds":
            return _duration(f)
        if fmt == "bytes" and math.isfinite(f):
            return _bytes(f)
        if fmt in ("date", "datetime", "time") and math.isfinite(f):
            return epoch_label(f, fmt)
        if fmt == "count" and math.isfinite(f):
            return f"{round(f):,}"
        return _number(f)
    return str(value)


def epoch_label(seconds: float, fmt: str) -> str:
    """Seconds since the Unix epoch as an ISO date (``fmt="date"``) or date-time (UTC).

    With ``fmt="time"`` the seconds count from midnight and the label is a time of day.
    """
    if fmt == "time":
        if not 0 <= seconds <= 86400:
            return _number(seconds)
        # The last edge is the latest time, which may round up to 24:00:00.
        micros = min(round(seconds * 1_000_000), 86_399_999_999)
        t = _dt.time(micros // 3_600_000_000, micros // 60_000_000 % 60, micros // 1_000_000 % 60, micros % 1_000_000)
        return t.isoformat(timespec="seconds" if t.microsecond == 0 else "auto")
    try:
        d = _dt.datetime(1970, 1, 1) + _dt.timedelta(seconds=seconds)
    except OverflowError:
        return _number(seconds)
    if fmt == "date":
        return d.date().isoformat()
    return d.isoformat(sep=" ", timespec="seconds")


def edge_label(value: float, fmt: str) -> str:
    """Label of a histogram edge (temporal edges are epoch seconds, or seconds since midnight)."""
    if fmt in ("date", "datetime", "time"):
        return epoch_label(value, fmt)
    return format_value(value, fmt)


def accuracy_note(s: Statistic, *, plain: bool = False) -> str:
    """Say how a figure was obtained: ``""`` for exact, ``≈ ±5%`` or ``sampled, 95% CI …``."""
    approx = "~" if plain else "≈"
    pm = "+/-" if plain else "±"
    if s.accuracy == Accuracy.APPROXIMATE:
        if s.relative_error is not None and math.isfinite(s.relative_error):
            return f"{approx} {pm}{s.relative_error * 100:.3g}%"
        return approx
    if s.accuracy == Accuracy.SAMPLED:
        out = "sampled"
        if s.ci_low is not None and s.ci_high is not None:
            level = f"{(s.ci_level or 0.95) * 100:.3g}% CI"
            lo, hi = format_value(s.ci_low, s.fmt), format_value(s.ci_high, s.fmt)
            out += f", {level} {lo} to {hi}" if plain else f", {level} {lo} \u2013 {hi}"
        return out
    return ""


def format_stat(s: Statistic, *, plain: bool = False, missing: str = MISSING) -> Tuple[str, str]:
    """Return ``(value, accuracy note)`` for a statistic."""
    return format_value(s.value, s.fmt, missing=missing), accuracy_note(s, plain=plain)


def quantile_label(p: float) -> str:
    """``0.0`` -> ``min``, ``0.5`` -> ``median``, ``1.0`` -> ``max``, else a percentage."""
    if p == 0.0:
        return "min"
    if p == 1.0:
        return "max"
    if p == 0.5:
        return "median"
    return f"{p * 100:g}%"


def quantile_rows(q: Quantiles, *, missing: str = MISSING) -> Sequence[Tuple[str, str]]:
    """``(label, value)`` rows of a quantile table."""
    return [(quantile_label(p), format_value(v, q.fmt, missing=missing)) for p, v in zip(q.probabilities, q.values)]


def shorten(text: str, width: int = 60) -> str:
    """Cut ``text`` to ``width`` characters with an ellipsis, making blanks visible."""
    if text == "":
        return "(empty)"
    if not text.strip():
        return "(blank)"
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= width else text[: width - 1] + "…"


def display_item(value: Any, fmt: str, width: int = 60, *, missing: str = "(null)") -> str:
    """A frequent value as shown in tables."""
    if isinstance(value, str) and fmt in ("text", "string"):
        return shorten(value, width)
    return shorten(format_value(value, fmt, missing=missing), width)


def fraction(part: Optional[float], whole: Optional[float]) -> Optional[float]:
    """``part / whole`` or ``None`` when undefined."""
    if part is None or whole is None or not whole:
        return None
    try:
        return float(part) / float(whole)
    except (TypeError, ValueError):
        return None
