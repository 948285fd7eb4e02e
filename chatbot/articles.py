"""The articles the app serves: loaded once at start-up, read-only afterwards."""
from __future__ import annotations

import logging

from flask import Flask, current_app

from .engine import Bot, Library

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Load every article. One with a mistake in its files is left out, its `path:line: message` logged,
    and the others are served; when none loads, the start-up stops with the first mistake."""
    library = Library.load(app.config["CONTENT_DIR"])
    for error in library.errors.values():
        log.error("article left out: %s", error)
    default = app.config["DEFAULT_ARTICLE"]
    if default and library.get(default) is None:
        raise ValueError(f"CHATBOT_DEFAULT_ARTICLE is '{default}', but the articles are: {', '.join(library.slugs)}")
    app.extensions["chatbot.library"] = library


def library() -> Library:
    return current_app.extensions["chatbot.library"]


def default_slug() -> str:
    return current_app.config["DEFAULT_ARTICLE"] or library().slugs[0]


def get_bot(slug: str) -> Bot | None:
    return library().get(slug)
