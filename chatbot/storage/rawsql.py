"""Running the storage path's few statements on the database driver's connection directly.

SQLAlchemy's execution layer (connection, transaction and result objects, events, compiled-cache
lookups and type processing on every call) cost seven times what SQLite itself takes to store a
turn. The statements are still built with SQLAlchemy Core and compiled by it once per dialect, and
values pass through the column types' own bind and result processors, so what is stored and read is
exactly what the ORM stores and reads; only the execution is done here. Connections still come from
SQLAlchemy's pool, whose events set SQLite's pragmas and PostgreSQL's deadlines; driver errors are
raised as SQLAlchemy's, so that they are answered as any other database error.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

from .database import write_gate


class Compiled:
    """A statement compiled for one dialect, with its parameters' and columns' type processors."""

    def __init__(self, statement, dialect: Dialect, keys: Sequence[str] | None):
        compiled = statement.compile(dialect=dialect, column_keys=list(keys) if keys is not None else None)
        self.sql = compiled.string
        self.order = compiled.positiontup  # the parameters' order, for drivers that take a sequence
        self.binds = {name: bind.type.dialect_impl(dialect).bind_processor(dialect)
                      for name, bind in compiled.binds.items()}
        columns = getattr(statement, "selected_columns", ())
        self.results = [column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns]

    def parameters(self, values: dict) -> dict | list:
        processed = {name: process(values[name]) if (process := self.binds.get(name)) else values[name]
                     for name in self.binds}
        return [processed[name] for name in self.order] if self.order is not None else processed

    def row(self, raw: Sequence | None) -> tuple | None:
        if raw is None:
            return None
        return tuple(process(value) if process else value for process, value in zip(self.results, raw, strict=True))


_COMPILED: dict[tuple, Compiled] = {}  # (statement, dialect's name, driver and paramstyle, keys): a few entries


def _compiled(statement: Executable, dialect: Dialect, keys: tuple[str, ...] | None) -> Compiled:
    key = (statement, dialect.name, dialect.driver, dialect.paramstyle, keys)
    if (compiled := _COMPILED.get(key)) is None:
        compiled = _COMPILED[key] = Compiled(statement, dialect, keys)
    return compiled


class Run:
    """Statements run in one transaction of one driver connection."""

    def __init__(self, cursor, dialect: Dialect):
        self.cursor, self.dialect = cursor, dialect
        self.sql = ""  # the statement run last, for errors

    def execute(self, statement: Executable, values: dict, keys: Sequence[str] | None = None) -> int:
        """Run `statement` with `values` (for an INSERT or UPDATE, `keys` names the columns it sets);
        the number of rows it changed."""
        compiled = _compiled(statement, self.dialect, tuple(keys) if keys is not None else None)
        self.sql = compiled.sql
        self.cursor.execute(compiled.sql, compiled.parameters(values))
        return self.cursor.rowcount

    def first(self, statement: Executable, values: dict) -> tuple | None:
        """The first row `statement` selects, its values as the columns' types give them."""
        compiled = _compiled(statement, self.dialect, None)
        self.sql = compiled.sql
        self.cursor.execute(compiled.sql, compiled.parameters(values))
        return compiled.row(self.cursor.fetchone())


@contextmanager
def transaction(engine: Engine, write: bool = True) -> Iterator[Run]:
    """A transaction on a pooled driver connection, committed when the block ends well, else rolled back.

    A transaction that writes takes its turn at SQLite's write gate and its write lock at once. One
    that only reads holds nothing: on SQLite, and in autocommit on a server, each statement reads on
    its own, with no BEGIN and ROLLBACK around it.
    """
    dialect = engine.dialect
    fairy = _connect(engine)
    gate = write_gate(engine) if write else None
    reading = not write and dialect.name != "sqlite"  # SQLite's driver runs in autocommit already
    run = Run(fairy.cursor(), dialect)
    try:
        if reading:
            dialect.set_isolation_level(fairy.dbapi_connection, "AUTOCOMMIT")
        if gate:
            gate.enter(fairy.info)
            run.sql = "BEGIN IMMEDIATE"
            run.cursor.execute(run.sql)
        yield run
        run.sql = "COMMIT"
        fairy.commit()
    except dialect.loaded_dbapi.Error as error:
        if not (lost := _invalidated(fairy, dialect, error)):
            _end(fairy)
        raise DBAPIError.instance(run.sql, None, error, dialect.loaded_dbapi.Error, connection_invalidated=lost,
                                  dialect=dialect) from error
    except BaseException:
        _end(fairy)
        raise
    finally:
        if gate:
            gate.leave(fairy.info)
        if reading and fairy.dbapi_connection is not None:
            dialect.reset_isolation_level(fairy.dbapi_connection)
        fairy.close()  # back to the pool: no connection is held while a reply is composed


def _connect(engine: Engine):
    try:
        return engine.raw_connection()
    except engine.dialect.loaded_dbapi.Error as error:
        raise DBAPIError.instance(None, None, error, engine.dialect.loaded_dbapi.Error,
                                  dialect=engine.dialect) from error


def _end(fairy) -> None:
    try:
        fairy.rollback()
    except Exception:
        fairy.invalidate()  # a connection that cannot even roll back is not given out again


def _invalidated(fairy, dialect: Dialect, error: Exception) -> bool:
    """A driver error that means the connection is lost: the pool drops the connection."""
    if dialect.is_disconnect(error, fairy.dbapi_connection, None):
        fairy.invalidate(error)
        return True
    return False

