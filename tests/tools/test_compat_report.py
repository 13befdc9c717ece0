# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""tools/compat_report.py: the compatibility table is built from JUnit XML and cell records."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Dict, List

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "compat_report.py"


@pytest.fixture(scope="module")
def report() -> ModuleType:
    spec = importlib.util.spec_from_file_location("compat_report", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["compat_report"] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


MATRIX: Dict[str, object] = {
    "pythons": ["3.8", "3.9"],
    "spark": [
        {"pyspark": "3.0.3", "pythons": ["3.8"], "java": 11, "ci_python": "3.8"},
        {"pyspark": "3.5.9", "pythons": ["3.8", "3.9"], "java": 17, "ci_python": "3.9"},
    ],
}


def write_cell(results: Path, cell: str, cases: Dict[str, str], exit_code: int = 0) -> None:
    """One cell's JUnit XML (case name -> "pass" | "fail" | "skip") and its record."""
    body: List[str] = []
    for name, outcome in cases.items():
        inner = {"pass": "", "fail": '<failure message="boom"/>', "skip": '<skipped message="no"/>'}[outcome]
        body.append(f'<testcase classname="tests.spark.test_x" name="{name}">{inner}</testcase>')
    failures = sum(o == "fail" for o in cases.values())
    skipped = sum(o == "skip" for o in cases.values())
    xml = (
        f'<testsuites><testsuite name="compat-{cell}" tests="{len(cases)}" failures="{failures}" '
        f'errors="0" skipped="{skipped}">{"".join(body)}</testsuite></testsuites>'
    )
    (results / f"{cell}.xml").write_text(xml, encoding="utf-8")
    spark, python = cell.split("-py")
    record = {
        "spark_line": spark,
        "pyspark": spark,
        "python": f"{python}.1",
        "java": "17.0.1",
        "selection": "smoke",
        "seconds": 12.5,
        "exit_code": exit_code,
        "finished_utc": "2026-01-02T03:04:05Z",
    }
    (results / f"{cell}.json").write_text(json.dumps(record), encoding="utf-8")


def table_row(text: str, spark: str) -> List[str]:
    row = next(line for line in text.splitlines() if line.startswith(f"| {spark} |"))
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_passing_failing_unsupported_and_missing_cells_are_told_apart(report: ModuleType, tmp_path: Path) -> None:
    write_cell(tmp_path, "3.0.3-py3.8", {"a": "pass", "b": "fail", "c": "skip"}, exit_code=1)
    write_cell(tmp_path, "3.5.9-py3.9", {"a": "pass", "b": "pass", "c": "skip"})

    text = report.render(tmp_path, MATRIX)

    assert table_row(text, "3.0.3")[2:] == ["❌ FAIL (2 smoke)", "not supported upstream"]
    assert table_row(text, "3.5.9")[2:] == ["not run", "✅ pass (2 smoke)"]
    assert "**1 of 2 cells passed** (run on 2026-01-02, UTC)." in text
    assert "| 3.0.3 x 3.8 | 3.0.3 | 3.8.1 | 17.0.1 |" in text
    assert "- Spark 3.0.3 x Python 3.8: FAIL" in text
    assert "`tests.spark.test_x::b`" in text


def test_a_test_failing_in_every_cell_is_listed_once_as_common(report: ModuleType, tmp_path: Path) -> None:
    write_cell(tmp_path, "3.0.3-py3.8", {"a": "fail", "b": "fail"}, exit_code=1)
    write_cell(tmp_path, "3.5.9-py3.9", {"a": "fail", "b": "pass"}, exit_code=1)

    text = report.render(tmp_path, MATRIX)

    common = text.split("## Failures in every cell that ran")[1].split("## Failures\n")[0]
    assert "`tests.spark.test_x::a`" in common
    assert "`tests.spark.test_x::b`" not in common
    per_cell = text.split("## Failures\n")[1]
    assert "- Spark 3.5.9 x Python 3.9: FAIL (only the common failures)" in per_cell
    assert "`tests.spark.test_x::b`" in per_cell


def test_a_cell_without_junit_xml_counts_as_failed(report: ModuleType, tmp_path: Path) -> None:
    write_cell(tmp_path, "3.5.9-py3.9", {"a": "pass"})
    (tmp_path / "3.5.9-py3.9.xml").unlink()

    cells = report.load_results(tmp_path)

    assert cells[("3.5.9", "3.9")].status == "FAIL"
    assert "no JUnit XML" in cells[("3.5.9", "3.9")].failed_tests[0]


def test_record_refuses_a_cell_that_ran_another_pyspark(report: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "cell.json"
    code = report.main(["record", "--out", str(out), "--spark", "0.0.1", "--seconds", "1"])

    data = json.loads(out.read_text(encoding="utf-8"))
    assert code == 1
    assert data["spark_line"] == "0.0.1"
    assert data["pyspark"] != "0.0.1"
