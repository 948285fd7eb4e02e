"""Storage: setting up the database, and the few operations the views need.

Views never touch the session; every write commits here.
"""
from __future__ import annotations

from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from .engine import ConversationState, Reply
from .models import Conversation, Turn, db

SQLITE_BUSY_TIMEOUT_MS = 5000


def init_app(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)
            event.listen(db.engine, "begin", _sqlite_begin)
            db.engine.dispose()  # so every connection, the first included, gets the pragmas
        _create_tables()
        db.engine.dispose()  # no connection crosses a worker fork


def _sqlite_pragmas(connection, _record) -> None:
    """WAL lets readers and one writer work at once; the busy timeout makes writers wait their turn."""
    connection.isolation_level = None  # transactions are begun by _sqlite_begin, not by the driver
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection) -> None:
    """SQLite ignores SELECT ... FOR UPDATE: taking the write lock at BEGIN makes concurrent
    turns of one conversation queue up instead of overwriting each other's state."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _create_tables() -> None:
    """Create missing tables; several workers starting at once may race, and that is fine."""
    try:
        db.create_all()
    except (OperationalError, ProgrammingError):
        db.session.rollback()
        db.create_all()  # the other worker created them meanwhile; this checks and does nothing


def get_conversation(conversation_id: str, lock: bool = False) -> Conversation | None:
    """A conversation by id; `lock` holds its row until commit, so concurrent turns queue up."""
    query = select(Conversation).where(Conversation.id == conversation_id)
    if lock:
        query = query.with_for_update()
    return db.session.execute(query).scalar_one_or_none()


def new_conversation(article: str) -> Conversation:
    conversation = Conversation(article=article, state={})
    db.session.add(conversation)
    return conversation


def add_turn(conversation: Conversation, message: str, reply: Reply, reply_json: dict,
             state: ConversationState) -> Turn:
    """Store one answered turn and the conversation's new state, in one commit."""
    turn = Turn(
        conversation=conversation,
        user_text=message,
        reply_text=reply.text,
        reply=reply_json,
        intent=reply.intent,
        confidence=reply.confidence,
        passage_ids=[q.passage_id for q in reply.quotes],
        lang=reply.lang,
    )
    conversation.state = state.to_dict()
    db.session.add(turn)
    db.session.commit()
    return turn


def delete_conversation(conversation: Conversation) -> None:
    db.session.delete(conversation)
    db.session.commit()


def rollback() -> None:
    db.session.rollback()
