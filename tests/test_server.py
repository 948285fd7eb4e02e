"""The production server: gunicorn started as `make run` starts it, with gunicorn.conf.py, serves the
chat, and clients that send half a body and stall do not stop it from answering others."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import gunicorn
import pytest

from conftest import POSTGRES_SKIP

ROOT = Path(__file__).resolve().parent.parent
SLOW_CLIENTS = 4  # more than the 2 workers the server used to have, each held by one such client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """gunicorn -c gunicorn.conf.py on a free port, on a throwaway SQLite file; yields its base URL."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "GUNICORN_CMD_ARGS"}  # the file alone is tested
    env.update(DATABASE_URL=f"sqlite:///{tmp_path_factory.mktemp('server') / 'chatbot.sqlite3'}",
               CHATBOT_SECRET_KEY="test", CHATBOT_RATE_LIMIT="")
    log = tmp_path_factory.mktemp("server-log") / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py",
                                    "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/api/v1/articles", timeout=2)
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"gunicorn did not start:\n{log.read_text(errors='replace')}")
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_gunicorn_serves_the_chat_page_with_the_projects_settings(server):
    status, page = _get(server + "/", timeout=5)
    assert status == 200 and "<form" in page


def test_clients_stalling_halfway_through_their_body_do_not_stop_others_being_answered(server):
    port = int(server.rsplit(":", 1)[1])
    stalled = []
    try:
        for _ in range(SLOW_CLIENTS):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"POST /api/v1/chat HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 100\r\n\r\n" + b'{"message": "half')
            stalled.append(s)
        time.sleep(0.5)  # the server has taken them up
        for _ in range(10):
            started = time.monotonic()
            status, _ = _get(server + "/api/v1/articles", timeout=5)
            assert status == 200 and time.monotonic() - started < 5
    finally:
        for s in stalled:
            s.close()


def test_the_server_made_the_schema_of_its_empty_database_before_serving(server):
    request = urllib.request.Request(server + "/api/v1/chat", data=b'{"message": "Qui a acc\\u00e8s \\u00e0 l\'IA ?"}',
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200  # the turn was stored: the master upgraded the empty file first
    status, body = _get(server + "/readyz", timeout=5)
    assert status == 200 and '"database":"ok"' in body.replace(" ", "")


def test_four_workers_starting_on_an_empty_postgresql_database_all_come_up(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(POSTGRES_SKIP)
    import psycopg

    fresh = "chatbot_fresh_start"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {fresh} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {fresh}")
    port, log = _free_port(), tmp_path / "gunicorn.log"
    env = {**os.environ, "DATABASE_URL": url.rsplit("/", 1)[0] + f"/{fresh}", "CHATBOT_RATE_LIMIT": ""}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", "4",
                                    "--bind", f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and process.poll() is None:
            workers = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
            if len(workers) == 4 and log.read_text().count("Booting worker") == 4:
                try:
                    if _get(f"http://127.0.0.1:{port}/readyz", timeout=2)[0] == 200:
                        break
                except OSError:
                    pass
            time.sleep(0.2)
        time.sleep(1)  # a worker failing to boot takes the server down a moment later
        assert process.poll() is None, log.read_text(errors="replace")
        assert "Worker failed to boot" not in log.read_text() and "Traceback" not in log.read_text()
        assert _get(f"http://127.0.0.1:{port}/readyz", timeout=5)[0] == 200
    finally:
        process.terminate()
        process.wait(timeout=60)
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {fresh} WITH (FORCE)")


def _unix_get(path: str, socket_path: Path) -> int:
    import http.client

    class UnixConnection(http.client.HTTPConnection):
        def connect(self):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(2)
            self.sock.connect(str(socket_path))

    connection = UnixConnection("localhost")
    try:
        connection.request("GET", path)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_production_settings_also_serve_on_a_unix_socket(tmp_path):
    """Behind a proxy on the same machine, a unix socket: workers cannot each bind one of their own."""
    socket_path, log = tmp_path / "chatbot.sock", tmp_path / "gunicorn.log"
    env = {k: v for k, v in os.environ.items() if k != "GUNICORN_CMD_ARGS"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'unix.sqlite3'}", CHATBOT_SECRET_KEY="test")
    args = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"unix:{socket_path}"]
    if gunicorn.version_info >= (27,):
        args.append("--no-control-socket")  # one shared socket path otherwise
    with log.open("wb") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and process.poll() is None and status != 200:
            try:
                status = _unix_get("/readyz", socket_path)
            except OSError:
                time.sleep(0.2)
        assert status == 200, log.read_text(errors="replace")
        time.sleep(1)
        assert log.read_text().count("Booting worker") == 2, "no worker failed and was booted again"
    finally:
        process.terminate()
        process.wait(timeout=60)


def test_the_app_s_own_messages_reach_gunicorn_s_log(tmp_path):
    """An operator reads in the server's log that an article dropped into the folder is now served."""
    import shutil

    content, log, port = tmp_path / "content", tmp_path / "gunicorn.log", _free_port()
    shutil.copytree(ROOT / "tests" / "content" / "travail-a-distance", content / "travail-a-distance")
    env = {k: v for k, v in os.environ.items() if k != "GUNICORN_CMD_ARGS"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'log.sqlite3'}", CHATBOT_SECRET_KEY="test",
               CHATBOT_CONTENT_DIR=str(content), CHATBOT_CONTENT_RELOAD="0.1", CHATBOT_RATE_LIMIT="")
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind",
                                    f"127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.2)
        shutil.copytree(ROOT / "tests" / "content" / "four-day-week", content / "four-day-week")
        deadline = time.monotonic() + 10
        while "article added: four-day-week" not in log.read_text() and time.monotonic() < deadline:
            _get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            time.sleep(0.1)
        assert "[INFO] article added: four-day-week" in log.read_text()
    finally:
        process.terminate()
        process.wait(timeout=60)
