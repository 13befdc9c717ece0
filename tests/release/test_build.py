# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Builds are byte-for-byte reproducible and the archives hold exactly what they should."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest

pytest.importorskip("check_wheel_contents", reason="release tooling (requirements/release.txt) not installed")
if shutil.which("uv") is None:  # pragma: no cover - uv is part of the dev tooling
    pytest.skip("uv is needed to build", allow_module_level=True)

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOLS = REPO_ROOT / "tools" / "release"


@pytest.fixture(scope="module")
def build_module() -> Iterator[Any]:
    """tools/release/build.py imported as a module (its directory holds its helpers)."""
    sys.path.insert(0, str(TOOLS))
    try:
        import build as build_tool  # the script, not the PyPA package: tools/release is first on sys.path

        yield build_tool
    finally:
        sys.path.remove(str(TOOLS))


def _clone(target: Path) -> Path:
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(REPO_ROOT), str(target)], check=True)
    # Overlay the working tree's packaging inputs, so uncommitted packaging edits are tested too.
    for name in ("pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE"):
        if (REPO_ROOT / name).exists():
            shutil.copy2(REPO_ROOT / name, target / name)
    return target


def test_two_builds_from_the_same_commit_are_byte_identical(tmp_path: Path, build_module: Any) -> None:
    first_src = _clone(tmp_path / "first")
    second_src = _clone(tmp_path / "elsewhere" / "second")
    # Different checkout times and file modes must not leak into the archives.
    later = time.time() + 86400
    for path in second_src.rglob("*"):
        if ".git" not in path.parts:
            os.utime(path, (later, later))
    epoch = build_module.source_date_epoch(first_src)
    first = build_module.build_once(first_src, tmp_path / "out-a", epoch)
    second = build_module.build_once(second_src, tmp_path / "out-b", epoch)
    digests = build_module.compare_builds(first, second)
    assert sorted(digests) == sorted(p.name for p in first)

    wheel = next(p for p in first if p.suffix == ".whl")
    with zipfile.ZipFile(wheel) as zf:
        stamps = {info.date_time for info in zf.infolist()}
    stamp = time.gmtime(int(epoch))[:6]
    expected = (*stamp[:5], stamp[5] - stamp[5] % 2)  # zip stores seconds in 2-second steps
    assert stamps == {expected}  # every member carries the commit time, not the build time


def test_a_changed_build_is_reported_with_the_differing_member(tmp_path: Path, build_module: Any) -> None:
    def make(directory: Path, payload: bytes) -> Path:
        directory.mkdir()
        path = directory / "spark_profiler-1.0.0-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(zipfile.ZipInfo("spark_profiler/__init__.py", (2020, 1, 1, 0, 0, 0)), payload)
        return path

    a = make(tmp_path / "a", b"x = 1\n")
    b = make(tmp_path / "b", b"x = 2\n")
    with pytest.raises(build_module.ReleaseError, match=r"not reproducible.*spark_profiler/__init__\.py"):
        build_module.compare_builds([a], [b])


def test_content_rules_accept_the_real_build_and_reject_strays(tmp_path: Path, build_module: Any) -> None:
    src = _clone(tmp_path / "src")
    files = build_module.build_once(src, tmp_path / "out", build_module.source_date_epoch(src))
    version = build_module.project_version(src)
    wheel = next(p for p in files if p.suffix == ".whl")
    sdist = next(p for p in files if p.name.endswith(".tar.gz"))
    package_dir = src / "src" / "spark_profiler"
    assert build_module.check_wheel(wheel, version, package_dir) == []
    assert build_module.check_sdist(sdist, version) == []

    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        assert "spark_profiler/py.typed" in names
        assert any(n.startswith("spark_profiler/report/templates/") for n in names)
        assert any(n.startswith("spark_profiler/model/schema/") and n.endswith(".json") for n in names)
        assert not any(n.startswith(("tests/", "tools/")) for n in names)
    with tarfile.open(sdist) as tf:
        members = {m.name.split("/", 1)[1] for m in tf.getmembers() if "/" in m.name}
    assert {"LICENSE", "README.md", "CHANGELOG.md"} <= members
    assert any(m.startswith("tests/") for m in members)
    assert not any(m.startswith((".github/", "tools/")) for m in members)

    stray = tmp_path / "stray.whl"
    shutil.copy2(wheel, stray)
    with zipfile.ZipFile(stray, "a") as zf:
        zf.writestr("conftest.py", "")
    assert build_module.check_wheel(stray, version, package_dir) == [
        "wheel holds a file outside the package: conftest.py"
    ]
