# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The version-agreement rules and the CHANGELOG rewriting, as pure functions."""

from __future__ import annotations

import io
import sys
import tarfile
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "release"


@pytest.fixture(scope="module")
def tools() -> Iterator[Any]:
    """The release scripts imported as modules (they import their helpers by name)."""
    sys.path.insert(0, str(TOOLS))
    try:
        import version_check

        import release

        yield type("Tools", (), {"release": release, "version_check": version_check})
    finally:
        sys.path.remove(str(TOOLS))


HEAD = "# Changelog\n\nIntro.\n\n"


def test_development_changelog_is_accepted_before_the_first_release(tools: Any) -> None:
    text = HEAD + "## [Unreleased]\n\n### Added\n\n- x\n"
    assert tools.version_check.check_changelog(text, "0.1.0", on_tag=False) == []
    assert tools.version_check.check_changelog(text, "0.1.0", on_tag=True) == [
        "CHANGELOG.md has no section for 0.1.0 (run the release session)",
        "on a release tag, ## [Unreleased] must be empty; move its entries into [0.1.0]",
    ]


def test_top_released_entry_must_be_the_project_version(tools: Any) -> None:
    text = HEAD + "## [Unreleased]\n\n## [0.2.0] - 2026-01-02\n\n- a\n\n## [0.1.0] - 2025-12-01\n"
    check = tools.version_check.check_changelog
    assert check(text, "0.2.0", on_tag=True) == []
    assert check(text, "0.1.0", on_tag=False) == [
        "the newest CHANGELOG.md release is [0.2.0] but the project version is 0.1.0"
    ]


def test_heading_needs_a_date_and_unreleased_must_come_first(tools: Any) -> None:
    check = tools.version_check.check_changelog
    assert check(HEAD + "## [1.0.0]\n", "1.0.0", on_tag=False) == [
        "the heading of [1.0.0] must read '## [1.0.0] - YYYY-MM-DD'"
    ]
    assert check(HEAD + "## [1.0.0] - 2026-01-01 [YANKED]\n", "1.0.0", on_tag=True) == []
    assert check(HEAD + "## [1.0.0] - 2026-01-01\n\n## [Unreleased]\n", "1.0.0", on_tag=False) == [
        "## [Unreleased] must be the first level-2 heading of CHANGELOG.md"
    ]


def _fake_dists(directory: Path, file_version: str, metadata_version: str) -> None:
    wheel = directory / f"spark_profiler-{file_version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        zf.writestr(
            f"spark_profiler-{file_version}.dist-info/METADATA", f"Name: spark-profiler\nVersion: {metadata_version}\n"
        )
    sdist = directory / f"spark_profiler-{file_version}.tar.gz"
    with tarfile.open(sdist, "w:gz") as tf:
        data = f"Name: spark-profiler\nVersion: {metadata_version}\n".encode()
        info = tarfile.TarInfo(f"spark_profiler-{file_version}/PKG-INFO")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))


def test_built_metadata_must_carry_the_project_version(tools: Any, tmp_path: Path) -> None:
    good, bad = tmp_path / "good", tmp_path / "bad"
    good.mkdir()
    bad.mkdir()
    _fake_dists(good, "1.2.3", "1.2.3")
    _fake_dists(bad, "1.2.3", "1.2.4")
    assert tools.version_check.check_dists(good, "1.2.3") == []
    problems = tools.version_check.check_dists(bad, "1.2.3")
    assert "wheel METADATA says Version: 1.2.4 (expected 1.2.3)" in problems
    assert any("does not carry version 1.2.4" in p for p in tools.version_check.check_dists(good, "1.2.4"))


def test_release_section_merges_curated_entries_and_keeps_links(tools: Any) -> None:
    before = (
        HEAD + "## [Unreleased]\n\n### Added\n\n- Curated entry\n  over two lines.\n\n### Fixed\n\n"
        "## [0.1.0] - 2026-01-01\n\n- old\n\n"
        "[Unreleased]: https://example.org/r/compare/v0.1.0...HEAD\n"
        "[0.1.0]: https://example.org/r/releases/tag/v0.1.0\n"
    )
    generated = "### Breaking changes\n\n- api: gone (abc1234)\n### Added\n\n- cli: new (def5678)\n"
    after = tools.release.update_changelog(before, "0.2.0", generated, "2026-02-03", "v0.1.0")
    section = after.split("## [0.2.0] - 2026-02-03\n", 1)[1].split("\n## [0.1.0]", 1)[0]
    assert section.strip() == (
        "### Breaking changes\n\n- api: gone (abc1234)\n\n"
        "### Added\n\n- Curated entry\n  over two lines.\n- cli: new (def5678)"
    )
    assert after.startswith(HEAD + "## [Unreleased]\n\n## [0.2.0] - 2026-02-03\n")
    assert "[Unreleased]: https://example.org/r/compare/v0.2.0...HEAD\n" in after
    assert "[0.2.0]: https://example.org/r/compare/v0.1.0...v0.2.0\n" in after
    assert after.rstrip().endswith("[0.1.0]: https://example.org/r/releases/tag/v0.1.0")
