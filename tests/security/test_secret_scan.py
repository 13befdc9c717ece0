# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The history secret scan and the pre-commit hook report planted credentials.

The fake credentials are assembled at run time, so this file itself holds none.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from _security_helpers import ROOT, TOOLS, git, run, tool

# AWS's documented example key id, split so no scanner matches this source line.
FAKE_AWS_KEY_ID = "AKIA" + "IOSFODNN7" + "EXAMPLE"
FAKE_PRIVATE_KEY = (
    "-----BEGIN " + "RSA PRIVATE KEY-----\n"
    "THIS-IS-NOT-A-REAL-KEY-ONLY-ITS-MARKERS-MATTER\n"
    "-----END " + "RSA PRIVATE KEY-----\n"
)


def _repo_with_deleted_secrets(path: Path) -> Path:
    """A repository whose secrets were committed, then deleted: only the history holds them."""
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    shutil.copy2(ROOT / ".secrets.baseline", path / ".secrets.baseline")
    (path / "README.md").write_text("# throwaway\n", encoding="utf-8")
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", "chore: start")
    (path / "deploy.cfg").write_text(f"[aws]\naws_access_key_id = {FAKE_AWS_KEY_ID}\n", encoding="utf-8")
    git(path, "add", "deploy.cfg")
    git(path, "commit", "-q", "-m", "feat: deploy settings")
    keys = path / "keys"
    keys.mkdir()
    (keys / "id_rsa").write_text(FAKE_PRIVATE_KEY, encoding="utf-8")
    git(path, "add", "keys/id_rsa")
    git(path, "commit", "-q", "-m", "feat: ssh key")
    git(path, "rm", "-q", "deploy.cfg", "keys/id_rsa")
    git(path, "commit", "-q", "-m", "fix: remove the secrets again")
    return path


def test_history_scan_reports_a_deleted_aws_key_and_private_key(tmp_path: Path) -> None:
    repo = _repo_with_deleted_secrets(tmp_path / "repo")
    assert not (repo / "deploy.cfg").exists()
    result = run([sys.executable, str(TOOLS / "scan_git_history.py"), "--repo", str(repo), "--jobs", "1"])
    assert result.status == 1, result
    assert "deploy.cfg:2: AWS Access Key (added in commit" in result.output, result
    assert "feat: deploy settings" in result.output, result
    assert "keys/id_rsa:1: Private Key (added in commit" in result.output, result
    assert "feat: ssh key" in result.output, result
    assert "revoke and rotate the credential" in result.output, result


def test_history_scan_accepts_a_false_positive_recorded_in_the_allowlist(tmp_path: Path) -> None:
    repo = _repo_with_deleted_secrets(tmp_path / "repo")
    first = run([sys.executable, str(TOOLS / "scan_git_history.py"), "--repo", str(repo), "--jobs", "1"])
    hashes = [
        line.rsplit("hashed_secret ", 1)[1].rstrip(")") for line in first.output.splitlines() if "hashed_secret" in line
    ]
    assert len(hashes) == 2, first
    (repo / ".secrets-history-allowlist").write_text(
        "".join(f"{h}  # test fixture, never a real credential\n" for h in hashes), encoding="utf-8"
    )
    result = run([sys.executable, str(TOOLS / "scan_git_history.py"), "--repo", str(repo), "--jobs", "1"])
    assert result.status == 0, result
    assert "2 reviewed false positive(s), 0 secret(s)" in result.output, result


def test_pre_commit_hook_rejects_a_staged_private_key(tmp_path: Path) -> None:
    # The same command the detect-secrets pre-commit hook runs on staged files.
    git(tmp_path, "init", "-q", "-b", "main")
    shutil.copy2(ROOT / ".secrets.baseline", tmp_path / ".secrets.baseline")
    (tmp_path / "settings.py").write_text(f'AWS_KEY = "{FAKE_AWS_KEY_ID}"\n', encoding="utf-8")
    (tmp_path / "id_ed25519").write_text(FAKE_PRIVATE_KEY, encoding="utf-8")
    git(tmp_path, "add", ".")
    result = run(
        [tool("detect-secrets-hook"), "--baseline", ".secrets.baseline", "settings.py", "id_ed25519"], cwd=tmp_path
    )
    assert result.status == 1, result
    assert "AWS Access Key" in result.output, result
    assert "Private Key" in result.output, result
    assert "settings.py:1" in result.output, result


def test_history_scan_refuses_a_shallow_clone(tmp_path: Path) -> None:
    repo = _repo_with_deleted_secrets(tmp_path / "repo")
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow))
    result = run([sys.executable, str(TOOLS / "scan_git_history.py"), "--repo", str(shallow), "--jobs", "1"])
    assert result.status == 2, result
    assert "is a shallow clone; fetch the whole history first" in result.output, result
