"""The JSON API, v1: chat, parse, articles, conversations, and its OpenAPI document."""
from __future__ import annotations

from flask import Blueprint, Response, url_for

from .. import store
from ..content import default_slug, get_bot, library
from ..engine import Bot, ConversationState, Reply
from ..limits import limiter, rate_limit
from . import validate
from .errors import ApiError
from .openapi import document

bp = Blueprint("api", __name__, url_prefix="/api/v1")
LANGS = ("fr", "en")


def _bot(slug: str) -> Bot:
    bot = get_bot(slug)
    if bot is None:
        raise ApiError(404, f"There is no article '{slug}'. GET /api/v1/articles lists them.")
    return bot


def _conversation(conversation_id: str, lock: bool = False):
    conversation = store.get_conversation(conversation_id, lock=lock)
    if conversation is None:
        raise ApiError(404, "There is no conversation with this id (it may have been deleted).")
    return conversation


def quote_url(slug: str, passage_id: str) -> str:
    return url_for("pages.article", slug=slug, _anchor=passage_id, _external=True)


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


@bp.post("/chat")
@limiter.limit(rate_limit)
def chat():
    """One turn of a conversation; the turn is stored."""
    data = validate.json_object()
    message = validate.message(data, "message")
    lang = validate.optional(data, "lang", LANGS)
    slug = validate.optional(data, "article")
    conversation_id = validate.optional(data, "conversation_id")
    if conversation_id:
        conversation = _conversation(conversation_id, lock=True)
        if slug and slug != conversation.article:
            raise ApiError(422, f"This conversation is about '{conversation.article}', not '{slug}'.",
                           errors=[{"field": "article", "message": "does not match the conversation"}])
        slug = conversation.article
        bot = _bot(slug)
    else:
        slug = slug or default_slug()
        bot = _bot(slug)
        conversation = store.new_conversation(slug)
    reply, state = bot.reply(message, ConversationState.from_dict(conversation.state), lang)
    body = reply_json(reply, slug)
    store.add_turn(conversation, message, reply, body, state)
    return {"conversation_id": conversation.id, "article": slug, "reply": body}


@bp.post("/parse")
@limiter.limit(rate_limit)
def parse():
    """How a text would be understood; nothing is stored."""
    data = validate.json_object()
    text = validate.message(data, "text")
    slug = validate.optional(data, "article")
    conversation_id = validate.optional(data, "conversation_id")
    state = ConversationState()
    if conversation_id:
        conversation = _conversation(conversation_id)
        slug = slug or conversation.article
        state = ConversationState.from_dict(conversation.state)
    return _bot(slug or default_slug()).parse(text, state)


def _article_summary(bot: Bot) -> dict:
    a = bot.article
    return {"slug": a.slug, "title": a.title, "subtitle": a.subtitle, "author": a.author, "source": a.source,
            "source_url": a.source_url, "lang": a.lang, "url": url_for("pages.article", slug=a.slug, _external=True)}


@bp.get("/articles")
def articles():
    """Every article the bot can discuss."""
    return {"articles": [_article_summary(bot) for bot in library().bots.values()], "default": default_slug()}


@bp.get("/articles/<slug>")
def article(slug: str):
    """One article: its sections and passages, with the ids quotes refer to."""
    bot = _bot(slug)
    sections = [{"id": s.id, "title": s.title,
                 "passages": [{"passage_id": p.id, "text": p.text} for p in s.passages]}
                for s in bot.article.sections]
    return {**_article_summary(bot), "sections": sections}


@bp.get("/conversations/<conversation_id>")
def conversation(conversation_id: str):
    """A stored conversation and its turns, oldest first."""
    return _conversation(conversation_id).to_dict()


@bp.delete("/conversations/<conversation_id>")
def delete_conversation(conversation_id: str):
    """Erase a conversation and all its turns."""
    store.delete_conversation(_conversation(conversation_id))
    return Response(status=204)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return document()
