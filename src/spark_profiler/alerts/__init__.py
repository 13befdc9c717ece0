# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Data-quality alerts: pure rules over a :class:`~spark_profiler.model.profile.Profile`.

Alerts are data (type, column, severity, values, message), never markup; every
renderer shows them, and the CLI's ``--fail-on`` gate reads their severities.

>>> from spark_profiler.alerts import AlertConfig, compute_alerts  # doctest: +SKIP
>>> for a in compute_alerts(profile, AlertConfig(missing_warning=0.1)):  # doctest: +SKIP
...     print(a.severity, a.message)

The catalogue of types is :data:`ALERT_TYPES`; thresholds and their defaults are
documented on :class:`AlertConfig`.
"""

from __future__ import annotations

from ._rules import ALERT_TYPES, SEVERITIES, Alert, AlertConfig, compute_alerts, max_severity

__all__ = ["ALERT_TYPES", "SEVERITIES", "Alert", "AlertConfig", "compute_alerts", "max_severity"]
