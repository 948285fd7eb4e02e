"""Settings come in layers: defaults, then CHATBOT_* environment variables, then the caller's dict."""
from __future__ import annotations

import pytest

from chatbot.settings import sqlalchemy_url
from conftest import make_app


def test_environment_variables_override_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("CHATBOT_MAX_MESSAGE_LENGTH", "20")
    app = make_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/s.db"})
    client = app.test_client()
    assert client.post("/api/v1/chat", json={"message": "x" * 20}).status_code == 200
    response = client.post("/api/v1/chat", json={"message": "x" * 21})
    assert response.status_code == 422 and "20" in response.get_json()["detail"]


def test_the_callers_dict_wins_over_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CHATBOT_MAX_MESSAGE_LENGTH", "20")
    app = make_app({"MAX_MESSAGE_LENGTH": 30, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/s.db"})
    assert app.config["MAX_MESSAGE_LENGTH"] == 30


def test_an_unknown_default_article_stops_the_start_up(monkeypatch, tmp_path):
    monkeypatch.setenv("CHATBOT_DEFAULT_ARTICLE", "no-such-article")
    with pytest.raises(ValueError, match="no-such-article"):
        make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/s.db"})


@pytest.mark.parametrize("url, expected", [
    ("postgresql://postgres@127.0.0.1:5432/test", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    ("postgres://u:p@db/x", "postgresql+psycopg://u:p@db/x"),
    ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
])
def test_database_urls_use_psycopg_3_for_postgresql(url, expected):
    assert sqlalchemy_url(url) == expected
