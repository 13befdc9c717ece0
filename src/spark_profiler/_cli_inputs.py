# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Checks the ``spark-profiler`` command line can make before starting Spark.

Pure Python (no pyspark): every check here costs milliseconds, so a typo fails
in well under a second instead of after a JVM start.
"""

from __future__ import annotations

import glob
import json
import os
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set, Tuple
from urllib.parse import urlsplit

__all__ = [
    "FORMATS",
    "CliInputError",
    "CliUsageError",
    "InputPlan",
    "OutputTarget",
    "check_connect_reachable",
    "check_master_url",
    "parse_conf",
    "parse_remote",
    "plan_input",
    "plan_outputs",
]

#: Input formats the ``profile`` command reads.
FORMATS = ("csv", "tsv", "json", "jsonl", "parquet", "orc", "delta")


# Compression suffixes Spark's file sources decompress transparently.
_COMPRESSION = (".gz", ".bz2", ".deflate", ".lz4", ".snappy", ".zst", ".xz")

_EXTENSIONS: Dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".orc": "orc",
}

# A URI with a scheme other than file: (s3a://, hdfs://, abfss://, dbfs:/ ...) is
# only visible to Spark, so existence checks are left to it.
_REMOTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")


class CliUsageError(Exception):
    """The command line itself is wrong (exit code 2)."""


class CliInputError(Exception):
    """The input cannot be read as given (exit code 3)."""


@dataclass(frozen=True)
class InputPlan:
    """What to hand to the Spark reader: resolved paths, a format and reader options."""

    paths: Tuple[str, ...]
    format: str
    options: Dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OutputTarget:
    """One ``-o`` file and the report format its extension selects."""

    path: str
    format: str


def _is_remote(path: str) -> bool:
    return bool(_REMOTE_URI.match(path)) and not path.lower().startswith("file:")


def _local(path: str) -> str:
    """``file:///a/b`` and ``file:/a/b`` -> ``/a/b``; other paths unchanged."""
    if path.lower().startswith("file:"):
        return "/" + path[len("file:") :].lstrip("/")
    return path


def _format_from_name(name: str) -> Optional[str]:
    lower = name.lower()
    for suffix in _COMPRESSION:
        if lower.endswith(suffix):
            lower = lower[: -len(suffix)]
            break
    return _EXTENSIONS.get(Path(lower).suffix)


def _data_files(directory: Path) -> List[Path]:
    """Data files under a directory as Spark sees them (hidden and ``_`` files skipped)."""
    found: List[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        found.extend(Path(root) / f for f in sorted(files) if not f.startswith((".", "_")))
    return found


def _detect_format(path: Path) -> Optional[str]:
    if path.is_dir():
        if (path / "_delta_log").is_dir():
            return "delta"
        formats = {_format_from_name(f.name) for f in _data_files(path)}
        formats.discard(None)
        if len(formats) == 1:
            return formats.pop()
        if len(formats) > 1:
            raise CliInputError(
                f"directory {path} mixes formats ({', '.join(sorted(str(f) for f in formats))}); pass --format"
            )
        return None
    return _format_from_name(path.name)


def _check_readable(path: Path) -> None:
    """Open one byte of each local data file: permission problems fail before Spark starts."""
    files = _data_files(path) if path.is_dir() else [path]
    if path.is_dir() and not files and not (path / "_delta_log").is_dir():
        raise CliInputError(f"directory {path} holds no data files")
    for f in files:
        try:
            with f.open("rb") as fh:
                fh.read(1)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise CliInputError(f"cannot read {f}: {reason}") from None


def _json_is_multiline(path: Path) -> bool:
    """True when a ``.json`` file is one document (an array or a pretty-printed object).

    Spark reads JSON Lines by default; a document needs ``multiLine``. Looking at the
    first line of the first file decides it without reading the whole input.
    """
    files = _data_files(path) if path.is_dir() else [path]
    if not files or files[0].name.lower().endswith(_COMPRESSION):
        return False
    try:
        with files[0].open(encoding="utf-8", errors="replace") as fh:
            first = ""
            for line in fh:
                if line.strip():
                    first = line.strip()
                    break
    except OSError:
        return False
    if first.startswith("["):
        return True
    try:
        return not isinstance(json.loads(first), dict)
    except ValueError:
        return True


def plan_input(
    inputs: Sequence[str],
    *,
    fmt: Optional[str] = None,
    header: bool = True,
    delimiter: Optional[str] = None,
    infer_schema: bool = True,
    null_value: Optional[str] = None,
    extra_options: Sequence[Tuple[str, str]] = (),
) -> InputPlan:
    """Resolve files, directories and globs; pick the format and the reader options.

    Raises:
        CliInputError: a path is missing or unreadable, or its format cannot be told.
    """
    resolved: List[str] = []
    detected: List[str] = []
    for raw in inputs:
        if _is_remote(raw):
            resolved.append(raw)
            guess = _format_from_name(raw.rstrip("/").rsplit("/", 1)[-1])
            if guess:
                detected.append(guess)
            continue
        path = str(Path(_local(raw)).expanduser())
        if glob.has_magic(path):
            # Path.glob takes only relative patterns; users write absolute ones too.
            matches = [Path(m) for m in sorted(glob.glob(path))]  # noqa: PTH207
            if not matches:
                raise CliInputError(f"no file matches {raw}")
        else:
            if not Path(path).exists():
                raise CliInputError(f"no such file or directory: {raw}")
            matches = [Path(path)]
        for m in matches:
            _check_readable(m)
            if fmt is None:
                guess = _detect_format(m)
                if guess is None:
                    raise CliInputError(f"cannot tell the format of {m}; pass --format ({'|'.join(FORMATS)})")
                detected.append(guess)
            resolved.append(str(m.resolve()))
    if fmt is None:
        kinds = sorted(set(detected))
        if not kinds:
            raise CliInputError(f"cannot tell the format of {', '.join(inputs)}; pass --format ({'|'.join(FORMATS)})")
        if len(kinds) > 1:
            raise CliInputError(f"the inputs mix formats ({', '.join(kinds)}); profile one format at a time")
        fmt = kinds[0]
    elif fmt not in FORMATS:
        raise CliUsageError(f"unknown --format {fmt!r}; choose one of {', '.join(FORMATS)}")

    options: Dict[str, str] = {}
    if fmt in ("csv", "tsv"):
        options["header"] = "true" if header else "false"
        options["inferSchema"] = "true" if infer_schema else "false"
        sep = delimiter if delimiter is not None else ("\t" if fmt == "tsv" else ",")
        options["sep"] = sep.encode("ascii", "backslashreplace").decode("unicode_escape") if "\\" in sep else sep
        if null_value is not None:
            options["nullValue"] = null_value
    elif fmt == "json":
        local = [p for p in resolved if not _is_remote(p)]
        if local and _json_is_multiline(Path(local[0])):
            options["multiLine"] = "true"
    options.update(dict(extra_options))
    return InputPlan(paths=tuple(resolved), format=fmt, options=options)


def plan_outputs(outputs: Sequence[str]) -> List[OutputTarget]:
    """Check every ``-o`` path before any work: known extension, existing writable directory.

    Raises:
        CliUsageError: an extension is unknown, a directory is missing, or a path repeats.
    """
    from .report import FORMATS as OUTPUT_FORMATS

    targets: List[OutputTarget] = []
    seen: Set[Path] = set()
    for out in outputs:
        ext = Path(out).suffix.lower()
        if ext not in OUTPUT_FORMATS:
            known = ", ".join(sorted(OUTPUT_FORMATS))
            raise CliUsageError(f"cannot tell the report format of {out!r}; use one of these extensions: {known}")
        absolute = Path(out).expanduser().absolute()
        if absolute in seen:
            raise CliUsageError(f"output {out} is given twice")
        seen.add(absolute)
        parent = absolute.parent
        shown = str(Path(out).parent) if str(Path(out).parent) != "." else str(parent)
        if not parent.is_dir():
            raise CliUsageError(f"output directory {shown} does not exist; create it first")
        if absolute.is_dir():
            raise CliUsageError(f"output {out} is a directory; give a file name")
        if not os.access(parent, os.W_OK):
            raise CliUsageError(f"output directory {shown} is not writable")
        targets.append(OutputTarget(path=str(absolute), format=OUTPUT_FORMATS[ext]))
    return targets


# local, local[4], local[*], local[4,2], local[*,3], local-cluster[2,1,1024],
# spark://h:7077(,h2:7077)*, yarn, k8s://https://h:443, mesos://h:5050
_MASTER = re.compile(
    r"^(local"
    r"|local\[(\*|[1-9]\d*)\]"
    r"|local\[(\*|[1-9]\d*)\s*,\s*[1-9]\d*\]"
    r"|local-cluster\[\s*[1-9]\d*\s*,\s*[1-9]\d*\s*,\s*[1-9]\d*\s*\]"
    r"|spark://[^\s:/,]+:\d+(,[^\s:/,]+:\d+)*"
    r"|yarn"
    r"|k8s://\S+"
    r"|mesos://\S+)$"
)


def check_master_url(master: str) -> str:
    """Return ``master`` unchanged when Spark would accept it.

    Raises:
        CliUsageError: the URL has a form Spark does not know.
    """
    if not _MASTER.match(master.strip()):
        raise CliUsageError(
            f"invalid master URL {master!r}; use local[*], local[N], spark://host:port, yarn or k8s://..."
        )
    return master.strip()


def parse_remote(url: str) -> Tuple[str, int]:
    """Return ``(host, port)`` of a Spark Connect URL ``sc://host[:port][/;params]``.

    Raises:
        CliUsageError: not an ``sc://`` URL or the port is not a number.
    """
    parts = urlsplit(url)
    if parts.scheme != "sc" or not parts.hostname:
        raise CliUsageError(f"invalid Spark Connect URL {url!r}; use sc://host:port (for example sc://localhost:15002)")
    try:
        port = parts.port or 15002
    except ValueError:
        raise CliUsageError(f"invalid port in Spark Connect URL {url!r}") from None
    return parts.hostname, port


def check_connect_reachable(url: str, timeout: float) -> None:
    """Open a TCP connection to the Spark Connect server, failing fast when nothing answers.

    The Connect client retries for minutes by default; a plain socket check first
    turns a typo or a stopped server into a clear error within ``timeout`` seconds.

    Raises:
        ConnectionError: nothing accepts connections at the URL's host and port.
    """
    host, port = parse_remote(url)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, socket.timeout):
            reason = f"no answer within {timeout:g} s"
        raise ConnectionError(f"cannot reach the Spark Connect server at {host}:{port} ({reason})") from None


def parse_conf(pairs: Sequence[str], option: str = "--conf") -> List[Tuple[str, str]]:
    """Split ``key=value`` strings.

    Raises:
        CliUsageError: an item has no ``=`` or an empty key.
    """
    out: List[Tuple[str, str]] = []
    for item in pairs:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CliUsageError(f"{option} expects key=value, got {item!r}")
        out.append((key.strip(), value))
    return out
