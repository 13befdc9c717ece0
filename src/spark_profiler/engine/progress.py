# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""A one-line progress display for the ``spark-profiler`` command line.

On classic Spark a background thread polls the SparkContext status tracker and
shows the running stages of the profiling passes with their task counts. Spark
Connect has no status tracker, so a spinner with the elapsed time is shown there.

Only the command line uses this module; the profiling path never polls Spark.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import IO, Any, List, Optional, Sequence

__all__ = ["Progress", "StageStatus", "format_status", "poll_stages"]

_SPINNER = "|/-\\"
_BAR_WIDTH = 16


@dataclass(frozen=True)
class StageStatus:
    """What the status tracker says about one running stage."""

    stage_id: int
    tasks_done: int
    tasks_total: int
    tasks_running: int


def poll_stages(tracker: Any) -> List[StageStatus]:
    """Read the running stages from a ``StatusTracker`` (stages that vanished are skipped)."""
    out: List[StageStatus] = []
    for sid in sorted(tracker.getActiveStageIds()):
        info = tracker.getStageInfo(sid)
        if info is None:
            continue
        out.append(
            StageStatus(
                stage_id=int(sid),
                tasks_done=int(info.numCompletedTasks),
                tasks_total=int(info.numTasks),
                tasks_running=int(info.numActiveTasks),
            )
        )
    return out


def format_status(label: str, elapsed: float, stages: Sequence[StageStatus], tick: int, width: int = 100) -> str:
    """One status line: spinner, phase label, elapsed seconds and the running stages.

    >>> format_status("profiling", 2.0, [StageStatus(3, 4, 8, 2)], 0, width=80)
    '| profiling 2.0s  stage 3 [########        ] 4/8 tasks'
    """
    parts = [f"{_SPINNER[tick % len(_SPINNER)]} {label} {elapsed:.1f}s"]
    for st in stages[:2]:
        total = max(st.tasks_total, 1)
        filled = min(_BAR_WIDTH, _BAR_WIDTH * st.tasks_done // total)
        bar = "#" * filled + " " * (_BAR_WIDTH - filled)
        parts.append(f"stage {st.stage_id} [{bar}] {st.tasks_done}/{st.tasks_total} tasks")
    if len(stages) > 2:
        parts.append(f"+{len(stages) - 2} more stages")
    line = "  ".join(parts)
    return line if len(line) < width else line[: max(width - 2, 10)] + "…"


class Progress:
    """Context manager drawing the status line on ``stream`` while work runs.

    Disabled (a no-op) when ``enabled`` is false, so callers need no branches.
    ``spark`` may be ``None`` (before a session exists) or a Connect session; the
    stage display is used only when a classic SparkContext is reachable.
    """

    def __init__(self, stream: IO[str], *, enabled: bool, interval: float = 0.2, width: int = 100) -> None:
        self._stream = stream
        self._enabled = enabled
        self._interval = interval
        self._width = width
        self._label = ""
        self._tracker: Any = None
        self._started = time.monotonic()
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._lock = threading.Lock()

    def attach(self, spark: Any) -> None:
        """Show stages of ``spark`` from now on (ignored for Spark Connect)."""
        if not self._enabled or spark is None:
            return
        from .io import is_connect_session

        if is_connect_session(spark):
            return
        try:
            self._tracker = spark.sparkContext.statusTracker()  # engine-api: allow CLI progress, classic only
        except Exception:
            self._tracker = None

    def detach(self) -> None:
        """Stop polling Spark (call before the session stops)."""
        self._tracker = None

    def phase(self, label: str) -> None:
        """Set the label shown at the start of the line (``"reading input"``, ...)."""
        self._label = label

    def _draw(self, tick: int) -> None:
        stages: List[StageStatus] = []
        tracker = self._tracker
        if tracker is not None:
            try:
                stages = poll_stages(tracker)
            except Exception:
                stages = []
        line = format_status(self._label, time.monotonic() - self._started, stages, tick, self._width)
        with self._lock:
            self._stream.write("\r" + line + "\x1b[K")
            self._stream.flush()

    def _run(self) -> None:
        tick = 0
        while not self._stop.is_set():
            self._draw(tick)
            tick += 1
            self._stop.wait(self._interval)

    def __enter__(self) -> Progress:
        if self._enabled:
            self._thread = threading.Thread(target=self._run, name="spark-profiler-progress", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join(timeout=5)
            self._thread = None
            with self._lock:
                self._stream.write("\r\x1b[K")
                self._stream.flush()
        self._tracker = None
