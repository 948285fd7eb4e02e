"""Storage: the few operations the views need.

A turn is read and stored with plain SELECT, INSERT and UPDATE statements run on a driver
connection of its own (`rawsql`), in one short transaction: the ORM's session, unit of work
and execution layer would cost more than answering the question. A turn is taken
optimistically: the conversation is read without a lock, the reply composed, and the turn
stored only if no other turn of the conversation was stored meanwhile; else `Conflict`, and
the caller reads the conversation again, locked this time. The ORM session only reads, for
the pages and the API to show a conversation.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import bindparam, select

from ..engine import ConversationState, Reply
from . import rawsql
from .database import read_only
from .models import Conversation, Turn, db, new_conversation_id

_CONVERSATIONS, _TURNS = Conversation.__table__, Turn.__table__


class Thread(NamedTuple):
    """What taking a turn needs of a conversation; `locked` is the transaction holding it, if any."""

    id: str
    article: str
    state: dict
    turn_count: int
    locked: rawsql.Run | None = None


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
_LOCKED_THREAD = _THREAD.with_for_update()


def thread(conversation_id: str) -> Thread | None:
    """A conversation about to take a turn, read without holding anything while its reply is composed."""
    row = _read(_THREAD, id=conversation_id)
    return Thread(*row) if row else None


@contextmanager
def locked_thread(conversation_id: str) -> Iterator[Thread | None]:
    """A conversation read in a transaction that keeps it locked until the block ends (committing when
    it ends well), so that concurrent turns of it queue up behind this one."""
    with rawsql.transaction(db.engine) as run:
        row = run.first(_LOCKED_THREAD, {"id": conversation_id})
        yield Thread(*row, run) if row else None


def new_thread(article: str) -> Thread:
    return Thread(new_conversation_id(), article, {}, 0)


_KEYED = select(_TURNS.c.conversation_id, _CONVERSATIONS.c.article, _TURNS.c.number, _TURNS.c.user_text,
                _TURNS.c.reply).join(_CONVERSATIONS).where(_TURNS.c.idempotency_key == bindparam("key"))


def turn_for_key(key: str) -> StoredTurn | None:
    row = _read(_KEYED, key=key)
    return StoredTurn(*row) if row else None


def _read(query, **values) -> tuple | None:
    """The first row of a query, read on a connection of its own (on SQLite, without the write lock)."""
    with rawsql.transaction(db.engine, write=False) as run:
        return run.first(query, values)


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
    if thread.locked is None:
        with rawsql.transaction(db.engine) as run:
            return _add_turn(run, thread, message, reply, reply_json, state, key)
    return _add_turn(thread.locked, thread, message, reply, reply_json, state, key)


_CONVERSATION_KEYS = ("id", "article", "created_at", "state", "turn_count", "updated_at")
_NEXT_TURN_KEYS = ("state", "turn_count", "updated_at")
_TURN_KEYS = ("conversation_id", "article", "number", "idempotency_key", "user_text", "reply_text", "reply", "intent",
              "confidence", "passage_ids", "lang", "stance", "answered", "unknown_words", "created_at")


def _add_turn(run: rawsql.Run, thread: Thread, message: str, reply: Reply, reply_json: dict,
              state: ConversationState, key: str | None) -> int:
    now = datetime.now(UTC)
    number = thread.turn_count + 1
    values = {"state": state.to_dict(), "turn_count": number, "updated_at": now}
    if number == 1:
        run.execute(_NEW_CONVERSATION, {"id": thread.id, "article": thread.article, "created_at": now, **values},
                    _CONVERSATION_KEYS)
    elif run.execute(_NEXT_TURN, {"thread_id": thread.id, "counted": thread.turn_count, **values},
                     _NEXT_TURN_KEYS) != 1:
        raise Conflict(thread.id)
    run.execute(_NEW_TURN, {
        "conversation_id": thread.id, "article": thread.article, "number": number, "idempotency_key": key,
        "user_text": message,
        "reply_text": reply.text, "reply": reply_json, "intent": reply.intent, "confidence": reply.confidence,
        "passage_ids": [q.passage_id for q in reply.quotes], "lang": reply.lang, "stance": reply.stance,
        "answered": answered(thread.state, reply), "unknown_words": unknown_words(reply), "created_at": now},
        _TURN_KEYS)
    return number


def answered(state: dict, reply: Reply) -> str | None:
    """The bot's question a reader's stance answers: the last one it asked before this turn."""
    return ((state or {}).get("prompts") or [None])[-1] if reply.stance else None


def unknown_words(reply: Reply) -> str | None:
    """The words of a question that nothing explains, as the editors' insights count them (the first
    UNKNOWN_WORDS characters' worth)."""
    kept, size = [], 0
    for word in dict.fromkeys(reply.unknown):
        size += len(word) + 1
        if size > UNKNOWN_WORDS + 1:
            break
        kept.append(word)
    return " ".join(kept) or None


UNKNOWN_WORDS = 200


def delete_conversation(conversation_id: str) -> None:
    """Erase a conversation; its turns go with it (the database cascades)."""
    with db.engine.begin() as connection:
        connection.execute(_CONVERSATIONS.delete().where(_CONVERSATIONS.c.id == conversation_id))


def rollback() -> None:
    db.session.rollback()


def set_feedback(conversation_id: str, number: int, useful: bool, comment: str | None) -> bool:
    """The reader's vote on a turn's reply (one per turn: a new vote replaces it); False when there is
    no such turn."""
    with rawsql.transaction(db.engine) as run:
        return run.execute(_FEEDBACK, {"of": conversation_id, "at": number, "useful": useful,
                                       "comment": comment, "feedback_at": datetime.now(UTC)},
                           _FEEDBACK_KEYS) == 1


_FEEDBACK_KEYS = ("useful", "comment", "feedback_at")
_FEEDBACK = _TURNS.update().where(_TURNS.c.conversation_id == bindparam("of"), _TURNS.c.number == bindparam("at"))


class Purged(NamedTuple):
    """One batch of a purge: how many conversations, and turns of theirs, were deleted (or would be)."""

    conversations: int
    turns: int


def purge(before: datetime, batch: int = 1000, dry_run: bool = False) -> Iterator[Purged]:
    """Delete the conversations whose last turn is older than `before`, with their turns, `batch`
    conversations per transaction; each batch's counts are yielded once it is committed.

    Nothing else is touched. Short transactions hold SQLite's write lock (or PostgreSQL's row locks)
    a moment at a time, and a purge stopped halfway keeps what it had deleted. A conversation that
    takes a turn meanwhile is no longer old, and is kept. With `dry_run`, the same batches are
    counted and nothing is deleted.
    """
    before = before.astimezone(UTC) if before.tzinfo else before.replace(tzinfo=UTC)
    last_active, conversation_id = _CONVERSATIONS.c.updated_at, _CONVERSATIONS.c.id
    seen = None  # the (updated_at, id) of the last conversation of the batch before: the next starts after it
    while True:
        query = select(conversation_id, last_active).where(last_active < before)
        if seen is not None:
            query = query.where(last_active >= seen[1], (last_active > seen[1]) | (conversation_id > seen[0]))
        query = query.order_by(last_active, conversation_id).limit(batch)
        with _purge_transaction(dry_run) as connection:
            rows = connection.execute(query if dry_run else query.with_for_update()).all()
            if not rows:
                return
            ids = [row.id for row in rows]
            of_them = _TURNS.c.conversation_id.in_(ids)
            if dry_run:
                done = Purged(len(ids), connection.scalar(select(db.func.count()).select_from(_TURNS).where(of_them)))
            else:  # the turns first, by name: their count is exact, and no foreign-key setting is relied on
                turns = connection.execute(_TURNS.delete().where(of_them)).rowcount
                done = Purged(connection.execute(_CONVERSATIONS.delete().where(conversation_id.in_(ids))).rowcount,
                              turns)
        yield done
        seen = tuple(rows[-1])


@contextmanager
def _purge_transaction(dry_run: bool):
    """A transaction that deletes (on SQLite, holding the write lock from its start), or one that only reads."""
    if dry_run:
        with read_only(), db.engine.connect() as connection:
            yield connection
    else:
        with db.engine.begin() as connection:
            yield connection
