"""chatbot: readers ask an article questions and get verbatim quotes back."""
from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

from . import api, articles, cli, embed, limits, pages, security, store, tester
from .settings import database_url, defaults

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: defaults, then CHATBOT_* environment variables, then `overrides`."""
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(ROOT / "instance"))
    app.config.from_mapping(defaults())
    app.config.from_prefixed_env("CHATBOT")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    app.config.update(overrides or {})
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    articles.init_app(app)
    store.init_app(app)
    limits.init_app(app)
    security.init_app(app)
    api.init_app(app)
    security.csrf.exempt(api.bp)
    for blueprint in (pages.bp, embed.bp, tester.bp):
        app.register_blueprint(blueprint)
    cli.init_app(app)
    return app
