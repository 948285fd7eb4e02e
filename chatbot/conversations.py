"""Taking a turn of a conversation: the one path the JSON API and the chat page share."""
from __future__ import annotations

import re
from typing import NamedTuple

from flask import current_app, request, url_for
from sqlalchemy.exc import IntegrityError

from .articles import default_slug, get_bot
from .engine import Bot, ConversationState, Reply, discussion
from .errors import ClientError, ConversationFull
from .storage import store
from .storage.models import Conversation

ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # what new_conversation_id makes, and a little more
GONE = "There is no conversation with this id (it may have been deleted)."


def bot_for(slug: str) -> Bot:
    bot = get_bot(slug)
    if bot is None:
        raise ClientError(404, f"There is no article '{slug}'. GET /api/v1/articles lists them.")
    return bot


def find(conversation_id: str) -> Conversation:
    conversation = store.get_conversation(conversation_id) if ID.match(conversation_id) else None
    if conversation is None:
        raise ClientError(404, GONE)
    return conversation


def quote_url(slug: str, passage_id: str) -> str:
    """The passage's link, relative: stored replies never keep the host a request claimed."""
    return url_for("pages.article", slug=slug, _anchor=passage_id)


def absolute(reply: dict) -> dict:
    """A stored reply with its quote links made absolute for this request (API clients live elsewhere)."""
    root = request.host_url.rstrip("/")
    return {**reply, "quotes": [{**q, "url": root + q["url"] if q["url"].startswith("/") else q["url"]}
                                for q in reply["quotes"]]}


def reply_json(reply: Reply, slug: str, conversation_id: str) -> dict:
    body = {
        "text": reply.text,
        "quotes": [{"text": q.text, "passage_id": q.passage_id, "section": q.section,
                    "section_title": q.section_title, "url": quote_url(slug, q.passage_id)} for q in reply.quotes],
        "prompt": reply.prompt,
        "suggestions": list(reply.suggestions),
        "intent": {"name": reply.intent, "confidence": reply.confidence},
        "lang": reply.lang,
    }
    if reply.discussion is not None:  # a guided discussion: where it stands, the reader's stance, its recap
        body["discussion"] = {**reply.discussion, "stance": reply.stance,
                              "recap": url_for("pages.recap", conversation_id=conversation_id)}
    return body


class Turn(NamedTuple):
    """A turn taken: the conversation it belongs to, its number from 1, and the reply as the API gives it."""

    conversation_id: str
    article: str
    number: int
    reply: dict


def take_turn(message: str, slug: str | None = None, conversation_id: str | None = None,
              lang: str | None = None, key: str | None = None, mode: str | None = None) -> Turn:
    """Answer `message` in a conversation (a new one when no id is given) and store the turn; `mode`
    "discussion" starts a guided discussion.

    A request repeated with the same idempotency `key` (a retry whose answer was lost) is
    answered from the store, never stored twice.
    """
    if key and (stored := store.turn_for_key(key)):
        return _replayed(stored, message)
    try:
        return _take_turn(message, slug, conversation_id, lang, key, mode)
    except IntegrityError:
        if key and (stored := store.turn_for_key(key)):  # the same request, sent twice at once
            return _replayed(stored, message)
        raise ClientError(409, "Another message of this conversation was answered at the same moment; "
                               "send yours again.") from None


def _take_turn(message: str, slug: str | None, conversation_id: str | None, lang: str | None,
               key: str | None, mode: str | None) -> Turn:
    if not conversation_id:
        return _answer(store.new_thread(slug or default_slug()), message, lang, key, mode)
    try:  # read without a lock first: most turns meet no other turn of their conversation
        return _answer(_checked(store.thread(conversation_id) if ID.match(conversation_id) else None, slug),
                       message, lang, key, mode)
    except store.Conflict:
        pass
    with store.locked_thread(conversation_id) as thread:  # another turn came first: read again, locked
        return _answer(_checked(thread, slug), message, lang, key, mode)


def _checked(thread: store.Thread | None, slug: str | None) -> store.Thread:
    """The conversation, if it exists, is about `slug` (when given) and can take another turn."""
    if thread is None:
        raise ClientError(404, GONE)
    _check_article(thread.article, slug)
    if thread.turn_count >= current_app.config["MAX_TURNS"]:
        raise ConversationFull(current_app.config["MAX_TURNS"])
    return thread


def _answer(thread: store.Thread, message: str, lang: str | None, key: str | None, mode: str | None) -> Turn:
    """Compose the reply to `message` and store the turn (store.Conflict when another turn came first)."""
    reply, state = bot_for(thread.article).reply(message, ConversationState.from_dict(thread.state), lang, mode)
    body = reply_json(reply, thread.article, thread.id)
    number = store.add_turn(thread, message, reply, body, state, key)
    return Turn(thread.id, thread.article, number, body)


def _replayed(stored: store.StoredTurn, message: str) -> Turn:
    if stored.message != message:
        raise ClientError(422, "This Idempotency-Key was already used for another message.",
                          errors=[{"field": "Idempotency-Key", "message": "already used for another message"}])
    return Turn(stored.conversation_id, stored.article, stored.number, stored.reply)


def _check_article(article: str, slug: str | None) -> None:
    if slug and slug != article:
        raise ClientError(422, f"This conversation is about '{article}', not '{slug}'.",
                          errors=[{"field": "article", "message": "does not match the conversation"}])


def understand(text: str, slug: str | None = None, conversation_id: str | None = None) -> dict:
    """How `text` would be understood (as the next turn of a conversation, if one is given); stores nothing."""
    state = ConversationState()
    if conversation_id:
        conversation = find(conversation_id)
        _check_article(conversation.article, slug)
        slug = conversation.article
        state = ConversationState.from_dict(conversation.state)
    return bot_for(slug or default_slug()).parse(text, state)


def recap(conversation_id: str) -> dict:
    """What a guided discussion went through: each part, the passages quoted, the reader's answers."""
    conversation = find(conversation_id)
    bot = bot_for(conversation.article)
    parts = discussion.recap(bot, ConversationState.from_dict(conversation.state))
    for part in parts:
        for q in part["quotes"]:
            q["url"] = quote_url(conversation.article, q["passage_id"])
    state = conversation.state or {}
    return {"conversation_id": conversation.id, "article": conversation.article, "title": bot.article.title,
            "active": bool((state.get("discussion") or {}).get("active")), "parts": parts}
