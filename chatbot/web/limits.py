"""Rate limiting of the API's chat and parse endpoints, per client address.

Counters live in the store `CHATBOT_RATE_LIMIT_STORAGE` names: process memory by
default (one process), Redis (`redis://host:6379`) when several workers or
machines must share them.
"""
from __future__ import annotations

import time

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def rate_limit() -> str:
    return current_app.config["RATE_LIMIT"]


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config["RATE_LIMIT_STORAGE"])
    app.config.setdefault("RATELIMIT_ENABLED", bool(app.config["RATE_LIMIT"]))
    app.config.setdefault("RATELIMIT_HEADERS_ENABLED", False)  # Retry-After comes with the 429 alone
    app.config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)  # an unreachable Redis does not stop the chat...
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)  # ...each process counts meanwhile
    limiter.init_app(app)



def retry_after(error: RateLimitExceeded) -> int:
    """Seconds until the breached limit's window has room again."""
    current = limiter.current_limit
    if current is not None:
        return max(1, int(current.reset_at - time.time()) + 1)
    return int(error.limit.limit.get_expiry())
