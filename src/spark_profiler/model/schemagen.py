# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Generate the profile JSON Schema and the model fingerprint from the dataclasses.

The checked-in files under ``spark_profiler/model/schema/`` are derived from
:mod:`spark_profiler.model.profile`:

* ``profile.schema.json``: JSON Schema (draft 2020-12) of a profile file;
* ``fingerprints.json``: for every released schema version, a hash of the model's
  shape (dataclass names, field names, annotations, defaults, enum values).

A test recomputes both. Changing the model without bumping ``SCHEMA_VERSION`` fails,
because the fingerprint recorded for the current version no longer matches and this
tool refuses to overwrite the fingerprint of an existing version. To change the model:

1. bump ``SCHEMA_VERSION`` in ``model/profile.py`` (minor for added optional fields,
   major for anything a previous reader cannot load);
2. run ``python -m spark_profiler.model.schemagen --write``;
3. commit the regenerated files.

``python -m spark_profiler.model.schemagen`` without ``--write`` prints the schema.
"""

from __future__ import annotations

import argparse
import collections.abc
import dataclasses
import hashlib
import json
import sys
import typing
from enum import Enum
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from . import profile as _model
from .profile import FORMAT_MARKER, SCHEMA_VERSION, Profile

__all__ = [
    "SCHEMA_DIR",
    "build_schema",
    "check",
    "fingerprint",
    "load_fingerprints",
    "main",
    "model_description",
]

#: Folder of the checked-in schema files inside the installed package.
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
SCHEMA_FILE = SCHEMA_DIR / "profile.schema.json"
FINGERPRINT_FILE = SCHEMA_DIR / "fingerprints.json"
SCHEMA_ID = "https://spark-profiler.github.io/schema/profile-{major}.json"


def _dataclasses(root: type = Profile) -> List[type]:
    """Every model dataclass reachable from ``root``, in a stable order (root first)."""
    seen: List[type] = []

    def visit(tp: Any) -> None:
        if dataclasses.is_dataclass(tp) and isinstance(tp, type):
            if tp in seen:
                return
            seen.append(tp)
            for hint in typing.get_type_hints(tp, vars(_model)).values():
                visit(hint)
            return
        for arg in typing.get_args(tp):
            visit(arg)

    visit(root)
    return seen


def _default_repr(f: dataclasses.Field[Any]) -> Optional[str]:
    if f.default is not dataclasses.MISSING:
        d = f.default
        return json.dumps(d.value if isinstance(d, Enum) else d, sort_keys=True)
    if f.default_factory is not dataclasses.MISSING:
        return json.dumps(f.default_factory(), sort_keys=True)
    return None


def model_description() -> Dict[str, Any]:
    """A canonical, JSON-serializable description of the model's shape."""
    classes = {}
    for cls in _dataclasses():
        classes[cls.__name__] = [
            {"name": f.name, "type": str(f.type), "default": _default_repr(f)} for f in dataclasses.fields(cls)
        ]
    return {
        "format": FORMAT_MARKER,
        "classes": classes,
        "enums": {"Accuracy": [m.value for m in _model.Accuracy]},
    }


def fingerprint() -> str:
    """SHA-256 of :func:`model_description` (independent of the schema version)."""
    text = json.dumps(model_description(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- JSON Schema ----------------------------------------------------------------------

_NUMBER = {"$ref": "#/$defs/number"}
_SCALAR = {"$ref": "#/$defs/scalar"}


def _type_schema(tp: Any) -> Dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return {}
    if tp is _model.Scalar or (origin is Union and set(args) == {type(None), bool, int, float, str}):
        return dict(_SCALAR)
    if origin is Union:
        non_none = [a for a in args if a is not type(None)]
        alts = [_type_schema(a) for a in non_none]
        if type(None) in args:
            alts.append({"type": "null"})
        return alts[0] if len(alts) == 1 else {"anyOf": alts}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if isinstance(tp, type) and issubclass(tp, Enum):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0])}
        return {
            "type": "array",
            "prefixItems": [_type_schema(a) for a in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    if origin in (dict, collections.abc.Mapping):
        return {"type": "object"}
    if tp is float:
        return dict(_NUMBER)
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is str:
        return {"type": "string"}
    raise TypeError(f"no JSON Schema mapping for annotation {tp!r}")  # pragma: no cover


def _class_schema(cls: type) -> Dict[str, Any]:
    hints = typing.get_type_hints(cls, vars(_model))
    props: Dict[str, Any] = {}
    required: List[str] = []
    for f in dataclasses.fields(cls):
        props[f.name] = _type_schema(hints[f.name])
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    doc = (cls.__doc__ or "").strip().splitlines()
    out: Dict[str, Any] = {"type": "object", "description": doc[0] if doc else cls.__name__, "properties": props}
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def build_schema() -> Dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a profile file of this version."""
    major = SCHEMA_VERSION.split(".")[0]
    defs: Dict[str, Any] = {
        "nonFiniteFloat": {
            "description": "NaN or an infinity, which JSON numbers cannot hold.",
            "type": "object",
            "properties": {"$float": {"enum": ["NaN", "Infinity", "-Infinity"]}},
            "required": ["$float"],
            "additionalProperties": False,
        },
        "number": {"anyOf": [{"type": "number"}, {"$ref": "#/$defs/nonFiniteFloat"}]},
        "scalar": {
            "anyOf": [
                {"type": ["null", "boolean", "number", "string"]},
                {"$ref": "#/$defs/nonFiniteFloat"},
            ]
        },
        "Accuracy": {"enum": [m.value for m in _model.Accuracy]},
    }
    for cls in _dataclasses():
        defs[cls.__name__] = _class_schema(cls)
    root = dict(defs.pop("Profile"))
    props = dict(root["properties"])
    props["format"] = {"const": FORMAT_MARKER}
    props["schema_version"] = {"type": "string", "pattern": rf"^{major}\.[0-9]+$"}
    root["properties"] = props
    root["required"] = ["format", "schema_version", *list(root.get("required", []))]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID.format(major=major),
        "title": f"spark-profiler profile, schema version {SCHEMA_VERSION}",
        "description": (
            "A data profile written by spark-profiler. Non-finite floats are written as "
            '{"$float": "NaN" | "Infinity" | "-Infinity"}.'
        ),
        **root,
        "$defs": defs,
    }


def render_schema() -> str:
    """The schema as the exact text of the checked-in file."""
    return json.dumps(build_schema(), indent=2, sort_keys=False) + "\n"


def load_fingerprints(path: Optional[Path] = None) -> Dict[str, str]:
    """The checked-in ``{schema_version: fingerprint}`` history."""
    path = path if path is not None else FINGERPRINT_FILE
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.get("fingerprints", {}).items()}


def check() -> List[str]:
    """Return the problems that make the checked-in files disagree with the model."""
    problems: List[str] = []
    history = load_fingerprints()
    current = fingerprint()
    recorded = history.get(SCHEMA_VERSION)
    if recorded is None:
        problems.append(
            f"SCHEMA_VERSION {SCHEMA_VERSION} has no recorded fingerprint; "
            "run `python -m spark_profiler.model.schemagen --write`"
        )
    elif recorded != current:
        problems.append(
            f"the Profile model changed but SCHEMA_VERSION is still {SCHEMA_VERSION}; bump SCHEMA_VERSION in "
            "spark_profiler/model/profile.py, then run `python -m spark_profiler.model.schemagen --write`"
        )
    if not SCHEMA_FILE.exists() or SCHEMA_FILE.read_text(encoding="utf-8") != render_schema():
        problems.append("profile.schema.json is out of date; run `python -m spark_profiler.model.schemagen --write`")
    return problems


def _sort_versions(versions: Sequence[str]) -> List[str]:
    def key(v: str) -> Tuple[int, ...]:
        return tuple(int(p) for p in v.split("."))

    return sorted(versions, key=key)


def write(force: bool = False) -> List[str]:
    """Regenerate the schema file and record the fingerprint of ``SCHEMA_VERSION``.

    Refuses (returns an error) when the current version already has a different
    fingerprint, unless ``force`` is set: that is the case of a model change
    without a version bump.
    """
    history = load_fingerprints()
    current = fingerprint()
    recorded = history.get(SCHEMA_VERSION)
    if recorded is not None and recorded != current and not force:
        return [
            (
                f"refusing to overwrite the fingerprint of released schema {SCHEMA_VERSION}: the model changed, "
                "so bump SCHEMA_VERSION first (or pass --force while that version is unreleased)"
            )
        ]
    history[SCHEMA_VERSION] = current
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    SCHEMA_FILE.write_text(render_schema(), encoding="utf-8")
    ordered = {v: history[v] for v in _sort_versions(list(history))}
    FINGERPRINT_FILE.write_text(
        json.dumps({"current": SCHEMA_VERSION, "fingerprints": ordered}, indent=2) + "\n", encoding="utf-8"
    )
    return []


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry: print, check or regenerate the schema files."""
    parser = argparse.ArgumentParser(
        prog="python -m spark_profiler.model.schemagen", description=(__doc__ or "").split("\n")[0]
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true", help="regenerate the checked-in schema and fingerprint")
    group.add_argument("--check", action="store_true", help="exit 1 when the checked-in files are out of date")
    parser.add_argument("--force", action="store_true", help="with --write: overwrite this version's fingerprint")
    args = parser.parse_args(argv)
    if args.write:
        errors = write(force=args.force)
    elif args.check:
        errors = check()
    else:
        sys.stdout.write(render_schema())
        return 0
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
