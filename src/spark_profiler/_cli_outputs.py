# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Rendering and writing the ``spark-profiler`` outputs. Pure Python, no Spark.

Every report is rendered in memory first and only then written, each through a
temporary file in the target directory renamed over the target with
:func:`os.replace`: a failed run leaves either the old file or none, never half a
report.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, List, Optional, Sequence, Tuple

from ._cli_inputs import OutputTarget

if TYPE_CHECKING:
    from .alerts import Alert
    from .model import Profile

__all__ = ["atomic_write", "render", "write_reports"]


def render(profile: Profile, fmt: str, alerts: Optional[Sequence[Alert]] = None) -> str:
    """Render ``profile`` as ``fmt`` (``html``, ``json``, ``markdown`` or ``text``)."""
    # Imported on use so `spark-profiler schema` and `--version` stay instant.
    from . import report

    text = report.render(profile, fmt, alerts)
    return text if text.endswith("\n") else text + "\n"


def _default_mode() -> int:
    # mkstemp creates 0600 files; a report should get the usual umask-derived mode.
    current = os.umask(0)
    os.umask(current)
    return 0o666 & ~current


def atomic_write(path: str, chunks: Iterable[str]) -> None:
    """Write ``chunks`` to ``path`` atomically (UTF-8).

    The data goes to a temporary file beside ``path``, is flushed to disk, and then
    renamed over ``path``. On any error the temporary file is removed and ``path``
    keeps its previous content (or stays absent).
    """
    target = Path(path).absolute()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode = target.stat().st_mode & 0o777
        except OSError:
            mode = _default_mode()
        tmp.chmod(mode)
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_reports(
    profile: Profile, targets: Sequence[OutputTarget], alerts: Optional[Sequence[Alert]] = None
) -> List[str]:
    """Render every target, then write them all; return the written paths.

    Rendering everything before writing anything means a renderer failure leaves
    no new file behind.
    """
    rendered: List[Tuple[str, str]] = [(t.path, render(profile, t.format, alerts)) for t in targets]
    for path, text in rendered:
        atomic_write(path, [text])
    return [path for path, _ in rendered]
