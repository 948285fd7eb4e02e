"""What a hostile or unlucky client meets: forged hosts, odd ids, unreadable JSON, an
unreachable Redis, concurrent turns, expired forms; nothing turns into a 500 or a leak."""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from chatbot.engine.spelling import Speller
from chatbot.storage.models import Turn, db
from conftest import ARTICLE, editor_client, make_app

QUESTION = "Quel est l'impact environnemental de l'IA ?"


def test_a_forged_host_never_reaches_stored_links(app, client):
    forged = client.post("/api/v1/chat", json={"message": QUESTION}, headers={"Host": "evil.example"}).get_json()
    assert forged["reply"]["quotes"][0]["url"].startswith("http://evil.example/"), "the forger sees their own host"
    history = client.get(f"/api/v1/conversations/{forged['conversation_id']}").get_json()
    assert history["turns"][0]["reply"]["quotes"][0]["url"].startswith("http://localhost/articles/")
    with app.app_context():
        stored = db.session.execute(select(Turn)).scalars().first()
        assert stored.reply["quotes"][0]["url"].startswith(f"/articles/{ARTICLE}#")


@pytest.mark.parametrize("body", [
    b'{"message": "hi", "x": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'{"message": "hi", "x": ' + b"9" * 5000 + b"}",
    b'{"message": "hi", "x": NaN}',
])
def test_json_the_api_cannot_read_is_a_400(sqlite_app, body):
    response = sqlite_app.test_client().post("/api/v1/chat", data=body, content_type="application/json")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize("field, value", [("conversation_id", "\ud800"), ("article", "\ud800"),
                                          ("conversation_id", "a\x00b"), ("article", "x\x1b[31m"),
                                          ("conversation_id", "a\x85b"), ("article", "x\x9b31m")])
def test_unprintable_ids_are_a_422(client, field, value):
    body = json.dumps({"message": "bonjour", field: value})  # escapes a lone surrogate as \ud800
    response = client.post("/api/v1/chat", data=body, content_type="application/json")
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == field


@pytest.mark.parametrize("path", ["/api/v1/conversations/a%00b", "/api/v1/conversations/" + "x" * 300])
def test_malformed_conversation_ids_are_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_parse_refuses_a_conversation_of_another_article(client):
    conversation = client.post("/api/v1/chat", json={"message": QUESTION}).get_json()["conversation_id"]
    response = client.post("/api/v1/parse", json={"text": "encore", "conversation_id": conversation,
                                                  "article": "velo-urbain"})
    assert response.status_code == 422


def test_concurrent_go_ons_never_quote_the_same_passage_twice(app):
    start = app.test_client().post("/api/v1/chat", json={"message": "Quelle est la conclusion de l'article ?"})
    conversation = start.get_json()["conversation_id"]

    def go_on(_):
        body = {"message": "encore", "conversation_id": conversation}
        return app.test_client().post("/api/v1/chat", json=body).get_json()["reply"]["quotes"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        quoted = [q["passage_id"] for quotes in pool.map(go_on, range(4)) for q in quotes]
    first = [q["passage_id"] for q in start.get_json()["reply"]["quotes"]]
    assert len(quoted + first) == len(set(quoted + first))


def test_an_unreachable_redis_does_not_stop_the_chat(tmp_path):
    app = make_app({"RATE_LIMIT_STORAGE": "redis://127.0.0.1:1", "RATE_LIMIT": "100 per minute",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/redis-down.db"})
    assert app.test_client().post("/api/v1/chat", json={"message": "bonjour"}).status_code == 200


def test_retry_after_comes_with_a_429_alone(client):
    assert "Retry-After" not in client.post("/api/v1/chat", json={"message": "bonjour"}).headers


def test_workers_started_without_a_key_share_one(tmp_path):
    first = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.db"})
    second = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/b.db"})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] and len(first.config["SECRET_KEY"]) >= 32


def test_the_session_cookie_is_same_site_and_the_embedded_chat_sets_none(sqlite_app):
    web = sqlite_app.test_client()
    assert "SameSite=Lax" in web.get("/").headers["Set-Cookie"]
    assert "Set-Cookie" not in web.get(f"/embed/{ARTICLE}").headers


def test_an_expired_form_returns_to_the_same_conversation(sqlite_app):
    web = sqlite_app.test_client()
    conversation = web.post("/api/v1/chat", json={"message": "bonjour"}).get_json()["conversation_id"]
    response = web.post(f"/chat/{ARTICLE}", data={"message": "x", "conversation_id": conversation},
                        headers={"Referer": "https://evil.example/phish"})
    assert response.status_code == 303
    assert re.fullmatch(rf"/chat/{ARTICLE}\?c={conversation}", response.headers["Location"])


def test_the_embedded_chat_falls_back_to_the_default_article_and_explains_an_unknown_one(sqlite_app):
    web = sqlite_app.test_client()
    assert web.get("/embed/").status_code == 200
    missing = web.get("/embed/nope")
    assert missing.status_code == 404 and "frame-ancestors *" in missing.headers["Content-Security-Policy"]
    assert "ia-generative-fracture-numerique" in missing.get_data(as_text=True)


def test_a_very_long_word_is_not_spell_checked():
    assert Speller(["consommation"]).correct("a" * 1000) is None
    assert Speller(["consommation"]).correct("consommationnnnnnnnnn" * 2) is None


def test_why_after_a_refusal_is_not_a_reason_for_the_old_topic(dialogue):
    dialogue.send("What does the article say about energy?")
    assert dialogue.send("Where does Maurel teach?").intent == "fallback"
    assert dialogue.send("why?").intent != "why"


# Host names, https and caches


def _app(tmp_path, **settings):
    return make_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'hardening.sqlite3'}",
                       **settings})


@pytest.mark.parametrize("path", ["/", "/widget", "/api/v1/articles", "/no-such-page"])
def test_a_host_not_trusted_gets_a_400_and_no_link_to_it(tmp_path, path):
    web = _app(tmp_path, TRUSTED_HOSTS="chat.example .news.example").test_client()
    response = web.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400 and "evil.example" not in response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"


def test_trusted_hosts_and_their_subdomains_are_served(tmp_path):
    web = _app(tmp_path, TRUSTED_HOSTS="chat.example .news.example").test_client()
    reply = web.post("/api/v1/chat", json={"message": QUESTION}, headers={"Host": "chat.example"}).get_json()
    assert reply["reply"]["quotes"][0]["url"].startswith("http://chat.example/articles/")
    widget = web.get("/widget", headers={"Host": "bot.news.example"}).get_data(as_text=True)
    assert "http://bot.news.example/static/widget.js" in widget, "the snippet names the site's own host"


def test_trusted_hosts_come_from_the_environment_as_a_list(monkeypatch, tmp_path):
    monkeypatch.setenv("CHATBOT_TRUSTED_HOSTS", "chat.example .news.example")
    assert _app(tmp_path).config["TRUSTED_HOSTS"] == ["chat.example", ".news.example"]


@pytest.mark.parametrize("settings, base_url, headers, secure", [
    ({}, "https://chat.example", {}, True),
    ({}, "http://chat.example", {}, False),
    ({"PROXY_FIX": 1}, "http://chat.example", {"X-Forwarded-Proto": "https"}, True),
    ({}, "http://chat.example", {"X-Forwarded-Proto": "https"}, False),  # no proxy trusted: a forged header
])
def test_the_session_cookie_is_secure_when_the_request_came_over_https(tmp_path, settings, base_url, headers,
                                                                         secure):
    response = _app(tmp_path, **settings).test_client().get("/", base_url=base_url, headers=headers)
    assert ("; Secure" in response.headers["Set-Cookie"]) == secure


@pytest.mark.parametrize("seconds, base_url, expected", [
    (31536000, "https://chat.example", "max-age=31536000"),
    (31536000, "http://chat.example", None),
    (0, "https://chat.example", None),
])
def test_hsts_is_sent_over_https_when_asked_for(tmp_path, seconds, base_url, expected):
    web = _app(tmp_path, HSTS_SECONDS=seconds).test_client()
    assert web.get("/", base_url=base_url).headers.get("Strict-Transport-Security") == expected
    assert web.get("/api/v1/articles", base_url=base_url).headers.get("Strict-Transport-Security") == expected


def _requests_showing_a_conversation(web, editor) -> list:
    conversation = web.post("/api/v1/chat", json={"message": QUESTION})
    cid = conversation.get_json()["conversation_id"]
    return [
        conversation,
        web.post("/api/v1/parse", json={"text": "encore", "conversation_id": cid}),
        web.get(f"/api/v1/conversations/{cid}"),
        web.get(f"/chat/{ARTICLE}?c={cid}"),
        editor.get("/admin/tester", query_string={"text": "encore", "conversation_id": cid}),
        web.delete(f"/api/v1/conversations/{cid}"),
    ]


def test_what_shows_a_conversation_is_never_cached(sqlite_app):
    for response in _requests_showing_a_conversation(sqlite_app.test_client(), editor_client(sqlite_app)):
        assert response.status_code in (200, 204)
        assert response.headers.get("Cache-Control") == "no-store", response.request.path


@pytest.mark.parametrize("path", ["/", f"/articles/{ARTICLE}", "/api/v1/articles", "/static/site.css"])
def test_what_shows_no_conversation_may_be_cached(sqlite_app, path):
    assert "no-store" not in sqlite_app.test_client().get(path).headers.get("Cache-Control", "")
