"""What the HTTP benchmarks serve and store into: gunicorn under the project's gunicorn.conf.py on a
free port, and the database of one run (a fresh SQLite file, or a PostgreSQL database created for
the run and dropped afterwards).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "gunicorn.conf.py"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def stop_on_sigterm() -> None:
    """A terminated benchmark stops its servers too, as after Ctrl-C."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def gunicorn_settings() -> str:
    """The worker settings gunicorn.conf.py and GUNICORN_CMD_ARGS give, as gunicorn itself reads them."""
    from gunicorn.app.wsgiapp import WSGIApplication

    class Settings(WSGIApplication):
        def load_config(self) -> None:
            self.load_config_from_file(str(CONFIG))
            env = self.cfg.parser().parse_args(self.cfg.get_cmd_args_from_env())
            for key, value in vars(env).items():
                if value is not None and key != "args":
                    self.cfg.set(key.lower(), value)

    cfg = Settings().cfg
    threads = f" x {cfg.threads} threads" if cfg.worker_class_str == "gthread" else ""
    return f"{cfg.worker_class_str}, {cfg.workers} workers{threads}"


@dataclass(frozen=True)
class Server:
    url: str
    pid: int  # gunicorn's master

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by the master and its workers; None where /proc does not tell (not Linux)."""
        ticks, found = 0, False
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                pid, rest = stat.read_text().split(" ", 1)
            except OSError:
                continue  # a process that just ended
            fields = rest.rsplit(")", 1)[1].split()  # after the command's name, which may hold spaces
            if int(pid) == self.pid or int(fields[1]) == self.pid:
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
                found = True
        return ticks / os.sysconf("SC_CLK_TCK") if found else None


@contextmanager
def serve(app: str, database_url: str = "", ready_path: str = "/") -> Iterator[Server]:
    """Run `gunicorn -c gunicorn.conf.py APP` on a free port, rate limits off."""
    port = free_port()
    env = {**os.environ, "CHATBOT_RATE_LIMIT": "", "CHATBOT_SECRET_KEY": "benchmark", "DATABASE_URL": database_url}
    command = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "--bind", f"127.0.0.1:{port}", app]
    with tempfile.TemporaryFile() as log:
        # The access log goes to stdout and is thrown away: it is written, as in production, but not kept.
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(process, base + ready_path, log)
            yield Server(base, process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_ready(process: subprocess.Popen, url: str, log, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    log.seek(0)
    raise SystemExit(f"gunicorn did not start serving {url}:\n{log.read().decode(errors='replace')}")


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{tmp}/bench.sqlite3"


@contextmanager
def postgres_database(admin_url: str) -> Iterator[str]:
    """A new, empty database on the server `admin_url` names, dropped afterwards; yields its URL."""
    import psycopg

    name = f"chatbot_bench_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlsplit(admin_url)._replace(path="/" + name).geturl()
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_unavailable(admin_url: str) -> str:
    """Why PostgreSQL cannot be used at `admin_url`, or '' when it can."""
    try:
        import psycopg

        with psycopg.connect(admin_url, connect_timeout=5):
            return ""
    except Exception as error:  # any failure only means the PostgreSQL half is not run
        first_line = (str(error).strip().splitlines() or [""])[0]
        return f"{error.__class__.__name__}: {first_line}"


def add_database_options(parser) -> None:
    """--postgres URL and --sqlite-only, the same in every benchmark that runs on both databases."""
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, metavar="URL",
                        help=f"PostgreSQL server to create the run's database on ({DEFAULT_POSTGRES})")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")


def each_database(args) -> Iterator[tuple[str, str]]:
    """(name, URL) of a fresh SQLite file, then of a fresh PostgreSQL database unless skipped or unreachable."""
    with sqlite_database() as url:
        yield "SQLite", url
    if args.sqlite_only:
        return
    why = postgres_unavailable(args.postgres)
    if why:
        print(f"\nPostgreSQL: not measured, {args.postgres} cannot be reached ({why}); give --postgres URL")
        return
    with postgres_database(args.postgres) as url:
        yield "PostgreSQL", url
