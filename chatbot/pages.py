"""HTML pages: the home page and the article page that every quote links to."""
from __future__ import annotations

from flask import Blueprint, abort, render_template

from .content import default_slug, get_bot, library

bp = Blueprint("pages", __name__)


@bp.get("/")
def index():
    """The articles the bot can discuss, and how to talk to it."""
    return render_template("index.html", bots=library().bots.values(), default=default_slug())


@bp.get("/articles/<slug>")
def article(slug: str):
    """The article, each passage anchored by its id so quotes can link to it."""
    bot = get_bot(slug)
    if bot is None:
        abort(404, f"There is no article '{slug}'.")
    return render_template("article.html", article=bot.article)
