# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Fixtures for the release-tooling tests: throwaway git repositories."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Dict, Iterator, Optional

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
AUTHOR = ("Ada Lovelace", "ada@example.org")


class GitRepo:
    """A scratch repository whose commits the tests script one by one."""

    def __init__(self, path: Path, env: Dict[str, str]) -> None:
        self.path = path
        self.env = env
        self._counter = 0

    def git(self, *args: str, env: Optional[Dict[str, str]] = None) -> str:
        """Run git in the repository and return its stdout."""
        return subprocess.run(
            ["git", *args],
            cwd=str(self.path),
            env=env or self.env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout

    def commit(
        self,
        message: str,
        *,
        signoff: Optional[str] = "author",
        author: tuple = AUTHOR,
        filename: Optional[str] = None,
    ) -> str:
        """Commit a change; ``signoff`` is 'author', None or 'Name <mail>'.

        Without ``filename`` a new unique file is written; with it, that file is
        committed as the caller left it.
        """
        if filename is None:
            self._counter += 1
            name = f"change{self._counter}.txt"
            (self.path / name).write_text(message + "\n", encoding="utf-8")
        else:
            name = filename
        self.git("add", name)
        if signoff == "author":
            message += "\n\nSigned-off-by: {} <{}>".format(*author)
        elif signoff:
            message += "\n\nSigned-off-by: " + signoff
        env = dict(self.env, GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1])
        self.git("commit", "-q", "-m", message, env=env)
        return self.git("rev-parse", "HEAD").strip()


def git_env(home: Path) -> Dict[str, str]:
    """An environment that isolates git from the user's and the machine's configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_AUTHOR_NAME=AUTHOR[0],
        GIT_AUTHOR_EMAIL=AUTHOR[1],
        GIT_COMMITTER_NAME=AUTHOR[0],
        GIT_COMMITTER_EMAIL=AUTHOR[1],
    )
    return env


@pytest.fixture
def git_repo(tmp_path: Path) -> Iterator[GitRepo]:
    """An empty repository on branch main."""
    home = tmp_path / "home"
    home.mkdir()
    path = tmp_path / "repo"
    path.mkdir()
    repo = GitRepo(path, git_env(home))
    repo.git("init", "-q", "-b", "main")
    return repo
