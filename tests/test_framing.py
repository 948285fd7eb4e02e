"""Bodies whose framing is broken (a bad chunk size, a chunk without its terminator, a body cut
short) are the client's mistake: a 400 from the API and from the chat form, and no traceback in
the log. Sent as raw bytes over a socket to a real gunicorn, since only a server de-chunks."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import gunicorn
import pytest

from conftest import ARTICLE

ROOT = Path(__file__).resolve().parent.parent
BODY = b'{"message": "Quel est l\'impact environnemental de l\'IA ?"}'
FORM = b"message=bonjour"


class Gunicorn:
    """The production start (gunicorn.conf.py) with one worker on a free port of 127.0.0.1, its log kept in a file."""

    def __init__(self, tmp: Path):
        self.log_path = tmp / "gunicorn.log"
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp / 'framing.sqlite3'}",
               "CHATBOT_SECRET_KEY": "framing-tests", "CHATBOT_RATE_LIMIT": ""}
        args = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--workers", "1", "--bind", "127.0.0.1:0",
                "--error-logfile", "-", "wsgi:app"]
        if gunicorn.version_info >= (27,):
            args.insert(-1, "--no-control-socket")  # one shared socket path otherwise
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.port = self._wait_for_port()

    def _wait_for_port(self) -> int:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            log = self.log()
            if (found := re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log)) and "Booting worker" in log:
                return int(found.group(1))
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def send(self, head: bytes, body: bytes) -> tuple[int, str, bytes]:
        """Send the raw request, say it is all there is, and read the whole answer: (status, mimetype, body)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=20) as sock:
            sock.sendall(head + body)
            sock.shutdown(socket.SHUT_WR)
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        header, _, content = answer.partition(b"\r\n\r\n")
        status = int(header.split(b" ", 2)[1])
        mimetype = re.search(rb"(?im)^content-type: ([^;\r\n]+)", header)
        return status, mimetype.group(1).decode() if mimetype else "", content

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = Gunicorn(tmp_path_factory.mktemp("gunicorn"))
    yield server
    server.stop()


def head(path: str, content_type: str, framing: str = "Transfer-Encoding: chunked") -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n{framing}\r\n"
            "Connection: close\r\n\r\n").encode()


def chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


ENDPOINTS = [
    pytest.param(head("/api/v1/chat", "application/json"), BODY, "application/problem+json", id="API"),
    pytest.param(head(f"/chat/{ARTICLE}", "application/x-www-form-urlencoded"), FORM, "text/html", id="chat form"),
]
BROKEN = [
    pytest.param(lambda body: b"zz\r\n" + body + b"\r\n0\r\n\r\n", id="bad chunk size"),
    pytest.param(lambda body: b"%x\r\n" % len(body) + body + b"XX0\r\n\r\n", id="chunk without its terminator"),
    pytest.param(lambda body: chunk(body), id="no last chunk"),
    pytest.param(lambda body: b"%x\r\n" % (len(body) + 40) + body, id="chunk cut short"),
]


def test_a_well_framed_chunked_body_is_read(server):
    status, mimetype, content = server.send(head("/api/v1/chat", "application/json"), chunk(BODY) + b"0\r\n\r\n")
    assert (status, mimetype) == (200, "application/json") and b'"quotes":[{' in content


@pytest.mark.parametrize("request_head, body, mimetype", ENDPOINTS)
@pytest.mark.parametrize("frame", BROKEN)
def test_a_broken_chunked_body_is_a_400(server, request_head, body, mimetype, frame):
    logged = len(server.log())
    status, got_mimetype, content = server.send(request_head, frame(body))
    assert (status, got_mimetype) == (400, mimetype), content
    assert b"Traceback" not in content
    assert "Traceback" not in server.log()[logged:]


def test_a_json_body_shorter_than_its_content_length_is_a_400(server):
    request_head = head("/api/v1/chat", "application/json", f"Content-Length: {len(BODY) + 40}")
    status, mimetype, content = server.send(request_head, BODY)
    assert (status, mimetype) == (400, "application/problem+json"), content
