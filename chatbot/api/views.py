"""The JSON API, v1: chat, parse, articles, conversations, and its OpenAPI document."""
from __future__ import annotations

from flask import Blueprint, Response, request, url_for

from ..articles import default_slug, library
from ..conversations import absolute, bot_for, find, recap, take_turn, understand
from ..engine import Article
from ..errors import ClientError
from ..storage import store
from ..web.limits import limiter, rate_limit
from ..web.security import no_store
from . import validate
from .openapi import document

bp = Blueprint("api", __name__, url_prefix="/api/v1")
LANGS = ("fr", "en")
MODES = ("discussion",)


@bp.post("/chat")
@limiter.limit(rate_limit)
def chat():
    """One turn of a conversation; the turn is stored."""
    no_store()
    data = validate.json_object()
    message = validate.message(data, "message")
    lang = validate.optional(data, "lang", LANGS)
    slug = validate.optional(data, "article")
    conversation_id = validate.optional(data, "conversation_id")
    mode = validate.optional(data, "mode", MODES)
    turn = take_turn(message, slug, conversation_id, lang, validate.idempotency_key(), mode)
    return {"conversation_id": turn.conversation_id, "turn": turn.number, "article": turn.article,
            "reply": absolute(turn.reply)}


@bp.post("/parse")
@limiter.limit(rate_limit)
def parse():
    """How a text would be understood; nothing is stored."""
    data = validate.json_object()
    text = validate.message(data, "text")
    conversation_id = validate.optional(data, "conversation_id")
    if conversation_id:
        no_store()
    return understand(text, validate.optional(data, "article"), conversation_id)


def _article_summary(a: Article) -> dict:
    return {"slug": a.slug, "title": a.title, "subtitle": a.subtitle, "author": a.author, "source": a.source,
            "source_url": a.source_url, "lang": a.lang, "url": url_for("pages.article", slug=a.slug, _external=True)}


@bp.get("/articles")
def articles():
    """Every article the bot can discuss."""
    return {"articles": [_article_summary(a) for a in library().articles.values()], "default": default_slug()}


@bp.get("/articles/<slug>")
def article(slug: str):
    """One article: its sections and passages, with the ids quotes refer to."""
    bot = bot_for(slug)
    sections = [{"id": s.id, "title": s.title,
                 "passages": [{"passage_id": p.id, "text": p.text} for p in s.passages]}
                for s in bot.article.sections]
    return {**_article_summary(bot.article), "sections": sections}


@bp.get("/conversations/<conversation_id>")
def conversation(conversation_id: str):
    """A stored conversation and its turns, oldest first."""
    no_store()
    data = find(conversation_id).to_dict()
    return {**data, "turns": [{**turn, "reply": absolute(turn["reply"])} for turn in data["turns"]]}


@bp.get("/conversations/<conversation_id>/recap")
def conversation_recap(conversation_id: str):
    """What a guided discussion went through: each part, the passages quoted, the reader's answers."""
    no_store()
    data = recap(conversation_id)
    root = request.host_url.rstrip("/")
    for part in data["parts"]:
        for q in part["quotes"]:
            q["url"] = root + q["url"]
    return data


@bp.post("/conversations/<conversation_id>/turns/<int:turn>/feedback")
@limiter.limit(rate_limit)
def feedback(conversation_id: str, turn: int):
    """The reader's vote on a reply: useful or not, with an optional comment (the page asks for one on
    "not useful"). One vote per turn; a new one replaces it."""
    no_store()
    data = validate.json_object()
    useful = validate.flag(data, "useful")
    comment = validate.comment(data, "comment")
    conversation = find(conversation_id)
    if not store.set_feedback(conversation.id, turn, useful, comment):
        raise ClientError(404, f"This conversation has no turn {turn} (it has {conversation.turn_count}).")
    return {"conversation_id": conversation.id, "turn": turn, "useful": useful, "comment": comment}


@bp.delete("/conversations/<conversation_id>")
def delete_conversation(conversation_id: str):
    """Erase a conversation and all its turns."""
    no_store()
    store.delete_conversation(find(conversation_id).id)
    return Response(status=204)


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    return document()
