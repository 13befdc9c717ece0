# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Renderers: pure functions of a :class:`~spark_profiler.model.profile.Profile`.

=========  ===============================  ===========================================
format     function                         notes
=========  ===============================  ===========================================
JSON       :func:`render_json`              the profile file itself (lossless)
Markdown   :func:`render_markdown`          GitHub-flavoured
text       :func:`render_text`              terminal summary
HTML       :func:`render_html`              one self-contained offline file
pandas     :func:`render_pandas`            needs ``pip install "spark-profiler[pandas]"``
=========  ===============================  ===========================================

:func:`write_report` picks the format from a file extension and writes atomically.
No renderer imports pyspark or touches Spark.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Dict, Optional, Sequence, Union

from ..alerts import Alert, AlertConfig
from ..errors import ConfigError
from ..model.profile import Profile
from ..model.serde import atomic_write_text, to_json
from .html import render_html
from .markdown import render_markdown
from .pandas import render_pandas
from .text import render_text

__all__ = [
    "FORMATS",
    "format_for_path",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_pandas",
    "render_text",
    "write_report",
]

#: File extension -> report format.
FORMATS: Dict[str, str] = {
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
}


def render_json(profile: Profile) -> str:
    """The profile as JSON text (identical to :meth:`Profile.to_json`)."""
    return to_json(profile)


def format_for_path(path: Union[str, os.PathLike[str]]) -> str:
    """Return the report format for ``path``'s extension.

    Raises:
        ConfigError: the extension is not one of :data:`FORMATS`.
    """
    ext = Path(path).suffix.lower()
    if ext not in FORMATS:
        raise ConfigError(
            f"cannot tell the report format of {os.fspath(path)!r}; use one of: {', '.join(sorted(FORMATS))}"
        )
    return FORMATS[ext]


def render(
    profile: Profile,
    fmt: str,
    alerts: Optional[Sequence[Alert]] = None,
    *,
    alert_config: Optional[AlertConfig] = None,
) -> str:
    """Render ``profile`` as ``fmt`` (``html``, ``json``, ``markdown`` or ``text``)."""
    if fmt == "json":
        return render_json(profile)
    if fmt == "markdown":
        return render_markdown(profile, alerts, alert_config=alert_config)
    if fmt == "text":
        return render_text(profile, alerts, alert_config=alert_config)
    if fmt == "html":
        return render_html(profile, alerts, alert_config=alert_config)
    raise ConfigError(f"unknown report format {fmt!r}; allowed: html, json, markdown, text")


def write_report(
    profile: Profile,
    path: Union[str, os.PathLike[str]],
    fmt: Optional[str] = None,
    alerts: Optional[Sequence[Alert]] = None,
    *,
    alert_config: Optional[AlertConfig] = None,
) -> str:
    """Render and write a report atomically; the format comes from ``fmt`` or the extension.

    Returns the format written. A failure never leaves a half-written file.
    """
    chosen = fmt or format_for_path(path)
    atomic_write_text(path, render(profile, chosen, alerts, alert_config=alert_config))
    return chosen
