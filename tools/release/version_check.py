# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Verify that every place that states the version agrees.

The single source of truth is ``version`` in the ``[project]`` table of
pyproject.toml. This script checks, against it:

* the installed package: ``spark_profiler.__version__`` and the installed
  distribution metadata, imported from site-packages (not from ``src/``);
* the built files in ``--dist``: file names, the wheel's ``METADATA`` and the
  sdist's ``PKG-INFO``;
* CHANGELOG.md (rules in docs/version-management.md):
  - an ``## [Unreleased]`` heading, when present, is the first level-2 heading;
  - the first released heading, ``## [X.Y.Z] - YYYY-MM-DD``, names the project
    version; a changelog without any released heading is accepted only before
    the first release, that is when not building a tag;
* on a tag (``--tag``, ``GITHUB_REF=refs/tags/...`` or a ``v*`` tag on HEAD):
  the tag is ``v`` + the version, and ``[Unreleased]`` holds no entries.

Usage: ``python tools/release/version_check.py --dist DIR [--tag vX.Y.Z] [--no-installed]``
"""

from __future__ import annotations

import argparse
import os
import re
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from _common import DIST_NAME, REPO_ROOT, ReleaseError, dist_files, git, log, main_guard, project_version

HEADING_RE = re.compile(r"^## \[(?P<label>[^\]]+)\](?P<rest>.*)$", re.M)
RELEASED_REST_RE = re.compile(r"^ - \d{4}-\d{2}-\d{2}( \[YANKED\])?\s*$")
ENTRY_RE = re.compile(r"^\s*[-*] \S", re.M)


def changelog_sections(text: str) -> List[Tuple[str, str, str]]:
    """Split a Keep a Changelog file into (label, heading remainder, body) triples."""
    matches = list(HEADING_RE.finditer(text))
    sections = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        sections.append((match.group("label"), match.group("rest"), text[match.end() : end]))
    return sections


def check_changelog(text: str, version: str, on_tag: bool) -> List[str]:
    """Problems with CHANGELOG.md for ``version`` (see the module docstring for the rules)."""
    problems: List[str] = []
    sections = changelog_sections(text)
    labels = [label for label, _, _ in sections]
    if "Unreleased" in labels[1:]:
        problems.append("## [Unreleased] must be the first level-2 heading of CHANGELOG.md")
    released = [(label, rest) for label, rest, _ in sections if label != "Unreleased"]
    if released:
        label, rest = released[0]
        if label != version:
            problems.append(f"the newest CHANGELOG.md release is [{label}] but the project version is {version}")
        elif not RELEASED_REST_RE.match(rest):
            problems.append(f"the heading of [{label}] must read '## [{label}] - YYYY-MM-DD'")
    elif on_tag:
        problems.append(f"CHANGELOG.md has no section for {version} (run the release session)")
    else:
        log("note: CHANGELOG.md has no released section yet (accepted before the first release)")
    if on_tag:
        for label, _, body in sections:
            if label == "Unreleased" and ENTRY_RE.search(body):
                problems.append(f"on a release tag, ## [Unreleased] must be empty; move its entries into [{version}]")
    return problems


def _metadata_version(raw: str) -> str:
    return str(Parser().parsestr(raw, headersonly=True).get("Version", ""))


def check_dists(dist_dir: Path, version: str) -> List[str]:
    """Problems with the built files' names and metadata."""
    problems: List[str] = []
    files = dist_files(dist_dir)
    wheels = [p for p in files if p.suffix == ".whl"]
    sdists = [p for p in files if p.name.endswith(".tar.gz")]
    if len(wheels) != 1 or len(sdists) != 1:
        return [f"expected exactly one wheel and one sdist in {dist_dir}, found {[p.name for p in files]}"]
    wheel, sdist = wheels[0], sdists[0]
    if not wheel.name.startswith(f"{DIST_NAME}-{version}-"):
        problems.append(f"wheel file name {wheel.name} does not carry version {version}")
    if sdist.name != f"{DIST_NAME}-{version}.tar.gz":
        problems.append(f"sdist file name {sdist.name} does not carry version {version}")
    with zipfile.ZipFile(wheel) as zf:
        meta_names = [n for n in zf.namelist() if n.endswith(".dist-info/METADATA")]
        wheel_version = _metadata_version(zf.read(meta_names[0]).decode("utf-8")) if meta_names else ""
    if wheel_version != version:
        problems.append(f"wheel METADATA says Version: {wheel_version} (expected {version})")
    with tarfile.open(sdist) as tf:
        member = tf.extractfile(f"{DIST_NAME}-{version}/PKG-INFO") if not problems else None
        sdist_version = _metadata_version(member.read().decode("utf-8")) if member else ""
    if sdist_version != version:
        problems.append(f"sdist PKG-INFO says Version: {sdist_version} (expected {version})")
    return problems


def check_installed(version: str) -> List[str]:
    """Problems with the package installed in this interpreter."""
    from importlib.metadata import version as installed_version

    import spark_profiler

    problems: List[str] = []
    location = Path(spark_profiler.__file__).resolve()
    if (REPO_ROOT / "src") in location.parents:
        problems.append(f"spark_profiler was imported from the source tree ({location}), not an installed wheel")
    if spark_profiler.__version__ != version:
        problems.append(f"spark_profiler.__version__ is {spark_profiler.__version__} (expected {version})")
    meta = installed_version("spark-profiler")
    if meta != version:
        problems.append(f"installed metadata says {meta} (expected {version})")
    return problems


def current_tags(explicit: Optional[str]) -> List[str]:
    """The release tags that apply: the explicit one, GITHUB_REF's, or v* tags on HEAD."""
    if explicit:
        return [explicit]
    ref = os.environ.get("GITHUB_REF", "")
    if ref.startswith("refs/tags/"):
        return [ref[len("refs/tags/") :]]
    try:
        out = git("tag", "--points-at", "HEAD", "--list", "v*")
    except ReleaseError:
        return []
    return [t for t in out.split() if t]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Check that all version statements agree.")
    parser.add_argument("--dist", type=Path, required=True, help="directory with the built wheel and sdist")
    parser.add_argument("--tag", help="release tag to check against (default: GITHUB_REF or tags on HEAD)")
    parser.add_argument("--changelog", type=Path, default=REPO_ROOT / "CHANGELOG.md")
    parser.add_argument("--no-installed", action="store_true", help="skip the installed-package check")
    args = parser.parse_args(argv)

    version = project_version()
    tags = current_tags(args.tag)
    log("pyproject.toml version: {}; tags: {}".format(version, ", ".join(tags) or "(none)"))
    problems: List[str] = [
        f"tag {tag} does not match the project version {version} (expected v{version})"
        for tag in tags
        if tag != "v" + version
    ]
    problems += check_dists(args.dist, version)
    if not args.no_installed:
        problems += check_installed(version)
    problems += check_changelog(args.changelog.read_text(encoding="utf-8"), version, on_tag=bool(tags))
    if problems:
        raise ReleaseError("version statements disagree:\n  " + "\n  ".join(problems))
    log(
        "version {} agrees across pyproject.toml, built metadata, installed package, CHANGELOG.md{}".format(
            version, " and tag" if tags else ""
        )
    )
    return 0


if __name__ == "__main__":
    main_guard(main)
