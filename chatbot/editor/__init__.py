"""The editors' side, behind a login: what readers asked and thought of the replies, labels that make
an evaluation file, exports, and the intent tester; the same insights for scripts with a token."""
from __future__ import annotations

from flask import Flask, redirect, request, url_for

from . import auth, cli, tester, views  # noqa: F401  (each adds its routes or commands)

__all__ = ["init_app"]


def init_app(app: Flask) -> None:
    auth.init_app(app)
    app.register_blueprint(auth.bp)
    app.register_blueprint(auth.api_bp)
    # The tester used to be open at /tester: old links lead to its new place, behind the login.
    app.add_url_rule("/tester", "tester_moved",
                     lambda: redirect(url_for("editor.tester", **request.args.to_dict()), code=301))
