# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The demo behind ``make demo``: profile the example data with the command line.

Writes ``build/demo/report.html`` and ``build/demo/profile.json`` (relative to the
repository root) and prints where they are. Equivalent to::

    spark-profiler profile examples/data/penguins_raw.csv --null-value NA \\
        -o build/demo/report.html -o build/demo/profile.json
"""

from __future__ import annotations

import sys
from pathlib import Path

from spark_profiler.cli import main as spark_profiler_cli

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "examples" / "data" / "penguins_raw.csv"
OUT = ROOT / "build" / "demo"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    report, profile = OUT / "report.html", OUT / "profile.json"
    code = spark_profiler_cli(
        ["profile", str(DATA), "--null-value", "NA", "--master", "local[2]", "-o", str(report), "-o", str(profile)]
    )
    if code != 0:
        return code
    print()
    print(f"Profiled {DATA.relative_to(ROOT)} (Palmer penguins, CC0; see examples/data/README.md).")
    print(f"  HTML report:  {report}")
    print(f"  JSON profile: {profile}")
    print(f"Open the report in a browser, or re-render it without Spark: spark-profiler render {profile}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
