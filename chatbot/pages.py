"""HTML pages: the chat (which works with and without JavaScript) and the article."""
from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from . import store
from .content import default_slug, get_bot, library
from .conversations import take_turn
from .i18n import LANGS, strings, ui_lang
from .limits import limiter, rate_limit
from .security import content_security_policy, frame_ancestors
from .settings import origins

bp = Blueprint("pages", __name__)
ORIGIN = re.compile(r"^https?://[^/?#\s]+$")
MAX_GREETING = 200
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOR = "#0b57a4"


def _bot_or_404(slug: str):
    bot = get_bot(slug)
    if bot is None:
        abort(404, f"There is no article '{slug}'.")
    return bot


@bp.get("/")
def index():
    """The chat about the default article."""
    return chat(default_slug())


@bp.get("/chat/<slug>")
def chat(slug: str):
    """The chat page; `?c=<id>` shows that conversation again (how the page works without JavaScript)."""
    bot = _bot_or_404(slug)
    lang = ui_lang()
    conversation = None
    if conversation_id := request.args.get("c"):
        conversation = store.get_conversation(conversation_id)
        if conversation is None or conversation.article != slug:
            flash(strings(lang)["error_gone"])
            return redirect(url_for("pages.chat", slug=slug))
    return _chat_page(bot, lang, conversation=conversation)


@bp.get("/embed/<slug>")
def embed(slug: str):
    """The compact chat the widget shows in its iframe; only the allowed sites may frame it."""
    bot = _bot_or_404(slug)
    lang = request.args.get("lang") if request.args.get("lang") in LANGS else ui_lang()
    allowed = origins(current_app.config["EMBED_ORIGINS"])
    parent = request.args.get("origin", "")
    if not ORIGIN.match(parent) or (allowed is not None and parent not in allowed):
        parent = ""  # no one to talk to: the chat still works, the widget's extras do not
    greeting = request.args.get("greeting", "").strip()[:MAX_GREETING] or None
    response = make_response(_chat_page(bot, lang, compact=True, parent_origin=parent, greeting=greeting))
    response.headers["Content-Security-Policy"] = content_security_policy(frame_ancestors(allowed))
    return response


@bp.get("/widget")
def widget():
    """For site owners: what the widget does, its snippet, a form that builds it, and a live preview."""
    lang = ui_lang()
    slugs = library().slugs
    color = request.args.get("color", "")
    options = {
        "article": request.args.get("article") if request.args.get("article") in slugs else default_slug(),
        "color": color if COLOR.match(color) else DEFAULT_COLOR,
        "position": "left" if request.args.get("position") == "left" else "right",
        "lang": request.args.get("lang") if request.args.get("lang") in LANGS else lang,
    }
    attributes = [(name, options[name]) for name in ("article", "lang", "position", "color")]
    src = url_for("static", filename="widget.js", _external=True)
    snippet = f'<script src="{src}" ' + " ".join(f'data-{n}="{v}"' for n, v in attributes) + " async></script>"
    return render_template("widget.html", lang=lang, t=strings(lang), bots=library().bots.values(),
                           options=options, attributes=attributes, snippet=snippet)


def _chat_page(bot, lang: str, **extra) -> str:
    return render_template("chat.html", bot=bot, article=bot.article, lang=lang, t=strings(lang),
                           max_length=current_app.config["MAX_MESSAGE_LENGTH"], **extra)


@bp.post("/chat/<slug>")
@limiter.limit(rate_limit)
def send(slug: str):
    """The chat form without JavaScript: take the turn, then show the conversation again (post/redirect/get)."""
    _bot_or_404(slug)
    t = strings()
    message = request.form.get("message", "")
    conversation_id = request.form.get("conversation_id") or None
    limit = current_app.config["MAX_MESSAGE_LENGTH"]
    if not message.strip():
        flash(t["error_empty"])
    elif len(message) > limit:
        flash(t["error_long"].format(limit=limit))
    else:
        if conversation_id and store.get_conversation(conversation_id) is None:
            flash(t["error_gone"])
            conversation_id = None
        conversation, _ = take_turn(message, slug, conversation_id)
        turn = len(conversation.turns)
        return redirect(url_for("pages.chat", slug=slug, c=conversation.id, _anchor=f"turn-{turn}"), code=303)
    return redirect(url_for("pages.chat", slug=slug, c=conversation_id), code=303)


@bp.get("/articles/<slug>")
def article(slug: str):
    """The article, each passage anchored by its id so quotes can link to it."""
    bot = _bot_or_404(slug)
    lang = ui_lang()
    return render_template("article.html", article=bot.article, lang=lang, t=strings(lang))


@bp.app_errorhandler(CSRFError)
def csrf_error(error: CSRFError):
    flash(strings()["error_csrf"])
    return redirect(request.referrer or url_for("pages.index"), code=303)
