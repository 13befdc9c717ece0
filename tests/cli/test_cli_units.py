# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""In-process tests of the command line's pure parts: input planning, outputs, progress."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Dict, Iterator, List

import pytest
from cli_helpers import GOLDEN_PROFILE

from spark_profiler import cli
from spark_profiler._cli_inputs import (
    CliInputError,
    CliUsageError,
    check_connect_reachable,
    check_master_url,
    parse_conf,
    parse_remote,
    plan_input,
    plan_outputs,
)
from spark_profiler._cli_outputs import atomic_write, write_reports
from spark_profiler.engine.progress import Progress, StageStatus, format_status, poll_stages
from spark_profiler.model import serde

# -- input planning ------------------------------------------------------------------------


def _touch(path: Path, text: str = "x\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.csv", "csv"),
        ("a.CSV", "csv"),
        ("a.csv.gz", "csv"),
        ("a.tsv", "tsv"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson.bz2", "jsonl"),
        ("a.parquet", "parquet"),
        ("a.snappy.parquet", "parquet"),
        ("a.orc", "orc"),
    ],
)
def test_format_comes_from_the_extension(tmp_path: Path, name: str, fmt: str) -> None:
    plan = plan_input([str(_touch(tmp_path / name))])
    assert plan.format == fmt
    assert plan.paths == (str((tmp_path / name).resolve()),)


def test_directory_format_comes_from_its_data_files(tmp_path: Path) -> None:
    d = tmp_path / "table"
    _touch(d / "_SUCCESS", "")
    _touch(d / ".part-0.crc")
    _touch(d / "year=2008" / "part-0.snappy.parquet")
    _touch(d / "year=2009" / "part-1.snappy.parquet")
    assert plan_input([str(d)]).format == "parquet"


def test_delta_directory_is_recognised(tmp_path: Path) -> None:
    d = tmp_path / "events"
    _touch(d / "_delta_log" / "00000000000000000000.json", "{}\n")
    _touch(d / "part-0.parquet")
    assert plan_input([str(d)]).format == "delta"


def test_directory_mixing_formats_needs_format(tmp_path: Path) -> None:
    _touch(tmp_path / "d" / "a.csv")
    _touch(tmp_path / "d" / "b.json")
    with pytest.raises(CliInputError, match="mixes formats"):
        plan_input([str(tmp_path / "d")])
    assert plan_input([str(tmp_path / "d")], fmt="csv").format == "csv"


def test_inputs_mixing_formats_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CliInputError, match="mix formats"):
        plan_input([str(_touch(tmp_path / "a.csv")), str(_touch(tmp_path / "b.orc"))])


def test_empty_directory_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(CliInputError, match="holds no data files"):
        plan_input([str(tmp_path / "empty")], fmt="csv")


def test_glob_expands_to_sorted_matches(tmp_path: Path) -> None:
    for n in ("b.csv", "a.csv", "c.txt"):
        _touch(tmp_path / n)
    plan = plan_input([str(tmp_path / "*.csv")])
    assert [Path(p).name for p in plan.paths] == ["a.csv", "b.csv"]


def test_file_uri_is_a_local_path(tmp_path: Path) -> None:
    f = _touch(tmp_path / "a.csv")
    assert plan_input([f"file://{f}"]).paths == (str(f.resolve()),)


def test_remote_uris_are_left_to_spark() -> None:
    plan = plan_input(["s3a://bucket/events/part-0.parquet", "s3a://bucket/events/part-1.parquet"])
    assert plan.format == "parquet"
    assert plan.paths == ("s3a://bucket/events/part-0.parquet", "s3a://bucket/events/part-1.parquet")
    with pytest.raises(CliInputError, match="--format"):
        plan_input(["hdfs://nn/warehouse/events"])
    assert plan_input(["hdfs://nn/warehouse/events"], fmt="orc").format == "orc"


def test_csv_options_follow_the_flags(tmp_path: Path) -> None:
    f = _touch(tmp_path / "a.csv")
    opts = plan_input([str(f)], header=False, infer_schema=False, delimiter=";", null_value="NA").options
    assert opts == {"header": "false", "inferSchema": "false", "sep": ";", "nullValue": "NA"}
    assert plan_input([str(f)], delimiter="\\t").options["sep"] == "\t"
    assert plan_input([str(_touch(tmp_path / "a.tsv"))]).options["sep"] == "\t"
    extra = plan_input([str(f)], extra_options=[("encoding", "latin1"), ("header", "false")]).options
    assert extra["encoding"] == "latin1"
    assert extra["header"] == "false"


def test_json_document_files_are_read_multiline(tmp_path: Path) -> None:
    lines = _touch(tmp_path / "lines.json", '{"a": 1}\n{"a": 2}\n')
    array = _touch(tmp_path / "array.json", '[\n  {"a": 1}\n]\n')
    pretty = _touch(tmp_path / "pretty.json", '{\n  "a": 1\n}\n')
    assert "multiLine" not in plan_input([str(lines)]).options
    assert plan_input([str(array)]).options["multiLine"] == "true"
    assert plan_input([str(pretty)]).options["multiLine"] == "true"


def test_unknown_format_option_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(CliUsageError, match="unknown --format"):
        plan_input([str(_touch(tmp_path / "a.csv"))], fmt="xls")


# -- outputs -----------------------------------------------------------------------------------


def test_outputs_get_their_format_from_the_extension(tmp_path: Path) -> None:
    targets = plan_outputs([str(tmp_path / n) for n in ("a.html", "b.JSON", "c.md", "d.txt")])
    assert [t.format for t in targets] == ["html", "json", "markdown", "text"]


def test_output_that_is_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.html").mkdir()
    with pytest.raises(CliUsageError, match="is a directory"):
        plan_outputs([str(tmp_path / "x.html")])


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def chunks() -> Iterator[str]:
        yield "<html>half a report"
        raise OSError("disk full (simulated)")

    with pytest.raises(OSError, match="simulated"):
        atomic_write(str(target), chunks())
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_atomic_write_creates_a_readable_file(tmp_path: Path) -> None:
    target = tmp_path / "new.md"
    atomic_write(str(target), ["# a", "\n"])
    assert target.read_text(encoding="utf-8") == "# a\n"
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_reports_are_all_rendered_before_any_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from spark_profiler import report

    real = report.render

    def broken(profile: Any, fmt: str, *args: Any, **kwargs: Any) -> str:
        if fmt == "markdown":
            raise RuntimeError("renderer bug (simulated)")
        return str(real(profile, fmt, *args, **kwargs))

    monkeypatch.setattr(report, "render", broken)
    targets = plan_outputs([str(tmp_path / "a.json"), str(tmp_path / "b.md")])
    with pytest.raises(RuntimeError, match="simulated"):
        write_reports(serde.load(GOLDEN_PROFILE), targets)
    assert list(tmp_path.iterdir()) == []


# -- option parsing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "master",
    [
        "local",
        "local[2]",
        "local[*]",
        "local[4,3]",
        "local[*, 2]",
        "local-cluster[2,1,1024]",
        "spark://h:7077",
        "spark://a:7077,b:7077",
        "yarn",
        "k8s://https://api:443",
        "mesos://m:5050",
    ],
)
def test_valid_master_urls_are_accepted(master: str) -> None:
    assert check_master_url(master) == master


@pytest.mark.parametrize(
    "master", ["", "local[0]", "local[two]", "localhost:7077", "spark://nohost", "http://h:1", "yarn-client"]
)
def test_invalid_master_urls_are_refused(master: str) -> None:
    with pytest.raises(CliUsageError, match="invalid master URL"):
        check_master_url(master)


def test_connect_urls() -> None:
    assert parse_remote("sc://localhost") == ("localhost", 15002)
    assert parse_remote("sc://h:1234/;token=abc") == ("h", 1234)
    for bad in ("localhost:15002", "http://h:1", "sc://h:notaport"):
        with pytest.raises(CliUsageError):
            parse_remote(bad)


def test_reachable_connect_server_passes_the_probe() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        check_connect_reachable(f"sc://127.0.0.1:{port}", timeout=2)
        server.close()
    with pytest.raises(ConnectionError, match="cannot reach"):
        check_connect_reachable(f"sc://127.0.0.1:{port}", timeout=2)


def test_conf_pairs_split_on_the_first_equals_sign() -> None:
    assert parse_conf(["a=1", " b = x=y"]) == [("a", "1"), ("b", " x=y")]
    with pytest.raises(CliUsageError, match="--option expects key=value"):
        parse_conf(["=1"], "--option")


# -- in-process main(): exit codes without subprocess overhead --------------------------------


def test_main_maps_usage_and_input_errors_to_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["profile", str(tmp_path / "missing.csv")]) == 3
    assert cli.main(["profile", str(_touch(tmp_path / "a.csv")), "--master", "nope"]) == 2
    assert cli.main(["profile", "--sql", "SELECT 1", "--sample", "0.5", "--seed", "x"]) == 2
    assert cli.main(["profile", "--sql", "SELECT 1", "--remote", "sc://h:1", "--connect-timeout", "0"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 4
    assert all(line.startswith("spark-profiler") for line in err)


def test_main_render_round_trips_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "copy.json"
    assert cli.main(["render", str(GOLDEN_PROFILE), "-o", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().err
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(GOLDEN_PROFILE.read_text(encoding="utf-8"))
    assert cli.main(["render", str(GOLDEN_PROFILE), "-o", str(tmp_path / "q.md"), "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    assert cli.main(["render", str(tmp_path)]) == 3
    assert "is a directory" in capsys.readouterr().err


def test_main_schema_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("spark-profiler profile")
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("spark-profiler ")


def test_unexpected_errors_name_the_type_and_suggest_verbose(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*args: Any, **kwargs: Any) -> int:
        raise KeyError("surprise")

    monkeypatch.setattr(cli, "_cmd_render", boom)
    assert cli.main(["render", str(GOLDEN_PROFILE)]) == 4
    err = capsys.readouterr().err
    assert "unexpected KeyError" in err
    assert "--verbose" in err


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "_cmd_schema", interrupted)
    assert cli.main(["schema"]) == 130
    assert "interrupted" in capsys.readouterr().err


# -- progress display --------------------------------------------------------------------------


class _FakeTracker:
    def __init__(self, stages: Dict[int, Any]) -> None:
        self.stages = stages

    def getActiveStageIds(self) -> List[int]:
        return list(self.stages)

    def getStageInfo(self, sid: int) -> Any:
        return self.stages.get(sid)


def _info(done: int, total: int, active: int) -> Any:
    return SimpleNamespace(numCompletedTasks=done, numTasks=total, numActiveTasks=active)


def test_poll_stages_reads_the_tracker_in_stage_order() -> None:
    tracker = _FakeTracker({7: _info(1, 4, 2), 3: _info(8, 8, 0), 5: None})
    assert poll_stages(tracker) == [StageStatus(3, 8, 8, 0), StageStatus(7, 1, 4, 2)]


def test_status_line_shows_stages_and_fits_the_width() -> None:
    stages = [StageStatus(i, i, 10, 1) for i in range(4)]
    line = format_status("profiling", 12.34, stages, 1, width=200)
    assert line.startswith("/ profiling 12.3s")
    assert "stage 0 [" in line
    assert "stage 1 [#" in line
    assert "+2 more stages" in line
    assert len(format_status("profiling", 1.0, stages, 0, width=40)) <= 40


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_draws_while_running_and_clears_the_line() -> None:
    stream = _Tty()
    progress = Progress(stream, enabled=True, interval=0.01)
    progress._tracker = _FakeTracker({2: _info(3, 6, 1)})
    with progress:
        progress.phase("profiling")
        deadline = time.monotonic() + 5
        while "stage 2" not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)
    text = stream.getvalue()
    assert "stage 2 [########        ] 3/6 tasks" in text
    assert text.endswith("\r\x1b[K")
    assert not any(t.name == "spark-profiler-progress" for t in threading.enumerate())


def test_disabled_progress_writes_nothing() -> None:
    stream = _Tty()
    with Progress(stream, enabled=False) as progress:
        progress.phase("profiling")
        progress.attach(object())
    assert stream.getvalue() == ""


def test_progress_survives_a_failing_tracker() -> None:
    class Broken:
        def getActiveStageIds(self) -> List[int]:
            raise RuntimeError("JVM gone")

    stream = _Tty()
    progress = Progress(stream, enabled=True, interval=0.01)
    progress._tracker = Broken()
    with progress:
        progress.phase("profiling")
        time.sleep(0.05)
    assert "profiling" in stream.getvalue()


_SILENCED_CHILD = """
import subprocess, sys
from spark_profiler.engine.io import jvm_stderr_silenced

noise = [sys.executable, "-c", "import sys; sys.stderr.write('jvm warning\\\\n')"]
with jvm_stderr_silenced({enabled}):
    # Like pyspark launching the JVM: a child that inherits descriptor 2.
    subprocess.run(noise, check=True)
sys.stderr.write("ours\\n")
"""


@pytest.mark.parametrize(("enabled", "expected"), [(True, "ours\n"), (False, "jvm warning\nours\n")])
def test_regression_a_child_started_while_silenced_cannot_write_to_our_stderr(enabled: bool, expected: str) -> None:
    """Spark 4 on Java 17+ prints an incubator-module warning that broke the one-line errors."""
    proc = subprocess.run(
        [sys.executable, "-c", _SILENCED_CHILD.format(enabled=enabled)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == expected


def test_second_handle_writes_to_the_same_place_and_closes_independently(tmp_path: Path) -> None:
    target = tmp_path / "err.txt"
    with target.open("w", encoding="utf-8") as original:
        second = cli._second_handle(original)
        assert second is not original
        second.write("progress\n")
        second.close()
        original.write("still open\n")
    assert target.read_text(encoding="utf-8") == "progress\nstill open\n"
    no_descriptor = io.StringIO()
    assert cli._second_handle(no_descriptor) is no_descriptor


def test_regression_pyspark_query_context_logs_are_muted_only_inside_the_block() -> None:
    """pyspark 4 logged a JSON line for a bad --sql query before the CLI printed its own."""
    logger_module = pytest.importorskip("pyspark.logger", reason="pyspark >= 4.0 has query-context loggers")
    from spark_profiler.engine.io import query_context_logs_silenced

    logger = logger_module.PySparkLogger.getLogger("SQLQueryContextLogger")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        with query_context_logs_silenced():
            logger.error("inside", errorClass="UNRESOLVED_COLUMN")
        with query_context_logs_silenced(enabled=False):
            logger.error("verbose", errorClass="UNRESOLVED_COLUMN")
        logger.error("after", errorClass="UNRESOLVED_COLUMN")
    finally:
        logger.removeHandler(handler)
    logged = [json.loads(line)["msg"] for line in stream.getvalue().splitlines()]
    assert logged == ["verbose", "after"]
