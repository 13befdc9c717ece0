# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Proof tests of the security checks: each plants the bad thing and expects a failure.

They need the pinned tools of requirements/security.txt and workflows.txt (bandit,
import-linter, detect-secrets, pip-licenses, reuse, zizmor, actionlint), so they run
in ``nox -s security``, which sets ``SPARK_PROFILER_SECURITY_TESTS=1``. Elsewhere (the unit-test sessions) the folder is
not collected, and the pytest header says so.
"""

from __future__ import annotations

import os
from typing import List, Optional

ENABLED = os.environ.get("SPARK_PROFILER_SECURITY_TESTS") == "1"

collect_ignore_glob: List[str] = [] if ENABLED else ["test_*.py"]


def pytest_report_header() -> Optional[str]:
    if ENABLED:
        return None
    return "tests/security: not collected (run `nox -s security` or set SPARK_PROFILER_SECURITY_TESTS=1)"
