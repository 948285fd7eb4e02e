"""Taking a turn of a conversation: the one path the JSON API and the chat page share."""
from __future__ import annotations

import re

from flask import current_app, request, url_for
from sqlalchemy import func, select

from . import store
from .articles import default_slug, get_bot
from .engine import Bot, ConversationState, Reply
from .errors import ClientError, ConversationFull
from .models import Conversation, Turn, db

ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # what new_conversation_id makes, and a little more


def bot_for(slug: str) -> Bot:
    bot = get_bot(slug)
    if bot is None:
        raise ClientError(404, f"There is no article '{slug}'. GET /api/v1/articles lists them.")
    return bot


def find(conversation_id: str, lock: bool = False) -> Conversation:
    conversation = store.get_conversation(conversation_id, lock=lock) if ID.match(conversation_id) else None
    if conversation is None:
        raise ClientError(404, "There is no conversation with this id (it may have been deleted).")
    return conversation


def quote_url(slug: str, passage_id: str) -> str:
    """The passage's link, relative: stored replies never keep the host a request claimed."""
    return url_for("pages.article", slug=slug, _anchor=passage_id)


def absolute(reply: dict) -> dict:
    """A stored reply with its quote links made absolute for this request (API clients live elsewhere)."""
    root = request.host_url.rstrip("/")
    return {**reply, "quotes": [{**q, "url": root + q["url"] if q["url"].startswith("/") else q["url"]}
                                for q in reply["quotes"]]}


def reply_json(reply: Reply, slug: str) -> dict:
    return {
        "text": reply.text,
        "quotes": [{"text": q.text, "passage_id": q.passage_id, "section": q.section,
                    "section_title": q.section_title, "url": quote_url(slug, q.passage_id)} for q in reply.quotes],
        "prompt": reply.prompt,
        "suggestions": list(reply.suggestions),
        "intent": {"name": reply.intent, "confidence": reply.confidence},
        "lang": reply.lang,
    }


def take_turn(message: str, slug: str | None = None, conversation_id: str | None = None,
              lang: str | None = None) -> tuple[Conversation, dict]:
    """Answer `message` in a conversation (a new one when no id is given) and store the turn."""
    if conversation_id:
        conversation = find(conversation_id, lock=True)
        if slug and slug != conversation.article:
            raise ClientError(422, f"This conversation is about '{conversation.article}', not '{slug}'.",
                              errors=[{"field": "article", "message": "does not match the conversation"}])
        slug = conversation.article
        bot = bot_for(slug)
        if turn_count(conversation.id) >= current_app.config["MAX_TURNS"]:
            raise ConversationFull(current_app.config["MAX_TURNS"])
    else:
        slug = slug or default_slug()
        bot = bot_for(slug)
        conversation = store.new_conversation(slug)
    reply, state = bot.reply(message, ConversationState.from_dict(conversation.state), lang)
    body = reply_json(reply, slug)
    store.add_turn(conversation, message, reply, body, state)
    return conversation, body


def turn_count(conversation_id: str) -> int:
    """How many turns a conversation holds, counted by the database: its turns are not loaded."""
    return db.session.scalar(select(func.count()).select_from(Turn).where(Turn.conversation_id == conversation_id))


def understand(text: str, slug: str | None = None, conversation_id: str | None = None) -> dict:
    """How `text` would be understood (as the next turn of a conversation, if one is given); stores nothing."""
    state = ConversationState()
    if conversation_id:
        conversation = find(conversation_id)
        if slug and slug != conversation.article:
            raise ClientError(422, f"This conversation is about '{conversation.article}', not '{slug}'.",
                              errors=[{"field": "article", "message": "does not match the conversation"}])
        slug = conversation.article
        state = ConversationState.from_dict(conversation.state)
    return bot_for(slug or default_slug()).parse(text, state)
