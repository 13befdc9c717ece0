# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Print the CHANGELOG.md section of one version: the body of the GitHub Release.

``python tools/release/release_notes.py v1.2.3 [--changelog CHANGELOG.md] > notes.md``
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Optional, Sequence

from _common import REPO_ROOT, ReleaseError, main_guard
from version_check import changelog_sections


def notes(text: str, version: str) -> str:
    """The body (without its heading) of ``## [version]``."""
    for label, _, body in changelog_sections(text):
        if label == version:
            # Link reference definitions after the last section belong to the whole file.
            return re.sub(r"(?m)^\[[^\]\n]+\]: \S+\s*$", "", body).strip() + "\n"
    raise ReleaseError(f"CHANGELOG.md has no section for {version}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("version", help="X.Y.Z or vX.Y.Z")
    parser.add_argument("--changelog", type=Path, default=REPO_ROOT / "CHANGELOG.md")
    args = parser.parse_args(argv)
    version = args.version[1:] if args.version.startswith("v") else args.version
    print(notes(args.changelog.read_text(encoding="utf-8"), version), end="")
    return 0


if __name__ == "__main__":
    main_guard(main)
