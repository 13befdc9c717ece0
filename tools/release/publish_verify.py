# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Publish the built files to a throwaway local index and verify them from there.

1. start ``pypiserver`` on 127.0.0.1 on a free port, uploads protected by an
   htpasswd file (bcrypt) with a random password;
2. prove the protection: an upload without credentials is refused;
3. upload ``dist/`` with twine; prove immutability like PyPI's: uploading the
   same files again is refused;
4. run ``verify_install.py`` against the index (fresh venv, PyPI for
   dependencies, import/version, entry points, CLI profile + schema, examples);
5. stop the server in every case, including failures and SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, List, Optional, Sequence, Tuple

import verify_install
from _common import REPO_ROOT, ReleaseError, dist_files, log, main_guard, project_version, run, timed

USER = "release-check"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_htpasswd(path: Path, user: str, password: str) -> None:
    """An Apache htpasswd file with a bcrypt hash, as pypiserver expects."""
    from passlib.apache import HtpasswdFile

    htpasswd = HtpasswdFile(str(path), new=True, default_scheme="bcrypt")
    htpasswd.set_password(user, password)
    htpasswd.save()


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log_file: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ReleaseError(f"pypiserver exited with {proc.returncode}:\n{log_file.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback URL built above
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise ReleaseError(f"pypiserver did not answer on {url} within {timeout:.0f}s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@contextmanager
def local_index(workdir: Path) -> Iterator[Tuple[str, str, str]]:
    """Run pypiserver; yield (upload URL, simple index URL, password). Always stopped on exit."""
    packages = workdir / "packages"
    packages.mkdir(parents=True)
    htpasswd = workdir / "htpasswd"
    password = secrets.token_urlsafe(24)
    write_htpasswd(htpasswd, USER, password)
    log_file = workdir / "pypiserver.log"
    last_error: Optional[Exception] = None
    for _attempt in range(3):  # another process may grab the free port before the server binds it
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with log_file.open("wb") as log_handle:
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "pypiserver",
                    "run",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--passwords",
                    str(htpasswd),
                    "--authenticate",
                    "update",
                    "--disable-fallback",
                    "--health-endpoint",
                    "/health",
                    str(packages),
                ],
                stdout=log_handle,
                stderr=subprocess.STDOUT,
            )
        try:
            try:
                _wait_healthy(base + "/health", proc, log_file)
            except ReleaseError as exc:
                last_error = exc
                continue
            log(f"pypiserver pid {proc.pid} listening on {base} (uploads need a password)")
            yield base + "/", base + "/simple/", password
            return
        finally:
            _stop(proc)
            log(f"pypiserver pid {proc.pid} stopped (exit {proc.returncode})")
    raise ReleaseError(f"could not start pypiserver: {last_error}")


def twine_upload(files: Sequence[Path], url: str, password: Optional[str]) -> subprocess.CompletedProcess[str]:
    """Upload with twine; never prompts."""
    env = dict(os.environ)
    for var in ("TWINE_USERNAME", "TWINE_PASSWORD", "TWINE_REPOSITORY", "TWINE_REPOSITORY_URL"):
        env.pop(var, None)
    cmd: List[str] = [
        sys.executable,
        "-m",
        "twine",
        "upload",
        "--non-interactive",
        "--disable-progress-bar",
        "--repository-url",
        url,
    ]
    if password is not None:
        # Through the environment, so the password never shows in the echoed command line.
        env.update(TWINE_USERNAME=USER, TWINE_PASSWORD=password)
    else:
        # twine falls back to keyring/prompt without these; empty values make it send no credentials.
        cmd += ["--username", "", "--password", ""]
    result: subprocess.CompletedProcess[str] = run([*cmd, *[str(f) for f in files]], env=env, capture=True, check=False)
    return result


def publish_and_verify(dist_dir: Path, args: Any) -> None:
    """The whole local round trip."""
    version = project_version()
    files = dist_files(dist_dir, version)
    if len(files) != 2:
        raise ReleaseError(f"expected the wheel and sdist of {version} in {dist_dir}; run `nox -s build` first")
    with tempfile.TemporaryDirectory(prefix="sp-index-") as tmp, local_index(Path(tmp)) as (upload, simple, password):
        with timed("upload without credentials (must be refused)"):
            refused = twine_upload(files, upload, None)
            output = f"{refused.stdout}{refused.stderr}"
            if refused.returncode == 0:
                raise ReleaseError("the index accepted an upload without credentials")
            if not any(word in output for word in ("401", "403", "Unauthorized", "Forbidden")):
                raise ReleaseError("the unauthenticated upload failed for another reason:\n" + output)
            log("refused as expected (HTTP 401/403)")
        with timed("twine upload"):
            done = twine_upload(files, upload, password)
            if done.returncode != 0:
                raise ReleaseError(f"twine upload failed:\n{done.stdout}{done.stderr}")
        with timed("re-upload of the same version (must be refused)"):
            again = twine_upload(files, upload, password)
            rejected = f"{again.stdout}{again.stderr}"
            # PyPI answers 400 ("File already exists"), pypiserver 400 or 409.
            if again.returncode == 0 or not ("400" in rejected or "409" in rejected):
                raise ReleaseError(f"the index accepted a second upload of {version}; files must be immutable")
            log("second upload refused as expected")
        verify_install.verify(
            version,
            simple,
            args.deps_index_url,
            args.python,
            wait=30.0,
            dist_dir=dist_dir,
            extras=args.extras,
            skip_spark=args.skip_spark,
            examples=args.examples,
        )


def _raise_on_sigterm(signum: int, frame: Any) -> None:
    # Turning SIGTERM into an exception runs the `finally` that stops the server.
    raise SystemExit(128 + signum)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="Upload to a local pypiserver and verify the release from it.")
    parser.add_argument("--dist", type=Path, default=REPO_ROOT / "dist")
    parser.add_argument("--deps-index-url", default=verify_install.default_deps_index())
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--extras", default="spark")
    parser.add_argument("--skip-spark", action="store_true")
    parser.add_argument("--examples", type=Path, default=REPO_ROOT / "examples")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_on_sigterm)
    publish_and_verify(args.dist, args)
    return 0


if __name__ == "__main__":
    main_guard(main)
