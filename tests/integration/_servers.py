# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Start and stop real Spark servers for the integration suite: a standalone cluster and Spark Connect.

Both are started from the installed pyspark (its bundled ``bin/spark-class`` and
``bin/spark-submit``) on 127.0.0.1 with free ports and throw-away work/log directories,
and both are torn down whatever happens in the tests: every server runs in its own
process group, and teardown kills the whole group (a worker takes its executors with it).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import pyspark

#: Seconds to wait for a server to come up. Generous: CI shares two cores.
STARTUP_TIMEOUT = float(os.environ.get("SPARK_PROFILER_IT_STARTUP_TIMEOUT", "180"))


def pyspark_version() -> Tuple[int, ...]:
    """The installed pyspark version as a tuple of ints (``(4, 0, 1)``)."""
    parts = []
    for p in pyspark.__version__.split(".")[:3]:
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def spark_home() -> Path:
    """SPARK_HOME of the pip-installed pyspark: the package directory itself."""
    return Path(pyspark.__file__).resolve().parent


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    """True when something accepts TCP connections on ``host:port``."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


@dataclass
class SparkProcess:
    """A JVM started by a fixture, running in its own process group."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path

    @property
    def pid(self) -> int:
        return int(self.popen.pid)

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log_tail(self, lines: int = 80) -> str:
        """The end of this process's log, plus Spark's own log files next to it."""
        chunks = []
        candidates = [self.log_path, *sorted(self.log_path.parent.glob("*.out"))]
        for path in candidates:
            if not path.is_file():
                continue
            text = path.read_text(errors="replace").splitlines()[-lines:]
            chunks.append(f"----- {path.name} -----\n" + "\n".join(text))
        return "\n".join(chunks) if chunks else f"(no log for {self.name})"

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole process group (the JVM and every child, e.g. executors)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, sig)

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM the group, then SIGKILL what is left after ``grace`` seconds."""
        if self.alive():
            self.kill(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.popen.wait(timeout=grace)
        # Children (executors) can outlive the leader; always sweep the group.
        self.kill(signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):  # pragma: no cover - the kernel reaps it
            self.popen.wait(timeout=grace)


def spark_env(base: Path) -> Dict[str, str]:
    """Environment for a Spark JVM: private log/work/local dirs, loopback only."""
    env = dict(os.environ)
    home = spark_home()
    for sub in ("logs", "work", "local"):
        (base / sub).mkdir(parents=True, exist_ok=True)
    env.update(
        {
            "SPARK_HOME": str(home),
            "SPARK_LOG_DIR": str(base / "logs"),
            "SPARK_WORKER_DIR": str(base / "work"),
            "SPARK_LOCAL_DIRS": str(base / "local"),
            "SPARK_LOCAL_IP": "127.0.0.1",
            "SPARK_LOCAL_HOSTNAME": "localhost",
            "SPARK_NO_DAEMONIZE": "1",
            "PYSPARK_PYTHON": sys.executable,
            "PYSPARK_DRIVER_PYTHON": sys.executable,
        }
    )
    # A conf dir of our own so nothing from the machine leaks in.
    conf = base / "conf"
    conf.mkdir(exist_ok=True)
    env["SPARK_CONF_DIR"] = str(conf)
    return env


def start_process(name: str, argv: Sequence[str], env: Dict[str, str], log_dir: Path) -> SparkProcess:
    """Start ``argv`` in a new session (its own process group) with output to a log file."""
    log_path = log_dir / f"{name}.log"
    with log_path.open("wb") as log:
        popen = subprocess.Popen(
            list(argv),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
    return SparkProcess(name, popen, log_path)


def _master_state(ui_port: int) -> Optional[Dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=2) as r:
            return dict(json.loads(r.read().decode("utf-8")))
    except (urllib.error.URLError, OSError, ValueError):
        return None


@dataclass
class StandaloneCluster:
    """A running standalone master with its workers."""

    master_url: str
    master: SparkProcess
    workers: List[SparkProcess]
    ui_port: int
    base_dir: Path
    extra: Dict[str, str] = field(default_factory=dict)

    def state(self) -> Optional[Dict[str, Any]]:
        """The master's JSON status page, or ``None`` when it does not answer."""
        return _master_state(self.ui_port)

    def alive_workers(self) -> int:
        st = self.state() or {}
        return sum(1 for w in st.get("workers", []) if w.get("state") == "ALIVE")

    def logs(self) -> str:
        """Every log of the cluster (master, workers, executors' stderr), for failure messages."""
        parts = [self.master.log_tail()] + [w.log_tail() for w in self.workers]
        for err in sorted((self.base_dir / "work").rglob("stderr")):
            tail = err.read_text(errors="replace").splitlines()[-40:]
            parts.append(f"----- executor {err.parent.parent.name}/{err.parent.name} stderr -----\n" + "\n".join(tail))
        return "\n".join(parts)

    def stop(self) -> None:
        for w in self.workers:
            w.stop()
        self.master.stop()


def start_standalone_cluster(base: Path, workers: int = 2, timeout: float = STARTUP_TIMEOUT) -> StandaloneCluster:
    """Start a master and ``workers`` workers (1 core, 1 GiB each); wait until all registered."""
    spark_class = str(spark_home() / "bin" / "spark-class")
    port, ui_port = free_port(), free_port()
    master_url = f"spark://127.0.0.1:{port}"
    env = spark_env(base)
    # A shorter worker timeout lets the master notice a killed worker sooner. Master and
    # workers must agree on it: a worker heartbeats every timeout/4 seconds.
    env["SPARK_DAEMON_JAVA_OPTS"] = "-Dspark.worker.timeout=30"
    env["SPARK_DAEMON_MEMORY"] = "512m"
    log_dir = Path(env["SPARK_LOG_DIR"])
    master = start_process(
        "master",
        [
            spark_class,
            "org.apache.spark.deploy.master.Master",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--webui-port",
            str(ui_port),
        ],
        env,
        log_dir,
    )
    cluster = StandaloneCluster(master_url, master, [], ui_port, base)
    try:
        _wait_for(lambda: _master_state(ui_port) is not None, timeout, "the standalone master", cluster)
        for i in range(workers):
            wdir = base / "work" / f"worker-{i}"
            wdir.mkdir(parents=True, exist_ok=True)
            wenv = dict(env)
            wenv["SPARK_WORKER_DIR"] = str(wdir)
            cluster.workers.append(
                start_process(
                    f"worker-{i}",
                    [
                        spark_class,
                        "org.apache.spark.deploy.worker.Worker",
                        master_url,
                        "--host",
                        "127.0.0.1",
                        "--cores",
                        "1",
                        "--memory",
                        "1g",
                        "--work-dir",
                        str(wdir),
                        "--webui-port",
                        str(free_port()),
                    ],
                    wenv,
                    log_dir,
                )
            )
        _wait_for(lambda: cluster.alive_workers() >= workers, timeout, f"{workers} workers to register", cluster)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _wait_for(
    cond: Callable[[], bool],
    timeout: float,
    what: str,
    cluster: Optional[StandaloneCluster] = None,
    proc: Optional[SparkProcess] = None,
) -> None:
    """Poll ``cond`` until it holds; fail early with the logs when a server process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        dead = [p for p in ([cluster.master, *cluster.workers] if cluster else [proc] if proc else []) if not p.alive()]
        if dead:
            logs = cluster.logs() if cluster else dead[0].log_tail()
            raise RuntimeError(
                f"{dead[0].name} exited (code {dead[0].popen.returncode}) while waiting for {what}\n{logs}"
            )
        time.sleep(0.5)
    logs = cluster.logs() if cluster else (proc.log_tail() if proc else "")
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}\n{logs}")


# --------------------------------------------------------------------------- Spark Connect


@dataclass
class ConnectServer:
    """A running Spark Connect server."""

    url: str
    port: int
    process: SparkProcess

    def stop(self) -> None:
        self.process.stop()


def connect_unavailable_reason() -> Optional[str]:
    """Why this pyspark cannot run a local Connect server here, or ``None`` when it can."""
    if pyspark_version() < (3, 5):
        return f"Spark Connect needs Spark 3.5+, installed pyspark is {pyspark.__version__}"
    jars = list((spark_home() / "jars").glob("spark-connect_*.jar"))
    if not jars:
        # pyspark 3.5 does not bundle the server: it is fetched with --packages from Maven
        # Central, which this test environment cannot reach.
        return (
            f"pyspark {pyspark.__version__} does not bundle the Spark Connect server jar "
            "(it needs --packages org.apache.spark:spark-connect from Maven)"
        )
    try:
        import grpc  # noqa: F401
        import pandas  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError as exc:
        return f"Spark Connect client dependencies are missing ({exc}); install pyspark[connect]"
    return None


def start_connect_server(base: Path, timeout: float = STARTUP_TIMEOUT) -> ConnectServer:
    """Start ``SparkConnectServer`` on a free loopback port (local[2]) and wait for its port."""
    port = free_port()
    env = spark_env(base)
    submit = str(spark_home() / "bin" / "spark-submit")
    argv = [
        submit,
        "--class",
        "org.apache.spark.sql.connect.service.SparkConnectServer",
        "--name",
        "spark-profiler-it-connect",
        "--master",
        "local[2]",
        "--driver-memory",
        "1g",
        "--conf",
        f"spark.connect.grpc.binding.port={port}",
        "--conf",
        "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf",
        "spark.ui.enabled=false",
        "--conf",
        "spark.sql.shuffle.partitions=2",
        "--conf",
        "spark.driver.host=127.0.0.1",
        "--conf",
        "spark.driver.bindAddress=127.0.0.1",
        "--conf",
        f"spark.local.dir={base / 'local'}",
    ]
    proc = start_process("connect-server", argv, env, Path(env["SPARK_LOG_DIR"]))
    try:
        _wait_for(lambda: port_open(port), timeout, "the Spark Connect server port", proc=proc)
    except BaseException:
        proc.stop()
        raise
    return ConnectServer(f"sc://127.0.0.1:{port}", port, proc)
