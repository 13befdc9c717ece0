# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""SLSA v1 provenance for the distribution files, as an in-toto Statement v1.

``generate`` writes a statement whose subjects are the wheel and the sdist with
their sha256 digests, and whose predicate (``https://slsa.dev/provenance/v1``)
names the source repository and commit and the build command.

``verify`` recomputes the digests of the files in ``--dist`` and fails when a
file is missing from the statement, a subject has no file, or any digest
differs; ``--expect-commit``/``--expect-repo`` also pin the source.

The statement is plain JSON following the in-toto Statement v1 and SLSA
Provenance v1 specifications; in GitHub Actions ``actions/attest-build-provenance``
additionally produces a signed attestation of the same subjects.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from _common import REPO_ROOT, ReleaseError, dist_files, git, log, main_guard, project_version, sha256_file

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://slsa.dev/provenance/v1"
# The build type documents what externalParameters mean; it is described in RELEASING.md.
BUILD_TYPE = "https://github.com/spark-profiler/spark-profiler/blob/main/RELEASING.md#provenance-build-type-v1"
DEFAULT_BUILD_COMMAND = "nox -s build"
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def source_repository() -> str:
    """The repository URL: from GitHub Actions, else the ``origin`` remote."""
    server, repo = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
    if server and repo:
        return f"{server}/{repo}"
    try:
        return git("remote", "get-url", "origin")
    except ReleaseError:
        return "https://github.com/spark-profiler/spark-profiler"


def builder_id() -> str:
    """Who ran the build: the workflow in GitHub Actions, otherwise a local build."""
    workflow_ref = os.environ.get("GITHUB_WORKFLOW_REF")
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    if workflow_ref:
        return f"{server}/{workflow_ref}"
    return "urn:spark-profiler:builder:local"


def generate(
    files: Sequence[Path],
    repository: str,
    commit: str,
    ref: str,
    build_command: str,
    started_on: Optional[str] = None,
) -> Dict[str, Any]:
    """Build the statement as a dict."""
    if not files:
        raise ReleaseError("no files to describe")
    if not re.match(r"^[0-9a-f]{40}([0-9a-f]{24})?$", commit):
        raise ReleaseError(f"commit must be a full git object id, got {commit!r}")
    run_id = os.environ.get("GITHUB_RUN_ID")
    invocation = (
        "{}/{}/actions/runs/{}/attempts/{}".format(
            os.environ.get("GITHUB_SERVER_URL", ""),
            os.environ.get("GITHUB_REPOSITORY", ""),
            run_id,
            os.environ.get("GITHUB_RUN_ATTEMPT", "1"),
        )
        if run_id
        else f"local:{commit}"
    )
    return {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": p.name, "digest": {"sha256": sha256_file(p)}} for p in sorted(files)],
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "buildDefinition": {
                "buildType": BUILD_TYPE,
                "externalParameters": {
                    "repository": repository,
                    "ref": ref,
                    "buildCommand": build_command,
                },
                "internalParameters": {
                    "sourceDateEpoch": git("log", "-1", "--format=%ct", commit),
                    "python": platform.python_version(),
                    "version": project_version(),
                },
                "resolvedDependencies": [{"uri": f"git+{repository}@{ref}", "digest": {"gitCommit": commit}}],
            },
            "runDetails": {
                "builder": {"id": builder_id()},
                "metadata": {
                    "invocationId": invocation,
                    "startedOn": started_on or _now(),
                    "finishedOn": _now(),
                },
            },
        },
    }


def structure_problems(statement: Dict[str, Any]) -> List[str]:
    """Problems with the statement's shape (the parts the verifier relies on)."""
    problems = []
    if statement.get("_type") != STATEMENT_TYPE:
        problems.append(f"_type must be {STATEMENT_TYPE}")
    if statement.get("predicateType") != PREDICATE_TYPE:
        problems.append(f"predicateType must be {PREDICATE_TYPE}")
    subjects = statement.get("subject")
    if not isinstance(subjects, list) or not subjects:
        problems.append("subject must be a non-empty list")
        subjects = []
    for subject in subjects:
        digest = subject.get("digest", {}).get("sha256", "") if isinstance(subject, dict) else ""
        if not isinstance(subject, dict) or not subject.get("name") or not SHA256_RE.match(str(digest)):
            problems.append(f"malformed subject {subject!r}")
    predicate = statement.get("predicate", {})
    definition = predicate.get("buildDefinition", {}) if isinstance(predicate, dict) else {}
    problems += [
        f"predicate.buildDefinition.{k} is missing" for k in ("buildType", "externalParameters") if k not in definition
    ]
    if not (isinstance(predicate, dict) and predicate.get("runDetails", {}).get("builder", {}).get("id")):
        problems.append("predicate.runDetails.builder.id is missing")
    return problems


def verify(
    statement: Dict[str, Any],
    files: Sequence[Path],
    expect_commit: Optional[str] = None,
    expect_repo: Optional[str] = None,
) -> None:
    """Raise ReleaseError unless the statement matches ``files`` exactly."""
    problems = structure_problems(statement)
    subjects = {
        s["name"]: s["digest"]["sha256"]
        for s in statement.get("subject", [])
        if isinstance(s, dict) and "name" in s and "sha256" in s.get("digest", {})
    }
    on_disk = {p.name: p for p in files}
    for name, path in sorted(on_disk.items()):
        if name not in subjects:
            problems.append(f"{name} is not a subject of the provenance")
            continue
        actual = sha256_file(path)
        if actual != subjects[name]:
            problems.append(f"sha256 mismatch for {name}: provenance {subjects[name]} but file {actual}")
        else:
            log(f"digest matches: {name} {actual}")
    for name in sorted(set(subjects) - set(on_disk)):
        problems.append(f"subject {name} has no file in the dist directory")
    definition = statement.get("predicate", {}).get("buildDefinition", {})
    dependencies = definition.get("resolvedDependencies", [])
    commits = [d.get("digest", {}).get("gitCommit") for d in dependencies if isinstance(d, dict)]
    if expect_commit and expect_commit not in commits:
        problems.append(f"source commit is {commits} and not {expect_commit}")
    repository = definition.get("externalParameters", {}).get("repository")
    if expect_repo and repository != expect_repo:
        problems.append(f"source repository is {repository} and not {expect_repo}")
    if problems:
        raise ReleaseError("provenance verification failed:\n  " + "\n  ".join(problems))
    log(f"provenance matches all {len(on_disk)} file(s)")


def default_path(out: Path) -> Path:
    """Where the statement for the current version is written."""
    return out / f"spark_profiler-{project_version()}.intoto.json"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Write or verify SLSA v1 provenance for dist files.")
    parser.add_argument("command", choices=["generate", "verify"])
    parser.add_argument("--dist", type=Path, default=REPO_ROOT / "dist")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "release-assets")
    parser.add_argument("--provenance", type=Path, help="statement file (default: OUT/spark_profiler-X.intoto.json)")
    parser.add_argument("--build-command", default=DEFAULT_BUILD_COMMAND)
    parser.add_argument("--commit", help="source commit (default: GITHUB_SHA or HEAD)")
    parser.add_argument("--ref", help="source ref (default: GITHUB_REF or the current branch)")
    parser.add_argument("--expect-commit")
    parser.add_argument("--expect-repo")
    args = parser.parse_args(argv)
    files = dist_files(args.dist)
    path = args.provenance or default_path(args.out)
    if args.command == "generate":
        commit = args.commit or os.environ.get("GITHUB_SHA") or git("rev-parse", "HEAD")
        ref = args.ref or os.environ.get("GITHUB_REF") or "refs/heads/" + git("rev-parse", "--abbrev-ref", "HEAD")
        statement = generate(files, source_repository(), commit, ref, args.build_command)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(statement, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        log("wrote {} ({} subjects)".format(path, len(statement["subject"])))
    else:
        statement = json.loads(path.read_text(encoding="utf-8"))
        verify(statement, files, args.expect_commit, args.expect_repo)
    return 0


if __name__ == "__main__":
    main_guard(main)
