# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The real ``spark-profiler`` command, in a subprocess, on paths that must never start Spark.

Every run here has a fake ``pyspark`` first on the path that aborts the process with
exit code 99 on import, so each test also proves the command did not touch Spark.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest
from cli_helpers import GOLDEN_PROFILE, PENGUINS, assert_one_line_error, run_cli

from spark_profiler import __version__
from spark_profiler.cli import EXIT_CODES
from spark_profiler.model import serde


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_version_prints_the_package_version(pyspark_blocker: Path) -> None:
    proc = run_cli(["--version"], block=pyspark_blocker)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"spark-profiler {__version__}"


def test_schema_prints_the_checked_in_json_schema(pyspark_blocker: Path) -> None:
    from spark_profiler.model.schemagen import SCHEMA_FILE

    proc = run_cli(["schema"], block=pyspark_blocker)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "args", [["schema"], ["render", str(GOLDEN_PROFILE)], ["--version"]], ids=["schema", "render", "version"]
)
def test_regression_closed_stdout_pipe_exits_0_without_a_traceback(args: List[str], pyspark_blocker: Path) -> None:
    """``spark-profiler schema | head -1``: the reader leaving early is not an error.

    The read end is closed before the command starts, so every write fails with EPIPE,
    whatever the size of the output (a shell pipe would race with the pipe buffer).
    """
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(pyspark_blocker), env.get("PYTHONPATH", "")) if p)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "spark_profiler.cli", *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""


@pytest.mark.skipif(not shutil.which("bash") or not shutil.which("head"), reason="needs bash and head")
def test_regression_schema_piped_into_head_prints_one_line(pyspark_blocker: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(pyspark_blocker), env.get("PYTHONPATH", "")) if p)
    command = f"{shlex.quote(sys.executable)} -m spark_profiler.cli schema | head -1"
    # pipefail: the exit status is the command's, not head's.
    proc = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "{\n"
    assert "Traceback" not in proc.stderr
    assert proc.stderr == ""


def test_help_documents_every_exit_code(pyspark_blocker: Path) -> None:
    for args in (["--help"], ["profile", "--help"], ["render", "--help"]):
        proc = run_cli(args, block=pyspark_blocker)
        assert proc.returncode == 0, proc.stderr
        for code, text in EXIT_CODES.items():
            assert f"{code}  {text}" in proc.stdout, (args, code)


def test_no_command_is_a_usage_error(pyspark_blocker: Path) -> None:
    proc = run_cli([], block=pyspark_blocker)
    assert proc.returncode == 2
    assert "profile" in proc.stderr


def test_render_writes_every_format_without_importing_pyspark(tmp_path: Path, pyspark_blocker: Path) -> None:
    outs = [tmp_path / n for n in ("r.html", "r.json", "r.md", "r.txt")]
    args = ["render", str(GOLDEN_PROFILE)]
    for o in outs:
        args += ["-o", str(o)]
    proc = run_cli(args, block=pyspark_blocker)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    original = serde.load(GOLDEN_PROFILE)
    assert serde.load(tmp_path / "r.json") == original
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    assert original.columns[0].name in (tmp_path / "r.md").read_text(encoding="utf-8")
    assert original.columns[0].name in (tmp_path / "r.txt").read_text(encoding="utf-8")
    # Nothing but the four reports: no temporary files left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(o.name for o in outs)


def test_render_without_output_prints_the_text_summary(pyspark_blocker: Path) -> None:
    proc = run_cli(["render", str(GOLDEN_PROFILE)], block=pyspark_blocker)
    assert proc.returncode == 0, proc.stderr
    rows = serde.load(GOLDEN_PROFILE).table["row_count"]
    assert f"{rows:,}" in proc.stdout


@pytest.mark.parametrize(("level", "code"), [("warning", 1), ("error", 1)])
def test_render_fail_on_reports_the_gate(pyspark_blocker: Path, level: str, code: int) -> None:
    from spark_profiler.alerts import SEVERITIES, compute_alerts

    alerts = compute_alerts(serde.load(GOLDEN_PROFILE))
    expected = sum(1 for a in alerts if SEVERITIES.index(a.severity) >= SEVERITIES.index(level))
    assert expected > 0
    proc = run_cli(["render", str(GOLDEN_PROFILE), "--fail-on", level, "-q"], block=pyspark_blocker)
    assert proc.returncode == code
    assert f"quality gate failed: {expected} alert(s) at {level} or above" in proc.stderr


def test_render_of_a_newer_major_version_is_an_input_error(tmp_path: Path, pyspark_blocker: Path) -> None:
    data = json.loads(GOLDEN_PROFILE.read_text(encoding="utf-8"))
    data["schema_version"] = "99.0"
    data["library_version"] = "42.1.0"
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(data), encoding="utf-8")
    line = assert_one_line_error(run_cli(["render", str(newer)], block=pyspark_blocker), 3)
    assert "schema version 99.0" in line
    assert "spark-profiler>=42.1.0" in line  # the release that can read it


@pytest.mark.parametrize(
    ("name", "content"),
    [("missing.json", None), ("garbage.json", "not json {"), ("other.json", '{"hello": 1}')],
)
def test_render_of_a_bad_file_is_an_input_error(
    tmp_path: Path, pyspark_blocker: Path, name: str, content: object
) -> None:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    assert_one_line_error(run_cli(["render", str(path)], block=pyspark_blocker), 3)


def _bad_input_cases(tmp: Path):  # type: ignore[no-untyped-def]
    """(id, argv, exit code, text the message must contain) for every pre-Spark failure."""
    unknown = tmp / "data.xyz"
    unknown.write_text("a,b\n1,2\n", encoding="utf-8")
    port = _free_port()
    return [
        ("missing-path", ["profile", str(tmp / "nope.csv")], 3, "no such file"),
        ("glob-matches-nothing", ["profile", str(tmp / "*.parquet")], 3, "no file matches"),
        ("unknown-extension", ["profile", str(unknown)], 3, "--format"),
        ("unknown-format-option", ["profile", str(PENGUINS), "--format", "xls"], 2, "invalid choice"),
        ("invalid-master", ["profile", str(PENGUINS), "--master", "localhost:7077"], 2, "invalid master URL"),
        ("invalid-connect-url", ["profile", str(PENGUINS), "--remote", "http://h:1"], 2, "sc://"),
        (
            "unreachable-connect",
            ["profile", str(PENGUINS), "--remote", f"sc://127.0.0.1:{port}", "--connect-timeout", "2"],
            4,
            "cannot reach the Spark Connect server",
        ),
        ("missing-output-dir", ["profile", str(PENGUINS), "-o", str(tmp / "no" / "r.html")], 2, "does not exist"),
        ("unknown-output-extension", ["profile", str(PENGUINS), "-o", str(tmp / "r.pdf")], 2, "report format"),
        ("output-twice", ["profile", str(PENGUINS), "-o", str(tmp / "r.md"), "-o", str(tmp / "r.md")], 2, "twice"),
        ("bad-sample", ["profile", str(PENGUINS), "--sample", "-3"], 2, "--sample"),
        ("seed-without-sample", ["profile", str(PENGUINS), "--seed", "3"], 2, "--seed"),
        ("bad-conf", ["profile", str(PENGUINS), "--conf", "novalue"], 2, "key=value"),
        ("nothing-to-profile", ["profile"], 2, "nothing to profile"),
        ("table-and-files", ["profile", str(PENGUINS), "--table", "t"], 2, "not both"),
        ("unknown-option", ["profile", str(PENGUINS), "--frobnicate"], 2, "unrecognized"),
    ]


def test_every_bad_input_fails_fast_with_one_line_and_its_exit_code(tmp_path: Path, pyspark_blocker: Path) -> None:
    failures = []
    for case_id, argv, code, needle in _bad_input_cases(tmp_path):
        proc = run_cli(argv, block=pyspark_blocker, timeout=60)
        try:
            line = assert_one_line_error(proc, code)
            assert needle in line, line
        except AssertionError as exc:
            failures.append(f"{case_id}: {exc}")
    assert not failures, "\n".join(failures)
    # No report or temporary file was created by any failing run.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.xyz"]


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_an_input_error(tmp_path: Path, pyspark_blocker: Path) -> None:
    locked = tmp_path / "locked.csv"
    locked.write_text("a\n1\n", encoding="utf-8")
    locked.chmod(0)
    try:
        line = assert_one_line_error(run_cli(["profile", str(locked)], block=pyspark_blocker), 3)
    finally:
        locked.chmod(0o600)
    assert "cannot read" in line


def test_verbose_adds_the_traceback(tmp_path: Path, pyspark_blocker: Path) -> None:
    proc = run_cli(["profile", str(tmp_path / "nope.csv"), "--verbose"], block=pyspark_blocker)
    assert proc.returncode == 3
    assert "Traceback" in proc.stderr
    assert proc.stderr.rstrip().splitlines()[-1].startswith("spark-profiler: error: no such file")


def test_a_failing_renderer_leaves_no_report_behind(tmp_path: Path, pyspark_blocker: Path) -> None:
    """Simulate a crash while rendering the second report: neither file may appear or change."""
    existing = tmp_path / "keep.json"
    existing.write_text("previous content", encoding="utf-8")
    script = (
        "import sys\n"
        "import spark_profiler.report as report\n"
        "real = report.render\n"
        "def broken(profile, fmt, *a, **k):\n"
        "    if fmt == 'html':\n"
        "        raise MemoryError('simulated crash while rendering')\n"
        "    return real(profile, fmt, *a, **k)\n"
        "report.render = broken\n"
        "from spark_profiler.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(pyspark_blocker), env.get("PYTHONPATH", "")) if p)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            "render",
            str(GOLDEN_PROFILE),
            "-o",
            str(existing),
            "-o",
            str(tmp_path / "r.html"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 4, proc.stderr
    assert "simulated crash" in proc.stderr
    assert existing.read_text(encoding="utf-8") == "previous content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.json"]
