# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The ``spark-profiler`` command line.

::

    spark-profiler profile INPUT... [options]   profile files, a table or a query
    spark-profiler render PROFILE.json -o FILE  render a saved profile (no Spark)
    spark-profiler schema                       print the profile JSON Schema
    spark-profiler --version

Every check that needs no Spark (paths, formats, output directories, option values,
master and Connect URLs) runs before a session starts. Failures print one line on
stderr and exit with a documented code (see :data:`EXIT_CODES`); ``--verbose``
adds the traceback and Spark's own logs.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import sys
import traceback
from typing import IO, Any, Dict, List, NoReturn, Optional, Sequence, Union

from ._cli_inputs import (
    FORMATS,
    CliInputError,
    CliUsageError,
    InputPlan,
    OutputTarget,
    check_connect_reachable,
    check_master_url,
    parse_conf,
    parse_remote,
    plan_input,
    plan_outputs,
)
from ._version import __version__
from .config import DISTINCT_MODES, PRESETS, ProfileConfig, Sample
from .errors import (
    ConfigError,
    ExecutionError,
    MetricError,
    ProfileFormatError,
    SparkEnvironmentError,
    SparkProfilerError,
    UnsupportedInputError,
)

__all__ = ["EXIT_CODES", "main"]

EXIT_OK = 0
EXIT_GATE = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_SPARK = 4

#: The documented exit codes.
EXIT_CODES: Dict[int, str] = {
    EXIT_OK: "success",
    EXIT_GATE: "quality gate failed: alerts reached the --fail-on level",
    EXIT_USAGE: "usage error: invalid option, value, output path or master/Connect URL",
    EXIT_INPUT: "input error: missing, unreadable or corrupt input, unknown format, table or columns",
    EXIT_SPARK: "Spark error: Spark could not start, was unreachable, or a job failed",
}

_SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}

_EPILOG = "exit codes:\n" + "\n".join(f"  {code}  {text}" for code, text in EXIT_CODES.items())

_PROFILE_EPILOG = "\n".join(
    [
        "INPUT is a file, a directory or a glob; the format comes from the extension",
        "(.csv .tsv .json .jsonl .parquet .orc, optionally compressed) or from --format.",
        "With --sql, the INPUT files (if any) are available as the view 'input'.",
        "Reports: each -o file's extension picks its format: .html .json .md .txt.",
        "Without -o a text summary goes to stdout.",
        "",
        "examples:",
        "  spark-profiler profile data.csv -o report.html -o profile.json",
        "  spark-profiler profile 'logs/*.parquet' --columns user,ts --sample 0.1",
        "  spark-profiler profile --remote sc://localhost:15002 --table sales.orders",
        "  spark-profiler profile data.csv --sql 'SELECT * FROM input WHERE year = 2008'",
        "  spark-profiler profile data.parquet --fail-on error -o profile.json",
        "",
        _EPILOG,
    ]
)


class _Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors are one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


class _Reporter:
    """Where the command line's own messages go, honouring --quiet/--verbose."""

    def __init__(self, err: IO[str], quiet: bool, verbose: bool) -> None:
        self.err = err
        self.quiet = quiet
        self.verbose = verbose

    def info(self, message: str) -> None:
        if not self.quiet:
            print(message, file=self.err)

    def fail(self, code: int, message: str, exc: Optional[BaseException] = None) -> int:
        if self.verbose and exc is not None:
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=self.err)
        first = " ".join(message.split())  # one line, whatever Spark put in it
        print(f"spark-profiler: error: {first}", file=self.err)
        return code


def _common(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help="print only errors (and the summary on stdout)")
    group.add_argument(
        "-v", "--verbose", action="store_true", help="show tracebacks and Spark's logs when something fails"
    )


def _gate_options(parser: Union[argparse.ArgumentParser, argparse._ArgumentGroup]) -> None:
    parser.add_argument(
        "--fail-on",
        choices=("warning", "error"),
        help="exit with code 1 when an alert reaches this severity (a data-quality gate)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser (exposed for documentation tools)."""
    parser = _Parser(
        prog="spark-profiler",
        description="Profile Apache Spark DataFrames in a fixed number of fused Spark jobs.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"spark-profiler {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser(
        "profile",
        help="profile files, a catalog table or a SQL query",
        description="Profile files, a catalog table or a SQL query and write reports.",
        epilog=_PROFILE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="file, directory or glob to profile")
    src = p.add_argument_group("input")
    src.add_argument("--format", choices=FORMATS, help="input format (default: from the extension)")
    src.add_argument("--header", dest="header", action="store_true", default=True, help="CSV has a header (default)")
    src.add_argument("--no-header", dest="header", action="store_false", help="CSV has no header row")
    src.add_argument("--delimiter", metavar="X", help="CSV field delimiter (default ',' or TAB for tsv; '\\t' works)")
    src.add_argument(
        "--infer-schema", dest="infer_schema", action="store_true", default=True, help="infer CSV types (default)"
    )
    src.add_argument("--no-infer-schema", dest="infer_schema", action="store_false", help="read CSV columns as strings")
    src.add_argument("--null-value", metavar="STR", help="CSV string that means null (for example NA)")
    src.add_argument(
        "--option", action="append", default=[], metavar="KEY=VALUE", help="extra Spark reader option (repeatable)"
    )
    which = src.add_mutually_exclusive_group()
    which.add_argument("--table", metavar="NAME", help="profile a catalog table instead of files")
    which.add_argument("--sql", metavar="QUERY", help="profile the result of a Spark SQL query")

    what = p.add_argument_group("profiling")
    what.add_argument("--columns", action="append", default=[], metavar="A,B", help="columns to profile (default: all)")
    what.add_argument("--preset", choices=PRESETS, default="default", help="what to compute (default: default)")
    what.add_argument(
        "--distinct",
        choices=DISTINCT_MODES,
        help="distinct counts: the preset's by default; off is fastest, exact is slowest",
    )
    what.add_argument("--sample", metavar="FRACTION|ROWS|auto", help="sample 0<f<=1, about N rows, or auto")
    what.add_argument("--seed", type=int, metavar="N", help="sampling seed (default 42)")

    out = p.add_argument_group("output")
    out.add_argument(
        "-o",
        "--output",
        action="append",
        default=[],
        metavar="FILE",
        help="write a report; .html .json .md .txt (repeatable)",
    )
    _gate_options(out)

    spark = p.add_argument_group("spark")
    where = spark.add_mutually_exclusive_group()
    where.add_argument("--master", metavar="URL", help="Spark master (default local[*])")
    where.add_argument("--remote", metavar="sc://HOST:PORT", help="use a Spark Connect server")
    spark.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="Spark setting (repeatable)")
    spark.add_argument(
        "--connect-timeout",
        type=float,
        default=5.0,
        metavar="SECONDS",
        help="how long to wait for the Connect server (default 5)",
    )
    _common(p)

    r = sub.add_parser(
        "render",
        help="render a saved profile (starts no Spark)",
        description="Render a profile saved as JSON into HTML, Markdown, JSON or text. Starts no Spark.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    r.add_argument("profile", metavar="PROFILE.json", help="a profile written by 'profile -o X.json'")
    r.add_argument(
        "-o", "--output", action="append", default=[], metavar="FILE", help="report file (.html .json .md .txt)"
    )
    _gate_options(r)
    _common(r)

    s = sub.add_parser(
        "schema",
        help="print the JSON Schema of profile files",
        description="Print the JSON Schema that profile JSON files follow.",
    )
    del s
    return parser


# -- helpers -------------------------------------------------------------------------------


def _split_columns(values: Sequence[str]) -> Optional[List[str]]:
    cols = [c.strip() for v in values for c in v.split(",") if c.strip()]
    return cols or None


def _parse_sample(value: Optional[str], seed: Optional[int]) -> Optional[Sample]:
    if value is None:
        if seed is not None:
            raise CliUsageError("--seed needs --sample")
        return None
    try:
        sample = Sample.coerce(value.strip())
    except ConfigError as exc:
        raise CliUsageError(f"--sample: {exc}") from None
    if sample is not None and seed is not None:
        sample = dataclasses.replace(sample, seed=seed)
    return sample


def _check_columns(df: Any, wanted: Optional[Sequence[str]]) -> None:
    if not wanted:
        return
    have = list(df.columns)
    top = set(have)
    missing = [c for c in wanted if c not in top and c.split(".", 1)[0] not in top]
    if missing:
        shown = ", ".join(have[:20]) + (", ..." if len(have) > 20 else "")
        raise UnsupportedInputError(f"unknown column(s) {', '.join(missing)}; the input has: {shown}")


def _gate(alerts: Sequence[Any], level: Optional[str], rep: _Reporter) -> int:
    """Apply --fail-on: exit code 1 when an alert reaches ``level``."""
    if level is None:
        return EXIT_OK
    threshold = _SEVERITY_RANK[level]
    hits = [a for a in alerts if _SEVERITY_RANK.get(a.severity, 0) >= threshold]
    if not hits:
        return EXIT_OK
    # The gate's verdict is the point of --fail-on: print it even with --quiet.
    print(f"spark-profiler: quality gate failed: {len(hits)} alert(s) at {level} or above", file=rep.err)
    for a in hits[:10]:
        print(f"  [{a.severity}] {a.message}", file=rep.err)
    if len(hits) > 10:
        print(f"  ... and {len(hits) - 10} more", file=rep.err)
    return EXIT_GATE


def _emit(profile: Any, targets: Sequence[OutputTarget], out: IO[str], rep: _Reporter, fail_on: Optional[str]) -> int:
    """Write the reports (or the text summary), then apply the gate; return the exit code."""
    from ._cli_outputs import render, write_reports
    from .alerts import compute_alerts

    alerts = compute_alerts(profile)
    if targets:
        for path in write_reports(profile, targets, alerts):
            rep.info(f"wrote {path}")
    else:
        out.write(render(profile, "text", alerts))
        out.flush()
    return _gate(alerts, fail_on, rep)


# -- commands --------------------------------------------------------------------------------


def _cmd_schema(out: IO[str]) -> int:
    from .model.schemagen import SCHEMA_FILE

    text = SCHEMA_FILE.read_text(encoding="utf-8")
    out.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _cmd_render(args: argparse.Namespace, out: IO[str], rep: _Reporter) -> int:
    targets = plan_outputs(args.output)
    from .model import serde

    try:
        profile = serde.load(args.profile)
    except FileNotFoundError:
        raise CliInputError(f"no such file: {args.profile}") from None
    except IsADirectoryError:
        raise CliInputError(f"{args.profile} is a directory, not a profile file") from None
    except OSError as exc:
        raise CliInputError(f"cannot read {args.profile}: {exc.strerror or exc}") from None
    except ValueError as exc:
        if isinstance(exc, ProfileFormatError):
            raise
        raise CliInputError(f"{args.profile} is not a readable profile: {exc}") from None
    return _emit(profile, targets, out, rep, args.fail_on)


def _cmd_profile(args: argparse.Namespace, out: IO[str], rep: _Reporter) -> int:
    # Everything that can be checked without Spark, first.
    if args.table and args.inputs:
        raise CliUsageError("give INPUT files or --table, not both")
    if not (args.inputs or args.table or args.sql):
        raise CliUsageError("nothing to profile: give INPUT files, --table NAME or --sql QUERY")
    targets = plan_outputs(args.output)
    columns = _split_columns(args.columns)
    sample = _parse_sample(args.sample, args.seed)
    conf = parse_conf(args.conf)
    reader_options = parse_conf(args.option, "--option")
    master = check_master_url(args.master) if args.master else None
    if args.remote:
        parse_remote(args.remote)
        if args.connect_timeout <= 0:
            raise CliUsageError("--connect-timeout must be positive")
    plan: Optional[InputPlan] = None
    if args.inputs:
        plan = plan_input(
            args.inputs,
            fmt=args.format,
            header=args.header,
            delimiter=args.delimiter,
            infer_schema=args.infer_schema,
            null_value=args.null_value,
            extra_options=reader_options,
        )
    if args.remote:
        check_connect_reachable(args.remote, args.connect_timeout)

    from . import profile as run_profile
    from .engine import io
    from .engine.progress import Progress

    show_progress = not rep.quiet and _isatty(rep.err)
    spark: Any = None
    owned = False
    # The progress line draws through its own handle on the terminal: descriptor 2
    # points elsewhere while the JVM starts (see io.jvm_stderr_silenced).
    progress_stream = _second_handle(rep.err) if show_progress else rep.err
    progress = Progress(progress_stream, enabled=show_progress)
    progress.phase("starting Spark")
    with contextlib.ExitStack() as stack:
        if progress_stream is not rep.err:
            stack.callback(progress_stream.close)
        stack.enter_context(progress)
        stack.enter_context(io.query_context_logs_silenced(not rep.verbose))
        try:
            spark, owned = io.start_session(
                master=master,
                remote=args.remote,
                conf=conf,
                verbose=rep.verbose,
                delta=plan is not None and plan.format == "delta",
            )
            progress.attach(spark)
            progress.phase("reading input")
            df: Any = None
            if plan is not None:
                df = io.load_files(spark, plan.paths, plan.format, plan.options)
            if args.table:
                df = io.load_table(spark, args.table)
            elif args.sql:
                df = io.load_sql(spark, args.sql, {"input": df} if df is not None else {})
            _check_columns(df, columns)
            progress.phase("profiling")
            overrides = {"distinct": args.distinct} if args.distinct else {}
            config = ProfileConfig.from_preset(args.preset, **overrides)
            result = run_profile(df, columns=columns, config=config, sample=sample)
        except SparkProfilerError:
            raise
        except Exception as exc:
            message, is_input = io.describe_spark_error(exc)
            if is_input:
                raise UnsupportedInputError(message) from exc
            raise ExecutionError(message) from exc
        finally:
            progress.detach()
            if spark is not None and owned:
                io.stop_session(spark)
    return _emit(result, targets, out, rep, args.fail_on)


def _second_handle(stream: IO[str]) -> IO[str]:
    """A text stream on a duplicate of ``stream``'s descriptor, or ``stream`` itself."""
    try:
        fd = os.dup(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return stream
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return os.fdopen(fd, "w", encoding=encoding, errors="replace")


def _isatty(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _exit_code_for(exc: BaseException) -> int:
    if isinstance(exc, (CliUsageError, ConfigError)):
        return EXIT_USAGE
    if isinstance(exc, (CliInputError, UnsupportedInputError, ProfileFormatError)):
        return EXIT_INPUT
    if isinstance(exc, ExecutionError):
        from .engine.io import describe_spark_error

        return EXIT_INPUT if describe_spark_error(exc)[1] else EXIT_SPARK
    if isinstance(exc, (SparkEnvironmentError, MetricError, ConnectionError)):
        return EXIT_SPARK
    if isinstance(exc, OSError):
        return EXIT_INPUT
    return EXIT_SPARK


def _reader_left(out: IO[str]) -> int:
    """The reader went away (`spark-profiler schema | head`): not an error.

    Point stdout at /dev/null so the interpreter's final flush does not fail again.
    """
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
    return EXIT_OK


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; return the exit code (see :data:`EXIT_CODES`)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    except BrokenPipeError:  # `--version | true`: argparse before 3.11 lets EPIPE escape
        return _reader_left(sys.stdout)
    out, err = sys.stdout, sys.stderr
    rep = _Reporter(err, getattr(args, "quiet", False), getattr(args, "verbose", False))
    if args.command is None:
        parser.print_help(err)
        return EXIT_USAGE
    try:
        if args.command == "schema":
            return _cmd_schema(out)
        if args.command == "render":
            return _cmd_render(args, out, rep)
        return _cmd_profile(args, out, rep)
    except BrokenPipeError:
        return _reader_left(out)
    except KeyboardInterrupt:
        print("spark-profiler: interrupted", file=err)
        return 130
    except Exception as exc:
        known = isinstance(exc, (SparkProfilerError, CliUsageError, CliInputError, ConnectionError, OSError))
        message = str(exc) if known else f"unexpected {type(exc).__name__}: {exc} (run with --verbose for details)"
        return rep.fail(_exit_code_for(exc), message or type(exc).__name__, exc)


if __name__ == "__main__":
    sys.exit(main())
