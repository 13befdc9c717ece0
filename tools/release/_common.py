# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Helpers shared by the release scripts (standard library only)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECT = "spark-profiler"
DIST_NAME = "spark_profiler"  # the normalized name used in file names
DIST_GLOBS = ("*.whl", "*.tar.gz")


class ReleaseError(Exception):
    """A release step failed; the message tells the maintainer what to do."""


def log(message: str) -> None:
    """Print a progress line that stands out in nox output."""
    print("[release] " + message, flush=True)


@contextmanager
def timed(step: str) -> Iterator[None]:
    """Log how long ``step`` took, so slow steps are visible in CI logs."""
    start = time.monotonic()
    try:
        yield
    finally:
        log(f"{step} took {time.monotonic() - start:.1f}s")


def run(
    cmd: Sequence[str],
    *,
    cwd: Optional[Path] = None,
    env: Optional[Dict[str, str]] = None,
    capture: bool = False,
    check: bool = True,
    input_text: Optional[str] = None,
) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    """Run a command, echoing it; raise ReleaseError when it fails and ``check`` is set."""
    log("$ " + " ".join(str(c) for c in cmd))
    proc = subprocess.run(
        [str(c) for c in cmd],
        cwd=str(cwd) if cwd else None,
        env=env,
        stdout=subprocess.PIPE if capture else None,
        stderr=subprocess.PIPE if capture else None,
        text=True,
        input=input_text,
        check=False,
    )
    if check and proc.returncode != 0:
        detail = (proc.stderr or proc.stdout or "").strip() if capture else ""
        raise ReleaseError(
            "command failed with exit status {}: {}{}".format(
                proc.returncode, " ".join(str(c) for c in cmd), "\n" + detail if detail else ""
            )
        )
    return proc


def git(*args: str, cwd: Path = REPO_ROOT) -> str:
    """Run git and return its stripped stdout."""
    return str(run(["git", *args], cwd=cwd, capture=True).stdout).strip()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dist_files(dist_dir: Path, version: Optional[str] = None) -> List[Path]:
    """The wheel and sdist files in ``dist_dir`` (optionally of one version), sorted."""
    files = sorted(p for pattern in DIST_GLOBS for p in dist_dir.glob(pattern))
    if version is not None:
        wheel_prefix = f"{DIST_NAME}-{version}-"
        sdist_name = f"{DIST_NAME}-{version}.tar.gz"
        files = [p for p in files if p.name.startswith(wheel_prefix) or p.name == sdist_name]
    return files


def project_version(root: Path = REPO_ROOT) -> str:
    """The static version in pyproject.toml (the single source of truth)."""
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    # A regex keeps this usable on Python 3.8-3.10 without tomli; the project
    # table is the first place a top-level `version =` line appears.
    match = re.search(r'(?m)^\[project\][^\[]*?^version\s*=\s*"([^"]+)"', text, re.S)
    if match is None:
        raise ReleaseError('no static `version = "..."` in the [project] table of pyproject.toml')
    return match.group(1)


def main_guard(func: Callable[[], int]) -> None:
    """Run a script's main, turning ReleaseError into a clean message and exit 1."""
    try:
        code = func()
    except ReleaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        code = 1
    sys.exit(code)
