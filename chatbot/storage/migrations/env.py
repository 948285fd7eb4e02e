"""Alembic's environment: migrations run on the app's own engine, inside a Flask app context.

Servers that start at the same moment take turns (`upgrading`: a lock file beside a SQLite
database, an advisory lock on PostgreSQL): the first upgrades, the others then find the schema
up to date.
"""
import logging

from alembic import context
from flask import current_app
from sqlalchemy import text

from chatbot.storage.database import upgrading
from chatbot.storage.watchdog import watchdog

log = logging.getLogger("alembic.env")
MIGRATION_LOCK = 7_265_304_117  # any number of our own, the same in every process


def run_migrations_online() -> None:
    migrate = current_app.extensions["migrate"]

    def skip_empty(_context, _revision, directives):  # `flask db migrate` with no change writes nothing
        if getattr(context.config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            log.info("No change in the schema.")

    options = {"process_revision_directives": skip_empty, **migrate.configure_args}
    with upgrading(migrate.db.engine), migrate.db.engine.connect() as connection:
        watchdog.disarm(connection.connection.driver_connection)  # a migration may take its time...
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:  # a table rebuilt by a migration must not take its rows' children with it
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(connection=connection, target_metadata=migrate.db.metadata, **options)
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SET LOCAL statement_timeout = 0"))  # ...and so may waiting for another's
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            context.run_migrations()
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported: run them against the database.")
run_migrations_online()
