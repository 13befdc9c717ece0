# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""`nox -s release` end to end, on a throwaway clone with scripted commits.

Each test clones the repository, overlays the working-tree release tooling and
configuration, records a fake previous release tag, adds Conventional Commits and
runs tools/release/release.py exactly as the nox session does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, List, Tuple

import pytest

pytest.importorskip("commitizen", reason="release tooling (requirements/release.txt) not installed")

REPO_ROOT = Path(__file__).resolve().parents[2]
RELEASE = REPO_ROOT / "tools" / "release" / "release.py"
POLICY = REPO_ROOT / "tools" / "commit_policy.py"
GitRepo = Any  # the fixture class lives in conftest.py, not importable under importlib mode

CURATED_CHANGELOG = """# Changelog

All notable changes to this project are documented here.

## [Unreleased]

### Added

- Hand-written highlight about reports.
"""


def bump(version: str, part: str) -> str:
    """Independent SemVer arithmetic for the expectations."""
    major, minor, patch = (int(x) for x in version.split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def set_version(repo: GitRepo, version: str) -> None:
    path = repo.path / "pyproject.toml"
    text = re.sub(r'(?m)^version = "[^"]+"', f'version = "{version}"', path.read_text(encoding="utf-8"), count=1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def clone(git_repo: GitRepo) -> Tuple[GitRepo, str]:
    """A clone at a fake release v<version>; returns (repo, version)."""
    repo = git_repo
    has_history = (
        subprocess.run(
            ["git", "-C", str(REPO_ROOT), "rev-parse", "--verify", "-q", "HEAD"], capture_output=True, check=False
        ).returncode
        == 0
    )
    if has_history:
        shutil.rmtree(repo.path)
        subprocess.run(
            ["git", "clone", "-q", "--no-hardlinks", str(REPO_ROOT), str(repo.path)], check=True, env=repo.env
        )
    # The working tree's tooling and configuration, so uncommitted edits are tested too.
    shutil.copytree(
        REPO_ROOT / "tools" / "release",
        repo.path / "tools" / "release",
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy2(REPO_ROOT / "pyproject.toml", repo.path / "pyproject.toml")
    (repo.path / "CHANGELOG.md").write_text(CURATED_CHANGELOG, encoding="utf-8")
    version = "0.3.1"
    set_version(repo, version)
    repo.git("add", "-A", "tools/release", "pyproject.toml", "CHANGELOG.md")
    repo.commit("chore: prepare the throwaway clone", filename="CHANGELOG.md")
    repo.git("tag", "-a", f"v{version}", "-m", f"v{version}")
    return repo, version


def run_release(repo: GitRepo, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, str(RELEASE), "--repo", str(repo.path), *args],
        cwd=str(repo.path),
        env=repo.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def section(changelog: str, version: str) -> str:
    start = changelog.index(f"## [{version}]")
    nxt = changelog.find("\n## [", start + 1)
    return changelog[start : nxt if nxt != -1 else len(changelog)]


def headings(text: str) -> List[str]:
    return re.findall(r"(?m)^### (.+)$", text)


def test_fix_commit_gives_a_patch_release_with_commit_and_tag(clone: Tuple[GitRepo, str]) -> None:
    repo, current = clone
    sha = repo.commit("fix(cli): reject an empty input path")
    run_release(repo, "auto")
    expected = bump(current, "patch")

    assert f'version = "{expected}"' in (repo.path / "pyproject.toml").read_text()
    changelog = (repo.path / "CHANGELOG.md").read_text()
    new = section(changelog, expected)
    assert re.match(rf"## \[{re.escape(expected)}\] - \d{{4}}-\d{{2}}-\d{{2}}\n", new)
    assert f"- cli: reject an empty input path ({sha[:7]})" in new
    assert "- Hand-written highlight about reports." in new
    # Unreleased stays, empty, right above the new section.
    assert changelog.index("## [Unreleased]") < changelog.index(f"## [{expected}]")
    assert section(changelog, "Unreleased").strip() == "## [Unreleased]"

    subject, body = repo.git("log", "-1", "--format=%s%n%b").split("\n", 1)
    assert subject == f"chore(release): v{expected}"
    assert "Signed-off-by: Ada Lovelace <ada@example.org>" in body
    assert repo.git("describe", "--exact-match", "HEAD").strip() == f"v{expected}"
    assert repo.git("cat-file", "-t", f"v{expected}").strip() == "tag"  # annotated
    assert repo.git("status", "--porcelain", "--untracked-files=no") == ""
    policy = subprocess.run(
        [sys.executable, str(POLICY), "--repo", str(repo.path), "--range", f"v{current}..HEAD"],
        env=repo.env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert policy.returncode == 0, policy.stdout


def test_feature_gives_a_minor_release(clone: Tuple[GitRepo, str]) -> None:
    repo, current = clone
    repo.commit("fix: off-by-one in histogram bins")
    repo.commit("feat(report): dark mode")
    repo.commit("docs: explain sampling")
    run_release(repo, "auto")
    expected = bump(current, "minor")
    new = section((repo.path / "CHANGELOG.md").read_text(), expected)
    assert headings(new) == ["Added", "Fixed"]
    assert "explain sampling" not in new  # docs are not user-facing changes


def test_breaking_change_bumps_minor_while_major_is_zero_and_is_listed_first(clone: Tuple[GitRepo, str]) -> None:
    repo, current = clone
    repo.commit("feat(cli): add the compare command")
    bang = repo.commit("feat(engine)!: drop Spark 2 support")
    footer = repo.commit("fix(model): rename null_count\n\nBREAKING CHANGE: Profile JSON field null_count is now nulls")
    run_release(repo, "auto")
    expected = bump(current, "minor")
    assert expected.startswith("0.")
    new = section((repo.path / "CHANGELOG.md").read_text(), expected)
    assert headings(new) == ["Breaking changes", "Added", "Fixed"]
    breaking = new.split("### Added")[0]
    assert f"- engine: drop Spark 2 support ({bang[:7]})" in breaking
    assert f"- Profile JSON field null_count is now nulls ({footer[:7]})" in breaking
    added = new.split("### Added")[1].split("###")[0]
    assert "drop Spark 2 support" not in added  # listed once, under breaking changes
    assert "add the compare command" in added
    assert repo.git("tag", "--points-at", "HEAD").split() == [f"v{expected}"]


def test_breaking_change_bumps_major_from_one_zero_on(clone: Tuple[GitRepo, str]) -> None:
    repo, _ = clone
    set_version(repo, "1.4.2")
    repo.git("add", "pyproject.toml")
    repo.commit("chore: pretend 1.4.2 was released", filename="pyproject.toml")
    repo.git("tag", "-a", "v1.4.2", "-m", "v1.4.2")
    repo.commit("feat!: new profile format")
    run_release(repo, "auto")
    assert repo.git("describe", "--exact-match", "HEAD").strip() == "v" + bump("1.4.2", "major")


def test_explicit_increment_overrides_the_commits(clone: Tuple[GitRepo, str]) -> None:
    repo, current = clone
    repo.commit("docs: typo")
    result = run_release(repo, "auto", check=False)
    assert result.returncode == 1
    assert "choose an increment explicitly" in result.stderr
    run_release(repo, "major")
    assert repo.git("describe", "--exact-match", "HEAD").strip() == "v" + bump(current, "major")


def test_dry_run_prints_the_section_and_changes_nothing(clone: Tuple[GitRepo, str]) -> None:
    repo, current = clone
    repo.commit("feat: something new")
    head = repo.git("rev-parse", "HEAD")
    result = run_release(repo, "auto", "--dry-run")
    expected = bump(current, "minor")
    assert f"## [{expected}]" in result.stdout
    assert "something new" in result.stdout
    assert repo.git("rev-parse", "HEAD") == head
    assert repo.git("tag", "--list", f"v{expected}") == ""
    assert repo.git("status", "--porcelain", "--untracked-files=no") == ""


def test_consecutive_releases_stack_newest_first(clone: Tuple[GitRepo, str]) -> None:
    repo, current = clone
    repo.commit("fix: first")
    run_release(repo, "auto")
    first = bump(current, "patch")
    repo.commit("feat: second")
    run_release(repo, "auto")
    second = bump(first, "minor")
    changelog = (repo.path / "CHANGELOG.md").read_text()
    order = [changelog.index(h) for h in ("## [Unreleased]", f"## [{second}]", f"## [{first}]")]
    assert order == sorted(order)
    assert "second" in section(changelog, second)
    assert "second" not in section(changelog, first)


def test_refuses_a_dirty_working_tree(clone: Tuple[GitRepo, str]) -> None:
    repo, _ = clone
    repo.commit("fix: something")
    (repo.path / "pyproject.toml").write_text((repo.path / "pyproject.toml").read_text() + "\n# local edit\n")
    result = run_release(repo, "auto", check=False)
    assert result.returncode == 1
    assert "uncommitted changes" in result.stderr
