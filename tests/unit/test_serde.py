# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Profile files: lossless round-trip, non-finite floats, versions, atomic save."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
from profiles import rich_profile, simple_profile, wide_profile

from spark_profiler.errors import ProfileFormatError
from spark_profiler.model import FORMAT_MARKER, SCHEMA_VERSION, Accuracy, Profile, serde


def _walk_types(a: Any, b: Any, path: str = "") -> None:
    """Assert ``b`` has the same types as ``a`` everywhere (tuples stay tuples, enums enums)."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, float) and math.isnan(a):
        assert math.isnan(b), path
    elif hasattr(a, "__dataclass_fields__"):
        for name in a.__dataclass_fields__:
            _walk_types(getattr(a, name), getattr(b, name), f"{path}.{name}")
    elif isinstance(a, (tuple, list)):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _walk_types(x, y, f"{path}[{i}]")
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _walk_types(a[k], b[k], f"{path}.{k}")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


@pytest.mark.parametrize("factory", [rich_profile, simple_profile, wide_profile], ids=["rich", "simple", "wide"])
def test_json_round_trip_is_lossless_including_types(factory: Any) -> None:
    original = factory()
    restored = Profile.from_json(original.to_json())
    _walk_types(original, restored)
    assert restored.to_json() == original.to_json()


def test_finite_profile_round_trips_to_an_equal_object() -> None:
    p = simple_profile()
    assert Profile.from_json(p.to_json()) == p


def test_non_finite_floats_use_the_documented_marker() -> None:
    data = json.loads(rich_profile().to_json())
    price = next(c for c in data["columns"] if c["name"] == "price")
    values = {s["key"]: s["value"] for s in price["stats"]}
    assert values["min"] == {"$float": "-Infinity"}
    assert values["max"] == {"$float": "Infinity"}
    assert values["mean"] == {"$float": "NaN"}
    assert data["correlations"]["matrix"][1][2] == {"$float": "NaN"}


def test_output_is_strict_json_without_nan_literals() -> None:
    text = rich_profile().to_json()
    json.loads(text, parse_constant=lambda name: pytest.fail(f"non-standard JSON constant {name}"))


def test_restored_accuracy_is_the_enum_and_sequences_are_tuples() -> None:
    p = Profile.from_json(rich_profile().to_json())
    s = p["id"].stat("distinct_count")
    assert s is not None
    assert s.accuracy is Accuracy.APPROXIMATE
    assert isinstance(p.columns, tuple)
    assert isinstance(p["id"].path, tuple)
    assert p["price"].frequent is not None
    assert isinstance(p["price"].frequent.items[0], tuple)


def test_file_starts_with_format_marker_and_version() -> None:
    data = json.loads(simple_profile().to_json())
    assert list(data)[:2] == ["format", "schema_version"]
    assert data["format"] == FORMAT_MARKER
    assert data["schema_version"] == SCHEMA_VERSION


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    p = rich_profile()
    target = tmp_path / "profile.json"
    p.save(target)
    assert Profile.load(target).to_json() == p.to_json()
    assert [f.name for f in tmp_path.iterdir()] == ["profile.json"]


def test_save_is_atomic_and_leaves_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch: Any) -> None:
    target = tmp_path / "profile.json"
    target.write_text("previous", encoding="utf-8")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        simple_profile().save(target)
    assert target.read_text(encoding="utf-8") == "previous"
    assert [f.name for f in tmp_path.iterdir()] == ["profile.json"]


def _with(**changes: Any) -> str:
    data = json.loads(simple_profile().to_json())
    data.update(changes)
    return json.dumps(data)


def test_older_minor_version_loads() -> None:
    major = SCHEMA_VERSION.split(".")[0]
    p = Profile.from_json(_with(schema_version=f"{major}.0"))
    assert p.schema_version == f"{major}.0"


def test_newer_minor_version_with_unknown_fields_loads() -> None:
    major = SCHEMA_VERSION.split(".")[0]
    p = Profile.from_json(_with(schema_version=f"{major}.99", brand_new_field={"x": 1}))
    assert len(p) == len(simple_profile())


def test_newer_major_version_without_a_writer_names_the_schema_that_reads_it() -> None:
    major = int(SCHEMA_VERSION.split(".")[0])
    with pytest.raises(ProfileFormatError) as exc:
        Profile.from_json(_with(schema_version=f"{major + 1}.0", library_version=None))
    msg = str(exc.value)
    assert f"{major + 1}.0" in msg
    assert f"{major + 1}.x" in msg
    assert "upgrade" in msg


def test_newer_major_version_names_the_release_that_wrote_it() -> None:
    major = int(SCHEMA_VERSION.split(".")[0])
    with pytest.raises(ProfileFormatError) as exc:
        Profile.from_json(_with(schema_version=f"{major + 1}.0", library_version="7.2.0"))
    msg = str(exc.value)
    assert f"schema version {major + 1}.0" in msg
    assert f"reads schema {major}.x only" in msg
    assert "spark-profiler 7.2.0 wrote it and reads it" in msg
    assert "pip install -U 'spark-profiler>=7.2.0'" in msg


def test_unknown_format_marker_is_refused() -> None:
    with pytest.raises(ProfileFormatError, match="format marker"):
        Profile.from_json(_with(format="ydata-profiling"))


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"format": "spark-profiler/profile"}'])
def test_garbage_raises_profile_format_error(text: str) -> None:
    with pytest.raises(ProfileFormatError):
        Profile.from_json(text)


def test_missing_required_field_is_named() -> None:
    data = json.loads(simple_profile().to_json())
    del data["columns"][0]["spark_type"]
    with pytest.raises(ProfileFormatError, match=r"columns\[0\].*spark_type"):
        Profile.from_json(json.dumps(data))


def test_invalid_accuracy_is_refused() -> None:
    data = json.loads(simple_profile().to_json())
    data["columns"][0]["stats"][0]["accuracy"] = "guessed"
    with pytest.raises(ProfileFormatError, match="guessed"):
        Profile.from_json(json.dumps(data))


def test_invalid_float_marker_is_refused() -> None:
    data = json.loads(simple_profile().to_json())
    data["columns"][0]["stats"][0]["value"] = {"$float": "Inf"}
    with pytest.raises(ProfileFormatError, match=r"\$float"):
        Profile.from_json(json.dumps(data))


def test_load_error_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(ProfileFormatError, match=r"bad\.json"):
        serde.load(bad)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_file_gets_the_umask_mode_not_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "p.json"
        simple_profile().save(target)
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644
