"""Fresh starts on an empty PostgreSQL database: does every server come up?

Each round drops and re-creates a database, starts gunicorn with the project's
gunicorn.conf.py and several workers on it, waits for /readyz, checks that every
worker is alive and that nothing failed to boot, and stops the server. Prints how
many servers came up, and the start-up times.

    python bench/starts.py [--rounds 20] [--workers 4] [--postgres postgresql://postgres@127.0.0.1:5432/test]

The --postgres URL names a database to connect to for creating and dropping the
benchmark's own database (`chatbot_starts`), which is dropped at the end.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "chatbot_starts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate(admin_url: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")


def drop(admin_url: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in children.read_text().split()] if children.exists() else []


def ready(port: int) -> bool:
    """GET /readyz answers 200 (over a plain socket: this folder's http.py hides the standard library's)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as sock:
            sock.sendall(b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return sock.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def start_once(database_url: str, workers: int, log_path: Path) -> tuple[bool, float, str]:
    """Start a server on an empty database; whether it came up whole, how long it took, and why not."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "CHATBOT_RATE_LIMIT": ""}
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers)]
    started = time.monotonic()
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        while time.monotonic() - started < 90:
            if server.poll() is not None:
                return False, time.monotonic() - started, f"the server exited with {server.returncode}"
            if ready(port) and len(workers_of(server.pid)) == workers:
                break
            time.sleep(0.1)
        else:
            return False, time.monotonic() - started, "not ready within 90 s"
        elapsed = time.monotonic() - started
        time.sleep(1)  # a worker that fails to boot takes the server down a moment later
        log_text = log_path.read_text()
        alive = len(workers_of(server.pid))
        if server.poll() is not None or alive != workers:
            return False, elapsed, f"{alive} of {workers} workers alive"
        if "Worker failed to boot" in log_text or "Traceback" in log_text:
            return False, elapsed, "an error in the log"
        return True, elapsed, ""
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/test"))
    args = parser.parse_args()
    parts = urlsplit(args.postgres)
    database_url = urlunsplit((parts.scheme, parts.netloc, f"/{DATABASE}", "", ""))
    times, failures = [], []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for round_ in range(1, args.rounds + 1):
                recreate(args.postgres)
                log_path = Path(tmp) / f"start-{round_}.log"
                up, elapsed, why = start_once(database_url, args.workers, log_path)
                times.append(elapsed)
                print(f"start {round_:2}: {'up' if up else 'FAILED: ' + why} in {elapsed:.1f} s", flush=True)
                if not up:
                    failures.append(round_)
                    print(log_path.read_text()[-3000:])
        finally:
            drop(args.postgres)
    print(f"\n{args.rounds - len(failures)} of {args.rounds} servers up with {args.workers} workers each "
          f"on an empty database; start-up to ready: median {statistics.median(times):.1f} s, "
          f"slowest {max(times):.1f} s")
    if failures:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
