# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Benchmark runner: profile time as a multiple of a no-op scan of the same data.

For every dataset, in one Python process with one local Spark session (``local[2]``), the
runner times a set of workloads on the same DataFrame:

* ``noop``: ``df.write.format("noop")``, a full scan that computes nothing: the unit of cost;
* ``minimal``, ``default``, ``full``: :func:`spark_profiler.profile` with that preset;
* ``minimal_no_distinct``: ``minimal`` with ``distinct="off"`` (opt-in): what the
  distinct-count sketches cost it;
* ``summary``, ``describe``: Spark's own ``df.summary()`` / ``df.describe()``, for reference
  (not run unless asked for with ``--workloads``).

Workloads run in interleaved rounds (one of each per round, the order rotating from round to
round) so that a change of machine load hits all of them alike; the first rounds are warm-up
and are dropped. Each workload reports its median time, its ratio to the median no-op time,
and the median of its per-round ratios to the no-op run of the same round ("paired"), which
is the steadier figure on a busy machine. The load average is recorded with every run.

Spark actions come from the profile itself (``Profile.execution.actions``, counted by the
engine's executor). Driver memory is measured in an extra, untimed round; see
:func:`measure_memory`. With ``--memory-scaling 0.1,1`` the runner also starts one fresh
process per lineitem scale factor and compares the driver's peak memory across them.

Results go to ``build/bench-results/<timestamp>.json`` and a table is printed.
``python -m benchmarks.compare`` checks a result against ``benchmarks/baseline.json``.

Example::

    python -m benchmarks.run --lineitem-sf 1 --wide-rows 1000000 --repeats 5
    python -m benchmarks.run --smoke
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from benchmarks import data as bench_data

__all__ = ["ACTION_BUDGET", "TARGETS", "check_budget", "check_targets", "main", "make_spark", "measure"]

#: The job budget from the engine contract: Spark actions per profile, per column chunk.
ACTION_BUDGET: Dict[str, int] = {"minimal": 1, "default": 2, "full": 4}
#: Performance targets on a 2-core machine, as a multiple of the no-op scan.
TARGETS: Dict[str, float] = {"minimal": 3.0, "default": 8.0}
PRESETS: Tuple[str, ...] = ("minimal", "default", "full")
#: Opt-in workloads: a preset with one setting changed, to measure what that setting costs.
VARIANTS: Dict[str, Tuple[str, Dict[str, Any]]] = {"minimal_no_distinct": ("minimal", {"distinct": "off"})}
RESULTS_DIR = Path(__file__).resolve().parent.parent / "build" / "bench-results"


# ---------------------------------------------------------------------------- Spark


def make_spark(driver_memory: str = "2g", app: str = "spark-profiler-bench") -> Any:
    """Start the benchmark Spark session: local[2], no UI, two shuffle partitions, AQE as default."""
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


# ---------------------------------------------------------------------------- memory


def _children(pid: int) -> List[int]:
    """Return all descendant process ids of ``pid`` (read from /proc)."""
    parents: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: split after the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    out: List[int] = []
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def driver_jvm_pid() -> Optional[int]:
    """Return the pid of the java process that pyspark started for this Python process."""
    for pid in _children(os.getpid()):
        with contextlib.suppress(OSError):
            if Path(f"/proc/{pid}/comm").read_text().strip() == "java":
                return pid
    return None


def _status_mib(pid: int, field: str) -> Optional[float]:
    """A memory field of /proc/<pid>/status (VmRSS, VmHWM) in MiB."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


def _reset_rss_peak(pid: int) -> bool:
    """Reset VmHWM (peak RSS) of ``pid`` to its current RSS (Linux >= 4.0); False if not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
        return True
    except OSError:
        return False


class HeapSampler:
    """Samples the used heap of a JVM with the JDK's ``jstat -gc`` every ``interval_ms``.

    ``jstat`` is a public JDK tool reading the JVM's performance counters from outside the
    process, so neither the library nor Spark is touched. The peak is the largest sampled
    sum of the survivor, eden and old-generation usage. Unavailable without a JDK.
    """

    def __init__(self, pid: Optional[int], interval_ms: int = 100) -> None:
        self.peak_mib: Optional[float] = None
        self._proc: Optional[subprocess.Popen[str]] = None
        self._thread: Optional[threading.Thread] = None
        jstat = shutil.which("jstat")
        if pid is None or jstat is None:
            return
        self._proc = subprocess.Popen(
            [jstat, "-gc", str(pid), str(interval_ms)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        time.sleep(1.0)  # let jstat attach before the measured work starts

    def _read(self) -> None:
        assert self._proc is not None
        assert self._proc.stdout is not None
        header: List[str] = []
        for line in self._proc.stdout:
            cells = line.split()
            if not cells:
                continue
            if cells[0] == "S0C":
                header = cells
                continue
            if not header or len(cells) != len(header):
                continue
            with contextlib.suppress(ValueError):
                row = dict(zip(header, (float(c) for c in cells)))
                used = (row["S0U"] + row["S1U"] + row["EU"] + row["OU"]) / 1024
                self.peak_mib = round(max(self.peak_mib or 0.0, used), 1)

    def stop(self) -> Optional[float]:
        """Stop sampling and return the peak used heap in MiB (None when unavailable)."""
        if self._proc is not None:
            time.sleep(0.3)  # one more sample after the work
            self._proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=10)
        if self._thread is not None:
            self._thread.join(timeout=10)
        return self.peak_mib


def measure_memory(fn: Callable[[], Any]) -> Dict[str, Any]:
    """Run ``fn`` once and return the driver's peak memory while it ran.

    * ``python_rss_peak_mib``: peak resident memory of this Python process (``VmHWM`` of
      /proc/self/status, reset through /proc/self/clear_refs just before ``fn``);
    * ``jvm_rss_peak_mib``: the same for the driver JVM that pyspark started. In local mode
      that JVM also runs the executors, so it includes their scan buffers;
    * ``jvm_heap_peak_mib``: the JVM's peak used heap, sampled with ``jstat``.
    """
    me = os.getpid()
    jvm = driver_jvm_pid()
    reset = _reset_rss_peak(me)
    if jvm is not None:
        reset = _reset_rss_peak(jvm) and reset
    sampler = HeapSampler(jvm)
    try:
        fn()
    finally:
        heap = sampler.stop()
    return {
        "python_rss_peak_mib": _status_mib(me, "VmHWM"),
        "jvm_rss_peak_mib": _status_mib(jvm, "VmHWM") if jvm is not None else None,
        "jvm_heap_peak_mib": heap,
        "peak_reset": reset,
    }


# ---------------------------------------------------------------------------- workloads


def workloads(names: Sequence[str]) -> Dict[str, Callable[[Any], Any]]:
    """Map workload names to callables taking a DataFrame."""
    out: Dict[str, Callable[[Any], Any]] = {}
    for name in names:
        if name == "noop":
            out[name] = lambda df: df.write.format("noop").mode("overwrite").save()
        elif name in PRESETS:
            import spark_profiler

            out[name] = lambda df, preset=name: spark_profiler.profile(df, config=preset)
        elif name in VARIANTS:
            import spark_profiler

            preset, changes = VARIANTS[name]
            out[name] = functools.partial(
                spark_profiler.profile, config=spark_profiler.ProfileConfig.from_preset(preset, **changes)
            )
        elif name == "summary":
            out[name] = lambda df: df.summary().collect()
        elif name == "describe":
            out[name] = lambda df: df.describe().collect()
        else:
            raise SystemExit(f"unknown workload {name!r}")
    return out


def _execution(result: Any) -> Dict[str, Any]:
    ex = getattr(result, "execution", None)
    if ex is None:
        return {}
    return {
        "actions": int(ex.actions),
        "chunks": int(getattr(ex, "chunks", 1)),
        "passes": [
            {"name": p.name, "seconds": round(float(p.seconds), 3), "columns": int(p.columns), "chunk": int(p.chunk)}
            for p in ex.passes
        ],
    }


def _loadavg() -> Optional[List[float]]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def measure(
    df: Any,
    names: Sequence[str],
    *,
    repeats: int,
    warmup: int,
    memory: bool = True,
    log: Callable[[str], None] = print,
) -> Dict[str, Dict[str, Any]]:
    """Time ``names`` on ``df`` in interleaved rounds, then take one memory round; return per-workload results."""
    fns = workloads(names)
    times: Dict[str, List[float]] = {n: [] for n in names}
    loads: Dict[str, List[float]] = {n: [] for n in names}
    info: Dict[str, Dict[str, Any]] = {n: {} for n in names}
    for round_no in range(warmup + repeats):
        tag = "warm-up" if round_no < warmup else f"round {round_no - warmup + 1}"
        # Rotate the order so that no workload always follows the same one.
        shift = round_no % len(names)
        for name in list(names[shift:]) + list(names[:shift]):
            started = time.perf_counter()
            result = fns[name](df)
            seconds = time.perf_counter() - started
            load = _loadavg()
            if round_no >= warmup:
                times[name].append(seconds)
                if load:
                    loads[name].append(load[0])
            info[name].update(_execution(result))
            actions = f"  actions={info[name]['actions']}" if "actions" in info[name] else ""
            log(f"  {tag:<8} {name:<9} {seconds:8.2f} s  load1={load[0] if load else '?'}{actions}")
    mem: Dict[str, Dict[str, Any]] = {}
    if memory:
        for name in names:
            mem[name] = measure_memory(lambda fn=fns[name]: fn(df))
            log(f"  memory   {name:<9} {mem[name]}")
    noop_median = statistics.median(times["noop"]) if times.get("noop") else None
    out: Dict[str, Dict[str, Any]] = {}
    for name in names:
        ts = sorted(times[name])
        entry: Dict[str, Any] = {
            "seconds": [round(t, 3) for t in times[name]],
            "median_s": round(statistics.median(ts), 3),
            "min_s": round(ts[0], 3),
            "max_s": round(ts[-1], 3),
            "load1": loads[name],
        }
        if noop_median:
            entry["ratio"] = round(statistics.median(ts) / noop_median, 2)
            entry["paired_ratio"] = round(statistics.median(t / n for t, n in zip(times[name], times["noop"])), 2)
        entry.update(info[name])
        entry.update(mem.get(name, {}))
        out[name] = entry
    return out


# ---------------------------------------------------------------------------- datasets


def _parquet_info(path: Path) -> Dict[str, Any]:
    files = sorted(path.glob("*.parquet"))
    meta = bench_data.describe(path)
    return {
        "path": str(path),
        "bytes": sum(f.stat().st_size for f in files),
        "files": len(files),
        "rows": meta.get("rows"),
        "generator": meta.get("generator"),
    }


def datasets(spark: Any, args: argparse.Namespace) -> List[Tuple[str, Path]]:
    """Generate (or reuse) the requested datasets; return (label, folder) pairs."""
    out: List[Tuple[str, Path]] = []
    if args.lineitem_sf > 0:
        path = bench_data.lineitem(spark, args.lineitem_sf, root=args.data_dir)
        out.append((f"lineitem_sf{args.lineitem_sf:g}", path))
    if args.wide_rows > 0:
        path = bench_data.wide(spark, args.wide_rows, args.wide_cols, root=args.data_dir)
        out.append((f"wide_{args.wide_rows}x{args.wide_cols}", path))
    return out


# ---------------------------------------------------------------------------- environment


def _machine() -> Dict[str, Any]:
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib: Optional[int] = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kib / 2**20, 1) if mem_kib else None,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def _java_version() -> Optional[str]:
    try:
        out = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=30, check=False)
        return (out.stderr or out.stdout).splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return None


def _git_commit() -> Optional[str]:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
            cwd=str(Path(__file__).resolve().parent),
        )
        return out.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


# ---------------------------------------------------------------------------- memory scaling


def memory_probe(args: argparse.Namespace) -> Dict[str, Any]:
    """In this (fresh) process: profile lineitem at one SF (after optional warm-ups), measuring the driver."""
    spark = make_spark(args.driver_memory)
    try:
        import spark_profiler

        path = bench_data.lineitem(spark, args.probe_sf, root=args.data_dir)
        df = spark.read.parquet(str(path))
        for _ in range(args.probe_warmup):
            spark_profiler.profile(df, config=args.probe_config)
        mem = measure_memory(lambda: spark_profiler.profile(df, config=args.probe_config))
        return {"sf": args.probe_sf, "config": args.probe_config, "rows": bench_data.describe(path).get("rows"), **mem}
    finally:
        spark.stop()


_PEAKS = ("python_rss_peak_mib", "jvm_heap_peak_mib", "jvm_rss_peak_mib")


def memory_scaling(args: argparse.Namespace, sfs: Sequence[float]) -> Dict[str, Any]:
    """Run :func:`memory_probe` in one fresh process per scale factor and compare the peaks."""
    probes = []
    for sf in sfs:
        cmd = [sys.executable, "-m", "benchmarks.run", "--memory-probe", "--probe-sf", repr(sf)]
        cmd += ["--probe-config", args.probe_config, "--probe-warmup", str(args.probe_warmup)]
        cmd += ["--driver-memory", args.driver_memory]
        if args.data_dir:
            cmd += ["--data-dir", args.data_dir]
        print(f"memory probe: lineitem SF{sf:g} ({args.probe_config}), fresh process", flush=True)
        out = subprocess.run(
            cmd, capture_output=True, text=True, check=False, cwd=str(Path(__file__).resolve().parent.parent)
        )
        if out.returncode != 0:
            raise SystemExit("memory probe failed:\n" + out.stderr[-4000:])
        probes.append(json.loads(out.stdout.strip().splitlines()[-1]))
    result: Dict[str, Any] = {"probes": probes}
    for key in _PEAKS:
        vals = [p.get(key) for p in probes]
        if all(isinstance(v, (int, float)) and v > 0 for v in vals):
            result[key + "_growth"] = round(vals[-1] / vals[0] - 1.0, 3)  # type: ignore[operator]
    return result


# ---------------------------------------------------------------------------- output


_COLUMNS = (
    ("dataset", 22),
    ("workload", 19),
    ("median s", 9),
    ("x noop", 7),
    ("paired", 7),
    ("actions", 8),
    ("load1", 6),
    ("py RSS", 7),
    ("JVM heap", 9),
    ("JVM RSS", 8),
)


def _row(cells: Sequence[Any]) -> str:
    return " ".join(str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, (_, w)) in enumerate(zip(cells, _COLUMNS)))


def table(results: Dict[str, Any]) -> str:
    """Render the results as a fixed-width text table (memory in MiB)."""
    header = _row([name for name, _ in _COLUMNS])
    lines = [header, "-" * len(header)]
    for label, per in results["results"].items():
        for name, e in per.items():
            load = statistics.median(e["load1"]) if e.get("load1") else "-"
            lines.append(
                _row(
                    [
                        label,
                        name,
                        f"{e['median_s']:.2f}",
                        f"{e['ratio']:.2f}" if "ratio" in e else "-",
                        f"{e['paired_ratio']:.2f}" if "paired_ratio" in e else "-",
                        e.get("actions", "-"),
                        load,
                        e.get("python_rss_peak_mib", "-"),
                        e.get("jvm_heap_peak_mib", "-"),
                        e.get("jvm_rss_peak_mib", "-"),
                    ]
                )
            )
    ms = results.get("memory_scaling")
    if ms:
        lines.append("")
        lines.extend(
            f"memory: lineitem SF{p['sf']:g} {p['config']} ({p['rows']} rows): Python RSS peak "
            f"{p['python_rss_peak_mib']} MiB, JVM heap peak {p['jvm_heap_peak_mib']} MiB, "
            f"JVM RSS peak {p['jvm_rss_peak_mib']} MiB"
            for p in ms["probes"]
        )
        growth = ", ".join(f"{k[: -len('_growth')]} {100 * v:+.1f}%" for k, v in ms.items() if k.endswith("_growth"))
        lines.append("growth from the first to the last scale factor: " + (growth or "n/a"))
    return "\n".join(lines)


def check_budget(results: Dict[str, Any]) -> List[str]:
    """Return a message for every profile whose action count breaks the job budget."""
    problems = []
    for label, per in results["results"].items():
        for name, e in per.items():
            preset = VARIANTS[name][0] if name in VARIANTS else name
            if preset not in ACTION_BUDGET:
                continue
            actions = e.get("actions")
            budget = ACTION_BUDGET[preset] * int(e.get("chunks", 1))
            if actions is None:
                problems.append(f"{label}/{name}: the profile reports no action count")
            elif actions > budget:
                problems.append(f"{label}/{name}: {actions} Spark actions, budget {budget}")
    return problems


def check_targets(results: Dict[str, Any]) -> List[str]:
    """Return a message for every preset slower than its target multiple of the no-op scan."""
    problems = []
    for label, per in results["results"].items():
        for name, target in TARGETS.items():
            e = per.get(name)
            if e is not None and "paired_ratio" in e and e["paired_ratio"] > target:
                problems.append(f"{label}/{name}: {e['paired_ratio']:.2f}x the no-op scan, target {target:g}x")
    return problems


# ---------------------------------------------------------------------------- main


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=(__doc__ or "").splitlines()[0])
    p.add_argument("--lineitem-sf", type=float, default=1.0, help="TPC-H scale factor (0 skips lineitem)")
    p.add_argument("--wide-rows", type=int, default=1_000_000, help="rows of the wide table (0 skips it)")
    p.add_argument("--wide-cols", type=int, default=100, help="columns of the wide table")
    p.add_argument("--workloads", default="noop,minimal,default,full", help="comma-separated, e.g. +summary,describe")
    p.add_argument("--repeats", type=int, default=5, help="timed rounds (medians are reported)")
    p.add_argument("--warmup", type=int, default=1, help="untimed rounds before the timed ones")
    p.add_argument("--no-memory", action="store_true", help="skip the untimed memory round")
    p.add_argument("--memory-scaling", default="", help="comma-separated lineitem SFs, e.g. 0.1,1")
    p.add_argument("--probe-config", default="default", help="preset used by the memory-scaling probes")
    p.add_argument("--probe-warmup", type=int, default=1, help="unmeasured profiles before each memory probe")
    p.add_argument("--driver-memory", default="2g")
    p.add_argument(
        "--data-dir", default=None, help="data cache (default build/bench-data or $SPARK_PROFILER_BENCH_DATA)"
    )
    p.add_argument("--out", default=str(RESULTS_DIR), help="folder for the JSON results")
    p.add_argument("--smoke", action="store_true", help="tiny data, one round: proves the pipeline works")
    p.add_argument("--check-budget", action="store_true", help="exit 1 when a profile breaks the job budget")
    p.add_argument("--check-targets", action="store_true", help="exit 1 when a preset misses its time target")
    p.add_argument("--memory-probe", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--probe-sf", type=float, default=0.1, help=argparse.SUPPRESS)
    return p


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the benchmarks and write ``<out>/<timestamp>.json``; return the exit status."""
    args = _parser().parse_args(argv)
    if args.memory_probe:
        print(json.dumps(memory_probe(args)))
        return 0
    if args.smoke:
        args.lineitem_sf, args.wide_rows, args.wide_cols = 0.01, 20_000, 30
        args.repeats, args.warmup = 1, 0
    names = [w.strip() for w in args.workloads.split(",") if w.strip()]
    if "noop" not in names:
        names.insert(0, "noop")
    started = dt.datetime.now(dt.timezone.utc)
    results: Dict[str, Any] = {
        "meta": {
            "started": started.isoformat(timespec="seconds"),
            "machine": _machine(),
            "java": _java_version(),
            "git_commit": _git_commit(),
            "repeats": args.repeats,
            "warmup": args.warmup,
            "driver_memory": args.driver_memory,
            "spark_conf": {"master": "local[2]", "spark.sql.shuffle.partitions": "2", "spark.ui.enabled": "false"},
            "loadavg_start": _loadavg(),
        },
        "datasets": {},
        "results": {},
    }
    spark = make_spark(args.driver_memory)
    try:
        import pyspark

        import spark_profiler

        results["meta"].update(
            pyspark=pyspark.__version__,
            spark=spark.version,
            aqe=spark.conf.get("spark.sql.adaptive.enabled"),
            spark_profiler=spark_profiler.__version__,
        )
        for label, path in datasets(spark, args):
            df = spark.read.parquet(str(path))
            info = _parquet_info(path)
            info["columns"] = len(df.columns)
            results["datasets"][label] = info
            print(
                f"{label}: {info['rows']} rows x {info['columns']} columns, {info['bytes'] / 2**20:.1f} MiB", flush=True
            )
            results["results"][label] = measure(
                df, names, repeats=args.repeats, warmup=args.warmup, memory=not args.no_memory
            )
    finally:
        spark.stop()
    sfs = [float(s) for s in args.memory_scaling.split(",") if s.strip()]
    if sfs:
        results["memory_scaling"] = memory_scaling(args, sfs)
    results["meta"]["loadavg_end"] = _loadavg()
    results["meta"]["seconds"] = round((dt.datetime.now(dt.timezone.utc) - started).total_seconds(), 1)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    out_file = out_dir / f"{stamp}{'-smoke' if args.smoke else ''}.json"
    out_file.write_text(json.dumps(results, indent=2) + "\n")
    print()
    print(table(results))
    print(f"\nresults written to {out_file}")
    status = 0
    for flag, check, what in (
        (args.check_budget, check_budget, "BUDGET"),
        (args.check_targets, check_targets, "TARGET"),
    ):
        if flag:
            for msg in check(results):
                print(f"{what}: {msg}", file=sys.stderr)
                status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
