# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Alert rules: pure functions of a profile that return :class:`Alert` data.

Each rule reads statistics by key with ``.get()`` and returns nothing when a figure
it needs is missing, so a profile computed with a smaller preset (or a failed
metric) never breaks alerting.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from ..errors import ConfigError
from ..kinds import is_time
from ..model.profile import Accuracy, ColumnProfile, Profile, Scalar

__all__ = ["ALERT_TYPES", "SEVERITIES", "Alert", "AlertConfig", "compute_alerts", "max_severity"]

#: Severities from least to most serious.
SEVERITIES: Tuple[str, ...] = ("info", "warning", "error")

#: Every alert type with a one-line description (the documented catalogue).
ALERT_TYPES: Mapping[str, str] = {
    "duplicate_rows": "The table holds duplicate rows.",
    "high_missing": "A column has a high fraction of nulls (error when almost all are null).",
    "constant": "A column holds a single distinct non-null value.",
    "unique": "Every non-null value is distinct: probably an identifier.",
    "high_cardinality": "A string column has many distinct values.",
    "imbalance": "One value dominates a categorical or boolean column.",
    "high_skewness": "A numeric distribution is strongly skewed.",
    "many_zeros": "A numeric column is mostly zeros.",
    "infinite_values": "A float column holds +inf or -inf.",
    "nan_values": "A float column holds NaN (not-a-number) values.",
    "empty_strings": "A string column holds empty or whitespace-only strings.",
    "date_out_of_range": "A date or timestamp lies outside the plausible range.",
    "metric_failed": "A statistic could not be computed.",
}


@dataclass(frozen=True)
class Alert:
    """One finding about the data.

    Attributes:
        type: one of :data:`ALERT_TYPES`.
        column: the column concerned, ``None`` for table-level alerts.
        severity: ``"info"``, ``"warning"`` or ``"error"``.
        values: the figures behind the alert (JSON-native values).
        message: one human-readable line.
    """

    type: str
    column: Optional[str]
    severity: str
    values: Mapping[str, Scalar] = field(default_factory=dict)
    message: str = ""

    def to_dict(self) -> Dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "type": self.type,
            "column": self.column,
            "severity": self.severity,
            "values": dict(self.values),
            "message": self.message,
        }


def _fraction_field(name: str, value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0.0 <= float(value) <= 1.0:
        raise ConfigError(f"AlertConfig.{name}={value!r} is invalid; allowed: a number in [0, 1]")


@dataclass(frozen=True)
class AlertConfig:
    """Thresholds of the alert rules. Defaults in brackets.

    Attributes:
        missing_warning: null fraction from which ``high_missing`` is a warning [0.2].
        missing_error: null fraction from which ``high_missing`` is an error [0.95].
        unique_min_rows: non-null values a column needs before ``unique`` fires [10].
        unique_tolerance: slack for approximate distinct counts: ``unique`` fires when
            distinct/non-null is at least ``1 - unique_tolerance`` [0.02, exact counts need 1.0].
        high_cardinality: distinct values above which a string column alerts [50].
        high_cardinality_fraction: and only when distinct/non-null is below this, so
            identifiers are reported as ``unique`` instead [0.5].
        imbalance: share of the most frequent value from which a column is imbalanced [0.9].
        skewness: absolute skewness from which ``high_skewness`` fires [10.0].
        zeros: fraction of zeros (of non-null values) from which ``many_zeros`` fires [0.5].
        duplicate_rows: duplicate-row fraction above which ``duplicate_rows`` fires [0.0];
            for an approximate count, the lower end of its confidence interval must exceed it.
        duplicate_rows_error: duplicate-row fraction from which it is an error [0.5].
        empty_strings: fraction of empty/blank strings above which the alert fires [0.0].
        date_min: earliest plausible date, ISO-8601 ["1900-01-01"].
        date_max: latest plausible date, ISO-8601 ["2100-01-01"].
        disabled: alert types to skip [()].
    """

    missing_warning: float = 0.2
    missing_error: float = 0.95
    unique_min_rows: int = 10
    unique_tolerance: float = 0.02
    high_cardinality: int = 50
    high_cardinality_fraction: float = 0.5
    imbalance: float = 0.9
    skewness: float = 10.0
    zeros: float = 0.5
    duplicate_rows: float = 0.0
    duplicate_rows_error: float = 0.5
    empty_strings: float = 0.0
    date_min: str = "1900-01-01"
    date_max: str = "2100-01-01"
    disabled: Tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in (
            "missing_warning",
            "missing_error",
            "unique_tolerance",
            "high_cardinality_fraction",
            "imbalance",
            "zeros",
            "duplicate_rows",
            "duplicate_rows_error",
            "empty_strings",
        ):
            _fraction_field(name, getattr(self, name))
        if self.missing_error < self.missing_warning:
            raise ConfigError(
                f"AlertConfig.missing_error={self.missing_error!r} must be >= missing_warning={self.missing_warning!r}"
            )
        for name in ("unique_min_rows", "high_cardinality"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 0:
                raise ConfigError(f"AlertConfig.{name}={v!r} is invalid; allowed: an integer >= 0")
        skew: object = self.skewness
        if isinstance(skew, bool) or not isinstance(skew, (int, float)) or skew < 0:
            raise ConfigError(f"AlertConfig.skewness={self.skewness!r} is invalid; allowed: a number >= 0")
        for name in ("date_min", "date_max"):
            try:
                _dt.date.fromisoformat(str(getattr(self, name))[:10])
            except ValueError:
                raise ConfigError(
                    f"AlertConfig.{name}={getattr(self, name)!r} is invalid; allowed: an ISO date such as 1900-01-01"
                ) from None
        if self.date_max <= self.date_min:
            raise ConfigError(f"AlertConfig.date_max={self.date_max!r} must be after date_min={self.date_min!r}")
        disabled = tuple(self.disabled)
        unknown = sorted(set(disabled) - set(ALERT_TYPES))
        if unknown:
            raise ConfigError(
                f"AlertConfig.disabled has unknown alert type(s) {', '.join(unknown)}; allowed: {', '.join(ALERT_TYPES)}"
            )
        object.__setattr__(self, "disabled", disabled)


# -- helpers ------------------------------------------------------------------------------


def _num(v: Any) -> Optional[float]:
    """A finite number, or ``None`` (bools, strings, NaN and infinities are not)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    f = float(v)
    return f if math.isfinite(f) else None


def _pct(f: float) -> str:
    pct = f * 100
    if 0 < pct < 0.1:
        return "<0.1%"
    return f"{pct:.1f}%"


def _count(v: float) -> str:
    return f"{round(v):,}"


Rule = Callable[[ColumnProfile, AlertConfig, Optional[float]], List[Alert]]


def _high_missing(c: ColumnProfile, cfg: AlertConfig, rows: Optional[float]) -> List[Alert]:
    frac = _num(c.get("null_fraction"))
    if frac is None or frac < cfg.missing_warning or frac == 0:
        return []
    nulls = _num(c.get("null_count"))
    sev = "error" if frac >= cfg.missing_error else "warning"
    what = "all values" if frac >= 1.0 else _pct(frac)
    extra = f" ({_count(nulls)} nulls)" if nulls is not None else ""
    return [
        Alert(
            "high_missing",
            c.name,
            sev,
            {"null_fraction": frac, "null_count": c.get("null_count")},
            f"{c.name!r} is missing {what}{extra}",
        )
    ]


def _constant(c: ColumnProfile, cfg: AlertConfig, rows: Optional[float]) -> List[Alert]:
    n = _num(c.get("count"))
    if not n:
        return []
    if c.get("is_constant") is True or (c.get("is_constant") is None and _num(c.get("distinct_count")) == 1):
        value = None
        if c.frequent is not None and c.frequent.items:
            value = c.frequent.items[0][0]
        shown = f": always {value!r}" if value is not None else ""
        return [
            Alert(
                "constant",
                c.name,
                "warning",
                {"distinct_count": 1, "value": value},
                f"{c.name!r} has a single distinct value{shown}",
            )
        ]
    return []


def _is_unique(c: ColumnProfile, cfg: AlertConfig) -> bool:
    n = _num(c.get("count"))
    uf = _num(c.get("unique_fraction"))
    if n is None or uf is None or n < cfg.unique_min_rows:
        return False
    s = c.stat("distinct_count")
    exact = s is not None and s.accuracy == Accuracy.EXACT
    return uf >= 1.0 if exact else uf >= 1.0 - cfg.unique_tolerance


def _unique(c: ColumnProfile, cfg: AlertConfig, rows: Optional[float]) -> List[Alert]:
    if c.kind not in ("numeric", "string", "binary") or not _is_unique(c, cfg):
        return []
    # Continuous floats and timestamps are naturally all distinct: only flag integral,
    # text and binary keys.
    if c.kind == "numeric" and c.spark_type in ("float", "double"):
        return []
    s = c.stat("distinct_count")
    approx = s is not None and s.accuracy != Accuracy.EXACT
    how = "(approximately) " if approx else ""
    return [
        Alert(
            "unique",
            c.name,
            "info",
            {"distinct_count": c.get("distinct_count"), "unique_fraction": c.get("unique_fraction")},
            f"{c.name!r} has {how}all distinct values: likely an identifier",
        )
    ]


def _high_cardinality(c: ColumnProfile, cfg: AlertConfig, rows: Optional[float]) -> List[Alert]:
    d = _num(c.get("distinct_count"))
    uf = _num(c.get("unique_fraction"))
    if c.kind != "string" or d is None or d <= cfg.high_cardinality or _is_unique(c, cfg):
        return []
    if uf is not None and uf >= cfg.high_cardinality_fraction:
        return []
    return [
        Alert(
            "high_cardinality",
            c.name,
            "info",
            {"distinct_count": c.get("distinct_count")},
            f"{c.name!r} has high cardinality: {_count(d)} distinct values",
        )
    ]


def _imbalance(c: ColumnProfile, cfg: AlertConfig, rows: Optional[float]) -> List[Alert]:
    n = _num(c.get("count"))
    if not n:
        return []
    top_value: Any = None
    top: Optional[float] = None
    t, f = _num(c.get("true_count")), _num(c.get("false_count"))
    if c.kind == "boolean" and t is not None and f is not None and t + f > 0:
        top_value, top = (True, t) if t >= f else (False, f)
        share = top / (t + f)
    elif (
        c.kind in ("string", "boolean")
        and c.frequent is not None
        and c.frequent.computed
        and len(c.frequent.items) >= 2
    ):
        top_value, cnt = c.frequent.items[0]
        top = _num(cnt)
        if top is None:
            return []
        share = top / n
    else:
        return []
    if share < cfg.imbalance or share >= 1.0:
        return []
    return [
        Alert(
            "imbalance",
            c.name,
            "warning",
            {"value": top_value, "share": share},
            f"{c.name!r} is imbalanced: {top_value!r} is {_pct(share)} of values",
        )
    ]


def _skewness(c: ColumnProfile, cfg: AlertConfig, rows: Optional[float]) -> List[Alert]:
    sk = _num(c.get("skewness"))
    if sk is None or abs(sk) < cfg.skewness:
        return []
    return [
        Alert("high_skewness", c.name, "info", {"skewness": sk}, f"{c.name!r} is highly skewed (skewness {sk:.3g})")
    ]


def _zeros(c: ColumnProfile, cfg: AlertConfig, rows: Optional[float]) -> List[Alert]:
    z, n = _num(c.get("zeros")), _num(c.get("count"))
    if z is None or not n or z == 0:
        return []
    share = z / n
    if share < cfg.zeros:
        return []
    return [
        Alert(
            "many_zeros",
            c.name,
            "info",
            {"zeros": c.get("zeros"), "share": share},
            f"{c.name!r} is {_pct(share)} zeros ({_count(z)} values)",
        )
    ]


def _infinite(c: ColumnProfile, cfg: AlertConfig, rows: Optional[float]) -> List[Alert]:
    pos, neg = _num(c.get("posinf_count")) or 0.0, _num(c.get("neginf_count")) or 0.0
    out: List[Alert] = []
    if pos + neg > 0:
        out.append(
            Alert(
                "infinite_values",
                c.name,
                "warning",
                {"posinf_count": c.get("posinf_count"), "neginf_count": c.get("neginf_count")},
                f"{c.name!r} holds {_count(pos + neg)} infinite values (+inf {_count(pos)}, -inf {_count(neg)})",
            )
        )
    nan = _num(c.get("nan_count")) or 0.0
    if nan > 0:
        out.append(
            Alert(
                "nan_values",
                c.name,
                "warning",
                {"nan_count": c.get("nan_count")},
                f"{c.name!r} holds {_count(nan)} NaN values",
            )
        )
    return out


def _empty_strings(c: ColumnProfile, cfg: AlertConfig, rows: Optional[float]) -> List[Alert]:
    empty, blank, n = _num(c.get("empty_count")), _num(c.get("blank_count")), _num(c.get("count"))
    if empty is None and blank is None:
        return []
    # The engine may count blanks with or without the empty strings; the larger of the
    # two is a safe lower bound of "empty or whitespace-only".
    bad = max(empty or 0.0, blank or 0.0)
    if bad == 0 or not n or bad / n <= cfg.empty_strings:
        return []
    return [
        Alert(
            "empty_strings",
            c.name,
            "warning",
            {"empty_count": c.get("empty_count"), "blank_count": c.get("blank_count"), "share": bad / n},
            f"{c.name!r} has {_count(bad)} empty or whitespace-only strings ({_pct(bad / n)})",
        )
    ]


def _date_range(c: ColumnProfile, cfg: AlertConfig, rows: Optional[float]) -> List[Alert]:
    if c.kind != "temporal" or is_time(c.spark_type):
        return []
    lo, hi = c.get("min"), c.get("max")
    bad: Dict[str, Scalar] = {}
    if isinstance(lo, str) and lo[:10] < cfg.date_min[:10]:
        bad["min"] = lo
    if isinstance(hi, str) and hi[:10] > cfg.date_max[:10]:
        bad["max"] = hi
    if not bad:
        return []
    parts = [f"{k} {v}" for k, v in bad.items()]
    return [
        Alert(
            "date_out_of_range",
            c.name,
            "warning",
            {**bad, "date_min": cfg.date_min, "date_max": cfg.date_max},
            f"{c.name!r} has implausible dates ({', '.join(parts)}; expected {cfg.date_min} to {cfg.date_max})",
        )
    ]


_COLUMN_RULES: Tuple[Tuple[str, Rule], ...] = (
    ("high_missing", _high_missing),
    ("constant", _constant),
    ("unique", _unique),
    ("high_cardinality", _high_cardinality),
    ("imbalance", _imbalance),
    ("high_skewness", _skewness),
    ("many_zeros", _zeros),
    ("infinite_values", _infinite),
    ("empty_strings", _empty_strings),
    ("date_out_of_range", _date_range),
)


def _table_alerts(profile: Profile, cfg: AlertConfig) -> List[Alert]:
    out: List[Alert] = []
    dup, frac = _num(profile.table.get("duplicate_rows")), _num(profile.table.get("duplicate_rows_fraction"))
    rows = _num(profile.table.get("row_count"))
    if frac is None and dup is not None and rows:
        frac = dup / rows
    s = profile.table.stat("duplicate_rows")
    estimated = s is not None and s.accuracy != Accuracy.EXACT
    # An estimate must be sure: HyperLogLog++ can count a few hundred distinct rows a
    # few percent low, which reads as duplicates in a table that has none. Compare the
    # lower end of the estimate's confidence interval when the profile carries one.
    evidence = frac
    if estimated and s is not None and s.ci_low is not None and rows:
        evidence = s.ci_low / rows
    if dup and frac is not None and evidence is not None and evidence > cfg.duplicate_rows:
        sev = "error" if frac >= cfg.duplicate_rows_error else "warning"
        approx = "about " if estimated else ""
        out.append(
            Alert(
                "duplicate_rows",
                None,
                sev,
                {"duplicate_rows": dup, "duplicate_rows_fraction": frac},
                f"the table has {approx}{_count(dup)} duplicate rows ({_pct(frac)})",
            )
        )
    return out


def _failure_alerts(profile: Profile) -> List[Alert]:
    out: List[Alert] = []
    failures = list(profile.failures) + [f for c in profile.columns for f in c.failures]
    for f in failures:
        where = f"{f.column!r}" if f.column is not None else "the table"
        first_line = (f.message.splitlines() or [""])[0][:200]
        out.append(
            Alert(
                "metric_failed",
                f.column,
                "warning",
                {"key": f.key, "error_type": f.error_type},
                f"{f.key} could not be computed for {where}: {f.error_type}: {first_line}",
            )
        )
    return out


def compute_alerts(profile: Profile, config: Optional[AlertConfig] = None) -> Tuple[Alert, ...]:
    """Return the alerts of ``profile``: table alerts first, then columns in schema order.

    Example:
        >>> from spark_profiler.alerts import compute_alerts, AlertConfig  # doctest: +SKIP
        >>> [a.message for a in compute_alerts(p, AlertConfig(imbalance=0.8))]  # doctest: +SKIP
    """
    cfg = config if config is not None else AlertConfig()
    rows = _num(profile.table.get("row_count"))
    alerts: List[Alert] = []
    if "duplicate_rows" not in cfg.disabled:
        alerts += _table_alerts(profile, cfg)
    for c in profile.columns:
        for name, rule in _COLUMN_RULES:
            if name in cfg.disabled:
                continue
            for a in rule(c, cfg, rows):
                if a.type not in cfg.disabled:
                    alerts.append(a)
    if "metric_failed" not in cfg.disabled:
        alerts += _failure_alerts(profile)
    return tuple(alerts)


def max_severity(alerts: Tuple[Alert, ...]) -> Optional[str]:
    """The most serious severity among ``alerts`` (``None`` when empty)."""
    if not alerts:
        return None
    return max((a.severity for a in alerts), key=SEVERITIES.index)
