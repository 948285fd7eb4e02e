"""Probes for whoever runs the app: /healthz says the process answers, /readyz that it can serve
(the database answers, articles are loaded), and a 503 saying what is missing when it cannot."""
from __future__ import annotations

import shutil

import pytest
from flask_migrate import downgrade

from chatbot import create_app
from chatbot.engine import Library
from chatbot.storage.database import FIRST_REVISION
from chatbot.storage.models import db
from chatbot.web.limits import limiter
from conftest import make_app


@pytest.fixture
def probed(tmp_path):
    """An app whose SQLite file lives in its own folder, so that the test can take the database away."""
    folder = tmp_path / "data"
    folder.mkdir()
    app = make_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'probed.sqlite3'}"})
    return app, folder


def _take_the_database_away(app, folder) -> None:
    with app.app_context():
        db.engine.dispose()  # pooled connections would still reach the old file
    shutil.rmtree(folder)  # SQLite can no longer open (or create) it


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_a_serving_app_is_alive_and_ready(probed, path):
    response = probed[0].test_client().get(path)
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"


def test_ready_says_what_it_checked(probed):
    assert probed[0].test_client().get("/readyz").get_json() == {
        "status": "ready", "checks": {"database": "ok", "articles": "ok"}}


def test_without_its_database_the_app_is_alive_but_not_ready(probed):
    app, folder = probed
    _take_the_database_away(app, folder)
    web = app.test_client()
    assert web.get("/healthz").get_json() == {"status": "ok"}
    response = web.get("/readyz")
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert response.get_json()["checks"] == {"database": "unreachable", "articles": "ok"}
    assert "database" in response.get_json()["detail"] and int(response.headers["Retry-After"]) > 0


def test_a_database_whose_schema_was_never_made_is_not_ready(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert "db upgrade" in response.get_json()["checks"]["database"]


def test_a_database_left_at_an_older_schema_is_not_ready(probed):
    app = probed[0]
    with app.app_context():
        downgrade(revision=FIRST_REVISION)
        db.engine.dispose()
    state = app.test_client().get("/readyz").get_json()["checks"]["database"]
    assert state.startswith(f"schema at {FIRST_REVISION}, not ") and "db upgrade" in state


def test_without_articles_the_app_is_not_ready(probed):
    app = probed[0]
    app.extensions["chatbot.library"] = Library({}, app.extensions["chatbot.library"].common)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.get_json()["checks"]["articles"] == "none loaded"


@pytest.fixture
def limited_everywhere(tmp_path):
    """An app whose operator set a limit on every route (CHATBOT_RATELIMIT_DEFAULT)."""
    yield make_app({"TESTING": True, "RATELIMIT_DEFAULT": "1 per minute",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'limited.sqlite3'}"})
    limiter.limit_manager.set_default_limits([])  # the limiter is shared by the apps made after this one


def test_probes_are_never_rate_limited(limited_everywhere):
    web = limited_everywhere.test_client()
    assert [web.get("/api/v1/articles").status_code for _ in range(2)] == [200, 429], "the default limit holds"
    assert {web.get(path).status_code for path in ("/healthz", "/readyz") for _ in range(5)} == {200}
