# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Profile a Spark DataFrame from Python and use the result.

Run from the repository root (needs pyspark and Java)::

    python examples/profile_dataframe.py [OUTPUT_DIR]

It reads the Palmer penguins field records shipped in ``examples/data``, profiles
them, prints a few figures and the data-quality alerts, and writes ``profile.json``
and ``report.html`` to OUTPUT_DIR (``build/examples`` by default).
"""

from __future__ import annotations

import sys
from pathlib import Path

import spark_profiler
from spark_profiler import ProfileConfig
from spark_profiler.testing import local_session

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "penguins_raw.csv"


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "build" / "examples"
    out.mkdir(parents=True, exist_ok=True)

    spark = local_session(app_name="profile-dataframe-example", master="local[2]")
    try:
        df = spark.read.option("header", "true").option("inferSchema", "true").option("nullValue", "NA").csv(str(DATA))
        # Start from the default preset and keep five frequent values per column.
        config = ProfileConfig.default().replace(top_k=5)
        profile = spark_profiler.profile(df, config=config)
    finally:
        spark.stop()

    # Everything below works on the Profile alone: Spark is already stopped.
    print(f"{profile.table['row_count']} rows, {len(profile)} columns profiled")
    mass = profile["Body Mass (g)"]
    print(f"body mass: mean {mass['mean']:.1f} g, missing {mass['null_count']} of {profile.table['row_count']}")
    egg = profile["Date Egg"]
    print(f"egg dates ({egg.spark_type}): {egg['min']} to {egg['max']}")
    species = profile["Species"].frequent
    if species is not None and species.computed:
        for value, count in species.items:
            print(f"  {count:4d}  {value}")

    print("alerts:")
    for alert in profile.alerts():
        print(f"  [{alert.severity}] {alert.message}")

    profile.save(out / "profile.json")
    profile.to_html(out / "report.html")
    print(f"wrote {out / 'profile.json'} and {out / 'report.html'}")

    # A saved profile loads back equal, without Spark.
    assert spark_profiler.Profile.load(out / "profile.json") == profile
    return 0


if __name__ == "__main__":
    sys.exit(main())
