# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Detached GPG signatures for the distribution files.

Sub-commands:

``sign``       write ``<file>.asc`` next to a copy of each dist file's name in
               ``--out`` (default ``release-assets/``), using the key in
               ``GNUPGHOME``; ``GPG_PASSPHRASE`` unlocks it if set. The public key
               is exported to ``--out/signing-key.asc`` for verifiers.
``verify``     check every dist file has a good signature by ``--fingerprint``
               (or by any key in the keyring when not given).
``roundtrip``  what CI runs: generate a throwaway key in a temporary
               ``GNUPGHOME``, sign, verify, then prove that verification rejects a
               tampered copy of a dist file. The temporary keyring and its agent
               are removed afterwards.

Signatures live outside ``dist/`` so that ``dist/`` only ever holds files that
may be uploaded to a package index.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence

from _common import REPO_ROOT, ReleaseError, dist_files, log, main_guard, run, timed

THROWAWAY_UID = "spark-profiler CI throwaway key <ci-signing@invalid.example>"


def _gpg_env(home: Optional[Path]) -> Dict[str, str]:
    env = dict(os.environ)
    if home is not None:
        env["GNUPGHOME"] = str(home)
    return env


def gpg(args: Sequence[str], home: Optional[Path], *, check: bool = True, input_text: Optional[str] = None):  # type: ignore[no-untyped-def]
    """Run gpg in batch mode against ``home`` (the caller's keyring when None)."""
    return run(
        ["gpg", "--batch", "--no-tty", *args], env=_gpg_env(home), capture=True, check=check, input_text=input_text
    )


@contextmanager
def throwaway_keyring() -> Iterator[Path]:
    """A fresh GNUPGHOME with one new ed25519 signing key, deleted on exit."""
    # gpg-agent's socket path must stay short, hence a short prefix in the system temp dir.
    home = Path(tempfile.mkdtemp(prefix="gpg-"))
    home.chmod(0o700)
    try:
        with timed("generate throwaway key"):
            gpg(
                [
                    "--pinentry-mode",
                    "loopback",
                    "--passphrase",
                    "",
                    "--quick-generate-key",
                    THROWAWAY_UID,
                    "ed25519",
                    "sign",
                    "1d",
                ],
                home,
            )
        yield home
    finally:
        run(["gpgconf", "--kill", "all"], env=_gpg_env(home), capture=True, check=False)
        shutil.rmtree(str(home), ignore_errors=True)


def fingerprint(home: Optional[Path]) -> str:
    """Fingerprint of the (only or first) secret key in the keyring."""
    out = str(gpg(["--list-secret-keys", "--with-colons"], home).stdout)
    for line in out.splitlines():
        if line.startswith("fpr:"):
            return line.split(":")[9]
    raise ReleaseError("no secret key in the keyring (import the signing key first)")


def sign_files(files: Sequence[Path], out: Path, home: Optional[Path], key: Optional[str] = None) -> List[Path]:
    """Write an ASCII-armoured detached signature for each file into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    key = key or fingerprint(home)
    passphrase = os.environ.get("GPG_PASSPHRASE")
    unlock = ["--pinentry-mode", "loopback", "--passphrase-fd", "0"] if passphrase is not None else []
    signatures = []
    for path in files:
        target = out / (path.name + ".asc")
        gpg(
            ["--yes", "--armor", "--local-user", key, *unlock, "--detach-sign", "--output", str(target), str(path)],
            home,
            input_text=passphrase,
        )
        log(f"signed {path.name} -> {target}")
        signatures.append(target)
    exported = str(gpg(["--armor", "--export", key], home).stdout)
    (out / "signing-key.asc").write_text(exported, encoding="utf-8")
    return signatures


def verify_file(path: Path, signature: Path, home: Optional[Path], expected_fpr: Optional[str]) -> Optional[str]:
    """Return None when ``signature`` is a good signature over ``path``, else the reason."""
    proc = gpg(["--status-fd", "1", "--verify", str(signature), str(path)], home, check=False)
    status = str(proc.stdout)
    valid = [line.split()[2] for line in status.splitlines() if line.startswith("[GNUPG:] VALIDSIG ")]
    if proc.returncode != 0 or not valid:
        bad = [line for line in status.splitlines() if "BADSIG" in line or "ERRSIG" in line]
        return "bad signature for {} ({})".format(path.name, "; ".join(bad) or f"gpg exit {proc.returncode}")
    if expected_fpr and expected_fpr.upper() not in (v.upper() for v in valid):
        return "{} is signed by {} and not by {}".format(path.name, ", ".join(valid), expected_fpr)
    return None


def verify_files(files: Sequence[Path], sig_dir: Path, home: Optional[Path], expected_fpr: Optional[str]) -> None:
    """Raise ReleaseError unless every file has a good signature in ``sig_dir``."""
    problems = []
    for path in files:
        signature = sig_dir / (path.name + ".asc")
        if not signature.exists():
            problems.append(f"missing signature {signature}")
            continue
        reason = verify_file(path, signature, home, expected_fpr)
        if reason:
            problems.append(reason)
        else:
            log(f"good signature: {path.name}")
    if problems:
        raise ReleaseError("signature verification failed:\n  " + "\n  ".join(problems))


def roundtrip(files: Sequence[Path], out: Path) -> None:
    """Throwaway key: sign, verify, and require that a tampered file is rejected."""
    with throwaway_keyring() as home:
        fpr = fingerprint(home)
        with timed("sign"):
            sign_files(files, out, home, fpr)
        with timed("verify"):
            verify_files(files, out, home, fpr)
        with tempfile.TemporaryDirectory(prefix="sp-tamper-") as tmp:
            tampered = Path(tmp) / files[0].name
            data = bytearray(files[0].read_bytes())
            data[len(data) // 2] ^= 0x01  # one flipped bit is enough
            tampered.write_bytes(bytes(data))
            reason = verify_file(tampered, out / (files[0].name + ".asc"), home, fpr)
            if reason is None:
                raise ReleaseError(f"a tampered copy of {files[0].name} passed verification")
            log(f"tampered copy rejected as expected: {reason}")


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description="GPG-sign and verify the distribution files.")
    parser.add_argument("command", choices=["sign", "verify", "roundtrip"])
    parser.add_argument("--dist", type=Path, default=REPO_ROOT / "dist")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "release-assets", help="where the .asc files go")
    parser.add_argument("--fingerprint", help="key that must have made the signatures (verify)")
    parser.add_argument("--key", help="signing key id or fingerprint (sign; default: the first secret key)")
    args = parser.parse_args(argv)
    files = dist_files(args.dist)
    if not files:
        raise ReleaseError(f"no wheel or sdist in {args.dist}; run `nox -s build` first")
    home_env = os.environ.get("GNUPGHOME")
    home = Path(home_env) if home_env else None
    if args.command == "sign":
        sign_files(files, args.out, home, args.key)
    elif args.command == "verify":
        verify_files(files, args.out, home, args.fingerprint)
    else:
        roundtrip(files, args.out)
    return 0


if __name__ == "__main__":
    main_guard(main)
