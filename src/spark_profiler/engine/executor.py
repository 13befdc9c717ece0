# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Runs the planned Spark actions, counts them, and turns Spark failures into errors.

Every action the engine runs goes through :meth:`Executor.collect`, so the number of
actions is known exactly; tests assert the job budget through it.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Any, Iterator, List, Sequence

from ..errors import ExecutionError
from ..model import PassInfo

__all__ = ["Executor"]


def _first_line(exc: BaseException) -> str:
    """The first line of the error that says what went wrong.

    Py4J starts a Java error with "An error occurred while calling o42.collectToPython."
    and puts the Java exception, which carries the reason, on the next line after ": ".
    """
    for raw in str(exc).splitlines():
        line = raw.strip()
        if line.startswith("An error occurred while calling"):
            continue
        if line.startswith(":"):
            line = line[1:].strip()
        if line:
            return line[:500]
    return exc.__class__.__name__


class Executor:
    """Runs bounded ``collect`` actions and records one :class:`PassInfo` per action.

    Subclass it in tests to observe the queries (see ``tests/spark/test_job_budget.py``).
    """

    def __init__(self) -> None:
        self.actions = 0
        self.passes: List[PassInfo] = []

    @contextmanager
    def failures(self, *, pass_name: str, columns: Sequence[str]) -> Iterator[None]:
        """Turn any Spark failure inside the block into an :class:`ExecutionError` for the pass.

        Building a pass's query can fail too: a classic session analyses each DataFrame
        as it is made, a Connect session only when it runs, so both raise the same error.
        """
        try:
            yield
        except ExecutionError:
            raise
        except Exception as exc:  # any Spark/py4j/gRPC failure, chained below
            shown = ", ".join(columns[:10]) + (f" and {len(columns) - 10} more" if len(columns) > 10 else "")
            raise ExecutionError(
                f"Spark failed while running the {pass_name} pass over columns [{shown}]: "
                f"{type(exc).__name__}: {_first_line(exc)}",
                pass_name=pass_name,
                columns=columns,
            ) from exc

    def collect(self, df: Any, *, pass_name: str, columns: Sequence[str], chunk: int = 0) -> List[Any]:
        """Run one action whose result is small by construction and return its rows."""
        self.actions += 1
        start = time.perf_counter()
        with self.failures(pass_name=pass_name, columns=columns):
            rows = list(df.collect())
        self.passes.append(PassInfo(pass_name, time.perf_counter() - start, len(columns), chunk))
        return rows
