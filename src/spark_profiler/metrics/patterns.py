# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Common value patterns counted in string columns.

Each regex is written in the common subset of Java's and Python's regex dialects, so
Spark's ``rlike`` and the test oracle's ``re`` agree. Patterns are anchored and are
matched against the whole raw value: leading or trailing whitespace, a trailing newline
included, makes a value not match, and ``.`` matches any character, line breaks too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Tuple

__all__ = ["PATTERNS", "Pattern"]


@dataclass(frozen=True)
class Pattern:
    """A named pattern: ``key`` feeds the statistic key ``pattern_<key>_count``."""

    key: str
    label: str
    regex: str

    @property
    def spark_regex(self) -> str:
        r"""The regex as Spark's ``rlike`` must see it to match the whole value.

        In Java (as in Python) a final ``$`` also matches before a trailing line break,
        so ``"42\n"`` would count as integer-like; ``\z`` is the true end of input.
        ``(?s)`` lets ``.`` match line breaks, which Java excludes more of than Python.
        """
        body = self.regex[:-1] + r"\z" if self.regex.endswith("$") else self.regex
        return "(?s)" + body


PATTERNS: Tuple[Pattern, ...] = (
    Pattern("integer", "Integer-like", r"^[+-]?[0-9]+$"),
    Pattern("decimal", "Decimal-like", r"^[+-]?([0-9]+[.][0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$"),
    Pattern("date", "Date-like", r"^([0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{4})$"),
    Pattern(
        "datetime",
        "Timestamp-like",
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$",
    ),
    Pattern("email", "Email", r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}$"),
    Pattern("url", "URL", r"^(https?|ftp)://[^\s/$.?#][^\s]*$"),
    Pattern("uuid", "UUID", r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
    Pattern(
        "ipv4",
        "IPv4",
        r"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])[.]){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$",
    ),
    Pattern("phone", "Phone-like", r"^[+]?[0-9][0-9 ().-]{6,18}[0-9]$"),
    Pattern("boolean", "Boolean-like", r"(?i)^(true|false|yes|no|y|n|t|f)$"),
    Pattern("json", "JSON object/array", r"^\s*[\[{].*[\]}]\s*$"),
)
