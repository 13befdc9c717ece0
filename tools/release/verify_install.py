# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Verify a published spark-profiler release the way a user would meet it.

The same script checks the local test index (``nox -s publish-verify``),
TestPyPI and PyPI (the release workflow):

1. wait until the index lists ``spark-profiler`` X.Y.Z, polling with
   exponential backoff up to ``--wait`` seconds (indexes publish with a delay);
   with ``--dist`` the sha256 the index announces for each file must equal the
   local file's;
2. create a fresh virtual environment and install ``spark-profiler==X.Y.Z`` from
   the index, with ``--deps-index-url`` (default: PyPI) allowed for dependencies;
3. check that the import works and ``__version__`` and the installed metadata
   equal X.Y.Z, and that every console entry point answers ``--version``;
4. unless ``--skip-spark``: profile the example dataset (``examples/data``) into
   HTML and JSON with the installed CLI, validate the JSON against the JSON
   Schema shipped inside the package, and run every ``examples/*.py`` and ``*.sh``
   script.

Exit status 0 means the release is usable; anything else names the failed step.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from _common import PROJECT, REPO_ROOT, ReleaseError, dist_files, log, main_guard, run, sha256_file, timed

DEFAULT_DEPS_INDEX = "https://pypi.org/simple"
# Spark must stay small on shared 2-core machines.
SPARK_ENV = {
    "SPARK_LOCAL_IP": "127.0.0.1",
    "PYSPARK_SUBMIT_ARGS": "--master local[2] --conf spark.ui.enabled=false "
    "--conf spark.sql.shuffle.partitions=2 pyspark-shell",
}
EXAMPLE_TIMEOUT = 600


def _fetch(url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise ReleaseError(f"index URL must be http(s): {url}")
    request = urllib.request.Request(url, headers={"Accept": "text/html", "Cache-Control": "no-cache"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - scheme checked above
        return str(response.read().decode("utf-8", "replace"))


def announced_files(index_url: str, version: str) -> Dict[str, str]:
    """{file name: sha256 or ''} that the simple index lists for ``version``.

    A project the index does not know yet (HTTP 404) lists no files.
    """
    try:
        page = _fetch(index_url.rstrip("/") + "/" + PROJECT + "/")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return {}
        raise
    files: Dict[str, str] = {}
    for match in re.finditer(r'href="([^"]+)"', page):
        href = match.group(1)
        name = href.split("#", 1)[0].rsplit("/", 1)[-1]
        if name.startswith(f"spark_profiler-{version}-") or name in (
            f"spark_profiler-{version}.tar.gz",
            f"spark-profiler-{version}.tar.gz",
        ):
            digest = re.search(r"#sha256=([0-9a-f]{64})", href)
            files[name] = digest.group(1) if digest else ""
    return files


def wait_for_version(index_url: str, version: str, wait: float, expect: int) -> Dict[str, str]:
    """Poll the index with exponential backoff until ``expect`` files of ``version`` appear."""
    deadline = time.monotonic() + wait
    delay = 2.0
    attempt = 0
    while True:
        attempt += 1
        try:
            files = announced_files(index_url, version)
        except (urllib.error.URLError, OSError) as exc:
            files, reason = {}, str(exc)
        else:
            reason = f"{len(files)} of {expect} file(s) listed"
        if len(files) >= expect:
            log("index lists {} {} after {} attempt(s): {}".format(PROJECT, version, attempt, ", ".join(sorted(files))))
            return files
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ReleaseError(f"{PROJECT} {version} did not appear on {index_url} within {wait:.0f}s ({reason})")
        sleep_for = min(delay, remaining, 60.0)
        log(f"not there yet ({reason}); retrying in {sleep_for:.0f}s")
        time.sleep(sleep_for)
        delay *= 2


def compare_digests(announced: Dict[str, str], dist_dir: Path, version: str) -> None:
    """The index must serve exactly the bytes that were built."""
    problems = []
    for path in dist_files(dist_dir, version):
        served = announced.get(path.name)
        if served is None:
            problems.append(f"{path.name} is not on the index")
        elif served and served != sha256_file(path):
            problems.append(f"{path.name}: index says sha256 {served} but the built file is {sha256_file(path)}")
        elif served:
            log(f"index digest matches the built file: {path.name}")
    if problems:
        raise ReleaseError("the index does not serve the built files:\n  " + "\n  ".join(problems))


def venv_bin(venv: Path, name: str) -> Path:
    """Path of an executable inside a virtual environment."""
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def create_venv(venv: Path, python: str) -> Path:
    """A fresh venv; returns its interpreter."""
    uv = shutil.which("uv")
    if uv:
        run([uv, "venv", "--quiet", "--python", python, str(venv)])
    else:
        run([python, "-m", "venv", str(venv)])
    return venv_bin(venv, "python")


def install(venv_python: Path, version: str, index_url: str, deps_index_url: str, extras: str) -> None:
    """Install spark-profiler==version from ``index_url``, dependencies from ``deps_index_url``."""
    requirement = "{}{}=={}".format(PROJECT, f"[{extras}]" if extras else "", version)
    uv = shutil.which("uv")
    if uv:
        # unsafe-best-match: like pip, consider both indexes for every name. With uv's
        # default (first index wins) a name that also exists on the dependency index
        # would hide the release under test.
        cmd = [
            uv,
            "pip",
            "install",
            "--python",
            str(venv_python),
            "--index-strategy",
            "unsafe-best-match",
            "--refresh-package",
            PROJECT,
            "--index-url",
            index_url,
            "--extra-index-url",
            deps_index_url,
            requirement,
        ]
    else:
        cmd = [
            str(venv_python),
            "-m",
            "pip",
            "install",
            "--no-cache-dir",
            "--index-url",
            index_url,
            "--extra-index-url",
            deps_index_url,
            requirement,
        ]
    run(cmd)


def _probe(venv_python: Path, code: str) -> str:
    return str(run([str(venv_python), "-c", code], capture=True).stdout).strip()


def check_import_and_version(venv_python: Path, version: str) -> Path:
    """Import from the venv; __version__ and metadata must equal ``version``. Returns the package dir."""
    out = _probe(
        venv_python,
        "import json, importlib.metadata as m, spark_profiler as s;"
        "print(json.dumps([s.__version__, m.version('spark-profiler'), s.__file__]))",
    )
    dunder, meta, location = json.loads(out.splitlines()[-1])
    if dunder != version or meta != version:
        raise ReleaseError(f"installed version is __version__={dunder} metadata={meta}, expected {version}")
    log(f"import ok: spark_profiler {dunder} from {location}")
    return Path(location).parent


def check_entry_points(venv_python: Path, venv: Path, version: str) -> List[str]:
    """Every console script of the distribution must answer --version with the version."""
    out = _probe(
        venv_python,
        "import json, importlib.metadata as m;"
        "print(json.dumps(sorted(e.name for e in m.distribution('spark-profiler').entry_points"
        " if e.group == 'console_scripts')))",
    )
    names: List[str] = json.loads(out.splitlines()[-1])
    if not names:
        raise ReleaseError("the distribution declares no console scripts")
    for name in names:
        proc = run([str(venv_bin(venv, name)), "--version"], capture=True, check=False)
        text = f"{proc.stdout}{proc.stderr}"
        if proc.returncode != 0 or version not in text:
            raise ReleaseError(f"`{name} --version` exited {proc.returncode} and printed {text.strip()!r}")
        log(f"entry point ok: {name} --version -> {text.strip()}")
    return names


DATA_SUFFIXES = (".csv", ".tsv", ".parquet", ".json", ".jsonl", ".orc")


def example_dataset(examples: Path) -> Path:
    """The dataset under examples/data that the CLI profiles (EXAMPLE_DATASET overrides it)."""
    chosen = os.environ.get("EXAMPLE_DATASET")
    if chosen:
        return Path(chosen)
    data = examples / "data"
    candidates = sorted(p for p in data.iterdir() if p.suffix in DATA_SUFFIXES) if data.is_dir() else []
    if not candidates:
        raise ReleaseError(f"no dataset ({', '.join(DATA_SUFFIXES)}) in {data}")
    return candidates[0]


def check_cli_profile(venv: Path, package_dir: Path, dataset: Path, work: Path) -> None:
    """Profile the dataset to HTML and JSON; the JSON must validate against the packaged schema."""
    import jsonschema

    html, js = work / "report.html", work / "profile.json"
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1")
    small = ["--master", "local[2]", "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=2"]
    with timed(f"CLI profile of {dataset.name}"):
        run(
            [str(venv_bin(venv, "spark-profiler")), "profile", str(dataset), *small, "-o", str(html), "-o", str(js)],
            cwd=work,
            env=env,
        )
    text = html.read_text(encoding="utf-8") if html.exists() else ""
    if "<html" not in text.lower():
        raise ReleaseError(f"the CLI wrote no HTML report to {html}")
    schemas = sorted((package_dir / "model" / "schema").glob("*.schema.json"))
    if not schemas:
        raise ReleaseError("the installed package ships no JSON Schema under spark_profiler/model/schema/")
    schema = json.loads(schemas[-1].read_text(encoding="utf-8"))
    document = json.loads(js.read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema)
    errors = sorted(validator_cls(schema).iter_errors(document), key=lambda e: list(e.path))
    if errors:
        raise ReleaseError(
            "profile.json does not match {}: {}".format(schemas[-1].name, "; ".join(e.message for e in errors[:5]))
        )
    log(f"CLI wrote {len(text)} bytes of HTML and a profile.json valid against {schemas[-1].name}")


def check_examples(venv_python: Path, examples: Path, work: Path) -> List[str]:
    """Run every examples/*.py and *.sh with the installed package, from a scratch copy of examples/.

    Python scripts run on the venv's interpreter; shell scripts with bash and the venv's
    ``bin`` first on PATH, so ``spark-profiler`` is the installed command.
    """
    copy = work / "examples"
    shutil.copytree(str(examples), str(copy))
    scripts = sorted([*copy.glob("*.py"), *copy.glob("*.sh")])
    env = dict(os.environ, **SPARK_ENV)
    env.pop("PYTHONPATH", None)
    env["PATH"] = os.pathsep.join([str(venv_python.parent), env.get("PATH", "")])
    bash = shutil.which("bash") or "bash"
    for script in scripts:
        command = [bash, str(script)] if script.suffix == ".sh" else [str(venv_python), str(script)]
        with timed(f"example {script.name}"):
            try:
                run(command, cwd=copy, env=env)
            except ReleaseError as exc:
                raise ReleaseError(f"example {script.name} failed: {exc}") from exc
    if not scripts:
        log(f"note: no example scripts in {examples}")
    return [s.name for s in scripts]


def verify(
    version: str,
    index_url: str,
    deps_index_url: str,
    python: str,
    wait: float = 0.0,
    dist_dir: Optional[Path] = None,
    extras: str = "spark",
    skip_spark: bool = False,
    examples: Path = REPO_ROOT / "examples",
) -> None:
    """Run every verification step against one index."""
    expect = len(dist_files(dist_dir, version)) if dist_dir else 1
    with timed("wait for the index"):
        announced = wait_for_version(index_url, version, wait, max(expect, 1))
    if dist_dir:
        compare_digests(announced, dist_dir, version)
    with tempfile.TemporaryDirectory(prefix="sp-verify-") as tmp:
        venv = Path(tmp) / "venv"
        with timed("fresh venv + install"):
            venv_python = create_venv(venv, python)
            install(venv_python, version, index_url, deps_index_url, "" if skip_spark else extras)
        package_dir = check_import_and_version(venv_python, version)
        check_entry_points(venv_python, venv, version)
        if skip_spark:
            log("skipping the Spark checks (--skip-spark)")
            return
        work = Path(tmp) / "work"
        work.mkdir()
        check_cli_profile(venv, package_dir, example_dataset(examples).resolve(), work)
        check_examples(venv_python, examples, work)
    log(f"verified {PROJECT} {version} from {index_url}")


def default_deps_index() -> str:
    """PyPI, or the index this machine is configured to use instead."""
    for var in ("UV_DEFAULT_INDEX", "UV_INDEX_URL", "PIP_INDEX_URL"):
        if os.environ.get(var):
            return os.environ[var]
    return DEFAULT_DEPS_INDEX


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Verify a published release from a package index.")
    parser.add_argument("--version", required=True, help="the version that must be installable")
    parser.add_argument("--index-url", required=True, help="simple index serving the release")
    parser.add_argument("--deps-index-url", default=default_deps_index(), help="index for dependencies")
    parser.add_argument("--python", default=sys.executable, help="interpreter for the fresh venv")
    parser.add_argument("--wait", type=float, default=0.0, help="seconds to wait for the version to appear")
    parser.add_argument("--dist", type=Path, help="built files whose digests the index must match")
    parser.add_argument("--extras", default="spark", help="extras to install for the Spark checks")
    parser.add_argument("--skip-spark", action="store_true", help="only import/version/entry-point checks")
    parser.add_argument("--examples", type=Path, default=REPO_ROOT / "examples")
    args = parser.parse_args(argv)
    version = args.version[1:] if args.version.startswith("v") else args.version
    verify(
        version,
        args.index_url,
        args.deps_index_url,
        args.python,
        args.wait,
        args.dist,
        args.extras,
        args.skip_spark,
        args.examples,
    )
    return 0


if __name__ == "__main__":
    main_guard(main)
