# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The shared Spark fixture and the local session helper against a real JVM."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.smoke


def test_shared_session_uses_the_small_test_settings(spark: Any) -> None:
    conf = spark.conf
    assert conf.get("spark.sql.shuffle.partitions") == "2"
    assert conf.get("spark.sql.adaptive.enabled") == "false"
    assert conf.get("spark.sql.session.timeZone") == "UTC"
    assert spark.sparkContext.master == "local[2]"


def test_shared_session_runs_a_query(spark: Any) -> None:
    df = spark.range(0, 1000)
    total = df.selectExpr("sum(id) AS s").collect()[0]["s"]
    assert total == sum(range(1000))


def test_local_session_returns_the_active_session(spark: Any) -> None:
    from spark_profiler.testing import local_session

    again = local_session(master="local[2]")
    assert again.sparkContext.applicationId == spark.sparkContext.applicationId
