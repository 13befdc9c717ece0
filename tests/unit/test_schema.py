# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""The checked-in JSON Schema validates real outputs, and the schema guard catches model drift."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, Dict

import pytest
from profiles import rich_profile, simple_profile, wide_profile

from spark_profiler.model import SCHEMA_VERSION, Profile, schemagen

jsonschema = pytest.importorskip("jsonschema")


def _schema() -> Dict[str, Any]:
    return json.loads(schemagen.SCHEMA_FILE.read_text(encoding="utf-8"))


def test_checked_in_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(
    "profile",
    [rich_profile(), rich_profile(sampled=True), simple_profile(), wide_profile(20)],
    ids=["rich", "sampled", "simple", "wide"],
)
def test_real_outputs_validate_against_the_schema(profile: Profile) -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(json.loads(profile.to_json())), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_schema_rejects_a_wrong_accuracy_and_a_bad_float_marker() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    data = json.loads(simple_profile().to_json())
    data["columns"][0]["stats"][0]["accuracy"] = "guessed"
    assert not validator.is_valid(data)
    data = json.loads(simple_profile().to_json())
    data["columns"][0]["stats"][0]["value"] = {"$float": "Inf"}
    assert not validator.is_valid(data)


def test_schema_guard_model_matches_checked_in_files() -> None:
    problems = schemagen.check()
    assert not problems, "\n".join(problems)


def test_fingerprint_history_records_the_current_version() -> None:
    history = schemagen.load_fingerprints()
    assert history.get(SCHEMA_VERSION) == schemagen.fingerprint()


def test_guard_detects_a_model_change_without_a_version_bump(monkeypatch: pytest.MonkeyPatch) -> None:
    original = schemagen.model_description()

    def changed() -> Dict[str, Any]:
        desc = json.loads(json.dumps(original))
        desc["classes"]["Statistic"].append({"name": "new_field", "type": "Optional[str]", "default": "null"})
        return desc

    monkeypatch.setattr(schemagen, "model_description", changed)
    problems = schemagen.check()
    assert any("bump SCHEMA_VERSION" in p for p in problems)
    # The regeneration tool refuses to paper over it.
    assert schemagen.write()
    assert "refusing" in schemagen.write()[0]


def test_fingerprint_covers_every_model_field() -> None:
    desc = schemagen.model_description()
    stat_fields = [f["name"] for f in desc["classes"]["Statistic"]]
    from spark_profiler.model import Statistic

    assert stat_fields == [f.name for f in dataclasses.fields(Statistic)]
    assert set(desc["classes"]) >= {"Profile", "ColumnProfile", "ExecutionInfo", "Histogram", "Quantiles"}


def test_schema_tool_check_exits_zero_when_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert schemagen.main(["--check"]) == 0
    assert schemagen.main([]) == 0
    assert json.loads(capsys.readouterr().out)["title"].endswith(SCHEMA_VERSION)


def test_write_records_a_new_version_next_to_the_old_ones(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schemagen, "SCHEMA_DIR", tmp_path)
    monkeypatch.setattr(schemagen, "SCHEMA_FILE", tmp_path / "profile.schema.json")
    monkeypatch.setattr(schemagen, "FINGERPRINT_FILE", tmp_path / "fingerprints.json")
    (tmp_path / "fingerprints.json").write_text(json.dumps({"fingerprints": {"0.9": "old"}}), encoding="utf-8")
    assert schemagen.main(["--write"]) == 0
    history = schemagen.load_fingerprints(tmp_path / "fingerprints.json")
    assert list(history) == ["0.9", SCHEMA_VERSION]
    assert schemagen.check() == []
    (tmp_path / "profile.schema.json").write_text("{}", encoding="utf-8")
    assert any("out of date" in p for p in schemagen.check())
    assert schemagen.main(["--check"]) == 1
