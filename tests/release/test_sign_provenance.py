# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Detached GPG signatures and SLSA provenance reject tampered distribution files."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "release"
VERSION = "9.8.7"


def tool(name: str, *args: str, env: Dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(TOOLS / name), *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    """A dist directory with a fake wheel and sdist (content is irrelevant to signing)."""
    path = tmp_path / "dist"
    path.mkdir()
    (path / f"spark_profiler-{VERSION}-py3-none-any.whl").write_bytes(os.urandom(4096))
    (path / f"spark_profiler-{VERSION}.tar.gz").write_bytes(os.urandom(4096))
    return path


@pytest.fixture
def gnupghome() -> Iterator[Path]:
    """A temporary keyring with one passphrase-less signing key; its agent is stopped afterwards."""
    if shutil.which("gpg") is None:
        pytest.skip("gpg is not installed")
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="gpgt-"))  # short path: gpg-agent socket length limit
    home.chmod(0o700)
    env = dict(os.environ, GNUPGHOME=str(home))
    subprocess.run(
        [
            "gpg",
            "--batch",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--quick-generate-key",
            "Test Signer <signer@example.org>",
            "ed25519",
            "sign",
            "1d",
        ],
        env=env,
        capture_output=True,
        check=True,
    )
    yield home
    subprocess.run(["gpgconf", "--kill", "all"], env=env, capture_output=True, check=False)
    shutil.rmtree(home, ignore_errors=True)


def test_roundtrip_signs_verifies_and_rejects_a_tampered_copy(dist: Path, tmp_path: Path) -> None:
    out = tmp_path / "assets"
    result = tool("sign.py", "roundtrip", "--dist", str(dist), "--out", str(out), env=dict(os.environ))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "tampered copy rejected as expected" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{p.name}.asc" for p in dist.iterdir()] + ["signing-key.asc"]
    )


def test_signature_of_a_modified_file_fails_verification(dist: Path, tmp_path: Path, gnupghome: Path) -> None:
    env = dict(os.environ, GNUPGHOME=str(gnupghome))
    out = tmp_path / "assets"
    assert tool("sign.py", "sign", "--dist", str(dist), "--out", str(out), env=env).returncode == 0
    good = tool("sign.py", "verify", "--dist", str(dist), "--out", str(out), env=env)
    assert good.returncode == 0, good.stderr

    wheel = next(dist.glob("*.whl"))
    data = bytearray(wheel.read_bytes())
    data[100] ^= 0xFF
    wheel.write_bytes(bytes(data))
    bad = tool("sign.py", "verify", "--dist", str(dist), "--out", str(out), env=env)
    assert bad.returncode == 1
    assert f"bad signature for {wheel.name}" in bad.stderr


def test_signature_by_an_unexpected_key_fails(dist: Path, tmp_path: Path, gnupghome: Path) -> None:
    env = dict(os.environ, GNUPGHOME=str(gnupghome))
    out = tmp_path / "assets"
    assert tool("sign.py", "sign", "--dist", str(dist), "--out", str(out), env=env).returncode == 0
    result = tool("sign.py", "verify", "--dist", str(dist), "--out", str(out), "--fingerprint", "A" * 40, env=env)
    assert result.returncode == 1
    assert "and not by " + "A" * 40 in result.stderr


def _generate(dist: Path, out: Path) -> Dict:
    commit = subprocess.run(
        ["git", "-C", str(TOOLS), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    result = tool(
        "provenance.py",
        "generate",
        "--dist",
        str(dist),
        "--out",
        str(out),
        "--commit",
        commit,
        "--ref",
        "refs/tags/v" + VERSION,
        env=dict(os.environ),
    )
    assert result.returncode == 0, result.stderr
    (statement_path,) = out.glob("*.intoto.json")
    return {"path": statement_path, "commit": commit, "statement": json.loads(statement_path.read_text())}


def test_provenance_is_an_in_toto_statement_with_slsa_predicate(dist: Path, tmp_path: Path) -> None:
    made = _generate(dist, tmp_path / "assets")
    statement = made["statement"]
    assert statement["_type"] == "https://in-toto.io/Statement/v1"
    assert statement["predicateType"] == "https://slsa.dev/provenance/v1"
    expected = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in dist.iterdir()}
    assert {s["name"]: s["digest"]["sha256"] for s in statement["subject"]} == expected
    definition = statement["predicate"]["buildDefinition"]
    assert definition["externalParameters"]["buildCommand"] == "nox -s build"
    assert definition["resolvedDependencies"][0]["digest"]["gitCommit"] == made["commit"]
    assert statement["predicate"]["runDetails"]["builder"]["id"]


def test_provenance_verify_fails_on_a_changed_missing_or_extra_file(dist: Path, tmp_path: Path) -> None:
    made = _generate(dist, tmp_path / "assets")
    args = ["verify", "--dist", str(dist), "--provenance", str(made["path"])]
    ok = tool("provenance.py", *args, "--expect-commit", made["commit"], env=dict(os.environ))
    assert ok.returncode == 0, ok.stderr

    wrong_commit = tool("provenance.py", *args, "--expect-commit", "0" * 40, env=dict(os.environ))
    assert wrong_commit.returncode == 1

    sdist = next(dist.glob("*.tar.gz"))
    sdist.write_bytes(sdist.read_bytes() + b"x")
    changed = tool("provenance.py", *args, env=dict(os.environ))
    assert changed.returncode == 1
    assert f"sha256 mismatch for {sdist.name}" in changed.stderr

    sdist.unlink()
    missing = tool("provenance.py", *args, env=dict(os.environ))
    assert f"subject {sdist.name} has no file" in missing.stderr

    extra = dist / f"spark_profiler-{VERSION}-py2-none-any.whl"
    extra.write_bytes(b"smuggled")
    smuggled = tool("provenance.py", *args, env=dict(os.environ))
    assert f"{extra.name} is not a subject" in smuggled.stderr
