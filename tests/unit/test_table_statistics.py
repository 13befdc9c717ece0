# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Table statistics: duplicate rows of a sampled profile say they were counted in the sample."""

from __future__ import annotations

import random
from typing import Dict, Optional

import pytest

from spark_profiler.config import ProfileConfig
from spark_profiler.metrics.base import Agg, SamplingContext
from spark_profiler.metrics.table import dup_agg, table_statistics
from spark_profiler.model import Statistic

TOP = (("a", "int"),)


def stats(*, sampling: Optional[SamplingContext], exact: Optional[int], config: ProfileConfig) -> Dict[str, Statistic]:
    values = {Agg("count_rows"): 100, dup_agg(TOP, config): 80}
    out = table_statistics(
        values=values,
        top_level=TOP,
        columns=(),
        config=config,
        sampling=sampling,
        population_rows=None,
        exact_duplicates=exact,
    )
    return {s.key: s for s in out}


@pytest.mark.parametrize(
    ("config", "exact"), [(ProfileConfig.default(), None), (ProfileConfig.full(), 20)], ids=["approximate", "exact"]
)
def test_sampled_duplicate_rows_are_labelled_as_counted_within_the_sample(
    config: ProfileConfig, exact: Optional[int]
) -> None:
    got = stats(sampling=SamplingContext(0.5), exact=exact, config=config)
    for key in ("duplicate_rows", "duplicate_rows_fraction"):
        note = got[key].note
        assert note is not None
        assert "within the sample of 100 rows" in note
    assert got["duplicate_rows"].value == 20
    assert got["duplicate_rows_fraction"].value == pytest.approx(0.2)


@pytest.mark.parametrize(("config", "exact"), [(ProfileConfig.default(), None), (ProfileConfig.full(), 20)])
def test_unsampled_duplicate_rows_do_not_mention_a_sample(config: ProfileConfig, exact: Optional[int]) -> None:
    got = stats(sampling=None, exact=exact, config=config)
    assert "sample" not in (got["duplicate_rows"].note or "")


def test_a_sample_understates_the_duplicate_fraction_on_average() -> None:
    # The reason the sampled figure is not scaled: an independent check by simulation.
    rng = random.Random(1)  # noqa: S311 - reproducible test data, not secrets
    population = [i // 3 for i in range(3000)]  # every row has two twins: 2/3 are duplicates
    f, trials, total = 0.3, 200, 0.0
    for _ in range(trials):
        sample = [x for x in population if rng.random() < f]
        total += (len(sample) - len(set(sample))) / len(sample)
    assert total / trials < 2 / 3 - 0.2
