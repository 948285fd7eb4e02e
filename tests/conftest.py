"""Fixtures: an app on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too;
a test client; and a `chat` helper that talks to the bot like a reader does."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from chatbot import create_app
from chatbot.engine import ConversationState, Library
from chatbot.models import db
from chatbot.settings import sqlalchemy_url

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


@pytest.fixture(params=["sqlite", "postgresql"])
def app(request, tmp_path):
    """The app on each database; PostgreSQL tables are dropped afterwards."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _database_url(request.param, tmp_path)})
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def sqlite_app(tmp_path):
    """The app on SQLite only, for tests where the database does not matter."""
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": _database_url("sqlite", tmp_path)})


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


@pytest.fixture(scope="session")
def library():
    return Library.load()


@pytest.fixture(scope="session")
def bot(library):
    return library.get(ARTICLE)


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
