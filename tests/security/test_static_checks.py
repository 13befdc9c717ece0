# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""bandit, import-linter and the engine API check each reject code planted in a copy of src/."""

from __future__ import annotations

import sys
from pathlib import Path

from _security_helpers import TOOLS, Result, copy_sources, plant, run, tool

PYSPARK_CONTRACT = "Only spark_profiler.engine imports pyspark (or py4j)"


def test_bandit_reports_a_shell_injection_planted_in_the_report_package(tmp_path: Path) -> None:
    work = copy_sources(tmp_path / "copy")
    plant(
        work / "src" / "spark_profiler" / "report" / "text.py",
        "import subprocess\n\ndef _open_viewer(path):\n    subprocess.call('xdg-open ' + path, shell=True)",
    )
    result = run([tool("bandit"), "-c", "pyproject.toml", "-q", "-r", "src"], cwd=work)
    assert result.status == 1, result
    assert "B602" in result.output, result
    assert "src/spark_profiler/report/text.py" in result.output, result


def test_bandit_passes_the_unmodified_copy(tmp_path: Path) -> None:
    # The planted finding above is the only reason that copy fails.
    work = copy_sources(tmp_path / "copy")
    result = run([tool("bandit"), "-c", "pyproject.toml", "-q", "-r", "src"], cwd=work)
    assert result.status == 0, result


def _lint_imports(work: Path) -> Result:
    return run([tool("lint-imports"), "--no-cache"], cwd=work, env={"PYTHONPATH": str(work / "src")})


def test_import_linter_rejects_pyspark_imported_by_the_report_package(tmp_path: Path) -> None:
    work = copy_sources(tmp_path / "copy")
    plant(work / "src" / "spark_profiler" / "report" / "_format.py", "import pyspark  # planted")
    result = _lint_imports(work)
    assert result.status == 1, result
    assert f"{PYSPARK_CONTRACT} BROKEN" in result.output, result
    assert "spark_profiler.report._format -> pyspark" in result.output, result


def test_import_linter_rejects_the_model_importing_the_engine(tmp_path: Path) -> None:
    work = copy_sources(tmp_path / "copy")
    plant(work / "src" / "spark_profiler" / "model" / "serde.py", "from ..engine import planner  # planted")
    result = _lint_imports(work)
    assert result.status == 1, result
    assert "The pure packages never import the engine, the API or the CLI BROKEN" in result.output, result
    assert "spark_profiler.model.serde -> spark_profiler.engine.planner" in result.output, result


def test_import_linter_rejects_the_engine_importing_a_renderer(tmp_path: Path) -> None:
    work = copy_sources(tmp_path / "copy")
    plant(work / "src" / "spark_profiler" / "engine" / "executor.py", "from ..report import text  # planted")
    result = _lint_imports(work)
    assert result.status == 1, result
    assert "Pipeline layers: data -> description -> presentation BROKEN" in result.output, result
    assert "spark_profiler.engine.executor -> spark_profiler.report" in result.output, result


def test_import_linter_keeps_every_contract_on_the_unmodified_copy(tmp_path: Path) -> None:
    result = _lint_imports(copy_sources(tmp_path / "copy"))
    assert result.status == 0, result
    assert "3 kept, 0 broken" in result.output, result


def test_engine_api_check_names_each_connect_breaking_call(tmp_path: Path) -> None:
    work = copy_sources(tmp_path / "copy")
    planted = work / "src" / "spark_profiler" / "engine" / "planted.py"
    planted.write_text(
        "from pyspark.sql.functions import pandas_udf, udf\n"
        "\n"
        "def bad(df, spark):\n"
        "    rows = df.rdd.map(lambda r: r).collect()\n"
        "    sc = spark.sparkContext\n"
        "    jdf = df._jdf\n"
        "    jvm = spark._jvm\n"
        "    return udf(len), pandas_udf(len), rows, sc, jdf, jvm\n",
        encoding="utf-8",
    )
    result = run([sys.executable, str(TOOLS / "check_engine_api.py"), str(work / "src/spark_profiler/engine")])
    assert result.status == 1, result
    for line, name in [(4, ".rdd"), (5, ".sparkContext"), (6, "._jdf"), (7, "._jvm"), (8, "udf"), (8, "pandas_udf")]:
        reported = [text for text in result.output.splitlines() if f"planted.py:{line}:" in text]
        assert any(f"forbidden `{name}`" in text for text in reported), (name, result)
    assert "from pyspark.sql.functions import udf" in result.output, result
    assert "Spark Connect" in result.output, result


def test_engine_api_allow_comment_without_a_reason_still_fails(tmp_path: Path) -> None:
    planted = tmp_path / "engine.py"
    planted.write_text("def f(df):\n    return df.rdd  # engine-api: allow\n", encoding="utf-8")
    result = run([sys.executable, str(TOOLS / "check_engine_api.py"), str(planted)])
    assert result.status == 1, result
    assert "needs a reason" in result.output, result
