# SPDX-FileCopyrightText: 2026 spark-profiler contributors
# SPDX-License-Identifier: MIT
"""Scan the whole git history for secrets, not only the working tree.

A secret that was committed and later deleted is still in the history, and
still leaked. The pre-commit hook only sees the files being committed, so CI
runs this scan over every commit reachable from any ref. Every line that ever
existed in a file was added by some commit, so scanning the lines each commit
added covers every version of every file while reading each line once.

Detection is detect-secrets, configured from ``.secrets.baseline`` (plugins and
filters), so the hook and the history scan agree on what a secret is. The
file name of each change is kept, because several detect-secrets filters
decide by it.

Reviewed false positives are accepted: a finding whose hashed secret appears
in the baseline and is not marked ``is_secret: true`` passes, and so does one
listed in ``.secrets-history-allowlist`` (one ``hashed_secret`` per line, a
``#`` comment giving the reason), which is where false positives that only
live in old commits are recorded. Inline ``pragma: allowlist secret``
comments are honoured too.

Exit status: 0 when clean, 1 when a secret was found, 2 on a usage error or a
shallow clone (whose missing history cannot be scanned).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import subprocess  # nosec B404 - runs the local git binary with fixed arguments
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Sequence, Set, Tuple

# One changed file larger than this is generated data (a lock file, a golden
# report), never a hand-written credential; scanning it would dominate the run.
MAX_CHANGE_CHARS = 2 * 1024 * 1024


class Change(NamedTuple):
    """The lines one commit added to one file."""

    commit: str
    path: str
    lines: Tuple[Tuple[int, str], ...]  # (line number in the new file, text)


class Finding(NamedTuple):
    """A detected secret in a line that some commit added."""

    commit: str
    path: str
    line: int
    kind: str
    secret_hash: str


def _git(repo: Path, *args: str) -> bytes:
    result = subprocess.run(  # nosec B603 B607 - fixed git arguments, no shell
        ["git", "-C", str(repo), "-c", "core.quotePath=false", *args],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout


def _new_side_start(hunk_header: str) -> int:
    """First line number on the new side of ``@@ -a,b +c,d @@`` (or ``@@@ ...``)."""
    plus = next(part for part in hunk_header.split(" ") if part.startswith("+"))
    return int(plus[1:].split(",")[0])


class _DiffParser:
    """Turns ``git log -p -U0`` output into :class:`Change` records."""

    def __init__(self) -> None:
        self.commit = ""
        self.path = ""
        self.parents = 1  # prefix columns: 1 for a normal diff, N for a combined one
        self.number = 0
        self.lines: List[Tuple[int, str]] = []
        self.in_header = False

    def _flush(self) -> Iterator[Change]:
        if self.lines and self.path:
            yield Change(self.commit, self.path, tuple(self.lines))
        self.lines = []

    def feed(self, raw: str) -> Iterator[Change]:
        if raw.startswith("\0commit "):
            yield from self._flush()
            self.commit, self.path, self.in_header = raw[len("\0commit ") :], "", False
        elif raw.startswith("diff --"):
            yield from self._flush()
            self.path, self.in_header = "", True
            self.parents = 2 if raw.startswith(("diff --cc ", "diff --combined ")) else 1
        elif self.in_header:
            if raw.startswith("+++ "):
                target = raw[4:]
                self.path = "" if target == "/dev/null" else (target[2:] if target.startswith("b/") else target)
            elif raw.startswith("@@"):
                self.in_header = False
                self._start_hunk(raw)
        elif raw.startswith("@@"):
            self._start_hunk(raw)
        elif self.path and raw and raw[0] in "+- ":
            prefix, text = raw[: self.parents], raw[self.parents :]
            if "-" in prefix:
                return  # the line is not in the new version
            if set(prefix) == {"+"}:
                # New relative to every parent. A line from only one side of a
                # merge was already scanned in the commit that wrote it.
                self.lines.append((self.number, text))
            self.number += 1

    def _start_hunk(self, header: str) -> None:
        if header.startswith("@@@"):
            self.parents = len(header) - len(header.lstrip("@")) - 1
        self.number = _new_side_start(header)

    def close(self) -> Iterator[Change]:
        yield from self._flush()


def iter_changes(repo: Path) -> Iterator[Change]:
    """Yield the lines added by every commit reachable from any ref."""
    out = _git(
        repo,
        "log",
        "--all",
        "--no-color",
        "--no-renames",
        "--no-ext-diff",
        "--no-textconv",
        "--diff-merges=dense-combined",
        "--diff-filter=d",
        "-p",
        "-U0",
        "--format=%x00commit %H",
    ).decode("utf-8", "surrogateescape")
    parser = _DiffParser()
    for raw in out.split("\n"):
        yield from parser.feed(raw)
    yield from parser.close()


def load_baseline(path: Path) -> Dict[str, Any]:
    """Read the detect-secrets baseline (an empty config when it is absent)."""
    if not path.is_file():
        return {}
    data: Dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def reviewed_hashes(baseline: Dict[str, Any]) -> Set[str]:
    """Hashed secrets that a reviewer marked, or left, as not a real secret."""
    accepted: Set[str] = set()
    for entries in baseline.get("results", {}).values():
        for entry in entries:
            if entry.get("is_secret") is not True:
                accepted.add(entry["hashed_secret"])
    return accepted


def allowlisted_hashes(path: Path) -> Set[str]:
    """Hashes from the history allow-list file (``<hash>  # reason`` lines)."""
    if not path.is_file():
        return set()
    hashes: Set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        token = raw.split("#", 1)[0].strip()
        if token:
            hashes.add(token)
    return hashes


_CONFIG: Dict[str, Any] = {}


def _settings(config: Dict[str, Any]) -> Any:
    from detect_secrets.settings import default_settings, transient_settings

    return transient_settings(config) if config.get("plugins_used") else default_settings()


def _init_worker(config: Dict[str, Any]) -> None:
    # A pool worker keeps these settings for its whole life.
    _CONFIG["settings"] = _settings(config)
    _CONFIG["settings"].__enter__()


def _scan_batch(batch: Sequence[Change]) -> List[Finding]:
    from detect_secrets.core.scan import scan_file

    findings: List[Finding] = []
    with tempfile.TemporaryDirectory(prefix="secret-scan-") as tmp:
        for index, change in enumerate(batch):
            folder = Path(tmp, str(index))
            folder.mkdir()
            # Keep the original file name: detect-secrets filters decide by it.
            target = folder / (Path(change.path).name or "unnamed")
            target.write_text(
                "\n".join(text for _, text in change.lines) + "\n", encoding="utf-8", errors="surrogateescape"
            )
            for secret in scan_file(str(target)):
                real_line = (
                    change.lines[secret.line_number - 1][0] if 0 < secret.line_number <= len(change.lines) else 0
                )
                findings.append(Finding(change.commit, change.path, real_line, secret.type, secret.secret_hash))
    return findings


def scan_history(
    repo: Path, baseline: Dict[str, Any], skip_names: Set[str], jobs: int
) -> Tuple[List[Finding], int, int]:
    """Scan every added line of the history. Returns findings, changes scanned, changes skipped."""
    unique: Dict[str, Change] = {}
    skipped = 0
    for change in iter_changes(repo):
        if Path(change.path).name in skip_names or sum(len(t) for _, t in change.lines) > MAX_CHANGE_CHARS:
            skipped += 1
            continue
        # The same added text under the same file name (a cherry-pick, a
        # revert of a revert) is scanned once.
        key = hashlib.sha256(
            (Path(change.path).name + "\0" + "\n".join(t for _, t in change.lines)).encode("utf-8", "surrogateescape")
        ).hexdigest()
        unique.setdefault(key, change)
    changes = list(unique.values())
    config = {k: baseline[k] for k in ("plugins_used", "filters_used") if k in baseline}
    size = max(1, len(changes) // (jobs * 4) + 1)
    batches = [changes[i : i + size] for i in range(0, len(changes), size)]
    findings: List[Finding] = []
    if jobs > 1 and len(batches) > 1:
        ctx = multiprocessing.get_context("spawn")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(config,)) as pool:
            for part in pool.imap(_scan_batch, batches):
                findings.extend(part)
    else:
        with _settings(config):
            for batch in batches:
                findings.extend(_scan_batch(batch))
    return findings, len(changes), skipped


def _describe(repo: Path, commit: str) -> str:
    return _git(repo, "log", "-1", "--format=%h %s", commit).decode("utf-8", "replace").strip()


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=".", help="git repository to scan (default: current folder)")
    parser.add_argument(
        "--baseline", default=".secrets.baseline", help="detect-secrets baseline, relative to the repository"
    )
    parser.add_argument(
        "--allowlist",
        default=".secrets-history-allowlist",
        help="reviewed false positives that only exist in old commits, relative to the repository",
    )
    parser.add_argument("--jobs", type=int, default=min(2, multiprocessing.cpu_count()), help="worker processes")
    args = parser.parse_args(argv)
    repo = Path(args.repo).resolve()
    try:
        _git(repo, "rev-parse", "--git-dir")
    except RuntimeError:
        print(f"scan_git_history: {repo} is not a git repository", file=sys.stderr)
        return 2
    if _git(repo, "rev-parse", "--is-shallow-repository").decode().strip() == "true":
        # A shallow clone hides the older commits, so a clean result would prove nothing.
        print(
            f"scan_git_history: {repo} is a shallow clone; fetch the whole history first "
            "(`git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout)",
            file=sys.stderr,
        )
        return 2
    baseline_path = Path(args.baseline)
    if not baseline_path.is_absolute():
        baseline_path = repo / baseline_path
    baseline = load_baseline(baseline_path)
    accepted = reviewed_hashes(baseline) | allowlisted_hashes(repo / args.allowlist)
    commits = len(_git(repo, "rev-list", "--all").split())

    started = time.monotonic()
    # The baseline holds hashes, not secrets; scanning it only finds noise.
    findings, scanned, skipped = scan_history(repo, baseline, {baseline_path.name}, max(1, args.jobs))
    real = [f for f in findings if f.secret_hash not in accepted]
    elapsed = time.monotonic() - started

    for finding in real:
        print(
            f"{finding.path}:{finding.line}: {finding.kind} (added in commit {_describe(repo, finding.commit)}; "
            f"hashed_secret {finding.secret_hash})"
        )
    summary = (
        f"scan_git_history: {commits} commit(s) on all refs, {scanned} file change(s) scanned, "
        f"{skipped} skipped (baseline or > {MAX_CHANGE_CHARS // (1024 * 1024)} MiB), "
        f"{len(findings) - len(real)} reviewed false positive(s), {len(real)} secret(s), {elapsed:.1f}s"
    )
    if real:
        print(summary, file=sys.stderr)
        print(
            "scan_git_history: secrets found in the git history. Deleting the file is not enough: "
            "revoke and rotate the credential, then rewrite the history. If a finding is a false "
            "positive in the current tree, record it with `detect-secrets scan --baseline "
            ".secrets.baseline` and `detect-secrets audit .secrets.baseline`; if it only lives in "
            "old commits, add its hashed secret and the reason to .secrets-history-allowlist.",
            file=sys.stderr,
        )
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
