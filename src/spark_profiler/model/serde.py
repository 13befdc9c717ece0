# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Lossless JSON (de)serialization of :class:`~spark_profiler.model.profile.Profile`.

File layout
-----------
A profile file is one UTF-8 JSON object whose first two members are::

    {"format": "spark-profiler/profile", "schema_version": "1.0", ...}

followed by the fields of :class:`Profile` (``library_version``, ``created_at``,
``config``, ``execution``, ``table``, ``columns``, ``correlations``, ``failures``).
Dataclasses become objects keyed by field name, tuples become arrays and
:class:`Accuracy` becomes its string value. The checked-in JSON Schema
(``spark_profiler/model/schema/profile.schema.json``) describes the file exactly.

Non-finite floats
-----------------
JSON has no NaN or infinity, and ``NaN`` literals written by some encoders are
rejected by strict parsers. A non-finite float is therefore written as a one-member
object marker anywhere a number may appear::

    {"$float": "NaN"}   {"$float": "Infinity"}   {"$float": "-Infinity"}

Any JSON reader can recognise the marker; :func:`from_json` turns it back into the
float. Finite floats and integers are written as plain JSON numbers (``1.0`` stays
a float, ``1`` an int).

Versions
--------
``schema_version`` is ``major.minor``. A reader loads any file of its own major
version: older minors lack only optional fields, newer minors only add fields this
reader ignores. A file of a newer major version, or one without the format marker,
raises :class:`~spark_profiler.errors.ProfileFormatError` naming what can read it.
"""

from __future__ import annotations

import collections.abc
import contextlib
import dataclasses
import json
import math
import os
import re
import sys
import tempfile
import typing
from enum import Enum
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple, Union

from ..errors import ProfileFormatError
from .profile import FORMAT_MARKER, SCHEMA_VERSION, Profile

__all__ = [
    "FLOAT_MARKER",
    "from_dict",
    "from_json",
    "load",
    "parse_version",
    "save",
    "to_dict",
    "to_json",
]

#: Key of the object that stands in for a non-finite float.
FLOAT_MARKER = "$float"
_NONFINITE_NAMES = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}

PathLike = Union[str, "os.PathLike[str]"]


def parse_version(text: object) -> Tuple[int, int]:
    """Return ``(major, minor)`` of a ``"major.minor"`` schema version string."""
    m = re.fullmatch(r"(\d+)\.(\d+)", text.strip()) if isinstance(text, str) else None
    if m is None:
        raise ProfileFormatError(f"invalid schema_version {text!r}; expected 'major.minor' such as {SCHEMA_VERSION!r}")
    return int(m.group(1)), int(m.group(2))


# -- encoding -------------------------------------------------------------------------


def _encode_float(v: float) -> Any:
    if math.isnan(v):
        return {FLOAT_MARKER: "NaN"}
    if math.isinf(v):
        return {FLOAT_MARKER: "Infinity" if v > 0 else "-Infinity"}
    return v


def _encode(obj: Any) -> Any:
    if isinstance(obj, Enum):
        return _encode(obj.value)
    if obj is None or isinstance(obj, (bool, int, str)):
        return obj
    if isinstance(obj, float):
        return _encode_float(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Mapping):
        return {str(k): _encode(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_encode(v) for v in obj]
    raise TypeError(f"cannot serialize {type(obj).__name__} value {obj!r} in a profile")


_LEADING_FIELDS = ("library_version", "created_at", "execution", "config")


def to_dict(profile: Profile) -> Dict[str, Any]:
    """Return the JSON-ready dict of ``profile`` (format marker and schema version first)."""
    body = _encode(profile)
    out: Dict[str, Any] = {"format": FORMAT_MARKER, "schema_version": SCHEMA_VERSION}
    # Metadata first so that `head profile.json` tells what the file is.
    for k in _LEADING_FIELDS:
        if k in body:
            out[k] = body[k]
    for k, v in body.items():
        if k not in out:
            out[k] = v
    return out


def to_json(profile: Profile, *, indent: typing.Optional[int] = 2) -> str:
    """Serialize ``profile`` to a JSON string (strict JSON: no NaN literals)."""
    return json.dumps(to_dict(profile), indent=indent, ensure_ascii=False, allow_nan=False) + "\n"


# -- decoding -------------------------------------------------------------------------


def _decode_floats(obj: Any) -> Any:
    """Replace every ``{"$float": ...}`` marker in parsed JSON by the float it stands for."""
    if isinstance(obj, dict):
        if len(obj) == 1 and FLOAT_MARKER in obj:
            name = obj[FLOAT_MARKER]
            if name not in _NONFINITE_NAMES:
                raise ProfileFormatError(
                    f"invalid {FLOAT_MARKER!r} marker {name!r}; allowed: {', '.join(_NONFINITE_NAMES)}"
                )
            return _NONFINITE_NAMES[name]
        return {k: _decode_floats(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_decode_floats(v) for v in obj]
    return obj


_HINTS: Dict[type, Dict[str, Any]] = {}


def _hints(cls: type) -> Dict[str, Any]:
    if cls not in _HINTS:
        module = sys.modules[cls.__module__]
        _HINTS[cls] = typing.get_type_hints(cls, vars(module))
    return _HINTS[cls]


def _where(path: List[str]) -> str:
    return "".join(path) or "<root>"


def _build(tp: Any, value: Any, path: List[str]) -> Any:
    """Rebuild a value of annotated type ``tp`` from decoded JSON."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return _thaw(value)
    if origin is Union:
        if value is None and type(None) in args:
            return None
        non_none = [a for a in args if a is not type(None)]
        if len(non_none) == 1:
            return _build(non_none[0], value, path)
        # A union of scalars (``Scalar``): the JSON value already has the right Python type.
        if isinstance(value, (dict, list)):
            raise ProfileFormatError(f"{_where(path)}: expected a scalar, found {type(value).__name__}")
        return value
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return _build_dataclass(tp, value, path)
    if isinstance(tp, type) and issubclass(tp, Enum):
        try:
            return tp(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in tp)
            raise ProfileFormatError(f"{_where(path)}: invalid value {value!r}; allowed: {allowed}") from None
    if origin in (tuple, Tuple):
        if not isinstance(value, list):
            raise ProfileFormatError(f"{_where(path)}: expected an array, found {type(value).__name__}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_build(args[0], v, [*path, f"[{i}]"]) for i, v in enumerate(value))
        if len(args) != len(value):
            raise ProfileFormatError(f"{_where(path)}: expected {len(args)} items, found {len(value)}")
        return tuple(_build(a, v, [*path, f"[{i}]"]) for i, (a, v) in enumerate(zip(args, value)))
    if origin in (dict, collections.abc.Mapping):
        if not isinstance(value, dict):
            raise ProfileFormatError(f"{_where(path)}: expected an object, found {type(value).__name__}")
        return {k: _thaw(v) for k, v in value.items()}
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ProfileFormatError(f"{_where(path)}: expected a number, found {value!r}")
        return value
    if tp in (int, str, bool):
        if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
            raise ProfileFormatError(f"{_where(path)}: expected {tp.__name__}, found {value!r}")
        return value
    return value  # pragma: no cover - every model annotation is handled above


def _thaw(value: Any) -> Any:
    """Free-form data (``config``): JSON arrays stay lists, objects stay dicts."""
    if isinstance(value, dict):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_thaw(v) for v in value]
    return value


def _build_dataclass(cls: type, value: Any, path: List[str]) -> Any:
    if not isinstance(value, dict):
        raise ProfileFormatError(f"{_where(path)}: expected an object for {cls.__name__}, found {type(value).__name__}")
    hints = _hints(cls)
    kwargs: Dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name in value:
            kwargs[f.name] = _build(hints[f.name], value[f.name], [*path, f".{f.name}"])
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise ProfileFormatError(f"{_where(path)}: missing required field {f.name!r} of {cls.__name__}")
    # Unknown members come from a newer minor version and are ignored on purpose.
    return cls(**kwargs)


def _check_header(data: Any) -> None:
    if not isinstance(data, dict):
        raise ProfileFormatError("not a spark-profiler profile: the JSON document is not an object")
    marker = data.get("format")
    if marker != FORMAT_MARKER:
        raise ProfileFormatError(
            f"not a spark-profiler profile: format marker is {marker!r}, expected {FORMAT_MARKER!r}"
        )
    version = data.get("schema_version")
    major, _minor = parse_version(version if isinstance(version, str) else repr(version))
    ours, _ = parse_version(SCHEMA_VERSION)
    if major > ours:
        writer = data.get("library_version")
        if isinstance(writer, str) and writer:
            # The release that wrote the file is one that reads it: name it exactly.
            fix = f"spark-profiler {writer} wrote it and reads it (pip install -U 'spark-profiler>={writer}')"
        else:
            fix = f"upgrade spark-profiler to a release that reads schema {major}.x (pip install -U spark-profiler)"
        raise ProfileFormatError(
            f"this profile has schema version {version}, but this spark-profiler reads schema {ours}.x only; {fix}"
        )
    if major < ours:
        raise ProfileFormatError(
            f"this profile has schema version {version}, but this spark-profiler reads schema {ours}.x only; "
            f"use an older spark-profiler release that reads schema {major}.x"
        )


def from_dict(data: Any) -> Profile:
    """Rebuild a :class:`Profile` from :func:`to_dict` output (non-finite markers allowed)."""
    decoded = _decode_floats(dict(data)) if isinstance(data, Mapping) else data
    _check_header(decoded)
    profile = _build_dataclass(Profile, decoded, [])
    if not isinstance(profile, Profile):  # pragma: no cover - _build_dataclass returns its class
        raise ProfileFormatError("not a spark-profiler profile")
    return profile


def from_json(text: Union[str, bytes]) -> Profile:
    """Parse a profile from JSON text.

    Raises:
        ProfileFormatError: the text is not JSON, not a profile, or of an unreadable version.
    """
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProfileFormatError(f"not a spark-profiler profile: invalid JSON ({exc})") from None
    return from_dict(data) if isinstance(data, dict) else from_dict({"format": None})


def _current_umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write_text(path: PathLike, text: str) -> None:
    """Write ``text`` to ``path`` atomically: a temporary file in the same folder, then rename.

    A crash or an error mid-way never leaves a half-written file at ``path``.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp creates 0600 files; a profile or report gets the usual umask-derived mode.
        Path(tmp).chmod(0o666 & ~_current_umask())
        os.replace(tmp, target)  # noqa: PTH105 - the atomic rename primitive, patched in tests
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


def save(profile: Profile, path: PathLike) -> None:
    """Write ``profile`` as JSON to ``path`` atomically."""
    atomic_write_text(path, to_json(profile))


def load(path: PathLike) -> Profile:
    """Read a profile written by :func:`save`.

    Raises:
        ProfileFormatError: the file is not a readable profile.
        OSError: the file cannot be read.
    """
    raw = Path(path).read_bytes()
    try:
        return from_json(raw)
    except ProfileFormatError as exc:
        raise ProfileFormatError(f"{os.fspath(path)}: {exc}") from None
