# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Helpers of the security proof tests: throwaway copies, planted code, running a check."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional, Sequence

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ROOT / "tools" / "security"


def tool(name: str) -> str:
    """The console script ``name`` of the running interpreter's environment."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: pip install -r requirements/security.txt -r requirements/workflows.txt")
    return found


def run(args: Sequence[str], cwd: Optional[Path] = None, env: Optional[Dict[str, str]] = None) -> Result:
    """Run a check and keep its exit status and combined output."""
    merged = {**os.environ, **(env or {})}
    proc = subprocess.run(list(args), cwd=cwd, env=merged, capture_output=True, text=True, check=False, timeout=300)
    return Result(proc.returncode, proc.stdout + proc.stderr)


class Result:
    """Exit status and output of one check run."""

    def __init__(self, status: int, output: str) -> None:
        self.status = status
        self.output = output

    def __repr__(self) -> str:
        return f"Result(status={self.status}, output=\n{self.output})"


def copy_sources(target: Path, extra: Sequence[str] = ()) -> Path:
    """A throwaway copy of src/ (and pyproject.toml, plus ``extra`` paths) to plant things in."""
    shutil.copytree(ROOT / "src", target / "src", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(ROOT / "pyproject.toml", target / "pyproject.toml")
    for name in extra:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def plant(path: Path, code: str) -> None:
    """Append ``code`` to a copied source file."""
    path.write_text(path.read_text(encoding="utf-8") + "\n" + code + "\n", encoding="utf-8")


def git(repo: Path, *args: str) -> None:
    """Run git in a throwaway repository with a fixed identity and no user config."""
    env = {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    subprocess.run(
        ["git", "-c", "commit.gpgsign=false", "-C", str(repo), *args],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
    )
