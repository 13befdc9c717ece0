# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Where does the time go? Cost of single expression families and of engine features.

Two groups of timings, each reported as a multiple of the no-op scan of the same data:

* ``expressions``: one fused ``agg`` per expression family over every eligible column
  (``count``, ``approx_count_distinct``, ``min``/``max``, power sums, built-in moments,
  ``percentile_approx``, KLL sketches on Spark 4.1+, ``rlike`` patterns, string lengths,
  a grouped top-k job). These are the raw costs the engine chooses from.
* ``ablation``: :func:`spark_profiler.profile` with the ``default`` preset, then with one
  feature switched off at a time (patterns, frequent values, quantiles, histograms,
  moments, string statistics, duplicates). The drop in time is what that feature costs
  inside the fused plan, where expressions share one scan.

Example::

    python -m benchmarks.costs --lineitem-sf 1 --wide-rows 0 --repeats 3
    python -m benchmarks.costs --groups ablation --only default,-patterns,-frequent
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from benchmarks import data as bench_data
from benchmarks.run import RESULTS_DIR, datasets, make_spark
from spark_profiler.engine.capabilities import kll_k, parse_version, session_of

__all__ = ["ABLATIONS", "expression_workloads", "main"]

_NUMERIC = ("tinyint", "smallint", "int", "bigint", "float", "double", "decimal")
_PROBS = "array(0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99)"
_PATTERNS = (
    r"^[+-]?[0-9]+$",
    r"^[+-]?[0-9]*\.[0-9]+$",
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}",
    r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    r"^https?://",
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
)

#: ``default`` preset overrides, one feature off at a time.
ABLATIONS: Dict[str, Dict[str, Any]] = {
    "default": {},
    "-patterns": {"patterns": False},
    "-frequent": {"top_k": 0},
    "-quantiles": {"quantiles": (), "outliers": False},
    "-histograms": {"histogram_bins": 0},
    "-moments": {"moments": False},
    "-string_stats": {"string_stats": False},
    "-duplicates": {"duplicates": "off"},
    "pass1_only": {"patterns": False, "top_k": 0, "histogram_bins": 0, "outliers": False, "moments": False},
}


def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _kinds(df: Any) -> Tuple[List[str], List[str], List[str]]:
    """Return (numeric, string, all) column names."""
    numeric, strings, everything = [], [], []
    for f in df.schema.fields:
        t = f.dataType.simpleString()
        everything.append(f.name)
        if t.split("(")[0] in _NUMERIC:
            numeric.append(f.name)
        elif t == "string":
            strings.append(f.name)
    return numeric, strings, everything


def expression_workloads(df: Any) -> Dict[str, Callable[[], Any]]:
    """Fused single-family aggregates over every eligible column of ``df``."""
    from pyspark.sql import functions as F

    numeric, strings, everything = _kinds(df)

    def agg(exprs: Sequence[str]) -> Callable[[], Any]:
        return lambda: df.agg(*[F.expr(e) for e in exprs]).collect()

    def dbl(c: str) -> str:
        return f"CAST({_q(c)} AS DOUBLE)"

    out: Dict[str, Callable[[], Any]] = {
        "noop": lambda: df.write.format("noop").mode("overwrite").save(),
        "count": agg([f"count({_q(c)})" for c in everything]),
        "approx_count_distinct": agg([f"approx_count_distinct({_q(c)}, 0.05)" for c in everything]),
        "min_max_all": agg([e for c in everything for e in (f"min({_q(c)})", f"max({_q(c)})")]),
        "min_max_non_string": agg(
            [e for c in everything if c not in strings for e in (f"min({_q(c)})", f"max({_q(c)})")]
        ),
        "min_max_strings": agg([e for c in strings for e in (f"min({_q(c)})", f"max({_q(c)})")]),
        "power_sums_double": agg(
            [
                e
                for c in numeric
                for e in (
                    f"sum({dbl(c)})",
                    f"sum({dbl(c)} * {dbl(c)})",
                    f"sum(pow({dbl(c)}, 3))",
                    f"sum(pow({dbl(c)}, 4))",
                )
            ]
        ),
        "builtin_moments": agg(
            [
                e
                for c in numeric
                for e in (f"avg({_q(c)})", f"stddev({_q(c)})", f"skewness({_q(c)})", f"kurtosis({_q(c)})")
            ]
        ),
        "exact_sum_decimal38": agg(
            [
                f"sum(CAST({_q(c)} AS DECIMAL(38,0)))" if "decimal" not in t else f"sum({_q(c)})"
                for c, t in _numeric_types(df)
            ]
        ),
        "percentile_approx_1000": agg([f"percentile_approx({_q(c)}, {_PROBS}, 1000)" for c in numeric]),
        "percentile_approx_100": agg([f"percentile_approx({_q(c)}, {_PROBS}, 100)" for c in numeric]),
        "string_lengths": agg(
            [e for c in strings for e in (f"min(length({_q(c)}))", f"max(length({_q(c)}))", f"sum(length({_q(c)}))")]
        ),
        "string_trim_flags": agg(
            [
                e
                for c in strings
                for e in (
                    f"count(CASE WHEN {_q(c)} = '' THEN 1 END)",
                    f"count(CASE WHEN {_q(c)} <> '' AND trim({_q(c)}) = '' THEN 1 END)",
                    f"count(CASE WHEN trim({_q(c)}) <> {_q(c)} THEN 1 END)",
                )
            ]
        ),
        "rlike_6_patterns": agg(
            [
                "count(CASE WHEN {} RLIKE '{}' THEN 1 END)".format(_q(c), p.replace("\\", "\\\\"))
                for c in strings
                for p in _PATTERNS
            ]
        ),
    }
    if parse_version(str(session_of(df).version)) >= (4, 1, 0):
        # What the engine uses for quantiles from Spark 4.1 on, at the default accuracy.
        k = kll_k(1000)
        out["kll_sketch_1000"] = agg(
            [f"kll_sketch_get_quantile_double(kll_sketch_agg_double({dbl(c)}, {k}), {_PROBS})" for c in numeric]
        )
    return out


def _numeric_types(df: Any) -> List[Tuple[str, str]]:
    return [
        (f.name, f.dataType.simpleString())
        for f in df.schema.fields
        if f.dataType.simpleString().split("(")[0] in _NUMERIC
    ]


def ablation_workloads(df: Any, names: Sequence[str]) -> Dict[str, Callable[[], Any]]:
    """The ``default`` profile with single features switched off."""
    import spark_profiler
    from spark_profiler import ProfileConfig

    out: Dict[str, Callable[[], Any]] = {"noop": lambda: df.write.format("noop").mode("overwrite").save()}
    for name in names:
        cfg = ProfileConfig.default(**ABLATIONS[name])
        out[name] = lambda cfg=cfg: spark_profiler.profile(df, config=cfg)
    return out


def _time(fns: Dict[str, Callable[[], Any]], repeats: int, warmup: int) -> Dict[str, Dict[str, Any]]:
    times: Dict[str, List[float]] = {k: [] for k in fns}
    passes: Dict[str, Any] = {}
    for r in range(warmup + repeats):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            res = fn()
            dt_s = time.perf_counter() - t0
            ex = getattr(res, "execution", None)
            if ex is not None:
                passes[name] = [(p.name, round(p.seconds, 2)) for p in ex.passes]
            if r >= warmup:
                times[name].append(dt_s)
            print(f"  {name:<24} {dt_s:8.2f} s{'' if r >= warmup else '  (warm-up)'}", flush=True)
    noop = statistics.median(times["noop"])
    out = {}
    for name, ts in times.items():
        med = statistics.median(ts)
        out[name] = {"median_s": round(med, 3), "ratio": round(med / noop, 2), "seconds": [round(t, 3) for t in ts]}
        if name in passes:
            out[name]["passes"] = passes[name]
    return out


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Time expression families and engine ablations; write ``results/costs-<timestamp>.json``."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.costs", description=__doc__.splitlines()[0])
    p.add_argument("--lineitem-sf", type=float, default=1.0)
    p.add_argument("--wide-rows", type=int, default=0)
    p.add_argument("--wide-cols", type=int, default=100)
    p.add_argument("--groups", default="expressions,ablation")
    p.add_argument("--only", default="", help="comma-separated workload names to keep")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--driver-memory", default="2g")
    p.add_argument("--data-dir", default=None)
    p.add_argument("--out", default=str(RESULTS_DIR))
    args = p.parse_args(argv)
    groups = [g.strip() for g in args.groups.split(",") if g.strip()]
    only = {w.strip() for w in args.only.split(",") if w.strip()}
    started = dt.datetime.now(dt.timezone.utc)
    result: Dict[str, Any] = {"started": started.isoformat(timespec="seconds"), "datasets": {}}
    spark = make_spark(args.driver_memory)
    try:
        result["spark"] = spark.version
        for label, path in datasets(spark, args):
            df = spark.read.parquet(str(path))
            result["datasets"][label] = {"rows": bench_data.describe(path).get("rows"), "columns": len(df.columns)}
            for group in groups:
                if group == "expressions":
                    fns = expression_workloads(df)
                elif group == "ablation":
                    fns = ablation_workloads(df, list(ABLATIONS))
                else:
                    raise SystemExit(f"unknown group {group!r}")
                if only:
                    fns = {k: v for k, v in fns.items() if k == "noop" or k in only}
                print(f"{label} / {group}", flush=True)
                result["datasets"][label][group] = _time(fns, args.repeats, args.warmup)
    finally:
        spark.stop()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    out_file = out_dir / ("costs-{}.json".format(started.strftime("%Y%m%dT%H%M%SZ")))
    out_file.write_text(json.dumps(result, indent=2) + "\n")
    for label, groups_out in result["datasets"].items():
        for group, per in groups_out.items():
            if not isinstance(per, dict) or group in ("rows", "columns"):
                continue
            print(f"\n{label} / {group}")
            for name, e in per.items():
                print(f"  {name:<24} {e['median_s']:8.2f} s  {e['ratio']:6.2f}x noop  {e.get('passes', '')}")
    print(f"\nresults written to {out_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
