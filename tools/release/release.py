# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Cut a release: next version, version files, CHANGELOG section, commit and tag.

``python tools/release/release.py auto|patch|minor|major [--dry-run]``

* ``auto`` lets commitizen compute the increment from the Conventional Commits
  since the last ``v*`` tag: ``fix``/``perf`` -> patch, ``feat`` -> minor, a
  breaking change (``type!:`` or a ``BREAKING CHANGE:`` footer) -> major, except
  while the major version is 0, when a breaking change bumps the minor version
  (docs/version-management.md explains why).
* ``patch``/``minor``/``major`` force that increment.
* commitizen rewrites the version in pyproject.toml and in every file listed
  under ``version_files`` in ``[tool.commitizen]``.
* The new ``## [X.Y.Z] - DATE`` section of CHANGELOG.md is rendered by
  commitizen with ``tools/release/changelog_section.md.j2`` (groups in Keep a
  Changelog terms, breaking changes first) and merged with the hand-written
  entries found under ``## [Unreleased]``, which is left empty.
* The result is committed as ``chore(release): vX.Y.Z`` with a DCO sign-off and
  tagged with the annotated tag ``vX.Y.Z`` (``--sign-tag`` GPG-signs it).

``--dry-run`` prints the version and the section and changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
import sys
from collections import OrderedDict
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from _common import REPO_ROOT, ReleaseError, git, log, main_guard, project_version, run

TEMPLATE = "tools/release/changelog_section.md.j2"
CHANGELOG = "CHANGELOG.md"
INCREMENTS = {"patch": "PATCH", "minor": "MINOR", "major": "MAJOR"}
#: Keep a Changelog's group order, with breaking changes put in front.
GROUP_ORDER = ("Breaking changes", "Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")
UNRELEASED_RE = re.compile(r"^## \[Unreleased\][^\n]*\n", re.M)
NEXT_H2_RE = re.compile(r"^## ", re.M)
SEMVER_RE = re.compile(r"^\d+\.\d+\.\d+$")


def _cz(root: Path, *args: str, capture: bool = True) -> str:
    proc = run([sys.executable, "-m", "commitizen", *args], cwd=root, capture=capture, check=False)
    if proc.returncode != 0:
        detail = "{}\n{}".format(proc.stdout or "", proc.stderr or "").strip()
        if "[NO_INCREMENT]" in detail or "No commits found" in detail or proc.returncode == 21:
            raise ReleaseError(
                "no feat/fix/perf or breaking commits since the last release, so `auto` has nothing to bump; "
                "choose an increment explicitly (patch/minor/major) if a release is still wanted\n" + detail
            )
        raise ReleaseError("commitizen {} failed (exit {}):\n{}".format(" ".join(args), proc.returncode, detail))
    return str(proc.stdout or "")


def last_tag(root: Path) -> Optional[str]:
    """The newest ``v*`` tag reachable from HEAD, or None before the first release."""
    proc = run(["git", "describe", "--tags", "--abbrev=0", "--match", "v*"], cwd=root, capture=True, check=False)
    return str(proc.stdout).strip() if proc.returncode == 0 else None


def next_version(root: Path, increment: str) -> str:
    """Ask commitizen for the next version (see the module docstring for the rules)."""
    current = project_version(root)
    args = ["bump", "--get-next", "--yes"]
    if increment != "auto":
        args += ["--increment", INCREMENTS[increment]]
    elif current.split(".", 1)[0] == "0":
        # The 0.x rule: a breaking change bumps the minor version.
        args.append("--major-version-zero")
    out = _cz(root, *args).strip().splitlines()
    version = out[-1].strip() if out else ""
    if not SEMVER_RE.match(version):
        raise ReleaseError(f"commitizen returned an unexpected version {version!r}")
    return version


def render_section(root: Path, version: str) -> str:
    """The commit-derived groups of the new release, as Markdown."""
    return _cz(root, "changelog", "--dry-run", "--unreleased-version", "v" + version, "--template", TEMPLATE)


def parse_groups(markdown: str) -> OrderedDict[str, List[str]]:
    """Split ``### Group`` blocks into entries; an entry is a bullet plus its continuation lines."""
    groups: OrderedDict[str, List[str]] = OrderedDict()
    current: Optional[List[str]] = None
    for line in markdown.splitlines():
        if line.startswith("### "):
            current = groups.setdefault(line[4:].strip(), [])
        elif current is not None and re.match(r"^[-*] ", line):
            current.append("- " + line[2:].rstrip())
        elif current is not None and line.strip() and current:
            current[-1] += "\n" + line.rstrip()
    return groups


def merge_groups(generated: Dict[str, List[str]], curated: Dict[str, List[str]]) -> str:
    """Hand-written entries first, then commit-derived ones; exact duplicates dropped."""
    names = [g for g in GROUP_ORDER if g in generated or g in curated]
    names += [g for g in list(curated) + list(generated) if g not in names]
    blocks = []
    for name in names:
        entries: List[str] = []
        for entry in curated.get(name, []) + generated.get(name, []):
            if entry not in entries:
                entries.append(entry)
        if entries:
            blocks.append("### {}\n\n{}\n".format(name, "\n".join(entries)))
    return "\n".join(blocks)


def update_changelog(text: str, version: str, generated: str, date: str, previous_tag: Optional[str]) -> str:
    """Return CHANGELOG.md with the new section inserted below an emptied ``[Unreleased]``."""
    # Link reference definitions at the end of the file are not section content.
    links_match = re.search(r"(?:^\[[^\]\n]+\]: \S+[ \t]*\n?)+\s*\Z", text, re.M)
    links = text[links_match.start() :].strip() if links_match else ""
    body = text[: links_match.start()] if links_match else text
    match = UNRELEASED_RE.search(body)
    if match:
        nxt = NEXT_H2_RE.search(body, match.end())
        body_end = nxt.start() if nxt else len(body)
        curated_body = body[match.end() : body_end]
        head, tail = body[: match.start()], body[body_end:]
    else:
        curated_body = ""
        nxt = NEXT_H2_RE.search(body)
        cut = nxt.start() if nxt else len(body)
        head, tail = body[:cut], body[cut:]
    content = merge_groups(parse_groups(generated), parse_groups(curated_body))
    if not content:
        content = "No user-facing changes.\n"
    section = f"## [Unreleased]\n\n## [{version}] - {date}\n\n{content}"
    head = head.rstrip("\n") + "\n\n" if head.strip() else ""
    tail = tail.strip("\n")
    new_text = head + section + ("\n" + tail + "\n" if tail else "")
    if links:
        new_text += "\n" + _update_links(links, version, previous_tag) + "\n"
    return new_text


def _update_links(text: str, version: str, previous_tag: Optional[str]) -> str:
    """Keep the compare links at the bottom (Keep a Changelog style) current, if the file has them."""
    link = re.search(r"(?m)^\[Unreleased\]: (?P<base>\S+?)/compare/(?P<from>\S+)\.\.\.HEAD\s*$", text)
    if link is None:
        return text
    base = link.group("base")
    tag = "v" + version
    new_lines = "[Unreleased]: {0}/compare/{1}...HEAD\n[{2}]: {0}/compare/{3}...{1}".format(
        base, tag, version, previous_tag or link.group("from")
    )
    return text[: link.start()] + new_lines + text[link.end() :]


def changed_version_files(root: Path) -> List[str]:
    """Files commitizen touched (pyproject.toml plus any ``version_files``)."""
    out = git("diff", "--name-only", cwd=root)
    return [line for line in out.splitlines() if line]


def release(root: Path, increment: str, dry_run: bool, sign_tag: bool = False, today: Optional[str] = None) -> str:
    """Run the whole release; returns the new version."""
    if increment not in ("auto", *INCREMENTS):
        raise ReleaseError(f"increment must be auto, patch, minor or major, not {increment!r}")
    if not dry_run:
        dirty = git("status", "--porcelain", "--untracked-files=no", cwd=root)
        if dirty:
            raise ReleaseError("the working tree has uncommitted changes; commit or stash them first:\n" + dirty)
    previous = last_tag(root)
    current = project_version(root)
    version = next_version(root, increment)
    if previous is not None and previous != "v" + current:
        raise ReleaseError(
            f"the last tag is {previous} but pyproject.toml says {current}; fix the version before releasing"
        )
    tag = "v" + version
    if git("tag", "--list", tag, cwd=root):
        raise ReleaseError(f"tag {tag} already exists")
    date = today or _dt.date.today().isoformat()
    generated = render_section(root, version)
    changelog_path = root / CHANGELOG
    old = changelog_path.read_text(encoding="utf-8") if changelog_path.exists() else "# Changelog\n\n"
    new = update_changelog(old, version, generated, date, previous)
    log("{} -> {} ({}; last tag: {})".format(current, version, increment, previous or "none"))
    if dry_run:
        start = new.index(f"## [{version}]")
        end_match = NEXT_H2_RE.search(new, start + 3)
        print(new[start : end_match.start() if end_match else len(new)])
        log("dry run: nothing was changed")
        return version
    _cz(root, "bump", "--version-files-only", "--yes", version, capture=True)
    changelog_path.write_text(new, encoding="utf-8")
    files = sorted(set(changed_version_files(root)) | {CHANGELOG})
    git("add", "--", *files, cwd=root)
    git("commit", "--quiet", "--signoff", "-m", f"chore(release): {tag}", cwd=root)
    git("tag", "-s" if sign_tag else "-a", tag, "-m", f"Release {tag}", cwd=root)
    log(f"committed and tagged {tag}; push with: git push --atomic origin HEAD {tag}")
    return version


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Cut a release.")
    parser.add_argument("increment", choices=["auto", *INCREMENTS], help="how to compute the next version")
    parser.add_argument("--dry-run", action="store_true", help="show the version and section; change nothing")
    parser.add_argument("--sign-tag", action="store_true", help="GPG-sign the tag (git tag -s)")
    parser.add_argument("--repo", type=Path, default=REPO_ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    release(args.repo, args.increment, args.dry_run, sign_tag=args.sign_tag)
    return 0


if __name__ == "__main__":
    main_guard(main)
