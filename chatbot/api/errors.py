"""One error shape for the API: RFC 9457 problem details (`application/problem+json`).

App-wide handlers answer API paths (and clients that prefer JSON) with a
problem, pages with the site's own error page; a database that cannot be
reached is a 503, a Host the site does not trust a 400, and nothing ever
shows a traceback.
"""
from __future__ import annotations

import logging

from flask import Flask, Response, current_app, json, request
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import ClientDisconnected, HTTPException, InternalServerError, SecurityError
from werkzeug.http import HTTP_STATUS_CODES

from ..errors import ClientError
from ..storage import store
from ..storage.database import DatabaseHung
from ..web.error_pages import error_page
from ..web.framing import MalformedBody
from ..web.limits import retry_after

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"
DATABASE_RETRY_AFTER = 5  # seconds: a restarting database is usually back by then


def problem(status: int, detail: str, headers: dict | None = None, **extra) -> Response:
    body = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"), "status": status,
            "detail": detail, **extra}
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json", PROBLEM])
    return best in ("application/json", PROBLEM)


def _http_error(error: HTTPException):
    status = error.code or 500
    headers = {}
    if status == 405 and getattr(error, "valid_methods", None):
        headers["Allow"] = ", ".join(error.valid_methods)
    if isinstance(error, RateLimitExceeded):
        headers["Retry-After"] = str(retry_after(error))
    if isinstance(error, SecurityError):  # an untrusted Host: no page, since its links would name that host
        return problem(status, "This site does not answer to that host name.")
    if not wants_json():
        return error_page(status, headers)
    detail = error.description or ""
    if isinstance(error, ClientDisconnected):  # a body shorter than its Content-Length, or cut off
        detail = MalformedBody.description
    if status == 413:
        detail = f"The body is larger than the {current_app.config['MAX_BODY_BYTES']} bytes allowed."
    if status == 429:
        detail = f"Too many requests (the limit is {detail}); try again in a moment."
    return problem(status, detail, headers)


def _client_error(error: ClientError):
    if wants_json():
        return problem(error.status, error.detail, **error.extra)
    return error_page(error.status)


def _database_error(error: DBAPIError | DatabaseHung | PoolTimeout):
    store.rollback()
    log.error("database unavailable: %s", error.__class__.__name__, exc_info=error)
    headers = {"Retry-After": str(DATABASE_RETRY_AFTER)}
    if wants_json():
        return problem(503, "The database is unavailable; please try again shortly.", headers)
    return error_page(503, headers)


def _unexpected(error: Exception):
    store.rollback()
    if isinstance(error, HTTPException):
        return _http_error(error)
    log.exception("unexpected error", exc_info=error)
    if wants_json():
        return problem(500, InternalServerError.description)
    return error_page(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ClientError, _client_error)
    app.register_error_handler(OperationalError, _database_error)
    app.register_error_handler(DBAPIError, _database_error)
    app.register_error_handler(DatabaseHung, _database_error)
    app.register_error_handler(PoolTimeout, _database_error)
    app.register_error_handler(Exception, _unexpected)
