# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The local package index of `nox -s publish-verify`: authentication, immutability, shutdown."""

from __future__ import annotations

import hashlib
import io
import socket
import sys
import tarfile
import urllib.parse
import zipfile
from pathlib import Path
from typing import Any, Iterator, List

import pytest

pytest.importorskip("pypiserver", reason="release tooling (requirements/release.txt) not installed")
pytest.importorskip("twine", reason="release tooling (requirements/release.txt) not installed")

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "release"
VERSION = "9.9.9"
METADATA = f"Metadata-Version: 2.1\nName: spark-profiler\nVersion: {VERSION}\nSummary: test upload\n"


@pytest.fixture(scope="module")
def pv() -> Iterator[Any]:
    sys.path.insert(0, str(TOOLS))
    try:
        import publish_verify

        yield publish_verify
    finally:
        sys.path.remove(str(TOOLS))


@pytest.fixture
def dists(tmp_path: Path) -> List[Path]:
    """A minimal but well-formed wheel and sdist that twine accepts."""
    out = tmp_path / "dist"
    out.mkdir()
    wheel = out / f"spark_profiler-{VERSION}-py3-none-any.whl"
    info = f"spark_profiler-{VERSION}.dist-info"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr("spark_profiler/__init__.py", "")
        zf.writestr(f"{info}/METADATA", METADATA)
        zf.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        zf.writestr(f"{info}/RECORD", "")
    sdist = out / f"spark_profiler-{VERSION}.tar.gz"
    with tarfile.open(sdist, "w:gz") as tf:
        data = METADATA.encode()
        top = tarfile.TarInfo(f"spark_profiler-{VERSION}")  # twine wants the single top directory
        top.type = tarfile.DIRTYPE
        top.mode = 0o755
        tf.addfile(top)
        member = tarfile.TarInfo(f"spark_profiler-{VERSION}/PKG-INFO")
        member.size = len(data)
        tf.addfile(member, io.BytesIO(data))
    return [wheel, sdist]


def _port_open(url: str) -> bool:
    parsed = urllib.parse.urlparse(url)
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex((parsed.hostname or "127.0.0.1", parsed.port or 80)) == 0


def test_uploads_need_the_password_and_files_are_immutable(pv: Any, dists: List[Path], tmp_path: Path) -> None:
    import verify_install

    with pv.local_index(tmp_path / "index") as (upload, simple, password):
        assert upload.startswith("http://127.0.0.1:")
        anonymous = pv.twine_upload(dists, upload, None)
        assert anonymous.returncode != 0
        assert any(code in anonymous.stdout + anonymous.stderr for code in ("401", "403")), anonymous.stdout
        assert verify_install.announced_files(simple, VERSION) == {}

        assert pv.twine_upload(dists, upload, password).returncode == 0
        listed = verify_install.wait_for_version(simple, VERSION, wait=10, expect=2)
        assert listed == {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in dists}
        verify_install.compare_digests(listed, dists[0].parent, VERSION)

        again = pv.twine_upload(dists, upload, password)
        assert again.returncode != 0


def test_index_is_shut_down_even_when_a_step_fails(pv: Any, tmp_path: Path) -> None:
    seen: List[str] = []

    def failing_step() -> None:
        with pv.local_index(tmp_path / "index") as urls:
            seen.append(urls[0])
            assert _port_open(urls[0])
            raise RuntimeError("verification blew up")

    with pytest.raises(RuntimeError, match="verification blew up"):
        failing_step()
    assert seen
    assert not _port_open(seen[0])


def test_waiting_for_a_missing_version_gives_up_with_backoff(pv: Any, tmp_path: Path) -> None:
    import verify_install

    missing = r"did not appear .* within 3s"
    with pv.local_index(tmp_path / "index") as (_, simple, _pw), pytest.raises(
        verify_install.ReleaseError, match=missing
    ):
        verify_install.wait_for_version(simple, "0.0.1", wait=3, expect=1)
