# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Audit pinned Python dependencies against an OSV advisory database.

Online, ``pip-audit`` asks the PyPI/OSV services. Offline (air-gapped CI, a
laptop on a plane) this script reads a local snapshot of the PyPA advisory
database instead: ``vulns/<package>/<ID>.yaml`` files in the OSV schema.

Matching follows the OSV specification for the ``PyPI`` ecosystem:

* an ``affected`` entry applies when its package name (PEP 503 normalised)
  and ecosystem match;
* its explicit ``versions`` list is checked first;
* each ``ECOSYSTEM`` range is a sequence of ``introduced`` / ``fixed`` /
  ``last_affected`` events, evaluated in version order (PEP 440 ordering via
  ``packaging``); ``introduced: "0"`` means "from the first release";
* withdrawn advisories are ignored.

Where the database is looked for, first match wins:

1. ``--db PATH``;
2. the ``SPARK_PROFILER_ADVISORY_DB`` environment variable;
3. ``<repository>/../shared/data/pypa-advisory-db`` (a snapshot kept beside the
   clone).

When no snapshot is found the script falls back to ``pip-audit`` online; when
that cannot reach its service either, it prints a NOTICE and exits 3, so the
audit never passes silently; ``--allow-unaudited`` (used by ``nox -s security`` so a
clone without the snapshot and without network still runs every other check) makes
that a visible skip with exit 0.

Inputs are requirement files pinned with ``==`` (``uv pip compile`` or
``pip freeze`` output); markers are ignored on purpose, so every version that
any supported Python could install is audited.

Exit status: 0 clean, 1 vulnerable pins found, 2 usage error, 3 no database.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess  # nosec B404 - only runs pip-audit with fixed arguments
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Set, Tuple

ENV_DB = "SPARK_PROFILER_ADVISORY_DB"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = REPO_ROOT.parent / "shared" / "data" / "pypa-advisory-db"

_PIN = re.compile(r"^\s*(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*(?P<version>[^\s;\\#]+)")


def canonical(name: str) -> str:
    """PEP 503 normalised project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


class Pin(NamedTuple):
    """One ``name==version`` requirement and where it came from."""

    name: str
    version: str
    source: str


class Vulnerability(NamedTuple):
    """An advisory that applies to a pin."""

    pin: Pin
    advisory_id: str
    aliases: Tuple[str, ...]
    fixed: Tuple[str, ...]
    summary: str


def read_pins(paths: Iterable[Path]) -> List[Pin]:
    """Collect ``name==version`` pins from requirement/lock files, de-duplicated."""
    seen: Set[Tuple[str, str]] = set()
    pins: List[Pin] = []
    for path in paths:
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.split(" #", 1)[0].strip()
            if not line or line.startswith(("#", "-")):
                continue
            match = _PIN.match(line)
            if not match:
                continue
            key = (canonical(match.group("name")), match.group("version"))
            if key not in seen:
                seen.add(key)
                pins.append(Pin(key[0], key[1], path.name))
    return pins


def _version(text: str) -> Any:
    from packaging.version import InvalidVersion, Version

    try:
        return Version(text)
    except InvalidVersion:
        return None


def range_affects(events: Sequence[Dict[str, str]], version: str) -> bool:
    """Evaluate one OSV ``ECOSYSTEM`` range for ``version``.

    Events are sorted by version ("0" first); walking them in order, an
    ``introduced`` at or below the version switches to affected, a ``fixed`` at
    or below it switches back, and a ``last_affected`` strictly below it too.
    Events with a version that is not valid PEP 440 are skipped: the
    advisory's explicit ``versions`` list still covers them.
    """
    target = _version(version)
    if target is None:
        return False
    ordered: List[Tuple[Tuple[int, Any], str, Any]] = []
    for event in events:
        for kind in ("introduced", "fixed", "last_affected", "limit"):
            if kind in event:
                value = str(event[kind])
                if kind == "introduced" and value == "0":
                    ordered.append(((0, None), kind, None))
                    continue
                parsed = _version(value)
                if parsed is not None:
                    ordered.append(((1, parsed), kind, parsed))
    ordered.sort(key=lambda item: (item[0][0], item[0][1]) if item[0][1] is not None else (item[0][0],))
    affected = False
    for _, kind, bound in ordered:
        if kind == "introduced":
            if bound is None or target >= bound:
                affected = True
        elif kind == "fixed":
            if target >= bound:
                affected = False
        elif kind == "last_affected":
            if target > bound:
                affected = False
        elif kind == "limit" and target >= bound:
            affected = False
    return affected


def advisory_affects(advisory: Dict[str, Any], name: str, version: str) -> Tuple[bool, Tuple[str, ...]]:
    """Whether ``advisory`` applies to ``name==version``, and its fixed versions."""
    if advisory.get("withdrawn"):
        return False, ()
    hit = False
    fixed: List[str] = []
    for affected in advisory.get("affected") or []:
        package = affected.get("package") or {}
        if canonical(str(package.get("name", ""))) != name or package.get("ecosystem", "PyPI") != "PyPI":
            continue
        versions = {str(v) for v in affected.get("versions") or []}
        parsed = _version(version)
        if version in versions or (parsed is not None and any(_version(v) == parsed for v in versions)):
            hit = True
        for rng in affected.get("ranges") or []:
            if rng.get("type") not in ("ECOSYSTEM", "SEMVER"):
                continue
            events = rng.get("events") or []
            fixed.extend(str(e["fixed"]) for e in events if "fixed" in e)
            if range_affects(events, version):
                hit = True
    return hit, tuple(fixed)


class Database:
    """Lazy reader for a ``vulns/<package>/*.yaml`` OSV tree."""

    def __init__(self, root: Path) -> None:
        self.root = root
        vulns = root / "vulns"
        self.folders: Dict[str, Path] = {canonical(p.name): p for p in vulns.iterdir() if p.is_dir()}
        self._cache: Dict[str, List[Dict[str, Any]]] = {}

    def advisories(self, name: str) -> List[Dict[str, Any]]:
        """All advisories filed under ``name``."""
        if name not in self._cache:
            import yaml

            # The C loader is several times faster; both are the *safe* loaders.
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            folder = self.folders.get(name)
            files = sorted(folder.glob("*.y*ml")) if folder is not None else []
            self._cache[name] = [
                yaml.load(file.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506  # nosec B506
                for file in files
            ]
        return self._cache[name]

    def audit(self, pins: Iterable[Pin], ignore: Set[str]) -> List[Vulnerability]:
        """Every advisory that applies to one of ``pins``, minus ignored IDs."""
        found: List[Vulnerability] = []
        for pin in pins:
            for advisory in self.advisories(pin.name):
                ids = {advisory.get("id", "")} | set(advisory.get("aliases") or [])
                if ids & ignore:
                    continue
                hit, fixed = advisory_affects(advisory, pin.name, pin.version)
                if hit:
                    summary = str(advisory.get("summary") or advisory.get("details") or "").strip()
                    found.append(
                        Vulnerability(
                            pin,
                            str(advisory.get("id")),
                            tuple(advisory.get("aliases") or ()),
                            fixed,
                            summary.splitlines()[0][:160] if summary else "",
                        )
                    )
        return found


def find_database(explicit: Optional[str]) -> Optional[Path]:
    """The advisory snapshot to use, or None when there is none."""
    candidates = [explicit, os.environ.get(ENV_DB), str(DEFAULT_DB)]
    for candidate in candidates:
        if candidate and (Path(candidate) / "vulns").is_dir():
            return Path(candidate)
    return None


def read_ignores(path: Optional[Path]) -> Set[str]:
    """Advisory IDs to ignore: one per line, each with a ``#`` reason."""
    if path is None or not path.is_file():
        return set()
    ids: Set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        token, _, reason = raw.partition("#")
        token = token.strip()
        if token:
            if not reason.strip():
                raise ValueError(f"{path}: ignoring {token} needs a reason after '#'")
            ids.add(token)
    return ids


_UNREACHABLE = ("could not be audited", "ConnectionError", "Max retries exceeded", "Temporary failure in name")


def marker_free_layers(pins: Sequence[Pin]) -> List[List[Pin]]:
    """Split pins into lists that name each package at most once.

    Universal lock files pin one package at several versions behind markers
    (pyspark 3.5 for Python 3.8, 4.3 for 3.11+); pip-audit would evaluate the
    markers for its own interpreter and skip the others, so every version is
    audited from a marker-free file of its own layer instead.
    """
    layers: List[List[Pin]] = []
    for pin in pins:
        for layer in layers:
            if all(other.name != pin.name for other in layer):
                layer.append(pin)
                break
        else:
            layers.append([pin])
    return layers


def _online(pins: Sequence[Pin]) -> int:
    tool = shutil.which("pip-audit") or shutil.which("pip-audit", path=str(Path(sys.executable).parent))
    if tool is None:
        return 3
    worst = 0
    with tempfile.TemporaryDirectory(prefix="osv-audit-") as tmp:
        for number, layer in enumerate(marker_free_layers(pins)):
            file = Path(tmp, f"layer-{number}.txt")
            file.write_text("".join(f"{p.name}=={p.version}\n" for p in layer), encoding="utf-8")
            args = [tool, "--strict", "--progress-spinner", "off", "--no-deps", "--disable-pip", "-r", str(file)]
            result = subprocess.run(args, capture_output=True, text=True, check=False)  # nosec B603 - fixed tool
            sys.stdout.write(result.stdout)
            sys.stderr.write(result.stderr)
            status = result.returncode
            # pip-audit exits 1 both for a vulnerability and for a service it cannot reach;
            # an unaudited package must never read as "only vulnerable" or as clean.
            if status not in (0, 1) or any(sign in result.stderr for sign in _UNREACHABLE):
                return 3
            worst = max(worst, status)
    return worst


def _notice(message: str) -> None:
    bar = "!" * 78
    print(f"{bar}\nNOTICE: {message}\n{bar}", file=sys.stderr)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("requirements", nargs="+", help="pinned requirement or lock files, or folders of them")
    parser.add_argument("--db", help=f"advisory database folder (default: ${ENV_DB} or {DEFAULT_DB})")
    parser.add_argument("--ignore-file", help="advisory IDs to ignore, one per line with a '# reason'")
    parser.add_argument("--offline-only", action="store_true", help="never fall back to pip-audit online (for tests)")
    parser.add_argument(
        "--allow-unaudited",
        action="store_true",
        help="exit 0 instead of 3 when no advisory source is reachable (the NOTICE is still printed)",
    )
    args = parser.parse_args(argv)
    # A folder stands for the *.txt files in it (e.g. the output of resolve_sets.py).
    files = [file for p in map(Path, args.requirements) for file in (sorted(p.glob("*.txt")) if p.is_dir() else [p])]
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        print(f"osv_audit: no such requirement file: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        ignore = read_ignores(Path(args.ignore_file) if args.ignore_file else None)
    except ValueError as exc:
        print(f"osv_audit: {exc}", file=sys.stderr)
        return 2
    pins = read_pins(files)
    if not pins:
        print("osv_audit: the requirement files pin nothing (expected name==version lines)", file=sys.stderr)
        return 2

    if args.db and not (Path(args.db) / "vulns").is_dir():
        print(f"osv_audit: --db {args.db} is not an advisory database (no vulns/ folder)", file=sys.stderr)
        return 2
    db = find_database(args.db)
    if db is None:
        _notice(
            f"no offline advisory snapshot (looked at --db, ${ENV_DB} and {DEFAULT_DB}); "
            "trying pip-audit against the online service."
        )
        status = 3 if args.offline_only else _online(pins)
        if status not in (0, 1):
            _notice(
                "dependencies were NOT audited for known vulnerabilities: neither the online "
                "service nor an offline snapshot is reachable. Point "
                f"{ENV_DB} at a pypa/advisory-database checkout or run with network access."
            )
            if args.allow_unaudited:
                _notice("osv-audit SKIPPED (--allow-unaudited): this run did not check for vulnerabilities.")
                return 0
            return 3
        return status

    snapshot = (db / "SNAPSHOT").read_text(encoding="utf-8").strip() if (db / "SNAPSHOT").is_file() else "unknown"
    database = Database(db)
    found = database.audit(pins, ignore)
    for vuln in found:
        aliases = f" ({', '.join(vuln.aliases)})" if vuln.aliases else ""
        fix = f"; fixed in {', '.join(vuln.fixed)}" if vuln.fixed else "; no fixed version"
        print(f"{vuln.pin.name}=={vuln.pin.version} [{vuln.pin.source}]: {vuln.advisory_id}{aliases}{fix}")
        if vuln.summary:
            print(f"    {vuln.summary}")
    print(
        f"osv_audit: {len(pins)} pinned package version(s) from {len(files)} file(s) checked against "
        f"{len(database.folders)} advisory packages in {db} (snapshot: {snapshot}); "
        f"{len(found)} known {'vulnerability' if len(found) == 1 else 'vulnerabilities'}"
        + (f", {len(ignore)} ignored ID(s)" if ignore else "")
    )
    if found:
        print(
            "osv_audit: upgrade the packages above to a fixed version (edit the requirement file and "
            "re-lock), or, if an advisory does not apply, add its ID with a reason to the ignore file.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
