#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
#
# A tour of the spark-profiler command line on the example data.
#
#   bash examples/cli_demo.sh [OUTPUT_DIR]      (default: build/examples/cli)
#
# Needs `spark-profiler` on PATH (pip install "spark-profiler[spark]") and Java.
# Only the first command starts Spark; the others read the saved profile.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$(dirname "$here")/build/examples/cli}"
mkdir -p "$out"
data="$here/data/penguins.csv"

echo "== profile: one Spark run, three reports"
spark-profiler profile "$data" --null-value NA --master 'local[2]' \
  -o "$out/penguins.html" -o "$out/penguins.json" -o "$out/penguins.md"

echo "== render: the saved profile as a terminal summary, no Spark"
spark-profiler render "$out/penguins.json" >"$out/penguins.txt"
head -n 25 "$out/penguins.txt"

echo "== render: Markdown for a pull-request comment"
spark-profiler render "$out/penguins.json" -o "$out/penguins-again.md" --quiet
if cmp -s "$out/penguins.md" "$out/penguins-again.md"; then
  echo "same Markdown as the first run"
else
  echo "the re-rendered Markdown differs from the first run" >&2
  exit 1
fi

echo "== quality gate: exit code 1 when an alert reaches the level"
set +e
spark-profiler render "$out/penguins.json" --fail-on error --quiet >/dev/null
code=$?
set -e
case "$code" in
  0) echo "gate passed: no alert at error level" ;;
  1) echo "gate failed: alerts at error level (see above)" ;;
  *) echo "unexpected exit code $code" >&2; exit "$code" ;;
esac

echo "== bad input: one line on stderr and a documented exit code"
set +e
spark-profiler profile "$here/data/does-not-exist.csv" 2>&1
code=$?
set -e
[ "$code" -eq 3 ] || { echo "expected exit code 3, got $code" >&2; exit 1; }
echo "exit code $code (input error)"

echo "== schema: the JSON Schema profile files follow"
spark-profiler schema >"$out/profile.schema.json"
head -n 5 "$out/profile.schema.json"

echo "reports in $out"
