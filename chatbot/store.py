"""Storage: the few operations the views need.

A turn is stored with plain INSERT and UPDATE statements on a connection of its own, in one
short transaction: the ORM's session and unit of work would cost more than answering the
question. A turn is taken optimistically: the conversation is read without a lock, the
reply composed, and the turn stored only if no other turn of the conversation was stored
meanwhile; else `Conflict`, and the caller reads the conversation again, locked this time.
The ORM session only reads, for the pages and the API to show a conversation.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import Connection, bindparam, select

from .database import read_only
from .engine import ConversationState, Reply
from .models import Conversation, Turn, db, new_conversation_id

_CONVERSATIONS, _TURNS = Conversation.__table__, Turn.__table__


class Thread(NamedTuple):
    """What taking a turn needs of a conversation; `connection` holds it locked, when it was read so."""

    id: str
    article: str
    state: dict
    turn_count: int
    connection: Connection | None = None


class StoredTurn(NamedTuple):
    """A turn stored under an idempotency key, to answer a retried request from."""

    conversation_id: str
    article: str
    number: int
    message: str
    reply: dict


class Conflict(Exception):
    """Another turn of the conversation was stored since it was read, or the conversation was erased."""


def get_conversation(conversation_id: str) -> Conversation | None:
    """A conversation by id, with its turns to show."""
    with read_only():
        query = select(Conversation).where(Conversation.id == conversation_id)
        return db.session.execute(query).scalar_one_or_none()


_THREAD = select(_CONVERSATIONS.c.id, _CONVERSATIONS.c.article, _CONVERSATIONS.c.state, _CONVERSATIONS.c.turn_count) \
    .where(_CONVERSATIONS.c.id == bindparam("id"))


def thread(conversation_id: str) -> Thread | None:
    """A conversation about to take a turn, read without holding anything while its reply is composed."""
    row = _read(_THREAD, id=conversation_id)
    return Thread(*row) if row else None


@contextmanager
def locked_thread(conversation_id: str) -> Iterator[Thread | None]:
    """A conversation read in a transaction that keeps it locked until the block ends (committing when
    it ends well), so that concurrent turns of it queue up behind this one."""
    with db.engine.begin() as connection:
        row = connection.execute(_THREAD.with_for_update(), {"id": conversation_id}).first()
        yield Thread(*row, connection) if row else None


def new_thread(article: str) -> Thread:
    return Thread(new_conversation_id(), article, {}, 0)


_KEYED = select(_TURNS.c.conversation_id, _CONVERSATIONS.c.article, _TURNS.c.number, _TURNS.c.user_text,
                _TURNS.c.reply).join(_CONVERSATIONS).where(_TURNS.c.idempotency_key == bindparam("key"))


def turn_for_key(key: str) -> StoredTurn | None:
    row = _read(_KEYED, key=key)
    return StoredTurn(*row) if row else None


def _read(query, **values):
    """The first row of a query, read on a connection of its own (on SQLite, without the write lock)."""
    with read_only(), db.engine.connect() as connection:
        return connection.execute(query, values).first()


_NEW_CONVERSATION = _CONVERSATIONS.insert()
_NEXT_TURN = _CONVERSATIONS.update().where(_CONVERSATIONS.c.id == bindparam("thread_id"),
                                           _CONVERSATIONS.c.turn_count == bindparam("counted"))
_NEW_TURN = _TURNS.insert()


def add_turn(thread: Thread, message: str, reply: Reply, reply_json: dict, state: ConversationState,
             key: str | None = None) -> int:
    """Store one answered turn and the conversation's new state in one commit; the turn's number.

    Raises Conflict when the conversation has taken another turn since `thread` was read (or was
    erased), and IntegrityError when another request took this turn's idempotency key first; in a
    transaction of its own, rolled back, or in the locked thread's, which the caller ends.
    """
    if thread.connection is None:
        with db.engine.begin() as connection:
            return _add_turn(connection, thread, message, reply, reply_json, state, key)
    return _add_turn(thread.connection, thread, message, reply, reply_json, state, key)


def _add_turn(connection: Connection, thread: Thread, message: str, reply: Reply, reply_json: dict,
              state: ConversationState, key: str | None) -> int:
    now = datetime.now(UTC)
    number = thread.turn_count + 1
    values = {"state": state.to_dict(), "turn_count": number, "updated_at": now}
    if number == 1:
        connection.execute(_NEW_CONVERSATION, {"id": thread.id, "article": thread.article, "created_at": now,
                                               **values})
    elif connection.execute(_NEXT_TURN, {"thread_id": thread.id, "counted": thread.turn_count,
                                         **values}).rowcount != 1:
        raise Conflict(thread.id)
    connection.execute(_NEW_TURN, {
        "conversation_id": thread.id, "number": number, "idempotency_key": key, "user_text": message,
        "reply_text": reply.text, "reply": reply_json, "intent": reply.intent, "confidence": reply.confidence,
        "passage_ids": [q.passage_id for q in reply.quotes], "lang": reply.lang, "created_at": now})
    return number


def delete_conversation(conversation_id: str) -> None:
    """Erase a conversation; its turns go with it (the database cascades)."""
    with db.engine.begin() as connection:
        connection.execute(_CONVERSATIONS.delete().where(_CONVERSATIONS.c.id == conversation_id))


def rollback() -> None:
    db.session.rollback()
