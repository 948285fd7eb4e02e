"""HTTP benchmark: the chat and parse endpoints, the chat page and a bare Flask JSON endpoint, each
served by gunicorn under gunicorn.conf.py and loaded by the same generator, wrk, in one run.

    python bench/http.py [--duration 10] [--rounds 3] [--connections 32] [--postgres URL | --sqlite-only]

Needs wrk (Debian and Ubuntu: `apt-get install wrk`; macOS: `brew install wrk`). wrk runs on this
machine beside the server, so the two share its cores; it costs little (the script prints how much),
where a small asyncio client in Python, tried first, was the bottleneck: it got 1,000 req/s from the
bare endpoint while wrk got 1,700 at the same moment. Rate limits are off.

Every endpoint is run once per round, the rounds take turns so that a busy moment falls on all of
them, and the figures are medians over the rounds (a ratio is the median of each round's ratio to the
bare endpoint). "CPU ms" is the server's CPU time per request, all its processes (on Linux). The
chatbot runs on a fresh SQLite file, then on a PostgreSQL database created on the server --postgres
names (by default the local one) and dropped afterwards. Last, a few clients send half a body and
stall: are other requests still answered, and how fast. Prints figures; asserts nothing.
"""
# ruff: noqa: E402
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this file is named http: its own folder must not hide the standard library's

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass

from bench.server import (
    Server,
    add_database_options,
    each_database,
    gunicorn_settings,
    serve,
    stop_on_sigterm,
)

WRK_SCRIPT = ROOT / "bench" / "wrk.lua"
QUESTIONS = ROOT / "tests" / "data" / "dev_questions.jsonl"
CONVERSATIONS = 256  # conversations continued at once: enough that two connections rarely share one
SLOW_CLIENTS = 4
TARGETS = {"chat": (35, 50), "parse": (60, None)}  # % of the bare endpoint's req/s, p99 in ms


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    method: str
    path: str
    bodies: list[str]  # JSON bodies sent in turn; none for a GET


@dataclass(frozen=True)
class Run:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float | None  # the server's CPU time per request, all processes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint and round (10)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; figures are their medians (3)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (32)")
    add_database_options(parser)
    args = parser.parse_args()
    stop_on_sigterm()
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("bench/http.py needs wrk: `apt-get install wrk` (Debian, Ubuntu), `brew install wrk` (macOS)")

    extra = os.environ.get("GUNICORN_CMD_ARGS")
    print(f"gunicorn.conf.py: {gunicorn_settings()}" + (f" (GUNICORN_CMD_ARGS={extra!r})" if extra else ""))
    print(f"load: wrk, 1 thread, {args.connections} connections, {args.duration} s per endpoint, "
          f"{args.rounds} rounds; server and wrk share {os.cpu_count()} cores")
    bench = Bench(wrk, args.duration, args.connections)
    for name, url in each_database(args):
        bench.database(name, url, args.rounds)


class Bench:
    """wrk against the servers of one database after another, keeping what wrk itself costs."""

    def __init__(self, wrk: str, duration: int, connections: int):
        self.wrk, self.duration, self.connections = wrk, duration, connections
        self.wrk_cpu = self.wrk_wall = 0.0  # CPU seconds wrk used, and seconds it ran, on this database

    def database(self, name: str, database_url: str, rounds: int) -> None:
        """Every endpoint, `rounds` times, on the chatbot storing into `database_url`; then slow clients."""
        self.wrk_cpu = self.wrk_wall = 0.0
        questions = [json.loads(line)["text"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
        runs: dict[str, list[Run]] = {}
        with serve("bench.bare:app") as bare, serve("wsgi:app", database_url) as site:
            ids = [start_conversation(site.url, questions[i % len(questions)]) for i in range(CONVERSATIONS)]
            continued = [json.dumps({"message": questions[i % len(questions)], "conversation_id": cid})
                         for i, cid in enumerate(ids)]
            messages = [json.dumps({"message": q}) for q in questions]
            endpoints = [
                (bare, Endpoint("bare", "bare Flask JSON (POST /)", "POST", "/", messages)),
                (site, Endpoint("chat", "POST /api/v1/chat, new conversation", "POST", "/api/v1/chat", messages)),
                (site, Endpoint("chat+", "POST /api/v1/chat, continuing", "POST", "/api/v1/chat", continued)),
                (site, Endpoint("parse", "POST /api/v1/parse", "POST", "/api/v1/parse",
                                [json.dumps({"text": q}) for q in questions])),
                (site, Endpoint("page", "GET / (chat page)", "GET", "/", [])),
            ]
            for server, endpoint in endpoints:  # warm-up: imports, caches, connection pools
                self.load(server, endpoint, seconds=1)
            for _ in range(rounds):
                for server, endpoint in endpoints:
                    runs.setdefault(endpoint.key, []).append(self.load(server, endpoint, self.duration))
            slow = slow_clients(site.url, SLOW_CLIENTS)
        report(name, [e for _, e in endpoints], runs, slow)
        if self.wrk_wall:
            print(f"  (CPU ms: the server's CPU time per request, all its processes; "
                  f"wrk itself used {100 * self.wrk_cpu / self.wrk_wall:.0f}% of one core)")

    def load(self, server: Server, endpoint: Endpoint, seconds: int) -> Run:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as bodies:
            bodies.write("\n".join(endpoint.bodies) + "\n")
            bodies.flush()
            command = [self.wrk, "-t1", f"-c{self.connections}", f"-d{seconds}s", "--timeout", "5s",
                       "-s", str(WRK_SCRIPT), server.url + endpoint.path, "--", endpoint.method]
            if endpoint.bodies:
                command.append(bodies.name)
            before, server_before = resource.getrusage(resource.RUSAGE_CHILDREN), server.cpu_seconds()
            started = time.monotonic()
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
            after, server_after = resource.getrusage(resource.RUSAGE_CHILDREN), server.cpu_seconds()
        self.wrk_wall += time.monotonic() - started
        self.wrk_cpu += (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        summary = json.loads(out.strip().splitlines()[-1])
        errors = sum(summary[k] for k in ("connect", "read", "write", "status", "timeout"))
        cpu = None
        if server_before is not None and server_after is not None and summary["requests"]:
            cpu = 1000 * (server_after - server_before) / summary["requests"]
        return Run(rps=summary["requests"] / (summary["duration_us"] / 1e6), p50_ms=summary["p50_us"] / 1000,
                   p99_ms=summary["p99_us"] / 1000, errors=errors, cpu_ms=cpu)


def start_conversation(base: str, message: str) -> str:
    request = urllib.request.Request(base + "/api/v1/chat", data=json.dumps({"message": message}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["conversation_id"]


def slow_clients(base: str, count: int, requests: int = 10, give_up: float = 5.0) -> list[float | None]:
    """Seconds each of `requests` normal requests takes while `count` clients hold half-sent bodies."""
    host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
    stalled = []
    for _ in range(count):
        s = socket.create_connection((host, port))
        s.sendall(b"POST /api/v1/chat HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 100\r\n\r\n" + b'{"message": "half a bo')
        stalled.append(s)
    time.sleep(0.5)  # the server takes them up
    times = []
    try:
        for _ in range(requests):
            started = time.monotonic()
            try:
                with urllib.request.urlopen(base + "/api/v1/articles", timeout=give_up):
                    times.append(time.monotonic() - started)
            except OSError:
                times.append(None)
    finally:
        for s in stalled:
            s.close()
    return times


def report(name: str, endpoints: list[Endpoint], runs: dict[str, list[Run]], slow: list[float | None]) -> None:
    bare = runs["bare"]
    print(f"\n{name}")
    print(f"  {'endpoint':<40} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'vs bare':>8} {'errors':>7} "
          f"{'CPU ms':>7}  target")
    for endpoint in endpoints:
        rows = runs[endpoint.key]
        rps = statistics.median(r.rps for r in rows)
        p50 = statistics.median(r.p50_ms for r in rows)
        p99 = statistics.median(r.p99_ms for r in rows)
        ratio = 100 * statistics.median(r.rps / b.rps for r, b in zip(rows, bare, strict=True))
        target = ""
        share, latency = TARGETS.get(endpoint.key.rstrip("+"), (None, None))
        if share is not None:
            met = ratio >= share and (latency is None or p99 <= latency)
            target = f"≥ {share}%" + (f", p99 ≤ {latency} ms" if latency else "") + (": met" if met else ": not met")
        cpu = [r.cpu_ms for r in rows if r.cpu_ms is not None]
        cpu_ms = f"{statistics.median(cpu):7.2f}" if cpu else f"{'?':>7}"
        print(f"  {endpoint.label:<40} {rps:7.0f} {p50:7.1f} {p99:7.1f} {ratio:7.1f}% "
              f"{sum(r.errors for r in rows):7d} {cpu_ms}  {target}")
    answered = [t for t in slow if t is not None]
    worst = f"slowest {1000 * max(answered):.0f} ms" if answered else "none answered"
    print(f"  with {SLOW_CLIENTS} clients holding half-sent bodies: {len(answered)}/{len(slow)} requests answered "
          f"within 5 s, {sum(t < 1 for t in answered)} within 1 s ({worst})")


if __name__ == "__main__":
    main()
