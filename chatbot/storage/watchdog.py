"""A deadline on every use of a network database connection.

A database server that hangs (stopped, or a network path that drops packets) answers
nothing, and neither psycopg nor the server's own `statement_timeout` (which a stopped
server never enforces) bounds how long a worker then waits. Each connection taken from
the pool is armed with a deadline; a thread shuts down the socket of any connection still
in use after it, so the waiting call fails at once ("server closed the connection"), the
connection is thrown away, and the request gets a 503 instead of blocking the worker.
"""
from __future__ import annotations

import contextlib
import os
import socket
import threading
import time

TICK_SECONDS = 0.05


class Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._armed: dict[int, tuple[float, object]] = {}  # id(connection) -> (deadline, connection)
        self._fired: set[int] = set()
        self._pid: int | None = None  # the process whose thread watches; a forked worker starts its own

    def arm(self, connection, seconds: float) -> None:
        self._start()
        with self._lock:
            self._armed[id(connection)] = (time.monotonic() + seconds, connection)
            self._fired.discard(id(connection))

    def disarm(self, connection) -> bool:
        """Stop watching `connection`; True when its deadline had passed and its socket was cut."""
        with self._lock:
            self._armed.pop(id(connection), None)
            if id(connection) in self._fired:
                self._fired.discard(id(connection))
                return True
            return False

    def _start(self) -> None:
        if self._pid == os.getpid():
            return
        with self._lock:
            if self._pid != os.getpid():
                self._armed.clear()
                self._fired.clear()
                threading.Thread(target=self._watch, name="database-watchdog", daemon=True).start()
                self._pid = os.getpid()

    def _watch(self) -> None:
        while True:
            time.sleep(TICK_SECONDS)
            now = time.monotonic()
            with self._lock:
                for key, (deadline, connection) in list(self._armed.items()):
                    if deadline <= now:
                        del self._armed[key]
                        self._fired.add(key)
                        _cut(connection)


def _cut(connection) -> None:
    """Shut the connection's socket down both ways, without closing the descriptor its driver owns."""
    if getattr(connection, "closed", True):
        return
    try:
        fd = os.dup(connection.pgconn.socket)
    except Exception:  # noqa: BLE001 - a connection already gone has nothing to cut
        return
    with socket.socket(fileno=fd) as sock, contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


watchdog = Watchdog()
