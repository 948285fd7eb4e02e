"""The JSON API blueprint and its error handling."""
from flask import Flask

from . import errors
from .views import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    errors.init_app(app)
    app.register_blueprint(bp)
