# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""zizmor and actionlint (the `workflows` session) reject an unsafe workflow, and pass ours."""

from __future__ import annotations

import shutil
from pathlib import Path

from _security_helpers import ROOT, run, tool

UNSAFE_WORKFLOW = """\
name: unsafe
on:
  pull_request_target:
jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
"""


def test_zizmor_rejects_untrusted_checkout_injection_and_unpinned_actions(tmp_path: Path) -> None:
    workflow = tmp_path / "unsafe.yml"
    workflow.write_text(UNSAFE_WORKFLOW, encoding="utf-8")
    result = run([tool("zizmor"), "--offline", "--no-progress", str(workflow)])
    assert result.status != 0, result
    for audit in ["dangerous-triggers", "template-injection", "unpinned-uses", "artipacked", "excessive-permissions"]:
        assert f"[{audit}]" in result.output, (audit, result)


def test_actionlint_rejects_untrusted_input_in_an_inline_script(tmp_path: Path) -> None:
    workflow = tmp_path / "unsafe.yml"
    workflow.write_text(UNSAFE_WORKFLOW, encoding="utf-8")
    result = run([tool("actionlint"), str(workflow)])
    assert result.status == 1, result
    assert '"github.event.pull_request.title" is potentially untrusted' in result.output, result


def test_zizmor_passes_the_projects_security_workflows(tmp_path: Path) -> None:
    names = ["ci.yml", "codeql.yml", "scorecard.yml", "commit-policy.yml"]
    for name in names:
        shutil.copy2(ROOT / ".github" / "workflows" / name, tmp_path / name)
    result = run([tool("zizmor"), "--offline", "--no-progress", *(str(tmp_path / n) for n in names)])
    assert result.status == 0, result
