# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Version parsing and input detection, checked with stand-in objects (no JVM)."""

from __future__ import annotations

from typing import Any

import pytest

import spark_profiler
from spark_profiler.engine.capabilities import Capabilities, detect, parse_version
from spark_profiler.errors import SparkEnvironmentError, UnsupportedInputError


class _Session:
    def __init__(self, version: str) -> None:
        self.version = version


def fake_dataframe(version: str, module: str = "pyspark.sql.dataframe") -> Any:
    """An object whose class looks like pyspark's DataFrame to the detector."""
    cls = type("DataFrame", (), {"__module__": module})
    df = cls()
    df.sparkSession = _Session(version)
    return df


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.5.1", (3, 5, 1)),
        ("4.0.0-preview2", (4, 0, 0)),
        ("3.3.2-amzn-0", (3, 3, 2)),
        ("3.0", (3, 0, 0)),
        (" 4.3.0 ", (4, 3, 0)),
        ("13.3.x-scala2.12-4.1", (13, 3, 0)),
    ],
)
def test_versions_are_parsed_from_vendor_strings(text: str, expected: Any) -> None:
    assert parse_version(text) == expected


@pytest.mark.parametrize("text", ["", "unknown", "v3.5"])
def test_an_unreadable_version_is_an_environment_error(text: str) -> None:
    with pytest.raises(SparkEnvironmentError, match="version"):
        parse_version(text)


@pytest.mark.parametrize("version", ["3.0.0", "3.5.1", "4.0.1", "4.3.9"])
def test_supported_versions_are_detected(version: str) -> None:
    caps = detect(fake_dataframe(version))
    assert caps.spark_version == version
    assert caps.mode == "classic"


@pytest.mark.parametrize("version", ["2.4.8", "4.4.0", "5.0.0"])
def test_versions_outside_3_0_to_4_3_are_refused_with_the_supported_range(version: str) -> None:
    with pytest.raises(SparkEnvironmentError) as info:
        detect(fake_dataframe(version))
    assert version in str(info.value)
    assert "3.0 to 4.3" in str(info.value)


def test_connect_dataframes_are_recognised_as_connect() -> None:
    caps = detect(fake_dataframe("3.5.1", module="pyspark.sql.connect.dataframe"))
    assert caps.connect
    assert caps.mode == "connect"


@pytest.mark.parametrize(
    ("value", "type_name"),
    [([1, 2], "list"), ({"a": [1]}, "dict"), ("select 1", "str"), (None, "NoneType")],
)
def test_non_dataframes_raise_unsupported_input_naming_the_type(value: Any, type_name: str) -> None:
    with pytest.raises(UnsupportedInputError, match=type_name):
        detect(value)


def test_public_profile_rejects_a_pandas_like_object_naming_its_class() -> None:
    class DataFrame:  # looks like pandas by name, but not from pyspark
        __module__ = "pandas.core.frame"

    with pytest.raises(UnsupportedInputError, match=r"pandas\.core\.frame\..*DataFrame"):
        spark_profiler.profile(DataFrame())


def test_feature_switches_follow_the_version() -> None:
    old = Capabilities("3.0.1", (3, 0, 1), False)
    new = Capabilities("3.5.0", (3, 5, 0), False)
    assert not old.has_try_sum
    assert not old.has_unix_micros
    assert new.has_try_sum
    assert new.has_unix_micros
    assert Capabilities("3.3.0", (3, 3, 0), False).has_try_sum
    assert Capabilities("3.1.1", (3, 1, 1), False).has_unix_micros
