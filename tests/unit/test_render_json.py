# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""JSON renderer: golden output and the file-writing helper."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import check_golden
from profiles import rich_profile

from spark_profiler.errors import ConfigError
from spark_profiler.model import Profile
from spark_profiler.report import format_for_path, render, render_json, write_report


def test_json_matches_golden() -> None:
    check_golden("rich_profile.json", render_json(rich_profile()))


def test_render_json_is_the_profile_file() -> None:
    p = rich_profile()
    assert render_json(p) == p.to_json()
    assert Profile.from_json(render(p, "json")).to_json() == p.to_json()


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("r.html", "html"), ("r.HTM", "html"), ("p.json", "json"), ("r.md", "markdown"), ("s.txt", "text")],
)
def test_format_comes_from_the_extension(name: str, fmt: str) -> None:
    assert format_for_path(name) == fmt


def test_unknown_extension_and_format_are_config_errors() -> None:
    with pytest.raises(ConfigError, match=r"\.html"):
        format_for_path("report.pdf")
    with pytest.raises(ConfigError, match="unknown report format"):
        render(rich_profile(), "pdf")


@pytest.mark.parametrize("name", ["report.html", "report.md", "report.txt", "profile.json"])
def test_write_report_writes_each_format_atomically(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    fmt = write_report(rich_profile(), target)
    assert target.read_text(encoding="utf-8") == render(rich_profile(), fmt)
    assert sorted(f.name for f in tmp_path.iterdir()) == [name]
