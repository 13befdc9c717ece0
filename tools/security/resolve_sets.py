# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Write the fully resolved dependency sets that the vulnerability audit checks.

A vulnerability hides as easily in a transitive dependency as in a direct one,
so the audit reads resolved closures, not the top-level requirements:

* ``runtime-<flavour>.txt``: the package with no extra (``base``) and with each
  extra declared in ``pyproject.toml``, resolved by ``uv pip compile
  --universal`` from Python 3.8 on, so every version any supported interpreter
  could install is listed (with its marker);
* ``tools-<name>.txt``: each ``requirements/*.txt`` file (the pinned dev and
  CI tools) with its transitive closure. A file whose pins cannot all be
  installed on every Python (many tools need 3.10 or 3.11) is resolved for
  the interpreter CI runs the tools on, ``--tools-python`` (3.11).

Resolution needs the package index (PyPI); the audit itself can then run
offline. Exit status: 0 when every set was written, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess  # nosec B404 - runs uv with fixed arguments
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[2]
LOWEST_PYTHON = "3.8"


def declared_extras(pyproject: Path) -> List[str]:
    """The extras in ``[project.optional-dependencies]``."""
    import tomllib

    with pyproject.open("rb") as fh:
        project = tomllib.load(fh).get("project", {})
    return sorted(project.get("optional-dependencies", {}))


def _compile(uv: str, source: Path, out: Path, extra: Optional[str], python: str, universal: bool) -> str:
    """Run ``uv pip compile``; return its error output, empty on success."""
    args = [uv, "pip", "compile", "--quiet", "--no-header", "--no-annotate", "--python-version", python]
    if universal:
        args.append("--universal")
    if extra:
        args += ["--extra", extra]
    args += [str(source), "-o", str(out)]
    # Resolving for an older Python needs no interpreter of that version: never download one.
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": os.environ.get("UV_PYTHON_DOWNLOADS", "never")}
    result = subprocess.run(args, capture_output=True, text=True, check=False, env=env)  # nosec B603
    if result.returncode == 0:
        return ""
    out.unlink(missing_ok=True)
    return result.stderr.strip() or f"uv exited with {result.returncode}"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "build" / "security" / "resolved"), help="output folder")
    parser.add_argument("--tools-python", default="3.11", help="Python the CI tools run on")
    args = parser.parse_args(argv)
    uv = shutil.which("uv")
    if uv is None:
        print("resolve_sets: uv is needed (pip install uv)", file=sys.stderr)
        return 1
    out = Path(args.out)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    pyproject = ROOT / "pyproject.toml"

    def runtime(extra: Optional[str]) -> Tuple[str, str]:
        target = out / f"runtime-{extra or 'base'}.txt"
        return target.name, _compile(uv, pyproject, target, extra, LOWEST_PYTHON, universal=True)

    def tools(requirements: Path) -> Tuple[str, str]:
        target = out / f"tools-{requirements.stem}.txt"
        if not _compile(uv, requirements, target, None, LOWEST_PYTHON, universal=True):
            return target.name, ""
        print(f"resolve_sets: {requirements.name} resolved for Python {args.tools_python} only")
        return target.name, _compile(uv, requirements, target, None, args.tools_python, universal=False)

    # Resolution waits mostly on the index (pyspark ships only an sdist, so its metadata
    # comes from the archive): resolve the sets side by side. A private uv cache, removed
    # afterwards, keeps the unpacked pyspark sdists (over 1 GB each) out of the shared one.
    with tempfile.TemporaryDirectory(prefix="resolve-sets-") as cache:
        os.environ.setdefault("UV_CACHE_DIR", cache)
        with ThreadPoolExecutor(max_workers=4) as pool:
            jobs = [pool.submit(runtime, extra) for extra in [None, *declared_extras(pyproject)]]
            jobs += [pool.submit(tools, path) for path in sorted((ROOT / "requirements").glob("*.txt"))]
            outcomes = [job.result() for job in jobs]
    failed: List[str] = []
    for name, error in outcomes:
        if error:
            print(f"resolve_sets: {name}: {error}", file=sys.stderr)
            failed.append(name)
    written = sorted(p.name for p in out.glob("*.txt"))
    print(f"resolve_sets: {len(written)} resolved set(s) in {out}: {', '.join(written)}")
    if failed:
        print(f"resolve_sets: could not resolve {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
