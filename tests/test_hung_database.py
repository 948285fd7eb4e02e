"""A PostgreSQL server that hangs (accepts, then answers nothing) costs a reader a quick 503,
never a blocked worker; when it answers again, the service is back with no restart and no
acknowledged turn lost. The server is reached through a TCP relay the test can freeze."""
from __future__ import annotations

import os
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit, urlunsplit

import pytest

from conftest import POSTGRES_SKIP, drop_schema, make_app

QUESTION = "Quel est l'impact environnemental de l'IA ?"
ANSWER_WITHIN = 3.0  # seconds, from the operator's promise


class Relay:
    """Forwards TCP connections to a server; frozen, it holds every byte and every new connection."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.running = threading.Event()
        self.running.set()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def freeze(self) -> None:
        self.running.clear()

    def thaw(self) -> None:
        self.running.set()

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        self.running.wait()
        server = socket.create_connection(self.target)
        threading.Thread(target=self._pump, args=(server, client), daemon=True).start()
        self._pump(client, server)

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                self.running.wait()
                sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            end.close()


@pytest.fixture
def relay_app(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(POSTGRES_SKIP)
    parts = urlsplit(url)
    relay = Relay(parts.hostname or "127.0.0.1", parts.port or 5432)
    user = f"{parts.username}@" if parts.username else ""
    relayed = urlunsplit(("postgresql+psycopg", f"{user}127.0.0.1:{relay.port}", parts.path, "", ""))
    app = make_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": relayed})
    yield app, relay
    relay.thaw()
    drop_schema(app)


def timed_post(app, body: dict):
    started = time.monotonic()
    response = app.test_client().post("/api/v1/chat", json=body)
    return response, time.monotonic() - started


def test_a_hung_database_gets_quick_503s_and_the_service_comes_back(relay_app):
    app, relay = relay_app
    first, _ = timed_post(app, {"message": QUESTION})
    assert first.status_code == 200
    conversation = first.get_json()["conversation_id"]

    relay.freeze()
    bodies = [{"message": QUESTION, "conversation_id": conversation}, {"message": QUESTION}] * 3
    with ThreadPoolExecutor(len(bodies)) as pool:
        results = list(pool.map(lambda body: timed_post(app, body), bodies))
    for response, elapsed in results:
        assert response.status_code == 503
        assert response.mimetype == "application/problem+json"
        assert int(response.headers["Retry-After"]) > 0
        assert elapsed < ANSWER_WITHIN, f"answered after {elapsed:.1f} s"

    relay.thaw()
    again, elapsed = timed_post(app, {"message": QUESTION, "conversation_id": conversation})
    assert again.status_code == 200 and elapsed < ANSWER_WITHIN
    turns = app.test_client().get(f"/api/v1/conversations/{conversation}").get_json()["turns"]
    assert len(turns) >= 2  # both acknowledged turns are kept (a refused one may be too)
