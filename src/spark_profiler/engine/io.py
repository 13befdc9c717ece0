# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Sessions and inputs for the ``spark-profiler`` command line.

This module is the command line's only contact with pyspark for starting a
session and reading data. The profiling path never uses it. Errors leave it as
library errors so the command line can map them to exit codes:
:class:`~spark_profiler.errors.UnsupportedInputError` for data that cannot be
read, :class:`~spark_profiler.errors.SparkEnvironmentError` for a session that
cannot start.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import sys
from pathlib import Path
from typing import Any, Iterator, List, Mapping, Optional, Sequence, Tuple

from ..errors import SparkEnvironmentError, UnsupportedInputError

__all__ = [
    "describe_spark_error",
    "is_connect_session",
    "jvm_stderr_silenced",
    "load_files",
    "load_sql",
    "load_table",
    "query_context_logs_silenced",
    "start_session",
    "stop_session",
]

_HERE = Path(__file__).resolve().parent
# Spark >= 3.3 logs through log4j 2, older releases through log4j 1.
_QUIET_LOG4J2 = _HERE / "log4j2-cli.properties"
_QUIET_LOG4J1 = _HERE / "log4j-cli.properties"

# Java exception class prefixes that only add noise to a one-line message.
_JAVA_PREFIX = re.compile(r"^(?:[a-z][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error):\s*")
# Spark's structured error prefix, e.g. "[PATH_NOT_FOUND] ".
_ERROR_CLASS = re.compile(r"^\[[A-Z0-9_.]+\]\s*")

# Failures that mean the data is bad rather than Spark: corrupt or truncated files,
# unparsable records, missing paths or tables, unknown columns in a query.
_INPUT_MARKERS = (
    "is not a parquet file",
    "could not read footer",
    "malformed",
    "corrupt",
    "unexpected end of input",
    "eofexception",
    "not in gzip format",
    "zipexception",
    "filereadexception",
    "faileread",
    "cannot_read_file",
    "path does not exist",
    "path_not_found",
    "table_or_view_not_found",
    "table or view not found",
    "unresolved_column",
    "cannot resolve",
    "parse_syntax_error",
    "syntax error",
    "unable to infer schema",
    "unable_to_infer_schema",
    "orcfile",
    "orc_",
    "invalid orc",
    "jsonparseexception",
)


def _one_line(line: str) -> str:
    line = _JAVA_PREFIX.sub("", line.strip())
    line = _ERROR_CLASS.sub("", line)
    line = _JAVA_PREFIX.sub("", line)
    # Spark's messages often go on with advice sentences; the first one names the problem.
    cut = line.find(". ", 30)
    if cut > 0:
        line = line[: cut + 1]
    return line[:300]


def _clean_message(text: str) -> str:
    """The most specific line of a (possibly Java) error message.

    Py4J wraps Java errors as "An error occurred while calling o42.load." followed by
    the Java exception and its "Caused by:" chain; the deepest cause that carries a
    message usually names the file or value at fault.
    """
    candidates: List[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("at ", "JVM stacktrace", "---", "...")):
            continue
        if line.startswith("An error occurred while calling"):
            continue
        if line.startswith(": "):
            line = line[2:]
        elif line.startswith("Caused by: "):
            line = line[len("Caused by: ") :]
        elif candidates:
            continue
        cleaned = _one_line(line)
        if cleaned and not cleaned.endswith(":"):
            candidates.append(cleaned)
    if not candidates:
        return text.strip().splitlines()[0][:300] if text.strip() else "unknown error"
    meaningful = [c for c in candidates if len(c) >= 15]
    return (meaningful or candidates)[-1]


def describe_spark_error(exc: BaseException) -> Tuple[str, bool]:
    """Return ``(one-line message, is_input_problem)`` for an error raised by Spark.

    The whole chain of causes is searched: a corrupt file surfaces as a failed job
    whose root cause names the file.
    """
    texts: List[str] = []
    seen = set()
    cur: Optional[BaseException] = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        try:
            texts.append(str(cur))
        except Exception:
            texts.append(type(cur).__name__)
        java = getattr(cur, "java_exception", None)
        if java is not None:
            with contextlib.suppress(Exception):
                texts.append(str(java.toString()))
        cur = cur.__cause__ or cur.__context__
    joined = "\n".join(texts).lower()
    is_input = any(marker in joined for marker in _INPUT_MARKERS)
    return _clean_message(texts[0] if texts else repr(exc)), is_input


def _quiet_java_options(verbose: bool) -> Optional[str]:
    if verbose or " " in str(_HERE):
        # extraJavaOptions is split on spaces: a path holding one cannot be passed.
        return None
    return f"-Dlog4j2.configurationFile=file:{_QUIET_LOG4J2} -Dlog4j.configuration=file:{_QUIET_LOG4J1}"


@contextlib.contextmanager
def jvm_stderr_silenced(enabled: bool = True) -> Iterator[None]:
    """Let a JVM started inside this block write its stderr to the null device.

    pyspark starts the JVM as a child process that inherits file descriptor 2, and
    the JVM writes there before any Spark setting applies: Spark 4 on Java 17+ always
    prints ``WARNING: Using incubator modules: jdk.incubator.vector``. That would
    break the command line's one-line errors, so descriptor 2 points at the null
    device while the JVM starts and is restored right after; the JVM keeps the null
    device for its lifetime. Anything else writing to descriptor 2 meanwhile is lost
    too, so callers draw progress through a duplicate of it. ``--verbose`` disables
    this and shows the JVM's own output.
    """
    if not enabled:
        yield
        return
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no descriptor 2 (a detached process): nothing to protect
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


# pyspark >= 4.0 logs every error that carries a query context as a JSON line on
# stderr, through these two loggers, before the exception reaches the caller.
_QUERY_CONTEXT_LOGGERS = ("SQLQueryContextLogger", "DataFrameQueryContextLogger")


@contextlib.contextmanager
def query_context_logs_silenced(enabled: bool = True) -> Iterator[None]:
    """Mute pyspark's query-context error logs inside the block, then restore them.

    The command line reports the same error as its one line on stderr; ``--verbose``
    keeps the logs. The loggers are created as pyspark creates them (its own logger
    class), so pyspark can still log through them later; older pyspark has none.
    """
    if not enabled:
        yield
        return
    try:
        from pyspark.logger import PySparkLogger  # type: ignore[import-not-found,unused-ignore]  # pyspark >= 4.0
    except ImportError:
        yield
        return
    loggers = [PySparkLogger.getLogger(name) for name in _QUERY_CONTEXT_LOGGERS]
    before = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = True
    try:
        yield
    finally:
        for logger, was in zip(loggers, before):
            logger.disabled = was


def start_session(
    *,
    master: Optional[str] = None,
    remote: Optional[str] = None,
    conf: Sequence[Tuple[str, str]] = (),
    app_name: str = "spark-profiler",
    verbose: bool = False,
    delta: bool = False,
) -> Tuple[Any, bool]:
    """Start (or attach to) the Spark session the command line profiles with.

    ``remote`` selects Spark Connect; otherwise a classic session on ``master``
    (``local[*]`` when omitted) is started with Spark's logging turned down unless
    ``verbose``, so errors reach the user as one line.

    With ``remote``, a new Connect session on that server is always created, also when
    another Connect session already runs in this process: pyspark's ``getOrCreate()``
    would return that session whatever its server, and the caller, which owns and stops
    the session it gets, would profile on the wrong server and then stop a session that
    is not its own.

    Returns:
        ``(session, owned)``: ``owned`` is false when a classic session was already
        running in this process (``main()`` called from a notebook or a test); the
        caller must then leave it running.

    Raises:
        SparkEnvironmentError: pyspark (or its Connect extras) is missing, or the
            session cannot start.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkEnvironmentError(
            "pyspark is not installed; install it with: pip install 'spark-profiler[spark]'"
        ) from None

    if delta and importlib.util.find_spec("delta") is None:
        raise UnsupportedInputError("reading Delta tables needs delta-spark; install it with: pip install delta-spark")

    if remote:
        try:
            builder = SparkSession.builder.remote(remote)
        except (AttributeError, ImportError) as exc:
            raise SparkEnvironmentError(
                f"Spark Connect is not available ({_clean_message(str(exc))}); "
                "install it with: pip install 'spark-profiler[connect]'"
            ) from None
        for key, value in conf:
            builder = builder.config(key, value)
        # create() exists from pyspark 3.5; 3.4 only has getOrCreate().
        create = getattr(builder, "create", None) or builder.getOrCreate
        try:
            spark = create()
            spark.version  # noqa: B018 - the first RPC proves the server answers
        except ImportError as exc:
            raise SparkEnvironmentError(
                f"Spark Connect needs extra packages ({_clean_message(str(exc))}); "
                "install them with: pip install 'spark-profiler[connect]'"
            ) from None
        except Exception as exc:
            raise SparkEnvironmentError(
                f"cannot use the Spark Connect server {remote}: {describe_spark_error(exc)[0]}"
            ) from exc
        return spark, True

    active = SparkSession.getActiveSession()
    if active is not None:
        # main() called where a session already runs (a notebook, a test): use it as
        # it is, without changing its settings, and leave it running afterwards.
        return active, False
    settings = {
        # Spark's console progress bar would fight with ours on stderr.
        "spark.ui.showConsoleProgress": "false",
    }
    java_opts = _quiet_java_options(verbose)
    if java_opts:
        settings["spark.driver.extraJavaOptions"] = java_opts
    if delta:
        settings["spark.sql.extensions"] = "io.delta.sql.DeltaSparkSessionExtension"
        settings["spark.sql.catalog.spark_catalog"] = "org.apache.spark.sql.delta.catalog.DeltaCatalog"
    settings.update(dict(conf))
    target = master or "local[*]"
    if target.startswith("local") and not delta:
        from .session import local_session

        with jvm_stderr_silenced(not verbose):
            spark = local_session(app_name=app_name, master=target, conf=settings)
    else:
        builder = SparkSession.builder.appName(app_name).master(target)
        if target.startswith("local"):
            settings = {"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4", **settings}
        for key, value in settings.items():
            builder = builder.config(key, value)
        if delta:
            # Adds the Delta jars matching the installed delta-spark to the session.
            from delta import configure_spark_with_delta_pip  # type: ignore[import-not-found]

            builder = configure_spark_with_delta_pip(builder)
        try:
            with jvm_stderr_silenced(not verbose):
                spark = builder.getOrCreate()
        except Exception as exc:
            message = describe_spark_error(exc)[0]
            if "java gateway process exited" in str(exc).lower():
                message = "could not start Java for Spark; check that Java is installed and JAVA_HOME is set"
            raise SparkEnvironmentError(f"cannot start Spark on {target}: {message}") from exc
    if not verbose:
        with contextlib.suppress(Exception):
            # The CLI owns this session (it just created it) and only quiets its log; Connect ignores it.
            spark.sparkContext.setLogLevel("OFF")  # engine-api: allow CLI-created classic session, log level only
    return spark, True


def stop_session(spark: Any) -> None:
    """Stop a session started by :func:`start_session`; errors are ignored (we are exiting)."""
    with contextlib.suppress(Exception):
        spark.stop()


def is_connect_session(spark: Any) -> bool:
    """True for a Spark Connect session (which has no SparkContext)."""
    return type(spark).__module__.startswith("pyspark.sql.connect")


def load_files(spark: Any, paths: Sequence[str], fmt: str, options: Mapping[str, str]) -> Any:
    """Read ``paths`` as one DataFrame of format ``fmt``.

    Raises:
        UnsupportedInputError: Spark cannot read the files (missing, corrupt, unparsable).
    """
    source = {"tsv": "csv", "jsonl": "json"}.get(fmt, fmt)
    try:
        reader = spark.read.format(source)
        for key, value in options.items():
            reader = reader.option(key, value)
        if source == "delta":
            if len(paths) != 1:
                raise UnsupportedInputError("profile one Delta table at a time")
            df = reader.load(paths[0])
        else:
            df = reader.load(list(paths))
        # Touch the schema now: Connect resolves lazily, and a bad file must fail here.
        df.schema  # noqa: B018
    except UnsupportedInputError:
        raise
    except Exception as exc:
        message, _ = describe_spark_error(exc)
        where = paths[0] if len(paths) == 1 else f"{len(paths)} paths"
        raise UnsupportedInputError(f"cannot read {where} as {fmt}: {message}") from exc
    return df


def load_table(spark: Any, name: str) -> Any:
    """Return the catalog table ``name``.

    Raises:
        UnsupportedInputError: no such table.
    """
    try:
        df = spark.table(name)
        df.schema  # noqa: B018
    except Exception as exc:
        raise UnsupportedInputError(f"cannot read table {name}: {describe_spark_error(exc)[0]}") from exc
    return df


def load_sql(spark: Any, query: str, views: Mapping[str, Any] = {}) -> Any:
    """Run ``query`` (after registering ``views`` as temporary views) and return its DataFrame.

    Raises:
        UnsupportedInputError: the query does not parse or names unknown tables/columns.
    """
    try:
        for view_name, frame in views.items():
            frame.createOrReplaceTempView(view_name)
        df = spark.sql(query)
        df.schema  # noqa: B018
    except Exception as exc:
        raise UnsupportedInputError(f"the --sql query failed: {describe_spark_error(exc)[0]}") from exc
    return df
