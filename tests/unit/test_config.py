# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""ProfileConfig presets and validation, and the Sample argument coercion."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any, Dict

import pytest

from spark_profiler import ConfigError, ProfileConfig, Sample
from spark_profiler.config import DEFAULT_QUANTILES, PRESETS


class TestPresets:
    def test_every_preset_name_builds_a_config_carrying_that_name(self) -> None:
        for name in PRESETS:
            assert ProfileConfig.from_preset(name).preset == name

    def test_minimal_turns_off_everything_beyond_one_pass(self) -> None:
        cfg = ProfileConfig.minimal()
        assert cfg.top_k == 0
        assert cfg.histogram_bins == 0
        assert cfg.quantiles == ()
        assert cfg.duplicates == "off"
        assert not any((cfg.moments, cfg.outliers, cfg.string_stats, cfg.patterns, cfg.nested, cfg.correlations))

    def test_full_is_exact_and_adds_correlations(self) -> None:
        cfg = ProfileConfig.full()
        assert (cfg.distinct, cfg.duplicates, cfg.correlations) == ("exact", "exact", True)

    def test_default_is_approximate_without_correlations(self) -> None:
        cfg = ProfileConfig.default()
        assert (cfg.distinct, cfg.duplicates, cfg.correlations) == ("approximate", "approximate", False)
        assert cfg == ProfileConfig()

    def test_preset_overrides_win_over_preset_values(self) -> None:
        assert ProfileConfig.minimal(top_k=3).top_k == 3
        assert ProfileConfig.full(correlations=False).correlations is False
        assert ProfileConfig.from_preset("default", histogram_bins=7).histogram_bins == 7

    def test_distinct_off_is_accepted_and_a_bad_value_names_every_allowed_one(self) -> None:
        assert ProfileConfig.minimal(distinct="off").distinct == "off"
        with pytest.raises(ConfigError, match="'approximate', 'exact', 'off'"):
            ProfileConfig(distinct="none")

    def test_unknown_preset_lists_the_known_ones(self) -> None:
        with pytest.raises(ConfigError, match="minimal, default, full"):
            ProfileConfig.from_preset("fast")


class TestValidation:
    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("preset", "huge"),
            ("distinct", "fuzzy"),
            ("duplicates", "sometimes"),
            ("distinct_rsd", 0.5),
            ("distinct_rsd", 0.001),
            ("distinct_rsd", math.nan),
            ("top_k", -1),
            ("top_k", 2.5),
            ("top_k", True),
            ("histogram_bins", 1001),
            ("quantile_accuracy", 5),
            ("frequent_max_cardinality", "many"),
            ("pattern_sample_rows", 10),
            ("max_value_length", 99),
            ("max_struct_depth", 33),
            ("max_correlation_columns", 1),
            ("max_columns_per_job", 0),
            ("quantiles", (0.5, 1.5)),
            ("quantiles", (-0.1,)),
            ("moments", "yes"),
            ("strict", 1),
        ],
    )
    def test_out_of_range_value_is_rejected_naming_the_field(self, field: str, value: Any) -> None:
        with pytest.raises(ConfigError, match=field):
            ProfileConfig(**{field: value})

    def test_config_error_is_also_a_value_error(self) -> None:
        with pytest.raises(ValueError, match="top_k"):
            ProfileConfig(top_k=-5)

    def test_quantiles_are_sorted_deduplicated_and_made_float(self) -> None:
        cfg = ProfileConfig(quantiles=(0.9, 0.1, 0.5, 0.1, 1))
        assert cfg.quantiles == (0.1, 0.5, 0.9, 1.0)
        assert all(isinstance(q, float) for q in cfg.quantiles)

    def test_default_quantiles_are_the_documented_ones(self) -> None:
        assert ProfileConfig().quantiles == tuple(sorted(DEFAULT_QUANTILES))

    def test_config_is_frozen(self) -> None:
        cfg = ProfileConfig()
        with pytest.raises(dataclasses.FrozenInstanceError):
            cfg.top_k = 1  # type: ignore[misc]


class TestReplaceAndDict:
    def test_replace_returns_a_validated_copy(self) -> None:
        cfg = ProfileConfig()
        changed = cfg.replace(top_k=5, histogram_bins=30)
        assert (changed.top_k, changed.histogram_bins) == (5, 30)
        assert cfg.top_k == 10
        with pytest.raises(ConfigError):
            cfg.replace(top_k=-1)

    def test_replace_rejects_unknown_fields_by_name(self) -> None:
        with pytest.raises(ConfigError, match="bins, topk"):
            ProfileConfig().replace(topk=1, bins=2)

    def test_to_dict_is_json_serialisable_and_rebuilds_the_same_config(self) -> None:
        cfg = ProfileConfig.full(top_k=4)
        data: Dict[str, Any] = json.loads(json.dumps(cfg.to_dict()))
        assert isinstance(data["quantiles"], list)
        assert ProfileConfig(**data) == cfg

    def test_to_dict_has_one_entry_per_field(self) -> None:
        names = {f.name for f in dataclasses.fields(ProfileConfig)}
        assert set(ProfileConfig().to_dict()) == names


class TestSample:
    def test_fraction_and_rows_are_mutually_exclusive(self) -> None:
        with pytest.raises(ConfigError, match="exactly one"):
            Sample(fraction=0.5, rows=10)
        with pytest.raises(ConfigError, match="exactly one"):
            Sample()

    @pytest.mark.parametrize("fraction", [0.0, -0.1, 1.01])
    def test_fraction_must_be_in_the_unit_interval(self, fraction: float) -> None:
        with pytest.raises(ConfigError, match="fraction"):
            Sample(fraction=fraction)

    @pytest.mark.parametrize("rows", [0, -3, True, 2.0])
    def test_rows_must_be_a_positive_integer(self, rows: Any) -> None:
        with pytest.raises(ConfigError, match="rows"):
            Sample(rows=rows)

    def test_auto_mode_defaults_to_a_million_rows(self) -> None:
        s = Sample(mode="auto")
        assert (s.mode, s.rows, s.fraction) == ("auto", 1_000_000, None)

    def test_auto_mode_refuses_a_fraction(self) -> None:
        with pytest.raises(ConfigError, match="rows="):
            Sample(mode="auto", fraction=0.1)

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"mode": "sometimes", "rows": 5}, "mode"),
            ({"rows": 5, "threshold": 0}, "threshold"),
            ({"rows": 5, "confidence_level": 1.0}, "confidence_level"),
            ({"rows": 5, "confidence_level": 0.2}, "confidence_level"),
        ],
    )
    def test_invalid_settings_are_rejected_naming_the_field(self, kwargs: Dict[str, Any], field: str) -> None:
        with pytest.raises(ConfigError, match=field):
            Sample(**kwargs)

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            (None, None),
            (0.25, Sample(fraction=0.25)),
            (1000, Sample(rows=1000)),
            ("auto", Sample(mode="auto")),
            ("5000", Sample(rows=5000)),
            ("0.5", Sample(fraction=0.5)),
            ("1.0", Sample(fraction=1.0)),
            ({"rows": 7, "seed": 3}, Sample(rows=7, seed=3)),
        ],
    )
    def test_coerce_reads_each_accepted_form(self, value: Any, expected: Any) -> None:
        assert Sample.coerce(value) == expected

    def test_coerce_passes_a_sample_through_unchanged(self) -> None:
        s = Sample(fraction=0.1, seed=9)
        assert Sample.coerce(s) is s

    @pytest.mark.parametrize("value", [True, False, "lots", [0.1], b"0.1"])
    def test_coerce_rejects_ambiguous_or_unknown_values(self, value: Any) -> None:
        with pytest.raises(ConfigError):
            Sample.coerce(value)
