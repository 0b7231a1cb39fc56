"""Runs the compiled tests of `cargo test --workspace --no-run --message-format=json`.

Usage: run_tests.py CARGO_JSON SHARDS [POSTGRES_URL]

Every test binary but the integration tests (`api`) runs once, on SQLite. The integration tests
run on SQLite and, given a URL, on PostgreSQL, each split into SHARDS processes that all run at
the same time. A process runs one test at a time (`RUST_TEST_THREADS=1`, as `.cargo/config.toml`
sets for cargo): several servers side by side in one process can stall a render (see there). The
tests wait on servers, mail and databases far more than they compute, so separate processes
share two cores well: the suite's time goes from the sum of both databases to about the
slowest shard.

Each shard writes its output to a file (target/test-shards/); of a failing shard, libtest's
report of the failures is printed. Exit code 0 only if every binary and every shard passed.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def executables(cargo_json):
    """(target name, executable, package folder) of every test binary cargo built."""
    found = []
    for line in Path(cargo_json).read_text().splitlines():
        if not line.startswith("{"):
            continue
        message = json.loads(line)
        if message.get("reason") != "compiler-artifact" or not message.get("executable"):
            continue
        if not message.get("profile", {}).get("test"):
            continue
        folder = str(Path(message["manifest_path"]).parent)
        found.append((message["target"]["name"], message["executable"], folder))
    return found


def test_names(executable, folder, env):
    listed = subprocess.run(
        [executable, "--list", "--format", "terse"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(line[: -len(": test")] for line in listed.splitlines() if line.endswith(": test"))


def main():
    cargo_json, shards = sys.argv[1], int(sys.argv[2])
    postgres = sys.argv[3] if len(sys.argv) > 3 else ""
    root = Path(cargo_json).resolve().parent
    logs = root / "test-shards"
    logs.mkdir(exist_ok=True)
    base = dict(os.environ, RUST_TEST_THREADS="1")
    base.pop("TEST_DATABASE_URL", None)
    started = time.monotonic()

    binaries = executables(cargo_json)
    if not any(name == "api" for name, _, _ in binaries):
        sys.exit("run_tests: the integration tests (api) were not in cargo's list")

    for name, executable, folder in binaries:
        if name == "api":
            continue
        print(f"--- {name} ({Path(executable).name})", flush=True)
        if subprocess.run([executable], cwd=folder, env=base).returncode != 0:
            sys.exit(f"run_tests: {name} failed")

    _, api, folder = next(b for b in binaries if b[0] == "api")
    names = test_names(api, folder, base)
    databases = [("sqlite", base)]
    if postgres:
        databases.append(("postgres", dict(base, TEST_DATABASE_URL=postgres)))
    running = []
    for database, env in databases:
        for shard in range(shards):
            # Every SHARDS-th test of the sorted list: tests of one file, which tend to take alike
            # long, spread over all shards.
            chosen = names[shard::shards]
            log = logs / f"{database}-{shard + 1}.log"
            process = subprocess.Popen(
                [api, "--exact", *chosen],
                cwd=folder,
                env=env,
                stdout=open(log, "w"),
                stderr=subprocess.STDOUT,
            )
            running.append((f"{database} {shard + 1}/{shards}", len(chosen), log, process))
    print(
        f"--- integration tests: {len(names)} tests x {len(databases)} databases "
        f"in {len(running)} processes, output in {logs}",
        flush=True,
    )
    failed = []
    for label, count, log, process in running:
        code = process.wait()
        took = time.monotonic() - started
        summary = [l for l in log.read_text(errors="replace").splitlines() if l.startswith("test result:")]
        print(f"{label}: {count} tests, exit {code}, after {took:.0f} s: {summary[-1] if summary else 'no result'}", flush=True)
        if code != 0:
            failed.append((label, log))
    for label, log in failed:
        lines = log.read_text(errors="replace").splitlines()
        # libtest's report of the failures comes last; the servers' logs before it are long.
        start = next((i for i, l in enumerate(lines) if l == "failures:"), max(0, len(lines) - 300))
        print(f"\n===== the failed shard {label} (whole output: {log}) =====", flush=True)
        print("\n".join(lines[start:]), flush=True)
    if failed:
        sys.exit(f"run_tests: {len(failed)} shard(s) failed: {', '.join(l for l, _ in failed)}")


if __name__ == "__main__":
    main()
