# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Fixtures of the command-line tests (helpers live in ``cli_helpers``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import make_pyspark_blocker


@pytest.fixture(scope="session")
def pyspark_blocker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory whose ``pyspark`` package aborts the process (exit 99) on import."""
    return make_pyspark_blocker(tmp_path_factory.mktemp("block-pyspark"))
