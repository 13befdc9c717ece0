# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
#
# Two entry points for a fresh clone; each sets itself up in .venv-tools/:
#   make demo    profile the dataset in examples/data on local Spark (HTML + JSON in build/demo/)
#   make check   every CI gate: lint, types, tests on Python 3.8-3.13, build, hooks, ...

PYTHON ?= python3
TOOLS := .venv-tools
TOOLS_BIN := $(TOOLS)/bin
NOX := $(TOOLS_BIN)/nox
STAMP := $(TOOLS)/.installed

.PHONY: demo check lint typecheck test clean help

help:
	@echo "make demo    run the demo: profile examples/data, write build/demo/report.html and profile.json"
	@echo "make check   run every CI gate (nox -t ci)"
	@echo "make lint | typecheck | test   run one gate"
	@echo "make clean   remove virtual environments and build output"

$(STAMP): requirements/tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS_BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(TOOLS_BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements/tools.txt
	@touch $(STAMP)

# nox finds uv through PATH; the tools venv provides the pinned one.
demo: $(STAMP)
	PATH="$(CURDIR)/$(TOOLS_BIN):$$PATH" $(NOX) -s demo

# Every CI gate (`nox -t ci`), as two streams side by side on a 2-core machine: the
# sessions tagged ci-parallel (Spark cells, real servers, browser, dependency audits)
# run in the background while ci-main runs in the foreground. The wheel is built once
# first, so neither stream rebuilds it under the other's feet. The background log is
# printed when both are done; the target fails when either stream failed.
# Under CI the uv cache is pruned first: every Spark cell installs a ~400 MB pyspark and
# uv keeps superseded copies, so a machine that runs CI often fills its disk. Pruning
# drops only entries nothing refers to any more; the free space is reported either way.
WHEELHOUSE := build/wheelhouse
check: $(STAMP)
	rm -rf $(WHEELHOUSE) && mkdir -p $(WHEELHOUSE) build/ci
	@if [ -n "$$CI" ]; then $(TOOLS_BIN)/uv cache prune 2>&1 | tail -n 1; fi
	@df -h . | awk 'NR == 2 {print "check: " $$4 " free on the build disk"}'
	$(TOOLS_BIN)/uv build --quiet --wheel --out-dir $(WHEELHOUSE) .
	@export PATH="$(CURDIR)/$(TOOLS_BIN):$$PATH"; \
	export SPARK_PROFILER_WHEEL="$$(ls $(CURDIR)/$(WHEELHOUSE)/spark_profiler-*.whl)"; \
	echo "check: ci-parallel sessions run in the background (log: build/ci/parallel.log)"; \
	$(NOX) -t ci-parallel >build/ci/parallel.log 2>&1 & bg=$$!; \
	$(NOX) -t ci-main; main=$$?; \
	wait $$bg; parallel=$$?; \
	echo "check: ---- ci-parallel sessions (build/ci/parallel.log) ----"; \
	cat build/ci/parallel.log; \
	echo "check: ci-main exit $$main, ci-parallel exit $$parallel"; \
	test $$main -eq 0 && test $$parallel -eq 0

lint: $(STAMP)
	PATH="$(CURDIR)/$(TOOLS_BIN):$$PATH" $(NOX) -s lint

typecheck: $(STAMP)
	PATH="$(CURDIR)/$(TOOLS_BIN):$$PATH" $(NOX) -s typecheck

test: $(STAMP)
	PATH="$(CURDIR)/$(TOOLS_BIN):$$PATH" $(NOX) -s tests

clean:
	rm -rf $(TOOLS) .nox build dist .coverage .coverage.* .mypy_cache .ruff_cache .pytest_cache
