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
import shutil
import subprocess  # nosec B404 - runs uv with fixed arguments
import sys
from pathlib import Path
from typing import List, Optional, Sequence

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
    result = subprocess.run(args, capture_output=True, text=True, check=False)  # nosec B603
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
    failed: List[str] = []
    pyproject = ROOT / "pyproject.toml"
    for extra in [None, *declared_extras(pyproject)]:
        target = out / f"runtime-{extra or 'base'}.txt"
        error = _compile(uv, pyproject, target, extra, LOWEST_PYTHON, universal=True)
        if error:
            print(error, file=sys.stderr)
            failed.append(target.name)
    for requirements in sorted((ROOT / "requirements").glob("*.txt")):
        target = out / f"tools-{requirements.stem}.txt"
        if not _compile(uv, requirements, target, None, LOWEST_PYTHON, universal=True):
            continue
        print(f"resolve_sets: {requirements.name} resolved for Python {args.tools_python} only")
        error = _compile(uv, requirements, target, None, args.tools_python, universal=False)
        if error:
            print(error, file=sys.stderr)
            failed.append(target.name)
    written = sorted(p.name for p in out.glob("*.txt"))
    print(f"resolve_sets: {len(written)} resolved set(s) in {out}: {', '.join(written)}")
    if failed:
        print(f"resolve_sets: could not resolve {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
