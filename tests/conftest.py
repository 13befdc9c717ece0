# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Suite-wide fixtures and policies.

* ``spark``: one small local Spark session per test process (``local[2]``, UI off,
  2 shuffle partitions, AQE off so tests that count jobs see a fixed plan, UTC).
* Tests under ``tests/spark`` or using the ``spark`` fixture are marked ``spark``;
  tests under ``tests/integration`` are marked ``integration``. CI selects by marker.
* A run in which no test executed (everything skipped or deselected) fails: a green
  run must mean that something was actually tested.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, List

import pytest

TESTS = Path(__file__).resolve().parent

#: The settings of the shared session; a test that needs others builds its own.
SPARK_TEST_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    # Adaptive execution adds and removes jobs at run time; job-counting tests need a fixed plan.
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.memory": "1g",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.execution.arrow.pyspark.enabled": "false",
}


def pytest_collection_modifyitems(config: pytest.Config, items: List[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if TESTS / "spark" in path.parents or "spark" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.spark)
        if TESTS / "integration" in path.parents:
            item.add_marker(pytest.mark.integration)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Turn "nothing ran" into a failure, whatever the reason (all skipped or deselected)."""
    if exitstatus != 0 or os.environ.get("PYTEST_XDIST_WORKER"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    executed = sum(len(reporter.stats.get(k, ())) for k in ("passed", "failed", "xfailed", "xpassed", "error"))
    if executed == 0:
        reporter.ensure_newline()
        reporter.write_line("ERROR: no test was executed; treating the run as failed", red=True, bold=True)
        session.exitstatus = pytest.ExitCode.NO_TESTS_COLLECTED


@pytest.fixture(scope="session")
def spark() -> Iterator[object]:
    """A session-wide local Spark session (``local[2]``, UI off, AQE off, UTC), stopped at the end."""
    from spark_profiler.testing import local_session

    session = local_session(app_name="spark-profiler-tests", master="local[2]", conf=SPARK_TEST_CONF)
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
