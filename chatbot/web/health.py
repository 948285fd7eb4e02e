"""Probes for whoever runs the app: `/healthz` (the process answers) and `/readyz` (it can serve:
the database answers with the latest schema, and the articles are loaded). Never rate-limited, never cached."""
from __future__ import annotations

from flask import Blueprint

from ..api.errors import problem
from ..articles import library
from ..storage.database import schema_state
from .limits import limiter
from .security import no_store

bp = Blueprint("health", __name__)
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
    """Ready to serve: the database answers with the latest schema, and articles are loaded; else a 503 saying
    what is not."""
    no_store()
    checks = {"database": schema_state(), "articles": "ok" if library().articles else "none loaded"}
    if any(state != "ok" for state in checks.values()):
        failing = ", ".join(name for name, state in checks.items() if state != "ok")
        return problem(503, f"Not ready: {failing}.", {"Retry-After": str(RETRY_AFTER)}, checks=checks)
    left_out = {slug: str(error) for slug, error in library().errors.items()}
    return {"status": "ready", "checks": checks, **({"left_out": left_out} if left_out else {})}
