"""Setting up the database: connection settings, SQLite pragmas, and the schema's migrations.

The schema is made and changed only by migrations (`chatbot/storage/migrations`, Alembic through
Flask-Migrate), run once before the server starts its workers: a worker never creates a table.
"""
from __future__ import annotations

import fcntl
import functools
import logging
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import Migrate, upgrade
from sqlalchemy import event, inspect, text
from sqlalchemy.exc import DisconnectionError, OperationalError, SQLAlchemyError

from . import editors  # noqa: F401  (their tables are part of the schema)
from .models import db
from .watchdog import watchdog

log = logging.getLogger(__name__)
MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")
migrate = Migrate(directory=MIGRATIONS, compare_type=True)


def init_app(app: Flask) -> None:
    timeout = float(app.config["DATABASE_TIMEOUT"])
    is_sqlite = app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {} if is_sqlite else _server_options(timeout)
    db.init_app(app)
    migrate.init_app(app, db)
    with app.app_context():
        if is_sqlite:
            event.listen(db.engine, "connect", _sqlite_pragmas)
            WriteGate(db.engine.url.database, SQLITE_BUSY_TIMEOUT_MS / 1000).listen(db.engine)
        else:
            event.listen(db.engine.pool, "connect", _fresh)
            event.listen(db.engine.pool, "checkout", lambda *args: _checkout(*args, timeout=timeout))
            event.listen(db.engine.pool, "checkin", lambda connection, _record: watchdog.disarm(connection))
            event.listen(db.engine.pool, "invalidate", lambda connection, _record, _error: watchdog.disarm(connection))
        db.engine.dispose()  # no connection crosses a worker fork; every connection gets the pragmas


class DatabaseHung(Exception):
    """The database server accepted the connection but did not answer in time."""


def _server_options(timeout: float) -> dict:
    """Bounds on every wait for a database server: connecting, a statement, a free pooled connection."""
    statement_ms = int(timeout * 1000)
    server_limits = f"-c statement_timeout={statement_ms} -c idle_in_transaction_session_timeout={10 * statement_ms}"
    return {
        "pool_timeout": timeout,
        "pool_recycle": 3600,
        "connect_args": {
            "connect_timeout": max(2, round(timeout)),  # libpq's smallest
            "options": server_limits,
        },
    }


def _fresh(_connection, record) -> None:
    record.info["fresh"] = True


def _checkout(connection, record, _proxy, timeout: float) -> None:
    """Arm the deadline of a connection taken from the pool, and check that a pooled one still answers.

    A pooled connection that fails its ping at once was closed by the server (a restart): the pool
    replaces it. One that does not answer before the deadline means a server that hangs: a 503.
    """
    watchdog.arm(connection, timeout)
    if record.info.pop("fresh", False):
        return
    try:
        connection.autocommit = True  # a ping alone, in no transaction: the connection comes out idle
        connection.execute("SELECT 1")
        connection.autocommit = False
    except Exception as error:
        if watchdog.disarm(connection):
            raise DatabaseHung(f"no answer from the database in {timeout:g} s") from error
        raise DisconnectionError("a pooled connection was closed by the server") from error


SQLITE_BUSY_TIMEOUT_MS = 5000  # writers queue for the write lock; a local file cannot hang as a server can


def _sqlite_pragmas(connection, _record) -> None:
    """WAL lets readers and one writer work at once; the busy timeout makes writers wait their turn.

    With WAL, `synchronous=NORMAL` syncs the log at checkpoints rather than at every commit: a
    crashed worker or server process loses nothing, a power cut may lose the last turns committed
    before it (never the database itself), and a stored turn costs a tenth of the time.
    """
    connection.isolation_level = None  # transactions are begun by _sqlite_begin, not by the driver
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


_READ_ONLY: ContextVar[bool] = ContextVar("read_only", default=False)


@contextmanager
def read_only() -> Iterator[None]:
    """Transactions begun inside only read: on SQLite they take no write lock, so they wait for no writer."""
    token = _READ_ONLY.set(True)
    try:
        yield
    finally:
        _READ_ONLY.reset(token)


class WriteGate:
    """SQLite's writers take turns here before they take the database's write lock.

    SQLite makes a writer that finds its lock taken sleep and try again, sleeping longer each time
    (1, 2, 5 ms … 100 ms): under load the unlucky ones slept for hundreds of milliseconds while the
    lock stood free most of the time, and the writers of the other worker process always came first.
    Here the writers of a process queue on a lock that wakes the next one the moment the last commits,
    and the processes' front-runners take turns on a lock file beside the database, trying again every
    fraction of a millisecond; SQLite's own lock is then free when they reach it.

    Transactions that may write take SQLite's write lock as they begin (BEGIN IMMEDIATE): SQLite ignores
    SELECT ... FOR UPDATE, and a transaction that read first and wrote second could fail at once rather
    than wait. Transactions begun under `read_only()` begin as plain reads and skip the gate.
    """

    def __init__(self, database: str | None, timeout: float):
        self.lock, self.timeout = threading.Lock(), timeout
        self.path = f"{database}.writers" if database and database != ":memory:" else None
        self._file: tuple[int, int] | None = None  # (process id, descriptor): a lock file is never shared by a fork

    def listen(self, engine) -> None:
        _GATES[engine] = self
        event.listen(engine, "begin", self.begin)
        event.listen(engine, "commit", self.commit)
        event.listen(engine, "rollback", lambda connection: self.leave(connection.info))
        event.listen(engine.pool, "checkin", lambda _connection, record: self.leave(record.info))

    def begin(self, connection) -> None:
        if _READ_ONLY.get():
            connection.exec_driver_sql("BEGIN")
            return
        self.enter(connection.info)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            self.leave(connection.info)
            raise

    def commit(self, connection) -> None:
        """Commit, then let the next writer in (the driver's own commit, which follows, finds nothing to do)."""
        if "write_gate" in connection.info:
            try:
                connection.exec_driver_sql("COMMIT")
            finally:
                self.leave(connection.info)

    def enter(self, info: dict) -> None:
        deadline = time.monotonic() + self.timeout
        if not self.lock.acquire(timeout=self.timeout):
            raise _locked()
        try:
            self._lock_file(deadline)
        except BaseException:
            self.lock.release()
            raise
        info["write_gate"] = True

    def leave(self, info: dict) -> None:
        if info.pop("write_gate", False):
            if self._file:
                fcntl.flock(self._file[1], fcntl.LOCK_UN)
            self.lock.release()

    def _lock_file(self, deadline: float) -> None:
        if self.path is None:
            return
        if self._file is None or self._file[0] != os.getpid():
            self._file = (os.getpid(), os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        pause = 0.0001
        while True:
            try:
                fcntl.flock(self._file[1], fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise _locked() from None
                time.sleep(pause)
                pause = min(2 * pause, 0.001)


_GATES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def write_gate(engine) -> WriteGate | None:
    """The write gate of a SQLite engine (None for a database server, whose writers need none)."""
    return _GATES.get(engine)


def _locked() -> OperationalError:
    return OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked"))


def upgrade_before_serving() -> str:
    """Upgrade the schema of the database the settings name, loading nothing else; the revision it is at.

    The server's master process runs this once as it starts (gunicorn.conf.py), before any worker.
    """
    from ..app import configured_app

    app = configured_app()
    init_app(app)
    upgrade_schema(app)
    return head_revision()


def upgrade_schema(app: Flask) -> None:
    """Bring the database's schema to the latest migration (creating it in an empty database).

    A database whose tables were made before migrations existed is first marked as holding the
    first migration's schema, which it does.
    """
    with app.app_context(), upgrading(db.engine):
        tables = set(inspect(db.engine).get_table_names())
        if "conversation" in tables and "alembic_version" not in tables:
            from flask_migrate import stamp

            stamp(revision=FIRST_REVISION)
        upgrade()
    with app.app_context():
        db.engine.dispose()


UPGRADE_LOCK = 7_265_304_118  # PostgreSQL's advisory lock held around a whole upgrade (not the migrations' own)


_UPGRADING: set[str] = set()  # the databases this process holds the upgrade lock of


@contextmanager
def upgrading(engine) -> Iterator[None]:
    """Servers starting at the same moment upgrade one after the other, from looking at the tables on:
    else one could find the tables another is making, but not yet their version, and take them for a
    database from before migrations. Held by `upgrade_schema` and by every migration run (`flask db
    upgrade` too); a process that holds it already goes on."""
    held = str(engine.url)
    if held in _UPGRADING:
        yield
        return
    _UPGRADING.add(held)
    try:
        with _locked_for_upgrade(engine):
            yield
    finally:
        _UPGRADING.discard(held)


@contextmanager
def _locked_for_upgrade(engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            watchdog.disarm(connection.connection.driver_connection)
            connection.execute(text("SET statement_timeout = 0"))
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": UPGRADE_LOCK})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": UPGRADE_LOCK})
                connection.commit()
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield
        return
    with open(database + ".upgrading", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


FIRST_REVISION = "0001"


@functools.cache
def head_revision() -> str:
    """The latest migration's revision: what an up-to-date database holds."""
    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    return ScriptDirectory.from_config(config).get_current_head()


def schema_state() -> str:
    """`ok` when the database answers and holds the latest schema; else what is wrong, in a few words."""
    try:
        db.session.execute(text("SELECT 1"))
    except (SQLAlchemyError, DatabaseHung) as error:
        log.warning("the database does not answer (%s)", error.__class__.__name__)
        db.session.rollback()
        return "unreachable"
    try:
        version = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        version = None
    finally:
        db.session.rollback()  # hold no transaction (on SQLite, no lock) past the check
    if version is None:
        return "schema not created: run `flask --app wsgi db upgrade`"
    if version != head_revision():
        return f"schema at {version}, not {head_revision()}: run `flask --app wsgi db upgrade`"
    return "ok"
