# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""CycloneDX SBOM (JSON) of spark-profiler's runtime dependency closure, validated.

The closure is what ``pip install spark-profiler`` brings: the built wheel is
installed into an empty virtual environment (no pip, no setuptools), the
package itself is removed again so it is described once, as the SBOM's root
component (from pyproject.toml), and ``cyclonedx-py environment`` records the
remaining distributions. The result is validated against the CycloneDX JSON
schema with cyclonedx-python-lib's strict validator, and the components must be
exactly the distributions installed in that environment.

Optional extras (``spark``, ``pandas``) are the user's choice and are not part of
the closure described here.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from _common import PROJECT, REPO_ROOT, ReleaseError, dist_files, git, log, main_guard, project_version, run, timed


def build_environment(wheel: Path, venv: Path, python: str) -> Path:
    """A venv holding exactly the runtime dependencies of ``wheel``; returns its interpreter."""
    uv = shutil.which("uv")
    if not uv:
        raise ReleaseError("uv is needed to create the SBOM environment")
    run([uv, "venv", "--quiet", "--python", python, str(venv)])
    venv_python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    run([uv, "pip", "install", "--quiet", "--python", str(venv_python), str(wheel)])
    run([uv, "pip", "uninstall", "--quiet", "--python", str(venv_python), PROJECT])
    return venv_python


def installed(venv_python: Path) -> Dict[str, str]:
    """{normalized name: version} of the distributions in the venv."""
    code = (
        "import json, importlib.metadata as m, re;"
        "print(json.dumps({re.sub(r'[-_.]+', '-', d.metadata['Name']).lower(): d.version"
        " for d in m.distributions()}))"
    )
    out = str(run([str(venv_python), "-c", code], capture=True).stdout)
    result: Dict[str, str] = json.loads(out.strip().splitlines()[-1])
    return result


def generate(venv_python: Path, out: Path) -> None:
    """Run cyclonedx-py against the venv."""
    env = dict(os.environ)
    with contextlib.suppress(ReleaseError):
        env["SOURCE_DATE_EPOCH"] = git("log", "-1", "--format=%ct")
    run(
        [
            "cyclonedx-py",
            "environment",
            "--pyproject",
            str(REPO_ROOT / "pyproject.toml"),
            "--mc-type",
            "library",
            "--of",
            "JSON",
            "--output-reproducible",
            # validate() below checks the schema (and more) once; no need to do it twice.
            "--no-validate",
            "-o",
            str(out),
            str(venv_python),
        ],
        env=env,
    )


def validate(path: Path, expected: Dict[str, str]) -> Dict[str, Any]:
    """Schema-validate the SBOM and check it lists exactly ``expected`` plus the root."""
    from cyclonedx.schema import OutputFormat, SchemaVersion
    from cyclonedx.validation import make_schemabased_validator

    text = path.read_text(encoding="utf-8")
    document: Dict[str, Any] = json.loads(text)
    spec = document.get("specVersion", "")
    version = SchemaVersion.from_version(spec)
    validator = make_schemabased_validator(OutputFormat.JSON, version)
    error = validator.validate_str(text)
    if error is not None:
        raise ReleaseError(f"{path} is not valid CycloneDX {spec}: {error}")
    problems: List[str] = []
    root = document.get("metadata", {}).get("component", {})
    if root.get("name") != PROJECT or root.get("version") != project_version():
        problems.append(
            "root component is {} {}, expected {} {}".format(
                root.get("name"), root.get("version"), PROJECT, project_version()
            )
        )
    listed = {c.get("name", "").lower().replace("_", "-"): c.get("version") for c in document.get("components", [])}
    if listed != expected:
        problems.append(f"components {listed} differ from the installed closure {expected}")
    if problems:
        raise ReleaseError("SBOM content is wrong:\n  " + "\n  ".join(problems))
    log(
        "valid CycloneDX {} SBOM: {} {} + {}".format(
            spec, PROJECT, project_version(), ", ".join(f"{k}=={v}" for k, v in sorted(listed.items()))
        )
    )
    return document


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    import sys

    parser = argparse.ArgumentParser(description="Write and validate the CycloneDX SBOM.")
    parser.add_argument("--dist", type=Path, default=REPO_ROOT / "dist")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "release-assets")
    parser.add_argument("--python", default=sys.executable, help="interpreter whose closure is described")
    args = parser.parse_args(argv)
    wheels = [p for p in dist_files(args.dist, project_version()) if p.suffix == ".whl"]
    if len(wheels) != 1:
        raise ReleaseError(f"need exactly one wheel of {project_version()} in {args.dist}; run `nox -s build`")
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"spark_profiler-{project_version()}.cdx.json"
    with tempfile.TemporaryDirectory(prefix="sp-sbom-") as tmp:
        with timed("runtime environment"):
            venv_python = build_environment(wheels[0], Path(tmp) / "venv", args.python)
            expected = installed(venv_python)
        with timed("cyclonedx-py environment"):
            generate(venv_python, target)
    with timed("validate"):
        validate(target, expected)
    log(f"wrote {target}")
    return 0


if __name__ == "__main__":
    main_guard(main)
