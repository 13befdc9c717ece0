# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Forbid Spark APIs that break Spark Connect (or hide costs) in the engine.

The engine must work against classic Spark *and* Spark Connect, so it may use
only the DataFrame and ``pyspark.sql.functions`` APIs.  This check walks the
Python AST of every file under the given paths (default:
``src/spark_profiler/engine``) and reports, with ``file:line:col``:

* JVM/RDD escape hatches: ``.rdd``, ``sparkContext``/``SparkContext``,
  ``_jdf``, ``_jvm``, ``_jsc``, ``_jsparkSession``, ``_sc``, and any import of
  ``py4j`` or ``pyspark.rdd``;
* Python UDFs, which need Python on every executor and are slow:
  ``udf``, ``pandas_udf``, ``mapInPandas``, ``mapInArrow``, ``applyInPandas``,
  ``foreach``/``foreachPartition``;
* driver-side materialisation of user data that is never bounded by the
  planner: ``toPandas``;
* hidden state changes: ``cache``/``persist`` and ``spark.conf.set``.

A use that is deliberate and off the default path can be allowed on its line
with a trailing comment ``# engine-api: allow <reason>``; the reason is
mandatory so reviewers see why.

Unbounded ``collect()`` cannot be told apart from the bounded ones the planner
issues (a single aggregate row), so it is not checked here; the job-count tests
cover it instead.

Exit status: 0 when clean, 1 when something was found, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence

DEFAULT_PATHS = ("src/spark_profiler/engine",)

_ALLOW = re.compile(r"#\s*engine-api:\s*allow\b(?P<reason>.*)$")

_JVM = "reaches into the JVM and does not exist on Spark Connect"
_UDF = "runs Python UDF code on executors; use pyspark.sql.functions expressions"
_CACHE = "hidden caching changes the user's storage; the planner must not cache"

# Attributes that are forbidden whenever they are touched.
FORBIDDEN_ATTRIBUTES: Dict[str, str] = {
    "rdd": "RDD API is not available on Spark Connect",
    "sparkContext": "SparkContext is not available on Spark Connect",
    "_jdf": _JVM,
    "_jvm": _JVM,
    "_jsc": _JVM,
    "_jsparkSession": _JVM,
    "_sc": _JVM,
}

# Methods that are forbidden when called (``x.cache`` alone may be a dict).
FORBIDDEN_CALLS: Dict[str, str] = {
    "udf": _UDF,
    "pandas_udf": _UDF,
    "mapInPandas": _UDF,
    "mapInArrow": _UDF,
    "applyInPandas": _UDF,
    "applyInPandasWithState": _UDF,
    "foreach": _UDF,
    "foreachPartition": _UDF,
    "toPandas": "pulls the whole DataFrame to the driver; collect only bounded aggregates",
    "cache": _CACHE,
    "persist": _CACHE,
}

# Bare names (usually imported) that are forbidden wherever they appear.
FORBIDDEN_NAMES: Dict[str, str] = {
    "udf": _UDF,
    "pandas_udf": _UDF,
    "SparkContext": "SparkContext is not available on Spark Connect",
    "sparkContext": "SparkContext is not available on Spark Connect",
}

FORBIDDEN_MODULES: Dict[str, str] = {
    "py4j": "py4j is the classic-Spark JVM bridge and is absent on Spark Connect",
    "pyspark.rdd": "RDD API is not available on Spark Connect",
    "pyspark.context": "SparkContext is not available on Spark Connect",
}


class Finding(NamedTuple):
    """One forbidden use, located in a file."""

    path: str
    line: int
    col: int
    name: str
    why: str

    def render(self) -> str:
        """Format as ``path:line:col: message`` so editors can jump to it."""
        return f"{self.path}:{self.line}:{self.col}: forbidden `{self.name}`: {self.why}"


def _module_reason(module: str) -> Optional[str]:
    for forbidden, why in FORBIDDEN_MODULES.items():
        if module == forbidden or module.startswith(forbidden + "."):
            return why
    return None


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.found: List[Finding] = []

    def _add(self, node: ast.AST, name: str, why: str) -> None:
        self.found.append(Finding(self.path, getattr(node, "lineno", 0), getattr(node, "col_offset", 0) + 1, name, why))

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN_CALLS:
            self._add(func, "." + func.attr + "()", FORBIDDEN_CALLS[func.attr])
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in FORBIDDEN_ATTRIBUTES:
            self._add(node, "." + node.attr, FORBIDDEN_ATTRIBUTES[node.attr])
        # spark.conf.set(...) silently changes the user's session
        if node.attr == "set" and isinstance(node.value, ast.Attribute) and node.value.attr == "conf":
            self._add(node, ".conf.set", "changes the user's session configuration behind their back")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in FORBIDDEN_NAMES:
            self._add(node, node.id, FORBIDDEN_NAMES[node.id])

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            why = _module_reason(alias.name)
            if why:
                self._add(node, "import " + alias.name, why)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        why = _module_reason(module)
        if why:
            self._add(node, "from " + module + " import", why)
        for alias in node.names:
            if alias.name in FORBIDDEN_NAMES or alias.name in FORBIDDEN_CALLS:
                why_name = FORBIDDEN_NAMES.get(alias.name) or FORBIDDEN_CALLS[alias.name]
                self._add(node, f"from {module} import {alias.name}", why_name)
            sub = _module_reason(f"{module}.{alias.name}")
            if sub and not why:
                self._add(node, f"from {module} import {alias.name}", sub)


def _allowed_lines(source: str) -> Dict[int, str]:
    allowed: Dict[int, str] = {}
    for number, text in enumerate(source.splitlines(), start=1):
        match = _ALLOW.search(text)
        if match:
            allowed[number] = match.group("reason").strip()
    return allowed


def check_source(source: str, path: str) -> List[Finding]:
    """Return every forbidden use in ``source`` (named ``path`` in messages)."""
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        return [Finding(path, exc.lineno or 0, (exc.offset or 0), "syntax", f"cannot parse: {exc.msg}")]
    visitor = _Visitor(path)
    visitor.visit(tree)
    allowed = _allowed_lines(source)
    kept: List[Finding] = []
    for finding in visitor.found:
        if finding.line not in allowed:
            kept.append(finding)
        elif not allowed[finding.line]:
            kept.append(finding._replace(why=finding.why + " (an `engine-api: allow` comment needs a reason)"))
    return kept


def iter_python_files(paths: Iterable[str]) -> Iterator[Path]:
    """Yield the ``.py`` files under each path (a file is yielded as is)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.py") if p.is_file())
        elif path.is_file():
            yield path
        else:
            raise FileNotFoundError(raw)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=list(DEFAULT_PATHS), help="files or folders to check")
    args = parser.parse_args(argv)
    findings: List[Finding] = []
    checked = 0
    try:
        for file in iter_python_files(args.paths):
            checked += 1
            findings.extend(check_source(file.read_text(encoding="utf-8"), file.as_posix()))
    except FileNotFoundError as exc:
        print(f"check_engine_api: no such file or folder: {exc}", file=sys.stderr)
        return 2
    for finding in findings:
        print(finding.render())
    if findings:
        print(
            f"check_engine_api: {len(findings)} forbidden Spark API use(s) in {checked} file(s). "
            "The engine must stay Spark Connect compatible: use DataFrame/functions APIs only, "
            "or justify an off-default-path use with `# engine-api: allow <reason>`.",
            file=sys.stderr,
        )
        return 1
    print(f"check_engine_api: {checked} file(s) clean")
    return 0


if __name__ == "__main__":
    sys.exit(main())
