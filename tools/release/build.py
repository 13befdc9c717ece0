# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Build the sdist and wheel reproducibly, prove it, and check what they contain.

Steps (each one timed in the output):

1. ``SOURCE_DATE_EPOCH`` is taken from the last commit, so every timestamp in
   the archives is the commit time and not the wall clock.
2. The project is built twice into separate directories with ``uv build``
   (which builds the wheel *from the sdist*, so the sdist is proven to build
   without git) and the two sets of files must be byte-identical.
3. The files are copied to ``--out`` (default ``dist/``) and checked:
   ``twine check --strict``, ``check-wheel-contents``, ``validate-pyproject`` and
   the project's own content rules (see ``check_wheel`` / ``check_sdist``).

Usage: ``python tools/release/build.py [--out dist] [--once] [--no-checks]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from _common import (
    DIST_NAME,
    REPO_ROOT,
    ReleaseError,
    dist_files,
    git,
    log,
    main_guard,
    project_version,
    run,
    sha256_file,
    timed,
)

PACKAGE_DIR = REPO_ROOT / "src" / "spark_profiler"
# Data that must travel inside the wheel; checked explicitly so a packaging
# change that drops them is caught even though the package still imports.
REQUIRED_PACKAGE_DATA = ("py.typed", "report/templates", "model/schema")
SDIST_REQUIRED = ("PKG-INFO", "pyproject.toml", "LICENSE", "README.md", "CHANGELOG.md")
SDIST_FORBIDDEN_PARTS = (".git", ".github", ".nox", "__pycache__", "dist", "build", ".venv")


def source_date_epoch(root: Path = REPO_ROOT) -> str:
    """The committer time of HEAD, or the caller's SOURCE_DATE_EPOCH when git is unavailable."""
    try:
        return git("log", "-1", "--format=%ct", cwd=root)
    except (ReleaseError, OSError) as exc:
        value = os.environ.get("SOURCE_DATE_EPOCH")
        if value:
            return value
        raise ReleaseError("cannot read the last commit time; set SOURCE_DATE_EPOCH explicitly") from exc


def build_once(root: Path, out_dir: Path, epoch: str) -> List[Path]:
    """Build sdist and wheel of ``root`` into ``out_dir``; return the files."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    # Build isolation fetches the build backend; no cache keeps the two builds
    # independent of each other apart from the pinned inputs.
    run(["uv", "build", "--quiet", "--out-dir", str(out_dir), str(root)], env=env)
    files = dist_files(out_dir)
    if len(files) != 2:
        raise ReleaseError(f"expected one wheel and one sdist in {out_dir}, got {[f.name for f in files]}")
    return files


def _members_digest(path: Path) -> Dict[str, str]:
    """Per-member digests, used only to explain a reproducibility failure."""
    import hashlib

    result: Dict[str, str] = {}
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                result[info.filename] = f"{info.date_time} {hashlib.sha256(zf.read(info)).hexdigest()[:16]}"
    else:
        with tarfile.open(path) as tf:
            for member in tf.getmembers():
                handle = tf.extractfile(member)
                content = handle.read() if handle else b""
                result[member.name] = f"{member.mtime} {member.mode:o} {hashlib.sha256(content).hexdigest()[:16]}"
    return result


def compare_builds(first: Sequence[Path], second: Sequence[Path]) -> Dict[str, str]:
    """Require two builds to be byte-identical; return {file name: sha256}."""
    names_a = {p.name: p for p in first}
    names_b = {p.name: p for p in second}
    if set(names_a) != set(names_b):
        raise ReleaseError(f"the two builds produced different files: {sorted(names_a)} vs {sorted(names_b)}")
    digests: Dict[str, str] = {}
    for name in sorted(names_a):
        a, b = sha256_file(names_a[name]), sha256_file(names_b[name])
        if a != b:
            ma, mb = _members_digest(names_a[name]), _members_digest(names_b[name])
            differing = sorted(k for k in set(ma) | set(mb) if ma.get(k) != mb.get(k))
            raise ReleaseError(
                "{} is not reproducible: sha256 {} != {}; differing members: {}".format(
                    name, a, b, ", ".join(differing) or "(archive metadata only)"
                )
            )
        log(f"reproducible: {name} sha256={a}")
        digests[name] = a
    return digests


def _package_sources(package_dir: Path) -> List[str]:
    """Files of the package as they should appear in the wheel (relative names)."""
    names = []
    for path in package_dir.rglob("*"):
        if path.is_dir() or "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
            continue
        names.append("spark_profiler/" + path.relative_to(package_dir).as_posix())
    return sorted(names)


def check_wheel(wheel: Path, version: str, package_dir: Path = PACKAGE_DIR) -> List[str]:
    """Return the problems with the wheel's contents (empty when it is right)."""
    problems: List[str] = []
    dist_info = f"{DIST_NAME}-{version}.dist-info/"
    with zipfile.ZipFile(wheel) as zf:
        names = [n for n in zf.namelist() if not n.endswith("/")]
    in_wheel = set(names)
    sources = _package_sources(package_dir)
    problems += [
        f"wheel holds a file outside the package: {n}"
        for n in names
        if not n.startswith(("spark_profiler/", dist_info))
    ]
    problems += [f"wheel is missing package file {n}" for n in sources if n not in in_wheel]
    problems += [
        f"wheel holds {n} which is not in the source package"
        for n in sorted(in_wheel)
        if n.startswith("spark_profiler/") and n not in set(sources)
    ]
    for required in REQUIRED_PACKAGE_DATA:
        prefix = "spark_profiler/" + required
        if not any(n == prefix or n.startswith(prefix + "/") for n in in_wheel):
            if (package_dir / required).exists():
                problems.append(f"wheel lacks {prefix}")
            else:
                log(f"note: {prefix} does not exist in the source tree yet")
    return problems


def check_sdist(sdist: Path, version: str) -> List[str]:
    """Return the problems with the sdist's contents (empty when it is right)."""
    problems: List[str] = []
    top = f"{DIST_NAME}-{version}/"
    with tarfile.open(sdist) as tf:
        names = [m.name for m in tf.getmembers() if m.isfile()]
    rel = []
    for name in names:
        if not name.startswith(top):
            problems.append(f"sdist member outside {top}: {name}")
            continue
        rel.append(name[len(top) :])
    rel_set = set(rel)
    problems += [f"sdist lacks {required}" for required in SDIST_REQUIRED if required not in rel_set]
    if "src/spark_profiler/py.typed" not in rel_set:
        problems.append("sdist lacks src/spark_profiler/py.typed")
    if not any(r.startswith("tests/") and r.endswith(".py") for r in rel):
        problems.append("sdist holds no tests")
    for name in rel:
        parts = name.split("/")
        if any(part in SDIST_FORBIDDEN_PARTS for part in parts[:-1]) or name.endswith((".pyc", ".pyo")):
            problems.append(f"sdist holds a file that does not belong there: {name}")
    return problems


def run_checks(files: Sequence[Path], version: str, root: Path = REPO_ROOT) -> None:
    """Run every metadata and content check on the built files."""
    wheel = next(p for p in files if p.suffix == ".whl")
    sdist = next(p for p in files if p.name.endswith(".tar.gz"))
    with timed("twine check --strict"):
        run([sys.executable, "-m", "twine", "check", "--strict", *[str(f) for f in files]])
    with timed("check-wheel-contents"):
        run([sys.executable, "-m", "check_wheel_contents", str(wheel)])
    with timed("validate-pyproject"):
        run([sys.executable, "-m", "validate_pyproject", str(root / "pyproject.toml")])
    with timed("content rules"):
        problems = check_wheel(wheel, version) + check_sdist(sdist, version)
        if problems:
            raise ReleaseError("distribution contents are wrong:\n  " + "\n  ".join(problems))
        log("wheel holds only the package; sdist holds LICENSE, README, CHANGELOG and tests")


def build(out: Path, twice: bool = True, checks: bool = True, root: Path = REPO_ROOT) -> List[Path]:
    """Build (twice when ``twice``), compare, copy to ``out`` and check. Returns the files in ``out``."""
    version = project_version(root)
    epoch = source_date_epoch(root)
    log(f"building {DIST_NAME} {version} with SOURCE_DATE_EPOCH={epoch}")
    with tempfile.TemporaryDirectory(prefix="sp-build-") as tmp:
        with timed("first build"):
            first = build_once(root, Path(tmp) / "a", epoch)
        if twice:
            with timed("second build"):
                second = build_once(root, Path(tmp) / "b", epoch)
            compare_builds(first, second)
        out.mkdir(parents=True, exist_ok=True)
        for old in dist_files(out):
            old.unlink()
        copied = []
        for path in first:
            target = out / path.name
            shutil.copy2(str(path), str(target))
            copied.append(target)
    if checks:
        run_checks(copied, version, root)
    for path in copied:
        log(f"built {path} sha256={sha256_file(path)}")
    return copied


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Reproducible build with checks.")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "dist", help="output directory (default: dist/)")
    parser.add_argument("--once", action="store_true", help="build once, skip the reproducibility comparison")
    parser.add_argument("--no-checks", action="store_true", help="skip twine/check-wheel-contents/content checks")
    args = parser.parse_args(argv)
    build(args.out, twice=not args.once, checks=not args.no_checks)
    return 0


if __name__ == "__main__":
    main_guard(main)
