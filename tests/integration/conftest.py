# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Fixtures of the integration suite: a real standalone cluster and a real Spark Connect server.

The servers are started and stopped by :mod:`_servers`; a fixture always tears its
server down, also when a test fails or the fixture's own start-up fails halfway.
"""

from __future__ import annotations

from typing import Iterator

import pytest

pytest.importorskip("pyspark")

from _servers import (  # imported only once pyspark is known to be importable
    ConnectServer,
    StandaloneCluster,
    connect_unavailable_reason,
    start_connect_server,
    start_standalone_cluster,
)


@pytest.fixture(scope="module")
def standalone_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StandaloneCluster]:
    """A fresh standalone master + two 1-core workers, stopped after the module."""
    cluster = start_standalone_cluster(tmp_path_factory.mktemp("standalone"))
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="module")
def connect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ConnectServer]:
    """A Spark Connect server shared by a test module; skipped where none can run."""
    reason = connect_unavailable_reason()
    if reason:
        pytest.skip(reason)
    server = start_connect_server(tmp_path_factory.mktemp("connect"))
    try:
        yield server
    finally:
        server.stop()
