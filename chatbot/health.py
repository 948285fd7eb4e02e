"""Probes for whoever runs the app: `/healthz` (the process answers) and `/readyz` (it can serve:
the database answers and the articles are loaded). Never rate-limited, never cached."""
from __future__ import annotations

import logging

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .api.errors import problem
from .articles import library
from .limits import limiter
from .models import db
from .security import no_store

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)
RETRY_AFTER = 5  # seconds


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """The process is up and answering; nothing else is checked, so this costs nothing."""
    no_store()
    return {"status": "ok"}


@bp.get("/readyz")
@limiter.exempt
def readyz():
    """Ready to serve: a `SELECT 1` succeeds and articles are loaded; a 503 problem saying what is not, otherwise."""
    no_store()
    checks = {"database": _database(), "articles": "ok" if library().bots else "none loaded"}
    if any(state != "ok" for state in checks.values()):
        failing = ", ".join(name for name, state in checks.items() if state != "ok")
        return problem(503, f"Not ready: {failing}.", {"Retry-After": str(RETRY_AFTER)}, checks=checks)
    return {"status": "ready", "checks": checks}


def _database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        log.warning("readiness: the database does not answer (%s)", error.__class__.__name__)
        return "unreachable"
    finally:
        db.session.rollback()  # hold no transaction (on SQLite, no lock) past the probe
    return "ok"
