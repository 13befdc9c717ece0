# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Check that commits follow the project's commit policy.

Every non-merge commit after the baseline must

* have a Conventional Commits subject (``type(scope)!: description``), and
* carry a ``Signed-off-by:`` trailer whose name and e-mail match the commit
  author (the Developer Certificate of Origin, see CONTRIBUTING).

The baseline lives in ``.commit-policy-baseline`` at the repository root: the
word ``root`` means "check the whole history"; a commit id means "check only
the commits after it" (the named commit itself is exempt). Pull-request checks
pass an explicit ``--range BASE..HEAD`` instead.

Merge commits are skipped by default: they are written by tooling (GitHub's
merge button, ``git merge``) rather than by a contributor, and the commits they
bring in are checked on their own.

Only the standard library is used, so the script runs under any Python >= 3.8
without installing anything.

Exit status: 0 when every commit complies, 1 on violations, 2 on usage or
repository errors.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

BASELINE_FILE = ".commit-policy-baseline"

#: The commit types the project accepts; the same list is documented in CONTRIBUTING.
ALLOWED_TYPES = (
    "build",
    "chore",
    "ci",
    "docs",
    "feat",
    "fix",
    "perf",
    "refactor",
    "revert",
    "style",
    "test",
)

#: A hard cap against a pasted paragraph, not a style rule: CONTRIBUTING.md asks for
#: subjects of about 72 characters, but the project's early history has subjects of up
#: to 134 and rewriting published history is worse than a looser cap.
MAX_SUBJECT_LENGTH = 150

SUBJECT_RE = re.compile(
    r"^(?P<type>[a-z]+)"
    r"(?:\((?P<scope>[^()\s]*)\))?"
    r"(?P<breaking>!)?"
    r": (?P<description>\S.*)$"
)
SCOPE_RE = re.compile(r"^[a-z0-9][a-z0-9._/-]*$")
SIGNOFF_RE = re.compile(r"^Signed-off-by:\s*(?P<name>.*?)\s*<(?P<email>[^<>]+)>\s*$", re.MULTILINE)

# Fields are separated by NUL and records by the ASCII record separator, both of
# which cannot appear in commit metadata typed by a person.
_LOG_FORMAT = "%H%x00%an%x00%ae%x00%P%x00%B%x1e"


class PolicyError(Exception):
    """The repository or the arguments do not allow a check (exit status 2)."""


@dataclass(frozen=True)
class Commit:
    """The parts of a commit the policy looks at."""

    sha: str
    author_name: str
    author_email: str
    parents: Sequence[str]
    message: str

    @property
    def subject(self) -> str:
        """First line of the message."""
        return self.message.split("\n", 1)[0].strip()

    @property
    def is_merge(self) -> bool:
        """True for commits with more than one parent."""
        return len(self.parents) > 1


def subject_problems(subject: str) -> List[str]:
    """Return why ``subject`` is not a valid Conventional Commit header (empty if it is)."""
    match = SUBJECT_RE.match(subject)
    if match is None:
        return [
            (
                "subject is not a Conventional Commit header "
                "('type(scope): description', e.g. 'fix(cli): reject empty paths')"
            )
        ]
    problems = []
    if match.group("type") not in ALLOWED_TYPES:
        problems.append("type {!r} is not one of: {}".format(match.group("type"), ", ".join(ALLOWED_TYPES)))
    scope = match.group("scope")
    if scope is not None and not SCOPE_RE.match(scope):
        problems.append(f"scope {scope!r} must be lowercase letters, digits, '.', '_', '/' or '-'")
    if len(subject) > MAX_SUBJECT_LENGTH:
        problems.append(f"subject is {len(subject)} characters long (at most {MAX_SUBJECT_LENGTH})")
    return problems


def signoff_problems(commit: Commit) -> List[str]:
    """Return why ``commit`` lacks a DCO sign-off by its author (empty if it has one)."""
    signoffs = [(m.group("name"), m.group("email")) for m in SIGNOFF_RE.finditer(commit.message)]
    if not signoffs:
        return ["no 'Signed-off-by:' trailer (commit with 'git commit -s')"]
    author_name = " ".join(commit.author_name.split())
    author_email = commit.author_email.strip().lower()
    for name, email in signoffs:
        if " ".join(name.split()) == author_name and email.strip().lower() == author_email:
            return []
    found = "; ".join(f"{n} <{e}>" for n, e in signoffs)
    return [f"Signed-off-by ({found}) does not match the author {commit.author_name} <{commit.author_email}>"]


def commit_problems(commit: Commit) -> List[str]:
    """All policy violations of one commit."""
    return subject_problems(commit.subject) + signoff_problems(commit)


def _git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise PolicyError("git {} failed: {}".format(" ".join(args), proc.stderr.strip()))
    return proc.stdout


def read_baseline(repo: Path) -> Optional[str]:
    """Return the baseline commit id, or None to check the whole history."""
    path = repo / BASELINE_FILE
    if not path.is_file():
        return None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line == "root":
            return None
        return line
    return None


def resolve_range(repo: Path, explicit: Optional[str], head: str) -> Sequence[str]:
    """Return the ``git log`` revision arguments selecting the commits to check."""
    if explicit:
        return [explicit]
    baseline = read_baseline(repo)
    if baseline is None:
        return [head]
    proc = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", baseline + "^{commit}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        hint = ""
        if _git(repo, "rev-parse", "--is-shallow-repository").strip() == "true":
            hint = " The clone is shallow: fetch the full history (actions/checkout: fetch-depth: 0)."
        raise PolicyError(f"baseline {baseline} from {BASELINE_FILE} is not a commit in this repository.{hint}")
    return [f"{proc.stdout.strip()}..{head}"]


def list_commits(repo: Path, revisions: Sequence[str]) -> List[Commit]:
    """Read the commits selected by ``revisions`` (newest first)."""
    out = _git(repo, "log", "--format=" + _LOG_FORMAT, *revisions, "--")
    commits = []
    for raw in out.split("\x1e"):
        record = raw.strip("\n")
        if not record:
            continue
        sha, name, email, parents, message = record.split("\x00", 4)
        commits.append(Commit(sha, name, email, tuple(parents.split()), message.strip()))
    return commits


def _report(commit: Commit, problems: Sequence[str]) -> None:
    print(f"{commit.sha[:12]} {commit.subject}")
    for problem in problems:
        print(f"    - {problem}")
        if os.environ.get("GITHUB_ACTIONS") == "true":
            # Shows the violation on the pull request's checks page.
            print(f"::error title=Commit policy ({commit.sha[:12]})::{problem}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--repo", default=".", help="repository to check (default: current directory)")
    parser.add_argument(
        "--range",
        dest="rev_range",
        help="revision range to check, e.g. origin/main..HEAD (default: baseline..HEAD)",
    )
    parser.add_argument("--head", default="HEAD", help="last commit to check (default: HEAD)")
    parser.add_argument("--include-merges", action="store_true", help="check merge commits too")
    args = parser.parse_args(argv)

    repo = Path(args.repo)
    try:
        revisions = resolve_range(repo, args.rev_range, args.head)
        commits = list_commits(repo, revisions)
    except PolicyError as exc:
        print(f"commit-policy: error: {exc}", file=sys.stderr)
        return 2

    checked = 0
    failed = 0
    for commit in commits:
        if commit.is_merge and not args.include_merges:
            continue
        checked += 1
        problems = commit_problems(commit)
        if problems:
            failed += 1
            _report(commit, problems)
    print("commit-policy: checked {} commit(s) in {}: {} violation(s)".format(checked, " ".join(revisions), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
