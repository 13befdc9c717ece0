# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""`reuse lint` and the pre-commit header hook reject a source file without SPDX headers."""

from __future__ import annotations

import shutil
from pathlib import Path

from _security_helpers import ROOT, git, run, tool

# Assembled at run time so that `reuse lint` of this repository does not read them as tags.
SPDX = "SPDX" + "-"
HEADER = f"# {SPDX}FileCopyrightText: 2026 spark-profiler contributors\n# {SPDX}License-Identifier: MIT\n"


def _project(path: Path) -> Path:
    """A throwaway repository with the project's REUSE setup and one compliant file of each kind."""
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    shutil.copytree(ROOT / "LICENSES", path / "LICENSES")
    shutil.copy2(ROOT / "REUSE.toml", path / "REUSE.toml")
    (path / "ok.py").write_text(HEADER + "x = 1\n", encoding="utf-8")
    (path / "notes.md").write_text("# Notes\n\nProse is licensed through REUSE.toml.\n", encoding="utf-8")
    (path / "data.json").write_text("{}\n", encoding="utf-8")
    return path


def test_reuse_lint_passes_a_compliant_project(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    result = run([tool("reuse"), "lint"], cwd=project)
    assert result.status == 0, result


def test_reuse_lint_names_the_file_without_headers(tmp_path: Path) -> None:
    project = _project(tmp_path / "project")
    (project / "ci").mkdir()
    (project / "ci" / "deploy.sh").write_text("#!/bin/sh\necho deploy\n", encoding="utf-8")
    (project / "workflow.yml").write_text(f"# {SPDX}License-Identifier: MIT\non: push\n", encoding="utf-8")
    result = run([tool("reuse"), "lint"], cwd=project)
    assert result.status == 1, result
    missing = result.output.split("The following files have no copyright and licensing information:")[1]
    assert "* ci/deploy.sh" in missing.split("\n\n")[0], result
    no_copyright = result.output.split("The following files have no copyright information:")[1]
    assert "* workflow.yml" in no_copyright.split("\n\n")[0], result


def test_pre_commit_header_hook_rejects_a_new_file_without_headers(tmp_path: Path) -> None:
    # The command of the `reuse` hook in .pre-commit-config.yaml, on the files being committed.
    project = _project(tmp_path / "project")
    (project / "new_module.py").write_text('"""Forgot the header."""\n', encoding="utf-8")
    result = run([tool("reuse"), "lint-file", "ok.py", "new_module.py"], cwd=project)
    assert result.status == 1, result
    assert "new_module.py: no license identifier" in result.output, result
    assert "new_module.py: no copyright notice" in result.output, result
    assert "ok.py" not in result.output.replace("new_module.py", ""), result
