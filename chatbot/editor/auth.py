"""Who may enter the editors' area: a login for people (Flask-Login sessions), a Bearer token for scripts.

Every page under /admin but the login itself needs a logged-in editor, and every route under
/api/v1/admin a live token: the check is made once per blueprint, before any view, so a page
added later cannot forget it.
"""
from __future__ import annotations

from datetime import UTC, datetime
from math import ceil

from flask import Blueprint, Flask, flash, g, redirect, render_template, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError

from ..api.errors import problem
from ..web.limits import limiter
from ..web.security import no_store
from . import accounts
from .words import words

bp = Blueprint("editor", __name__, url_prefix="/admin")
api_bp = Blueprint("editor_api", __name__, url_prefix="/api/v1/admin")
login_manager = LoginManager()
LOGIN_RATE = "10 per minute"  # per client address, on top of the per-account lockout
OPEN = ("editor.login",)


@login_manager.user_loader
def _load(user_id: str):
    return accounts.editor_for_session(user_id)


@bp.before_request
def _editors_only():
    no_store()  # nothing an editor sees is for a shared cache
    if request.endpoint in OPEN or current_user.is_authenticated:
        return None
    return redirect(url_for("editor.login", next=request.full_path.rstrip("?")))


@api_bp.before_request
def _tokens_only():
    no_store()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    editor = accounts.editor_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if editor is None:
        return problem(401, "This route needs `Authorization: Bearer TOKEN` with a live editor's token "
                            "(flask --app wsgi chatbot create-token EMAIL makes one).",
                       {"WWW-Authenticate": 'Bearer realm="editors"'})
    g.editor = editor
    return None


def _safe_next(target: str | None) -> str:
    """Where to go after logging in: a page of the editors' area, never another site."""
    if target and target.startswith("/admin") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("editor.overview")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_RATE, methods=["POST"])
def login():
    w = words()
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    email = request.form.get("email", "")[:254]
    if request.method == "POST":
        result = accounts.log_in(email, request.form.get("password", "")[:1000])
        if result.editor is not None:
            session.clear()  # a fresh session for the editor: nothing carried over from before the login
            login_user(result.editor)
            return redirect(_safe_next(request.args.get("next")), code=303)
        if result.locked_until is not None:
            minutes = max(1, ceil((result.locked_until - datetime.now(UTC)).total_seconds() / 60))
            flash(w["login_locked"].format(minutes=minutes))
        else:
            flash(w["login_wrong"])
        return render_template("editor/login.html", w=w, lang=w["lang"], email=email), 401
    return render_template("editor/login.html", w=w, lang=w["lang"], email=email)


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash(words()["logged_out"])
    return redirect(url_for("editor.login"), code=303)


@bp.errorhandler(CSRFError)
def _expired_form(_error: CSRFError):
    """An expired or missing form token in the editors' area: back to the page, saying why."""
    flash(words()["error_csrf"])
    target = request.referrer or ""
    path = target.partition(request.host)[2] if request.host in target else ""
    return redirect(_safe_next(path) if current_user.is_authenticated else url_for("editor.login"), code=303)


def init_app(app: Flask) -> None:
    # Only the editors' pages ask who is logged in (they pass `editor` to their templates): the readers'
    # pages never load a session user, so they never rewrite the session cookie (nor set one in the widget).
    login_manager.init_app(app, add_context_processor=False)
    login_manager.session_protection = "basic"
