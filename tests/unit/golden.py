# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Golden-file comparison; set ``UPDATE_GOLDEN=1`` to rewrite the files after a deliberate change."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "golden"


def check_golden(name: str, actual: str) -> None:
    """Assert that ``actual`` equals the golden file ``name`` (or rewrite it on request)."""
    path = GOLDEN_DIR / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"golden file {name} is missing; run the tests with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"output differs from golden file {name}; if the change is intended, rerun with UPDATE_GOLDEN=1 "
        "and review the diff"
    )
