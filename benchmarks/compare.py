# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Compare a benchmark result with the stored baseline; exit 1 on a regression.

A timing ratio (profile time / no-op scan time) regresses when::

    ratio > baseline_ratio * factor + slack

with ``factor`` and ``slack`` stored in the baseline (1.5 and 0.5 by default). A shared
2-core machine easily swings a single ratio by 30 %, so a tighter rule would cry wolf;
this one still catches the regressions that matter, such as an extra pass over the data
(+1x or more) or an expression that doubles the cost of a pass.

Action counts are deterministic, so they are compared exactly: a profile that needs more
Spark actions than the baseline recorded is a regression whatever the timings say.

Only datasets and workloads present in both files are compared; a result measured on
other data (for example the tiny smoke run) is reported as "no baseline" and passes.

Usage::

    python -m benchmarks.compare build/bench-results/20260101T000000Z.json
    python -m benchmarks.compare RESULT --update     # make RESULT the new baseline
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

__all__ = ["BASELINE", "compare", "main", "make_baseline"]

BASELINE = Path(__file__).resolve().parent / "baseline.json"
RESULTS_DIR = Path(__file__).resolve().parent.parent / "build" / "bench-results"
DEFAULT_FACTOR = 1.5
DEFAULT_SLACK = 0.5
#: Workloads whose ratios are guarded; the Spark references are informational only.
GUARDED = ("minimal", "default", "full")


def _ratio(entry: Dict[str, Any]) -> float:
    """The guarded figure: the median of per-round ratios when present, else median over median."""
    return float(entry.get("paired_ratio", entry["ratio"]))


def make_baseline(
    result: Dict[str, Any], *, factor: float = DEFAULT_FACTOR, slack: float = DEFAULT_SLACK
) -> Dict[str, Any]:
    """Build a baseline document from one runner result."""
    datasets: Dict[str, Dict[str, Any]] = {}
    for label, per in result["results"].items():
        entry: Dict[str, Any] = {}
        for name, e in per.items():
            if "ratio" not in e or name == "noop":
                continue
            item: Dict[str, Any] = {"ratio": _ratio(e)}
            if "actions" in e:
                item["actions"] = e["actions"]
            entry[name] = item
        datasets[label] = entry
    meta = result.get("meta", {})
    return {
        "tolerance": {"factor": factor, "slack": slack, "rule": "ratio > baseline * factor + slack fails"},
        "source": {
            "started": meta.get("started"),
            "spark": meta.get("spark"),
            "machine": meta.get("machine"),
            "repeats": meta.get("repeats"),
        },
        "datasets": datasets,
    }


def compare(result: Dict[str, Any], baseline: Dict[str, Any]) -> Tuple[List[str], List[str]]:
    """Return ``(report_lines, failures)`` for ``result`` against ``baseline``."""
    tol = baseline.get("tolerance", {})
    factor = float(tol.get("factor", DEFAULT_FACTOR))
    slack = float(tol.get("slack", DEFAULT_SLACK))
    lines: List[str] = []
    failures: List[str] = []
    for label, per in result["results"].items():
        base = baseline.get("datasets", {}).get(label)
        if base is None:
            lines.append(f"{label}: no baseline for this dataset, not compared")
            continue
        for name in GUARDED:
            got = per.get(name)
            ref = base.get(name)
            if got is None or ref is None:
                continue
            limit = ref["ratio"] * factor + slack
            ratio = _ratio(got)
            ok = ratio <= limit
            lines.append(
                f"{label:<22} {name:<8} ratio {ratio:6.2f}  baseline {ref['ratio']:6.2f}"
                f"  limit {limit:6.2f}  {'ok' if ok else 'REGRESSION'}"
            )
            if not ok:
                failures.append(
                    "{}/{}: ratio {:.2f} exceeds {:.2f} (baseline {:.2f})".format(
                        label, name, ratio, limit, ref["ratio"]
                    )
                )
            if "actions" in ref and "actions" in got and got["actions"] > ref["actions"]:
                failures.append(f"{label}/{name}: {got['actions']} Spark actions, baseline {ref['actions']}")
    return lines, failures


def _latest(results_dir: Path) -> Optional[Path]:
    files = sorted(p for p in results_dir.glob("2*.json") if not p.name.endswith("-smoke.json"))
    return files[-1] if files else None


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Compare a result file with the baseline (or replace the baseline with ``--update``)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__.splitlines()[0])
    parser.add_argument("result", nargs="?", help="result JSON (default: the newest full run in build/bench-results)")
    parser.add_argument("--baseline", default=str(BASELINE))
    parser.add_argument("--update", action="store_true", help="write RESULT as the new baseline")
    parser.add_argument("--factor", type=float, default=None, help="with --update: tolerance factor")
    parser.add_argument("--slack", type=float, default=None, help="with --update: tolerance slack")
    args = parser.parse_args(argv)
    path = Path(args.result) if args.result else _latest(RESULTS_DIR)
    if path is None:
        print(f"no result file given and none found in {RESULTS_DIR}", file=sys.stderr)
        return 2
    result = json.loads(path.read_text())
    baseline_path = Path(args.baseline)
    if args.update:
        old = json.loads(baseline_path.read_text()) if baseline_path.exists() else {}
        tol = old.get("tolerance", {})
        factor = args.factor if args.factor is not None else float(tol.get("factor", DEFAULT_FACTOR))
        slack = args.slack if args.slack is not None else float(tol.get("slack", DEFAULT_SLACK))
        baseline_path.write_text(json.dumps(make_baseline(result, factor=factor, slack=slack), indent=2) + "\n")
        print(f"baseline {baseline_path} updated from {path}")
        return 0
    if not baseline_path.exists():
        print(f"no baseline at {baseline_path}; create one with --update", file=sys.stderr)
        return 2
    lines, failures = compare(result, json.loads(baseline_path.read_text()))
    print(f"comparing {path} with {baseline_path}")
    for line in lines:
        print("  " + line)
    for msg in failures:
        print("REGRESSION: " + msg, file=sys.stderr)
    if failures:
        return 1
    print("no regression")
    return 0


if __name__ == "__main__":
    sys.exit(main())
