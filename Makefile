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

check: $(STAMP)
	PATH="$(CURDIR)/$(TOOLS_BIN):$$PATH" $(NOX) -t ci

lint: $(STAMP)
	PATH="$(CURDIR)/$(TOOLS_BIN):$$PATH" $(NOX) -s lint

typecheck: $(STAMP)
	PATH="$(CURDIR)/$(TOOLS_BIN):$$PATH" $(NOX) -s typecheck

test: $(STAMP)
	PATH="$(CURDIR)/$(TOOLS_BIN):$$PATH" $(NOX) -s tests

clean:
	rm -rf $(TOOLS) .nox build dist .coverage .coverage.* .mypy_cache .ruff_cache .pytest_cache
