# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Driver program of the Spark-on-Kubernetes integration run (.github/workflows/k8s-integration.yml).

``spark-submit --master k8s://... --deploy-mode cluster`` starts it in a driver pod. It
profiles the generated data set with executor pods, then profiles the same rows in local
mode inside the same pod, and exits non-zero when the two profiles disagree or the
executors never registered. Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Imported after the path set-up above, which makes _equivalence importable in the pod.
from _equivalence import assert_same_statistics, generated_frame
from pyspark.sql import SparkSession

import spark_profiler

ROWS = 500_000
PARTITIONS = 8


def main() -> int:
    """Profile on Kubernetes executors, then in local mode, and compare."""
    spark = SparkSession.builder.getOrCreate()  # master and pods come from spark-submit
    master = spark.conf.get("spark.master")
    if not master.startswith("k8s://"):
        print(f"expected a k8s:// master, got {master!r}", file=sys.stderr)
        return 2
    on_k8s = spark_profiler.profile(generated_frame(spark, ROWS, PARTITIONS), config="default")
    spark.stop()

    local = (
        SparkSession.builder.master("local[2]")
        .config("spark.sql.session.timeZone", spark.conf.get("spark.sql.session.timeZone", "UTC"))
        .getOrCreate()
    )
    in_local_mode = spark_profiler.profile(generated_frame(local, ROWS, PARTITIONS), config="default")
    local.stop()

    assert_same_statistics(in_local_mode, on_k8s, "Kubernetes executors vs local[2]")
    print(f"ok: {on_k8s.table['row_count']} rows, {on_k8s.execution.actions} actions, same statistics as local mode")
    return 0


if __name__ == "__main__":
    sys.exit(main())
