# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The public entry point. The engine (and so pyspark) is imported only when called."""

from __future__ import annotations

from typing import Any, Iterable, Optional, Union

from .config import ProfileConfig, Sample
from .model import Profile

__all__ = ["profile"]


def profile(
    df: Any,
    *,
    columns: Optional[Iterable[str]] = None,
    config: Union[ProfileConfig, str, None] = None,
    sample: Union[float, int, str, Sample, None] = None,
    strict: Optional[bool] = None,
) -> Profile:
    """Profile a Spark DataFrame (classic or Spark Connect) in a fixed number of Spark jobs.

    Args:
        df: a ``pyspark.sql.DataFrame`` (classic or Connect).
        columns: top-level column names to profile (one name, or any iterable of names);
            all columns when omitted.
        config: a :class:`ProfileConfig` or a preset name (``"minimal"``, ``"default"``, ``"full"``).
        sample: ``None`` (exact, the default), a fraction in (0, 1], a target row count,
            ``"auto"``, or a :class:`Sample`.
        strict: raise on the first statistic that cannot be computed instead of recording it.

    Returns:
        A frozen, versioned :class:`~spark_profiler.model.Profile`.

    Example:
        >>> p = spark_profiler.profile(df, config="minimal")   # doctest: +SKIP
        >>> p.table["row_count"]                               # doctest: +SKIP
    """
    from .engine.runner import run_profile

    if config is None:
        cfg = ProfileConfig.default()
    elif isinstance(config, str):
        cfg = ProfileConfig.from_preset(config)
    elif isinstance(config, ProfileConfig):
        cfg = config
    else:
        from .errors import ConfigError

        raise ConfigError(f"config= got {type(config).__name__}; pass a ProfileConfig or a preset name")
    if strict is not None:
        cfg = cfg.replace(strict=strict)
    return run_profile(df, columns=columns, config=cfg, sample=Sample.coerce(sample))
