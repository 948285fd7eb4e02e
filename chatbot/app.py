"""The web app: the factory that wires settings, articles, storage, limits, security and the blueprints."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import api, articles, cli, editor
from .reader import embed, pages
from .settings import database_url, defaults, hosts
from .storage import database
from .web import compression, framing, health, limits, security

ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: defaults, then CHATBOT_* environment variables, then `overrides`."""
    app = configured_app(overrides)
    framing.init_app(app)
    articles.init_app(app)
    database.init_app(app)
    limits.init_app(app)
    security.init_app(app)
    compression.init_app(app)
    api.init_app(app)
    security.csrf.exempt(api.bp)
    for blueprint in (pages.bp, embed.bp, health.bp):
        app.register_blueprint(blueprint)
    editor.init_app(app)
    cli.init_app(app)
    return app


def configured_app(overrides: dict | None = None) -> Flask:
    """A Flask app holding the settings alone: no article loaded, no database touched, nothing served."""
    app = Flask(__package__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"),
                instance_path=str(ROOT / "instance"))
    app.config.from_mapping(defaults())
    app.config.from_prefixed_env("CHATBOT")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app.instance_path)
    app.config.update(overrides or {})
    app.config["TRUSTED_HOSTS"] = hosts(app.config["TRUSTED_HOSTS"])  # Flask answers any other Host with a 400
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path) / "secret_key")
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_BODY_BYTES"]
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    if app.config["PROXY_FIX"]:
        hops = int(app.config["PROXY_FIX"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app


def _instance_secret(path: Path) -> str:
    """A key made once and kept in the instance folder, so that every worker signs alike."""
    try:
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_hex(32))
    except FileExistsError:
        pass  # made by an earlier start, or by a worker starting at the same moment
    return path.read_text().strip()
