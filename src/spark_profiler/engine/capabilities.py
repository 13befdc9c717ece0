# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""What the running Spark can do, read once per profile.

Every version-dependent choice of the engine is made here, from ``spark.version`` and
the DataFrame class, and recorded in the profile's ``execution.implementations``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Tuple

from ..errors import SparkEnvironmentError, UnsupportedInputError

__all__ = ["SUPPORTED_RANGE", "Capabilities", "detect", "parse_version"]

#: Supported Spark versions, inclusive lower bound and exclusive upper bound.
SUPPORTED_RANGE: Tuple[Tuple[int, int], Tuple[int, int]] = ((3, 0), (4, 4))


def parse_version(text: str) -> Tuple[int, int, int]:
    """Parse ``"3.5.1"``, ``"4.0.0-preview2"`` or ``"3.3.2-amzn-0"`` into a tuple."""
    m = re.match(r"^\s*(\d+)\.(\d+)(?:\.(\d+))?", text or "")
    if not m:
        raise SparkEnvironmentError(f"cannot read the Spark version from {text!r}")
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


@dataclass(frozen=True)
class Capabilities:
    """Feature switches for one Spark version and mode."""

    spark_version: str
    version: Tuple[int, int, int]
    connect: bool

    @property
    def mode(self) -> str:
        """``"connect"`` for Spark Connect DataFrames, ``"classic"`` otherwise."""
        return "connect" if self.connect else "classic"

    @property
    def has_try_sum(self) -> bool:
        """``try_sum`` (overflow-safe decimal sums) arrived in Spark 3.3."""
        return self.version >= (3, 3, 0)

    @property
    def has_unix_micros(self) -> bool:
        """``unix_micros`` arrived in Spark 3.1; 3.0 casts timestamps to double."""
        return self.version >= (3, 1, 0)

    def implementations(self) -> Tuple[Tuple[str, str], ...]:
        """The implementation picked for each version-dependent piece."""
        return (
            ("integer_sum", "bigint limbs"),
            ("decimal_sum", "bigint limbs to precision 15, then " + ("try_sum" if self.has_try_sum else "sum")),
            ("timestamp_epoch", "unix_micros" if self.has_unix_micros else "cast_double"),
            ("timestamp_grouping_key", "unix_micros" if self.has_unix_micros else "date_format"),
            ("quantiles", "percentile_approx"),
            ("distinct", "approx_count_distinct (HyperLogLog++)"),
        )


def _is_dataframe(df: Any) -> Tuple[bool, bool]:
    """Return (is a Spark DataFrame, is a Connect DataFrame) without importing Connect."""
    for cls in type(df).__mro__:
        mod = getattr(cls, "__module__", "") or ""
        if cls.__name__ == "DataFrame" and mod.startswith("pyspark.sql.connect"):
            return True, True
        if cls.__name__ == "DataFrame" and mod.startswith("pyspark.sql"):
            return True, False
    return False, False


def session_of(df: Any) -> Any:
    """The SparkSession of a classic or Connect DataFrame on every supported version."""
    spark = getattr(df, "sparkSession", None)
    if spark is None:  # Spark < 3.3 classic DataFrames only expose it through sql_ctx
        spark = df.sql_ctx.sparkSession
    return spark


def detect(df: Any) -> Capabilities:
    """Check that ``df`` is a Spark DataFrame and read its Spark's capabilities."""
    ok, connect = _is_dataframe(df)
    if not ok:
        raise UnsupportedInputError(
            f"profile() needs a pyspark.sql.DataFrame (classic or Spark Connect), got "
            f"{type(df).__module__}.{type(df).__qualname__}; convert it first, e.g. spark.createDataFrame(pandas_df)"
        )
    spark = session_of(df)
    text = str(spark.version)
    version = parse_version(text)
    lo, hi = SUPPORTED_RANGE
    if not (lo <= version[:2] < hi):
        raise SparkEnvironmentError(
            f"Spark {text} is not supported; spark-profiler supports Spark 3.0 to 4.3. "
            'Install a supported pyspark, e.g. pip install "pyspark>=3.5,<4.4"'
        )
    return Capabilities(spark_version=text, version=version, connect=connect)
