# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Helpers for the command-line tests: run the real ``spark-profiler`` in a subprocess.

``run_cli(..., block=make_pyspark_blocker(dir))`` puts a fake ``pyspark`` package first on the
path that kills the process with exit code 99 when imported. A command that exits
with its documented code under it provably never touched Spark.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence

ROOT = Path(__file__).resolve().parents[2]
PENGUINS = ROOT / "examples" / "data" / "penguins.csv"
GOLDEN_PROFILE = ROOT / "tests" / "unit" / "golden" / "rich_profile.json"
PYSPARK_IMPORTED = 99

_BLOCKER = (
    f"import os, sys\nsys.stderr.write('pyspark was imported\\n')\nsys.stderr.flush()\nos._exit({PYSPARK_IMPORTED})\n"
)


def make_pyspark_blocker(root: Path) -> Path:
    """Create under ``root`` a ``pyspark`` package that aborts the process on import."""
    (root / "pyspark").mkdir(parents=True, exist_ok=True)
    (root / "pyspark" / "__init__.py").write_text(_BLOCKER, encoding="utf-8")
    return root


def run_cli(
    args: Sequence[str],
    *,
    cwd: Optional[Path] = None,
    block: Optional[Path] = None,
    extra_env: Optional[Dict[str, str]] = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    """Run ``python -m spark_profiler.cli ARGS`` and capture its output as text."""
    env = dict(os.environ)
    env.pop("SPARK_REMOTE", None)
    if block is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(block), env.get("PYTHONPATH", "")) if p)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "spark_profiler.cli", *args],
        cwd=str(cwd) if cwd else None,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, code: int) -> str:  # type: ignore[type-arg]
    """The documented failure shape: the exit code, one stderr line, no traceback."""
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("spark-profiler"), lines[0]
    assert "Traceback" not in proc.stderr
    return lines[0]
