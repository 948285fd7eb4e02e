"""Storage: the few operations the views need.

Views never touch the session; every write commits here. A turn is stored with plain
INSERT and UPDATE statements in one transaction: the ORM's unit of work would cost more
than answering the question. A turn is taken optimistically: the conversation is read
without a lock, the reply composed, and the turn stored only if no other turn of the
conversation was stored meanwhile (else `Conflict`, and the caller reads again, locked).
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError

from .database import read_only
from .engine import ConversationState, Reply
from .models import Conversation, Turn, db, new_conversation_id


class Thread(NamedTuple):
    """What taking a turn needs of a conversation."""

    id: str
    article: str
    state: dict
    turn_count: int


class StoredTurn(NamedTuple):
    """A turn stored under an idempotency key, to answer a retried request from."""

    conversation_id: str
    article: str
    number: int
    message: str
    reply: dict


def get_conversation(conversation_id: str) -> Conversation | None:
    """A conversation by id, with its turns to show."""
    return db.session.execute(select(Conversation).where(Conversation.id == conversation_id)).scalar_one_or_none()


class Conflict(Exception):
    """Another turn of the conversation was stored since it was read, or the conversation was erased."""


def thread(conversation_id: str, lock: bool = False) -> Thread | None:
    """A conversation about to take a turn: read in a transaction that ends at once, so that nothing is
    held while the reply is composed; or, with `lock`, its row locked until commit, so that concurrent
    turns queue up behind it."""
    query = (select(Conversation.id, Conversation.article, Conversation.state, Conversation.turn_count)
             .where(Conversation.id == conversation_id))
    row = db.session.execute(query.with_for_update()).first() if lock else _read(query)
    return Thread(*row) if row else None


def _read(query):
    """The first row of a query run in a read-only transaction of its own (on SQLite, no write lock)."""
    with read_only():
        try:
            return db.session.execute(query).first()
        finally:
            db.session.rollback()


def new_thread(article: str) -> Thread:
    return Thread(new_conversation_id(), article, {}, 0)


def turn_for_key(key: str) -> StoredTurn | None:
    query = (select(Turn.conversation_id, Conversation.article, Turn.number, Turn.user_text, Turn.reply)
             .join(Conversation).where(Turn.idempotency_key == key))
    row = _read(query)
    return StoredTurn(*row) if row else None


_CONVERSATIONS, _TURNS = Conversation.__table__, Turn.__table__
_NEW_CONVERSATION = _CONVERSATIONS.insert()
_NEXT_TURN = _CONVERSATIONS.update().where(_CONVERSATIONS.c.id == bindparam("thread_id"),
                                           _CONVERSATIONS.c.turn_count == bindparam("counted"))
_NEW_TURN = _TURNS.insert()


def add_turn(thread: Thread, message: str, reply: Reply, reply_json: dict, state: ConversationState,
             key: str | None = None) -> int:
    """Store one answered turn and the conversation's new state in one commit; the turn's number.

    Raises Conflict when the conversation has taken another turn since `thread` was read (or was
    erased), and IntegrityError when another request took this turn's idempotency key first; both
    after rolling back.
    """
    now = datetime.now(UTC)
    number = thread.turn_count + 1
    values = {"state": state.to_dict(), "turn_count": number, "updated_at": now}
    try:
        if number == 1:
            db.session.execute(_NEW_CONVERSATION, {"id": thread.id, "article": thread.article, "created_at": now,
                                                   **values})
        else:
            if db.session.execute(_NEXT_TURN, {"thread_id": thread.id, "counted": thread.turn_count,
                                               **values}).rowcount != 1:
                raise Conflict(thread.id)
        db.session.execute(_NEW_TURN, {
            "conversation_id": thread.id, "number": number, "idempotency_key": key, "user_text": message,
            "reply_text": reply.text, "reply": reply_json, "intent": reply.intent, "confidence": reply.confidence,
            "passage_ids": [q.passage_id for q in reply.quotes], "lang": reply.lang, "created_at": now})
        db.session.commit()
    except (IntegrityError, Conflict):
        db.session.rollback()
        raise
    return number


def delete_conversation(conversation: Conversation) -> None:
    db.session.delete(conversation)
    db.session.commit()


def rollback() -> None:
    db.session.rollback()
