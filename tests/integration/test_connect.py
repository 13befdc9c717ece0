# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The profiler through a real Spark Connect server started by the fixture.

* Core statistics through ``SparkSession.builder.remote(...)`` match plain-Python oracles.
* Parity with classic mode: the same statistics and the same number of Spark actions.
* ``spark-profiler profile --remote sc://...`` works end to end.
* A server that goes away in the middle of a profile gives an ``ExecutionError``, not a hang.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Sequence

import pytest
from _equivalence import GENERATED_COLUMNS, assert_same_statistics, generated_frame
from _servers import ConnectServer, connect_unavailable_reason, start_connect_server

import spark_profiler
from spark_profiler.config import ProfileConfig
from spark_profiler.engine.executor import Executor
from spark_profiler.engine.runner import run_profile
from spark_profiler.errors import ExecutionError
from spark_profiler.model import Profile
from spark_profiler.model.serde import load

pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

ROWS = 20_000
PRESETS = ("minimal", "default", "full")

CLASSIC_CONF: Dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.memory": "1g",
}


#: How long a profile may take to fail once its Connect server is gone. With the short
#: client retry policy the test sets, the error arrives within seconds; the rest is headroom
#: for a loaded CI machine.
DEAD_SERVER_BOUND = 120.0


@pytest.fixture(scope="module", autouse=True)
def _restore_classic_mode() -> Iterator[None]:
    """Undo pyspark's process-wide switch to Connect after this module.

    Creating a remote session sets ``SPARK_CONNECT_MODE_ENABLED`` in ``os.environ``, and
    every later ``SparkSession.builder`` in the process would then ask for a Connect URL;
    the standalone-cluster tests in the same pytest run need classic sessions again.
    """
    saved = {k: os.environ.get(k) for k in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE")}
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _remote_session(url: str) -> Any:
    """A new Connect session on ``url``, never one that already runs in this process.

    ``getOrCreate()`` would hand back the active session whatever ``url`` says (pyspark
    ignores ``spark.remote`` for an existing session), so a test that starts its own
    server would silently run on the module's server instead.
    """
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.remote(url).create()
    # The server's own session time zone may come from the machine; pin it like classic mode.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    return spark


@pytest.fixture(scope="module")
def classic_profiles() -> Dict[str, Profile]:
    """Profiles of the generated data in classic local mode, one per preset."""
    from pyspark.sql import SparkSession

    from spark_profiler.testing import local_session

    if connect_unavailable_reason():
        pytest.skip(str(connect_unavailable_reason()))
    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()
    spark = local_session(app_name="spark-profiler-it-classic", master="local[2]", conf=CLASSIC_CONF)
    try:
        df = generated_frame(spark, ROWS)
        return {preset: spark_profiler.profile(df, config=preset) for preset in PRESETS}
    finally:
        spark.stop()


@pytest.fixture(scope="module")
def remote(connect_server: ConnectServer, classic_profiles: Dict[str, Profile]) -> Iterator[Any]:
    """A Spark Connect client session on the module's server."""
    spark = _remote_session(connect_server.url)
    try:
        yield spark
    finally:
        spark.stop()


def test_connect_session_is_really_remote(remote: Any) -> None:
    from spark_profiler.engine.capabilities import detect

    df = remote.range(3)
    assert "connect" in type(df).__module__
    assert detect(df).mode == "connect"


def test_core_statistics_through_connect_match_python_oracle(remote: Any) -> None:
    rows = [(i, None if i % 4 == 0 else float(i) / 3, f"s{i % 5}" if i % 6 else None) for i in range(1, 241)]
    df = remote.createDataFrame(rows, "n long, x double, s string")
    p = spark_profiler.profile(df, config="default")

    xs = [r[1] for r in rows if r[1] is not None]
    ss = [r[2] for r in rows if r[2] is not None]
    assert p.table["row_count"] == len(rows)
    assert p.execution.spark_mode == "connect"
    assert p["n"]["min"] == 1
    assert p["n"]["max"] == 240
    assert p["x"]["null_count"] == len(rows) - len(xs)
    assert p["x"]["mean"] == pytest.approx(sum(xs) / len(xs), rel=1e-12)
    assert p["x"]["sum"] == pytest.approx(sum(xs), rel=1e-12)
    assert p["s"]["null_count"] == len(rows) - len(ss)
    expected_top = sorted(((v, ss.count(v)) for v in set(ss)), key=lambda kv: (-kv[1], kv[0]))
    frequent = p["s"].frequent
    assert frequent is not None
    assert sorted(frequent.items, key=lambda kv: (-kv[1], str(kv[0]))) == expected_top


def test_collated_strings_through_connect_are_profiled_as_plain_strings(remote: Any) -> None:
    # The engine casts collated strings with a DataType, which goes over the wire too.
    values = ["a", "A", "a", " b", "", None]
    df = remote.createDataFrame([(v,) for v in values], "v string").selectExpr("v COLLATE UNICODE_CI AS v")
    p = spark_profiler.profile(df, config="default")
    assert p.failures == ()
    assert p["v"].kind == "string"
    assert p["v"].spark_type == "string collate UNICODE_CI"
    assert p["v"]["distinct_count"] == 4
    assert p["v"]["whitespace_padded_count"] == 1
    assert p["v"]["empty_count"] == 1
    frequent = p["v"].frequent
    assert frequent is not None
    assert dict(frequent.items) == {"a": 2, "A": 1, " b": 1, "": 1}


def test_time_of_day_columns_through_connect(remote: Any) -> None:
    # TIME values never cross the wire: the engine reads them as text and seconds.
    remote.conf.set("spark.sql.timeType.enabled", "true")
    df = remote.sql(
        "SELECT CAST(t AS TIME(6)) AS t FROM VALUES ('06:00:00'), ('18:45:30.25'), ('06:00:00'), (NULL) AS v(t)"
    )
    p = spark_profiler.profile(df, config="default")
    assert p.failures == ()
    c = p["t"]
    assert (c.kind, c["min"], c["max"], c["range_seconds"]) == ("temporal", "06:00:00", "18:45:30.25", 45930.25)
    assert c.frequent is not None
    assert c.frequent.items == (("06:00:00", 2), ("18:45:30.25", 1))
    assert c.histogram is not None
    assert (c.histogram.counts[0], c.histogram.counts[-1], sum(c.histogram.counts)) == (2, 1, 3)


def test_nested_values_through_connect_are_compared_as_spark_compares_them(remote: Any) -> None:
    # The rebuilt nested values are SQL lambdas, which go over the wire as text.
    df = remote.sql(
        "SELECT map('k', map('a', 1, 'b', 2)) AS mm, named_struct('v', array(parse_json('null'))) AS sv,"
        " array(CAST('0.0' AS DOUBLE)) AS ad"
        " UNION ALL SELECT map('k', map('b', 2, 'a', 1)), named_struct('v', array(CAST(NULL AS VARIANT))),"
        " array(CAST('-0.0' AS DOUBLE))"
    )
    p = spark_profiler.profile(df, config="full")
    assert p.failures == ()
    # One map built in two orders; -0.0 is 0.0; a SQL NULL variant is not a JSON null.
    assert (p["mm"]["distinct_count"], p["ad"]["distinct_count"], p["sv"]["distinct_count"]) == (1, 1, 2)
    assert p.table["duplicate_rows"] == 0


@pytest.mark.parametrize("preset", PRESETS)
def test_connect_profile_equals_classic_profile(remote: Any, classic_profiles: Dict[str, Profile], preset: str) -> None:
    on_connect = spark_profiler.profile(generated_frame(remote, ROWS), config=preset)
    classic = classic_profiles[preset]

    assert on_connect.execution.spark_mode == "connect"
    assert classic.execution.spark_mode == "classic"
    # The job budget is the same on both: Connect must not cost extra actions.
    assert on_connect.execution.actions == classic.execution.actions
    assert [x.name for x in on_connect.execution.passes] == [x.name for x in classic.execution.passes]
    assert_same_statistics(classic, on_connect, f"Spark Connect vs classic, preset {preset}")


def _cli() -> str:
    exe = shutil.which(
        "spark-profiler", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    )
    if exe is None:
        pytest.skip("the spark-profiler command is not installed in this environment")
    return exe


def test_cli_profiles_through_remote_end_to_end(
    connect_server: ConnectServer, classic_profiles: Dict[str, Profile], tmp_path: Path
) -> None:
    out_json = tmp_path / "profile.json"
    out_md = tmp_path / "profile.md"
    columns = ", ".join(f"{expr} AS `{name}`" for name, expr in GENERATED_COLUMNS)
    query = f"SELECT {columns} FROM range(0, {ROWS}, 1, 4)"  # noqa: S608 - built from the test's own constants
    cmd = [
        _cli(),
        "profile",
        "--remote",
        connect_server.url,
        "--connect-timeout",
        "60",
        "--sql",
        query,
        "--preset",
        "default",
        "-o",
        str(out_json),
        "-o",
        str(out_md),
    ]
    env = dict(os.environ, TZ="UTC")
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env, check=False)
    assert done.returncode == 0, f"exit {done.returncode}\nstdout:\n{done.stdout}\nstderr:\n{done.stderr}"

    from_cli = load(out_json)
    assert from_cli.execution.spark_mode == "connect"
    assert from_cli.table["row_count"] == ROWS
    assert "category" in out_md.read_text(encoding="utf-8")
    # The CLI may use its own session time zone; compare only zone-free columns then.
    classic = classic_profiles["default"]
    if from_cli.execution.session_time_zone == classic.execution.session_time_zone:
        assert_same_statistics(classic, from_cli, "CLI over Spark Connect vs classic")
    else:
        zone_free = ("id", "small_int", "amount", "price", "category", "note", "flag")
        assert_same_statistics(classic, from_cli, "CLI over Spark Connect vs classic", columns=zone_free)


def test_cli_in_process_uses_its_own_connect_session_and_leaves_the_callers_running(
    connect_server: ConnectServer, remote: Any, tmp_path: Path
) -> None:
    from spark_profiler import cli

    key = "spark.sql.shuffle.partitions"
    before = remote.conf.get(key)
    out_json = tmp_path / "profile.json"
    argv = ["profile", "--remote", connect_server.url, "--conf", f"{key}=7", "--quiet"]
    argv += ["--sql", "SELECT id, id % 3 AS m FROM range(0, 100)", "-o", str(out_json)]
    assert cli.main(argv) == 0

    assert load(out_json).table["row_count"] == 100
    # The command's --conf went to its own session, and stopping that session on exit
    # left the caller's session (created before main() ran) working.
    assert remote.conf.get(key) == before
    assert remote.range(5).count() == 5


def _short_client_retries(spark: Any) -> None:
    """Make this client give up on a dead server after seconds, not pyspark's default 10+ minutes.

    pyspark's default Connect retry policy keeps retrying an unreachable server for at
    least ten minutes by design; that wait belongs to the client, not to the profiler.
    The test shortens it so that it measures what the profiler does once the client gives up.
    """
    from pyspark.sql.connect.client.retries import DefaultPolicy

    client = getattr(spark, "client", None)
    if client is None or not hasattr(client, "set_retry_policies"):
        pytest.skip("this pyspark's Connect client has no configurable retry policy")
    client.set_retry_policies([DefaultPolicy(max_retries=4, initial_backoff=100, max_backoff=2000)])


class _SignallingExecutor(Executor):
    """Sets an event when the profile starts its first Spark pass."""

    def __init__(self) -> None:
        super().__init__()
        self.pass_started = threading.Event()

    def collect(self, df: Any, *, pass_name: str, columns: Sequence[str], chunk: int = 0) -> List[Any]:
        self.pass_started.set()
        return super().collect(df, pass_name=pass_name, columns=columns, chunk=chunk)


# The client warns once it gives up retrying; the error itself is what is checked.
@pytest.mark.filterwarnings("ignore:.*RETRIES_EXCEEDED:UserWarning")
def test_server_stopped_mid_profile_raises_execution_error(tmp_path: Path) -> None:
    """A server that dies during a pass surfaces as ExecutionError within a bounded time, never as a hang."""
    server = start_connect_server(tmp_path)
    spark = None
    try:
        spark = _remote_session(server.url)
        _short_client_retries(spark)
        # Big enough to still be running when the server goes away.
        df = generated_frame(spark, 50_000_000, 8)
        executor = _SignallingExecutor()
        outcome: Dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["profile"] = run_profile(df, config=ProfileConfig.from_preset("full"), executor=executor)
            except BaseException as exc:  # inspected by the main thread
                outcome["error"] = exc

        worker = threading.Thread(target=run, name="profile-vs-dying-server", daemon=True)
        worker.start()
        # Kill the server only once a Spark pass is really running, not while the
        # client is still resolving the schema.
        assert executor.pass_started.wait(timeout=300), f"no Spark pass started: {outcome}"
        time.sleep(2.0)
        assert worker.is_alive(), f"the profile finished before the server was stopped: {outcome}"
        server.process.kill()
        stopped = time.monotonic()
        worker.join(timeout=DEAD_SERVER_BOUND)
        waited = time.monotonic() - stopped
        assert not worker.is_alive(), f"profile() still hangs {DEAD_SERVER_BOUND:.0f} s after the Connect server died"
        error = outcome.get("error")
        assert isinstance(error, ExecutionError), f"expected ExecutionError, got {error!r}\n{server.process.log_tail()}"
        assert error.__cause__ is not None, "the ExecutionError must chain the client's error"
        assert error.pass_name, "the ExecutionError must name the pass that failed"
        print(json.dumps({"seconds_to_error": round(waited, 1), "message": str(error)[:200]}))
    finally:
        if spark is not None:
            # The server is gone; the client may complain about it while closing.
            with contextlib.suppress(Exception):
                spark.stop()
        server.stop()
