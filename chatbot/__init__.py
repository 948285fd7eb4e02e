"""chatbot: readers ask an article questions and get verbatim quotes back.

The web app is built by `create_app` (chatbot.app); the engine (chatbot.engine)
imports neither Flask nor SQLAlchemy, so a process that only answers questions,
or a tool that only reads the engine, does not load the web layer.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: defaults, then CHATBOT_* environment variables, then `overrides` (see chatbot.app)."""
    from .app import create_app as build

    return build(overrides)
