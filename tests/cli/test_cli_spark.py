# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The command line against real Spark.

Four runs of the real command in a subprocess (each starts its own JVM, so they are
kept few): a full run on the example data with the progress display on a terminal,
the ``--fail-on`` gate, unknown columns and a corrupt file. The remaining cases call
``main()`` in-process with the shared test session, which the command line then
leaves running because it did not start it.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, List

import pytest
from cli_helpers import PENGUINS, assert_one_line_error, run_cli

from spark_profiler import cli
from spark_profiler.model import serde
from spark_profiler.model.schemagen import SCHEMA_FILE

pytestmark = pytest.mark.spark

SMALL_SPARK = ["--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=2"]


def _penguin_rows() -> List[dict]:  # type: ignore[type-arg]
    with PENGUINS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _corrupt_parquet(directory: Path) -> Path:
    bad = directory / "broken.parquet"
    # Starts and ends with the Parquet magic bytes, but the footer is garbage.
    bad.write_bytes(b"PAR1" + bytes(range(256)) * 4 + b"PAR1")
    return bad


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_profile_writes_every_report_and_shows_progress_on_a_terminal(tmp_path: Path) -> None:
    import pty

    import jsonschema

    outs = {ext: tmp_path / f"penguins.{ext}" for ext in ("html", "json", "md", "txt")}
    argv = ["profile", str(PENGUINS), "--null-value", "NA", *SMALL_SPARK, "--fail-on", "error"]
    for path in outs.values():
        argv += ["-o", str(path)]
    master_fd, slave_fd = pty.openpty()
    env = dict(os.environ)
    env.pop("SPARK_REMOTE", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "spark_profiler.cli", *argv],
        stdout=subprocess.PIPE,
        stderr=slave_fd,
        env=env,
    )
    os.close(slave_fd)
    chunks: List[bytes] = []

    def drain() -> None:
        # Reading keeps the terminal buffer from filling up and blocking the command.
        while True:
            try:
                data = os.read(master_fd, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        stdout, _ = proc.communicate(timeout=600)
    finally:
        reader.join(timeout=10)
        os.close(master_fd)
    terminal = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, terminal
    assert stdout == b""
    assert "starting Spark" in terminal
    assert "\x1b[K" in terminal
    for path in outs.values():
        assert f"wrote {path}" in terminal

    document = json.loads(outs["json"].read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    profile = serde.load(outs["json"])
    rows = _penguin_rows()
    assert profile.table["row_count"] == len(rows)
    assert [c.name for c in profile.columns] == list(rows[0])
    assert profile["sex"]["null_count"] == sum(1 for r in rows if r["sex"] == "NA")
    assert profile["body_mass_g"]["max"] == max(int(r["body_mass_g"]) for r in rows if r["body_mass_g"] != "NA")
    assert "<!doctype html" in outs["html"].read_text(encoding="utf-8").lower()
    for ext in ("md", "txt"):
        assert "island" in outs[ext].read_text(encoding="utf-8")


def test_fail_on_error_exits_1_after_writing_the_reports(tmp_path: Path) -> None:
    data = tmp_path / "quality.csv"
    data.write_text("id,empty,city\n" + "".join(f"{i},,Paris\n" for i in range(50)), encoding="utf-8")
    out = tmp_path / "quality.json"
    proc = run_cli(
        ["profile", str(data), *SMALL_SPARK, "--preset", "minimal", "-q", "-o", str(out), "--fail-on", "error"]
    )
    assert proc.returncode == 1, proc.stderr
    assert "quality gate failed" in proc.stderr
    assert "'empty' is missing all values" in proc.stderr
    assert serde.load(out).table["row_count"] == 50


def test_distinct_off_leaves_the_distinct_counts_out_of_the_report(tmp_path: Path) -> None:
    out = tmp_path / "fast.json"
    proc = run_cli(
        ["profile", str(PENGUINS), *SMALL_SPARK, "--preset", "minimal", "--distinct", "off", "-q", "-o", str(out)]
    )
    assert proc.returncode == 0, proc.stderr
    profile = serde.load(out)
    assert profile.config["distinct"] == "off"
    assert profile["species"]["count"] == len(_penguin_rows())
    assert all(c.stat("distinct_count") is None for c in profile.columns)


def test_unknown_columns_are_an_input_error(tmp_path: Path) -> None:
    out = tmp_path / "never.json"
    proc = run_cli(["profile", str(PENGUINS), *SMALL_SPARK, "--columns", "species,wingspan", "-o", str(out)])
    line = assert_one_line_error(proc, 3)
    assert "wingspan" in line
    assert "species" in line  # the message lists the columns the input has
    assert not out.exists()
    # Spark started (it read the header) but stderr is a pipe here, not a terminal:
    # no progress display, neither its phases nor its line redraws.
    assert "starting Spark" not in proc.stderr
    assert "\x1b[" not in proc.stderr


def test_corrupt_file_is_an_input_error(tmp_path: Path) -> None:
    proc = run_cli(["profile", str(_corrupt_parquet(tmp_path)), *SMALL_SPARK])
    line = assert_one_line_error(proc, 3)
    assert "broken.parquet" in line


# -- in-process, on the shared session ---------------------------------------------------------


def test_sql_over_the_input_view_profiles_the_query_result(spark: Any, capsys: pytest.CaptureFixture[str]) -> None:
    query = "SELECT species, body_mass_g FROM input WHERE year = 2008"
    code = cli.main(["profile", str(PENGUINS), "--null-value", "NA", "--sql", query, "--preset", "minimal"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    expected = sum(1 for r in _penguin_rows() if r["year"] == "2008")
    assert f"{expected} rows" in captured.out
    assert "body_mass_g" in captured.out
    assert "island" not in captured.out
    # The command line did not start this session, so it must still be usable.
    assert spark.range(3).count() == 3


def test_table_with_columns_and_sample(spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spark.read.option("header", "true").option("inferSchema", "true").csv(str(PENGUINS)).createOrReplaceTempView(
        "cli_penguins"
    )
    out = tmp_path / "t.json"
    argv = ["profile", "--table", "cli_penguins", "--columns", "island,year", "--sample", "1.0", "-o", str(out)]
    assert cli.main(argv) == 0, capsys.readouterr().err
    profile = serde.load(out)
    assert [c.name for c in profile.columns] == ["island", "year"]
    assert profile.table["row_count"] == len(_penguin_rows())


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["profile", "--table", "no_such_table_anywhere"], "no_such_table_anywhere"),
        (["profile", str(PENGUINS), "--sql", "SELECT wingspan FROM input"], "wingspan"),
        (["profile", "--sql", "SELEC oops"], "--sql"),
        (["profile", str(PENGUINS), "--columns", "beak"], "beak"),
    ],
)
def test_in_process_input_errors_exit_3(
    spark: Any, capsys: pytest.CaptureFixture[str], argv: List[str], needle: str
) -> None:
    assert cli.main(argv) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert needle in err[0]
    assert spark.range(2).count() == 2


def test_corrupt_file_in_process_keeps_the_session(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["profile", str(_corrupt_parquet(tmp_path))]) == 3
    assert "broken.parquet" in capsys.readouterr().err
    assert spark.range(2).count() == 2


def test_spark_errors_are_classified(spark: Any) -> None:
    from spark_profiler.engine import io

    assert not io.is_connect_session(spark)
    try:
        spark.sql("SELECT * FROM definitely_missing_table").collect()
    except Exception as exc:
        message, is_input = io.describe_spark_error(exc)
    else:
        pytest.fail("the query should have failed")
    assert is_input
    assert "definitely_missing_table" in message
    assert "\n" not in message
    message, is_input = io.describe_spark_error(RuntimeError("executor lost\n  at somewhere"))
    assert (message, is_input) == ("executor lost", False)


def test_progress_reads_the_real_status_tracker(spark: Any) -> None:
    from spark_profiler.engine.progress import Progress, poll_stages

    progress = Progress(open(os.devnull, "w"), enabled=True)  # noqa: SIM115, PTH123 - closed with the test
    progress.attach(spark)
    assert progress._tracker is not None
    assert isinstance(poll_stages(progress._tracker), list)
    progress.detach()
    progress._stream.close()
