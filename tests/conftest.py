"""Fixtures: an app on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too;
a test client; and a `chat` helper that talks to the bot like a reader does."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from chatbot import create_app
from chatbot.engine import ConversationState, Library
from chatbot.settings import sqlalchemy_url
from chatbot.storage.database import upgrade_schema
from chatbot.storage.models import db

ARTICLE = "ia-generative-fracture-numerique"
TESTS = Path(__file__).resolve().parent
POSTGRES_SKIP = "TEST_DATABASE_URL is not set, so the PostgreSQL cases skip (CI sets it)"


def _database_url(kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip(POSTGRES_SKIP)
    return sqlalchemy_url(url)


def make_app(overrides: dict) -> Flask:
    """The app with its database's schema upgraded, as the server's start does before the workers."""
    app = create_app(overrides)
    upgrade_schema(app)
    return app


def count(app: Flask, model) -> int:
    """How many rows of `model` are stored."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def drop_schema(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path):
    """The app on each database; PostgreSQL tables are dropped afterwards."""
    app = make_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _database_url(request.param, tmp_path)})
    yield app
    drop_schema(app)


@pytest.fixture
def sqlite_app(tmp_path):
    """The app on SQLite only, for tests where the database does not matter."""
    return make_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _database_url("sqlite", tmp_path)})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(sqlite_app):
    return sqlite_app.test_cli_runner()


class Chat:
    """A reader's side of one conversation through POST /api/v1/chat."""

    def __init__(self, client, **fields):
        self.client, self.fields, self.conversation_id = client, fields, None

    def send(self, message: str, **fields) -> dict:
        body = {"message": message, **self.fields, **fields}
        if self.conversation_id:
            body["conversation_id"] = self.conversation_id
        response = self.client.post("/api/v1/chat", json=body)
        assert response.status_code == 200, response.get_data(as_text=True)
        data = response.get_json()
        self.conversation_id = data["conversation_id"]
        return data["reply"]


@pytest.fixture
def chat(client):
    return Chat(client)


# -- editors -------------------------------------------------------------------

EDITOR_EMAIL = "editor@example.org"
EDITOR_PASSWORD = "a long enough password"


def make_editor(app: Flask, email: str = EDITOR_EMAIL, password: str = EDITOR_PASSWORD) -> None:
    """An editor account, made as an operator makes one: on the command line, the password on stdin."""
    result = app.test_cli_runner().invoke(args=["chatbot", "create-editor", email], input=password + "\n")
    assert result.exit_code == 0, result.output


def csrf(client, path: str = "/admin/login") -> str:
    """The CSRF token of the form on the page at `path`."""
    import re

    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def log_in(client, email: str = EDITOR_EMAIL, password: str = EDITOR_PASSWORD, token: str | None = None,
           path: str = "/admin/login"):
    return client.post(path, data={"email": email, "password": password, "csrf_token": token or csrf(client, path)})


def editor_client(app: Flask):
    """A test client with an editor logged in."""
    make_editor(app)
    client = app.test_client()
    assert log_in(client).status_code == 303
    return client


def log_in_browser(page, base_url: str, app: Flask) -> None:
    """An editor logged in through the login page of a real browser."""
    make_editor(app)
    page.goto(base_url + "/admin/login")
    page.fill("#email", EDITOR_EMAIL)
    page.fill("#password", EDITOR_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


@pytest.fixture(scope="session")
def library():
    return Library.load()


@pytest.fixture(scope="session")
def bot(library):
    return library.get(ARTICLE)


def quoted(reply) -> str:
    """The sentences a reply quotes, as one text."""
    return " ".join(q.text for q in reply.quotes)


class Dialogue:
    """A reader's side of one conversation with the engine alone (no web, no database)."""

    def __init__(self, bot):
        self.bot, self.state = bot, ConversationState()

    def send(self, message: str, lang: str | None = None):
        reply, self.state = self.bot.reply(message, self.state, lang)
        return reply


@pytest.fixture
def dialogue(bot):
    return Dialogue(bot)


# -- browser tests -------------------------------------------------------------

ARTIFACTS = TESTS.parent / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium_path() -> str | None:
    """A system Chromium: CHATBOT_TEST_CHROMIUM, else chromium on the PATH."""
    import shutil

    return os.environ.get("CHATBOT_TEST_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


class LiveServer:
    """The app served over HTTP on a free port of 127.0.0.1, in a thread."""

    def __init__(self, app):
        import threading

        from werkzeug.serving import make_server

        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()


@pytest.fixture
def live_app(tmp_path):
    return make_app({"TESTING": True, "SECRET_KEY": "browser-tests",
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'live.sqlite3'}"})


@pytest.fixture
def live_server(live_app):
    server = LiveServer(live_app)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """Chromium driven by Playwright. Without a browser the tests skip, except under CI=true, where they fail."""
    path = chromium_path()
    if not path:
        message = "no Chromium found (install Debian's chromium, or set CHATBOT_TEST_CHROMIUM)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 800})
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


class HostSite:
    """Another origin (its own port on 127.0.0.1) serving pages that embed the widget."""

    def __init__(self):
        self.pages: dict[str, str] = {}
        self.server = LiveServer(self._app)
        self.url = self.server.url

    def _app(self, environ, start_response):
        body = self.pages.get(environ["PATH_INFO"])
        status = "200 OK" if body is not None else "404 Not Found"
        start_response(status, [("Content-Type", "text/html; charset=utf-8")])
        return [(body or "not found").encode()]

    def page(self, path: str, body: str, head: str = "") -> str:
        self.pages[path] = (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Host</title>{head}"
                            f"</head><body><h1>A news site</h1><p>Its own article.</p>{body}</body></html>")
        return self.url + path


@pytest.fixture
def host_site():
    site = HostSite()
    yield site
    site.server.stop()
