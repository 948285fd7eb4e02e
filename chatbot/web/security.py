"""Security headers on every response, the session cookie's flags, and CSRF protection of the pages' forms.

Pages load nothing from another origin and run no inline script; the API,
called with JSON by scripts, needs no CSRF token (a form cannot send JSON).
"""
from __future__ import annotations

from flask import Flask, Response, after_this_request, current_app, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}")


def content_security_policy(frame_ancestors: str = "'none'") -> str:
    return CSP.format(ancestors=frame_ancestors)


def frame_ancestors(allowed: list[str] | None) -> str:
    """Who may frame the embedded chat: the listed origins (and this site), or any site."""
    return "*" if allowed is None else " ".join(["'self'", *allowed])


def no_store() -> None:
    """This response shows a conversation: no cache, shared or the browser's own, may keep it."""
    @after_this_request
    def _no_store(response: Response) -> Response:
        response.headers["Cache-Control"] = "no-store"
        return response


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is `Secure` whenever the request came over https, directly or through
    the proxies PROXY_FIX trusts, so a browser never sends it back over plain http."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return super().get_cookie_secure(app) or request.is_secure


def _headers(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
    hsts = int(current_app.config["HSTS_SECONDS"])
    if hsts > 0 and request.is_secure:  # over plain http the header would be ignored, or forged
        response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}")
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # a page left open for hours still posts
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"  # Flask's default config holds None: set, not setdefault
    app.session_interface = SessionInterface()
    csrf.init_app(app)
    app.after_request(_headers)
