"""The widget's side of the site: the compact chat it frames, and the page for site owners."""
from __future__ import annotations

import re

from flask import Blueprint, current_app, make_response, render_template, request, url_for

from ..articles import default_slug, get_bot, library
from ..settings import origins
from ..web.error_pages import error_page
from ..web.i18n import LANGS, strings, ui_lang
from ..web.security import content_security_policy, frame_ancestors
from .pages import chat_page

bp = Blueprint("embed", __name__)
ORIGIN = re.compile(r"^https?://[^/?#\s]+$")
MAX_GREETING = 200
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOR = "#0b57a4"


@bp.get("/embed/", defaults={"slug": None})
@bp.get("/embed/<slug>")
def embed(slug: str | None):
    """The compact chat the widget shows in its iframe; only the allowed sites may frame it."""
    bot = get_bot(slug or default_slug())
    lang = request.args.get("lang") if request.args.get("lang") in LANGS else ui_lang(bot and bot.article.lang)
    allowed = origins(current_app.config["EMBED_ORIGINS"])
    if bot is None:  # shown inside the host's page: readable, and allowed to be framed
        detail = strings(lang)["error_no_article"].format(slug=slug, slugs=", ".join(library().slugs))
        response = error_page(404, detail=detail, lang=lang)
        response.headers["Content-Security-Policy"] = content_security_policy(frame_ancestors(allowed))
        return response
    parent = request.args.get("origin", "")
    if not ORIGIN.match(parent) or (allowed is not None and parent not in allowed):
        parent = ""  # no one to talk to: the chat still works, the widget's extras do not
    greeting = request.args.get("greeting", "").strip()[:MAX_GREETING] or None
    response = make_response(chat_page(bot, lang, compact=True, parent_origin=parent, greeting=greeting))
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
    return render_template("reader/widget.html", lang=lang, t=strings(lang), articles=library().articles.values(),
                           options=options, attributes=attributes, snippet=snippet)
