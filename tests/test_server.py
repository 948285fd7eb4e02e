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

import pytest

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
