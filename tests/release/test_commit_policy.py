# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The commit-policy check accepts compliant history and names every violation."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parents[2] / "tools" / "commit_policy.py"

# The fixture's class lives in conftest.py, which tests cannot import under
# pytest's importlib import mode.
GitRepo = Any


def run_policy(repo: GitRepo, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--repo", str(repo.path), *args],
        env=repo.env,
        check=False,
        capture_output=True,
        text=True,
    )


def test_signed_off_conventional_history_passes(git_repo: GitRepo) -> None:
    git_repo.commit("feat: first feature")
    git_repo.commit("fix(cli): handle empty path")
    git_repo.commit("feat(engine)!: drop Spark 2")
    result = run_policy(git_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 3 commit(s)" in result.stdout


def test_non_conventional_subject_fails(git_repo: GitRepo) -> None:
    git_repo.commit("feat: fine")
    bad = git_repo.commit("Update stuff")
    result = run_policy(git_repo)
    assert result.returncode == 1
    assert bad[:12] in result.stdout
    assert "not a Conventional Commit header" in result.stdout


def test_unknown_type_and_uppercase_scope_fail(git_repo: GitRepo) -> None:
    git_repo.commit("feature: wrong type")
    git_repo.commit("fix(CLI): wrong scope")
    result = run_policy(git_repo)
    assert result.returncode == 1
    assert "type 'feature' is not one of" in result.stdout
    assert "scope 'CLI' must be lowercase" in result.stdout


def test_missing_signoff_fails(git_repo: GitRepo) -> None:
    git_repo.commit("feat: signed")
    unsigned = git_repo.commit("fix: unsigned", signoff=None)
    result = run_policy(git_repo)
    assert result.returncode == 1
    assert unsigned[:12] in result.stdout
    assert "no 'Signed-off-by:' trailer" in result.stdout


def test_signoff_by_someone_else_fails(git_repo: GitRepo) -> None:
    other = git_repo.commit("fix: signed by another person", signoff="Mallory <mallory@example.org>")
    result = run_policy(git_repo)
    assert result.returncode == 1
    assert other[:12] in result.stdout
    assert "does not match the author Ada Lovelace <ada@example.org>" in result.stdout


def test_signoff_email_differing_only_in_case_passes(git_repo: GitRepo) -> None:
    git_repo.commit("docs: readme", signoff="Ada Lovelace <ADA@Example.org>")
    assert run_policy(git_repo).returncode == 0


def test_commits_before_the_recorded_baseline_are_exempt(git_repo: GitRepo) -> None:
    git_repo.commit("initial import", signoff=None)
    baseline = git_repo.commit("WIP", signoff=None)
    (git_repo.path / ".commit-policy-baseline").write_text(
        f"# commits after this one are checked\n{baseline}\n", encoding="utf-8"
    )
    git_repo.commit("chore: record commit-policy baseline", filename=".commit-policy-baseline")
    result = run_policy(git_repo)
    assert result.returncode == 0, result.stdout
    assert "checked 1 commit(s)" in result.stdout

    git_repo.commit("oops no type")
    assert run_policy(git_repo).returncode == 1


def test_root_baseline_checks_the_whole_history(git_repo: GitRepo) -> None:
    git_repo.commit("initial import", signoff=None)
    (git_repo.path / ".commit-policy-baseline").write_text("root\n", encoding="utf-8")
    git_repo.commit("chore: add baseline", filename=".commit-policy-baseline")
    result = run_policy(git_repo)
    assert result.returncode == 1
    assert "checked 2 commit(s)" in result.stdout


def test_explicit_range_checks_only_pull_request_commits(git_repo: GitRepo) -> None:
    base = git_repo.commit("bad old commit", signoff=None)
    git_repo.commit("feat: new work")
    assert run_policy(git_repo, "--range", f"{base}..HEAD").returncode == 0
    assert run_policy(git_repo).returncode == 1


def test_merge_commits_are_skipped_unless_asked(git_repo: GitRepo) -> None:
    git_repo.commit("feat: base")
    git_repo.git("checkout", "-q", "-b", "topic")
    git_repo.commit("fix: on topic")
    git_repo.git("checkout", "-q", "main")
    git_repo.commit("docs: on main")
    git_repo.git("merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic")
    assert run_policy(git_repo).returncode == 0
    assert run_policy(git_repo, "--include-merges").returncode == 1


def test_unknown_baseline_is_a_usage_error(git_repo: GitRepo) -> None:
    git_repo.commit("feat: x")
    (git_repo.path / ".commit-policy-baseline").write_text("0" * 40 + "\n", encoding="utf-8")
    result = run_policy(git_repo)
    assert result.returncode == 2
    assert "is not a commit in this repository" in result.stderr
