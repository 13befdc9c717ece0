# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The profiler on a real standalone cluster (a master and two workers started by the fixture).

* The statistics computed on the cluster equal those of local mode on the same data.
* Killing a worker (SIGKILL, executors included) in the middle of a profile does not
  change the result: Spark retries the lost tasks on the surviving worker.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any, Dict, Iterator, Optional

import pytest
from _equivalence import assert_same_statistics, generated_frame

import spark_profiler
from spark_profiler.model import Profile

pytestmark = [pytest.mark.integration, pytest.mark.timeout(1200)]

#: Rows of the shared data set: enough for the fault test to kill a worker while tasks run.
ROWS = int(os.environ.get("SPARK_PROFILER_IT_ROWS", "3000000"))
PARTITIONS = 16
PRESET = "default"

CLUSTER_CONF: Dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.memory": "1g",
    "spark.executor.memory": "512m",
    "spark.executor.cores": "1",
    "spark.cores.max": "2",
    # Retry budget for the fault test: a lost executor fails its running tasks once.
    "spark.task.maxFailures": "8",
}


def _stop_active_session() -> None:
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


def _session(master: str) -> Any:
    from spark_profiler.testing import local_session

    _stop_active_session()
    spark = local_session(app_name="spark-profiler-it-standalone", master=master, conf=CLUSTER_CONF)
    spark.sparkContext.setLogLevel("ERROR")
    return spark


@pytest.fixture(scope="module")
def local_reference() -> Profile:
    """The profile of the shared data in local mode: the expected result on the cluster."""
    spark = _session("local[2]")
    try:
        return spark_profiler.profile(generated_frame(spark, ROWS, PARTITIONS), config=PRESET)
    finally:
        spark.stop()


@pytest.fixture(scope="module")
def cluster_session(standalone_cluster: Any, local_reference: Profile) -> Iterator[Any]:
    """A driver in this process, attached to the fixture's standalone master."""
    spark = _session(standalone_cluster.master_url)
    try:
        yield spark
    finally:
        spark.stop()


def test_cluster_profile_equals_local_mode_profile(
    cluster_session: Any, standalone_cluster: Any, local_reference: Profile
) -> None:
    assert cluster_session.sparkContext.master == standalone_cluster.master_url
    on_cluster = spark_profiler.profile(generated_frame(cluster_session, ROWS, PARTITIONS), config=PRESET)

    assert on_cluster.table["row_count"] == ROWS
    assert on_cluster.execution.actions == local_reference.execution.actions
    assert_same_statistics(local_reference, on_cluster, "standalone cluster vs local[2]")
    # Both workers took part: the master lists one executor per worker for this application.
    app = _running_app(standalone_cluster.state() or {})
    assert app is not None, standalone_cluster.logs()
    assert app.get("cores") == 2, standalone_cluster.logs()


def _running_app(state: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    apps = state.get("activeapps", [])
    return dict(apps[0]) if apps else None


def _tasks_running(spark: Any) -> bool:
    tracker = spark.sparkContext.statusTracker()
    for stage_id in tracker.getActiveStageIds():
        info = tracker.getStageInfo(stage_id)
        if info is not None and info.numActiveTasks > 0:
            return True
    return False


def test_profile_survives_a_worker_killed_mid_run(
    cluster_session: Any, standalone_cluster: Any, local_reference: Profile
) -> None:
    victim = standalone_cluster.workers[1]
    assert standalone_cluster.alive_workers() == 2, standalone_cluster.logs()
    result: Dict[str, Any] = {}

    def run() -> None:
        try:
            result["profile"] = spark_profiler.profile(
                generated_frame(cluster_session, ROWS, PARTITIONS), config=PRESET
            )
        except BaseException as exc:  # reported by the main thread
            result["error"] = exc

    worker = threading.Thread(target=run, name="profile-under-fault", daemon=True)
    started = time.monotonic()
    worker.start()
    deadline = started + 300
    while not _tasks_running(cluster_session) and worker.is_alive() and time.monotonic() < deadline:
        time.sleep(0.1)
    # Let the first wave of tasks get going on both executors, then take a node away.
    time.sleep(1.0)
    assert worker.is_alive(), (
        f"the profile finished before the worker could be killed; raise SPARK_PROFILER_IT_ROWS\n{result}"
    )
    victim.kill()
    killed_at = time.monotonic() - started
    worker.join(timeout=900)

    context = f"worker {victim.name} killed {killed_at:.1f}s into the profile\n{standalone_cluster.logs()}"
    assert not worker.is_alive(), f"the profile did not finish within 15 minutes after the kill\n{context}"
    assert "error" not in result, f"the profile failed after the kill: {result.get('error')!r}\n{context}"
    assert not victim.alive(), context
    assert_same_statistics(local_reference, result["profile"], context.splitlines()[0])
