"""Setting up the database: connection settings, SQLite pragmas, and the schema's migrations.

The schema is made and changed only by migrations (`chatbot/migrations`, Alembic through
Flask-Migrate), run once before the server starts its workers: a worker never creates a table.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import Migrate, upgrade
from sqlalchemy import event, inspect, text
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError

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
            event.listen(db.engine, "begin", _sqlite_begin)
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
        connection.execute("SELECT 1")
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


def _sqlite_begin(connection) -> None:
    """SQLite ignores SELECT ... FOR UPDATE: taking the write lock at BEGIN makes concurrent
    turns of one conversation queue up instead of overwriting each other's state."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def upgrade_before_serving() -> str:
    """Upgrade the schema of the database the settings name, loading nothing else; the revision it is at.

    The server's master process runs this once as it starts (gunicorn.conf.py), before any worker.
    """
    from .app import configured_app

    app = configured_app()
    init_app(app)
    upgrade_schema(app)
    return head_revision()


def upgrade_schema(app: Flask) -> None:
    """Bring the database's schema to the latest migration (creating it in an empty database).

    A database whose tables were made before migrations existed is first marked as holding the
    first migration's schema, which it does.
    """
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
        if "conversation" in tables and "alembic_version" not in tables:
            from flask_migrate import stamp

            stamp(revision=FIRST_REVISION)
        upgrade()
        db.engine.dispose()


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
