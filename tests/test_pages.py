"""The pages without a browser: the chat form without JavaScript (CSRF, post/redirect/get,
errors in plain words), languages, security headers and weight."""
from __future__ import annotations

import gzip
import re

import brotli
import pytest

from chatbot.storage.models import db
from chatbot.web.weight import first_visit
from conftest import ARTICLE, editor_client, make_app

PAGE_BUDGET = 40 * 1024  # first visit of the chat page, as it travels gzipped


@pytest.fixture
def web(sqlite_app):
    return sqlite_app.test_client()


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def post_message(web, message: str, conversation_id: str = "", follow: bool = False):
    token = csrf_token(web.get(f"/chat/{ARTICLE}").get_data(as_text=True))
    return web.post(f"/chat/{ARTICLE}", data={"message": message, "conversation_id": conversation_id,
                                              "csrf_token": token}, follow_redirects=follow)


def test_the_home_page_is_the_chat_about_the_default_article(web):
    html = web.get("/").get_data(as_text=True)
    assert "Comment ChatGPT accentue la fracture numérique" in html
    assert "Raphaël Maurel" in html and "Le Monde" in html
    assert 'role="log"' in html and html.count('class="chip"') >= 3, "starter questions"
    assert 'for="message"' in html, "the input has a label"


def test_posting_the_form_redirects_to_the_conversation(web):
    response = post_message(web, "Combien de CO2 produit l'entraînement d'un modèle ?")
    assert response.status_code == 303
    location = response.headers["Location"]
    assert re.search(rf"/chat/{ARTICLE}\?c=[\w-]{{20,}}#turn-1$", location)
    html = web.get(location).get_data(as_text=True)
    assert "284 tonnes" in html and f"/articles/{ARTICLE}#environnement-3" in html
    conversation_id = re.search(r"c=([\w-]+)", location).group(1)
    second = post_message(web, "pourquoi ?", conversation_id)
    assert second.headers["Location"].endswith("#turn-2")


def test_the_form_needs_its_csrf_token(web):
    response = web.post(f"/chat/{ARTICLE}", data={"message": "bonjour"}, headers={"Referer": f"/chat/{ARTICLE}"})
    assert response.status_code == 303
    html = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "expiré" in html
    assert ">bonjour<" not in html, "nothing was sent"


@pytest.mark.parametrize("message, words", [("   ", "Écrivez"), ("\x85\x9b\x00", "Écrivez"), ("x" * 1001, "trop long")])
def test_form_errors_are_shown_in_plain_words(web, message, words):
    html = post_message(web, message, follow=True).get_data(as_text=True)
    assert words in html and 'role="alert"' in html


def test_an_unknown_conversation_starts_afresh_with_a_notice(web):
    html = web.get(f"/chat/{ARTICLE}?c=nope", follow_redirects=True).get_data(as_text=True)
    assert "existe plus" in html


def test_an_unknown_article_is_a_404_page(web):
    response = web.get("/chat/no-such-article")
    assert response.status_code == 404 and response.mimetype == "text/html"


@pytest.mark.parametrize("accept, lang, send", [("fr-FR,fr;q=0.9", "fr", "Envoyer"), ("en-US,en;q=0.9", "en", "Send"),
                                                ("de-DE", "fr", "Envoyer"), ("en-GB,fr;q=0.5", "en", "Send")])
def test_the_interface_follows_the_browser_language(web, accept, lang, send):
    html = web.get("/", headers={"Accept-Language": accept}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in html and f">{send}</button>" in html


@pytest.mark.parametrize("path", ["/", f"/articles/{ARTICLE}"])
def test_pages_forbid_inline_scripts_and_other_origins(web, path):
    response = web.get(path)
    policy = response.headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert script_src.strip() == "'self'" and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    html = response.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline == []
    assert not re.search(r'(src|href)="(https?:)?//', html.replace(f'href="{_source_url(web)}"', ""))
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def _source_url(web) -> str:
    return web.get(f"/api/v1/articles/{ARTICLE}").get_json()["source_url"]


def test_the_article_page_anchors_every_passage(web):
    html = web.get(f"/articles/{ARTICLE}").get_data(as_text=True)
    article = web.get(f"/api/v1/articles/{ARTICLE}").get_json()
    for section in article["sections"]:
        for passage in section["passages"]:
            assert f'id="{passage["passage_id"]}">{passage["text"].replace(chr(39), "&#39;")}<' in html


def test_the_chat_page_first_visit_weighs_at_most_40_kb_gzipped(web):
    rows = first_visit(web, "/")
    assert {url.rsplit("/", 1)[-1] for url, _, _ in rows} >= {"site.css", "chat.js"}
    assert sum(packed for _, _, packed in rows) <= PAGE_BUDGET


@pytest.fixture
def editor(sqlite_app):
    return editor_client(sqlite_app)


def test_the_tester_shows_what_the_parse_endpoint_says(web, editor):
    text = "consomation d'energie de l'ia"
    parsed = web.post("/api/v1/parse", json={"text": text}).get_json()
    html = editor.get("/admin/tester", query_string={"text": text}).get_data(as_text=True)
    assert f"<strong>{parsed['intent']['name']}</strong>" in html
    for ranked in parsed["intent_ranking"]:
        assert f'aria-label="{ranked["name"]}"' in html
    for passage in parsed["passages"]:
        assert f"<code>{passage['passage_id']}</code> {passage['score']}" in html
    assert "consomation → consommation" in html


def test_the_tester_stores_nothing_and_reports_an_unknown_conversation(editor):
    html = editor.get("/admin/tester", query_string={"text": "bonjour", "conversation_id": "nope"}) \
        .get_data(as_text=True)
    assert 'role="alert"' in html and "no conversation" in html


def test_the_tester_continues_a_conversation(web, editor):
    conversation = web.post("/api/v1/chat", json={"message": "Quel est l'impact environnemental ?"}).get_json()
    html = editor.get("/admin/tester",
                      query_string={"text": "continue", "conversation_id": conversation["conversation_id"]})
    assert "<strong>more</strong>" in html.get_data(as_text=True)
    turns = web.get(f"/api/v1/conversations/{conversation['conversation_id']}").get_json()["turns"]
    assert len(turns) == 1


# Error pages: the site's own, in the reader's language, saying how long to wait when waiting helps


@pytest.fixture
def error_app(tmp_path):
    app = make_app({"TESTING": True, "RATE_LIMIT": "2 per minute",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'errors.sqlite3'}"})

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    return app


def _error_response(app, status: int, headers: dict):
    web = app.test_client()
    if status == 404:
        return web.get("/no-such-page", headers=headers)
    if status == 405:
        return web.put("/", headers=headers)
    if status == 429:
        web = editor_client(app)
        for _ in range(2):
            web.get("/admin/tester", headers=headers)
        return web.get("/admin/tester", headers=headers)
    if status == 500:
        return web.get("/boom", headers=headers)
    with app.app_context():
        db.drop_all()  # every query now fails as if the database were gone
    return web.get(f"/chat/{ARTICLE}?c=some-conversation", headers=headers)


@pytest.mark.parametrize("status, fr, en", [
    (404, "Page introuvable", "Page not found"),
    (405, "Action impossible ici", "Not possible here"),
    (429, "Trop de messages", "Too many messages"),
    (500, "Erreur du serveur", "Server error"),
    (503, "Service momentanément indisponible", "Temporarily unavailable"),
])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_error_pages_are_the_sites_own_in_the_readers_language(error_app, status, fr, en, lang):
    response = _error_response(error_app, status, {"Accept-Language": lang, "Accept": "text/html"})
    html = response.get_data(as_text=True)
    assert response.status_code == status and response.mimetype == "text/html"
    assert f'<html lang="{lang}">' in html and f"<h1 id=\"error-title\">{fr if lang == 'fr' else en}</h1>" in html
    assert "site.css" in html and 'href="/"' in html, "styled like the site, with a way back"
    assert "Werkzeug" not in html and "Traceback" not in html and "a bug" not in html
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("status", [429, 503])
def test_error_pages_where_waiting_helps_say_how_long(error_app, status):
    response = _error_response(error_app, status, {"Accept-Language": "fr"})
    seconds = int(response.headers["Retry-After"])
    assert seconds > 0 and f"Réessayez dans {seconds} s." in response.get_data(as_text=True)


def test_the_405_page_names_the_allowed_methods(web):
    response = web.put(f"/chat/{ARTICLE}")
    assert response.status_code == 405 and {"GET", "POST"} <= set(response.headers["Allow"].split(", "))


def test_a_full_conversation_says_to_start_a_new_one(web):
    web.application.config["MAX_TURNS"] = 1
    location = post_message(web, "bonjour").headers["Location"]
    conversation_id = re.search(r"c=([\w-]+)", location).group(1)
    response = post_message(web, "encore", conversation_id)
    assert response.status_code == 303 and f"c={conversation_id}" in response.headers["Location"]
    html = web.get(response.headers["Location"]).get_data(as_text=True)
    assert "a atteint 1 échanges" in html and 'role="alert"' in html
    assert ">encore<" not in html, "the message was not taken"


# Compression: what travels is compressed when the browser accepts it


def _decoded(body: bytes, encoding: str) -> bytes:
    return gzip.decompress(body) if encoding == "gzip" else brotli.decompress(body)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
@pytest.mark.parametrize("path", ["/", "/static/widget.js", "/static/site.css", f"/api/v1/articles/{ARTICLE}"])
def test_what_a_browser_accepts_compressed_travels_compressed(web, path, encoding):
    plain = web.get(path)
    packed = web.get(path, headers={"Accept-Encoding": f"{encoding}, identity;q=0.5"})
    assert packed.headers["Content-Encoding"] == encoding and "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    decoded = _decoded(packed.get_data(), encoding)
    if path == "/":  # the form token differs from one visit to the next
        decoded, original = (re.sub(rb'value="[\w.-]+"', b"", b) for b in (decoded, plain.get_data()))
    else:
        original = plain.get_data()
    assert decoded == original


def test_a_browser_that_accepts_no_compression_gets_none(web):
    response = web.get("/static/widget.js", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers and response.get_data().startswith(b"/*")


def test_compression_can_be_left_to_a_proxy(monkeypatch, tmp_path):
    monkeypatch.setenv("CHATBOT_COMPRESS", "false")
    app = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'plain.sqlite3'}"})
    assert "Content-Encoding" not in app.test_client().get("/", headers={"Accept-Encoding": "gzip"}).headers


def test_a_compressed_script_the_browser_holds_is_revalidated_with_a_304(web):
    accept = {"Accept-Encoding": "gzip, deflate, br, zstd"}
    etag = web.get("/static/widget.js", headers=accept).headers["ETag"]
    again = web.get("/static/widget.js", headers={**accept, "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
