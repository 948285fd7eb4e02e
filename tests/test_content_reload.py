"""Content changes without a restart: an article added, edited, broken, mended or removed in the
content folder is served as it now stands a moment later, and no request is dropped meanwhile."""
from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import TESTS, make_app

SOURCE = TESTS / "content"
FIRST, SECOND = "travail-a-distance", "eau-potable-secheresse"
QUESTION = "Les télétravailleurs se sentent-ils seuls ?"
INTERVAL = 0.05


@pytest.fixture
def served(tmp_path):
    """An app serving a content folder of one article, looking for changes every INTERVAL seconds."""
    content = tmp_path / "content"
    shutil.copytree(SOURCE / FIRST, content / FIRST)
    app = make_app({"TESTING": True, "CONTENT_DIR": str(content), "CONTENT_RELOAD": INTERVAL,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'reload.sqlite3'}"})
    return app, content


def _after_a_moment(client):
    time.sleep(2 * INTERVAL)
    client.get("/healthz")  # the first request after the interval looks at the folder


def _slugs(client) -> list[str]:
    return [a["slug"] for a in client.get("/api/v1/articles").get_json()["articles"]]


def test_an_article_added_to_the_folder_is_served_without_a_restart(served):
    app, content = served
    client = app.test_client()
    assert _slugs(client) == [FIRST]
    shutil.copytree(SOURCE / SECOND, content / SECOND)
    _after_a_moment(client)
    assert _slugs(client) == [SECOND, FIRST]
    reply = client.post("/api/v1/chat", json={"message": "Quelle part de l'eau part dans les fuites ?",
                                               "article": SECOND})
    assert reply.status_code == 200 and reply.get_json()["article"] == SECOND


def test_an_edited_article_is_read_again_and_the_others_are_kept(served):
    app, content = served
    shutil.copytree(SOURCE / SECOND, content / SECOND)
    client = app.test_client()
    _after_a_moment(client)
    kept = app.extensions["chatbot.library"].get(SECOND)
    article = content / FIRST / "article.md"
    article.write_text(article.read_text(encoding="utf-8").replace('title = "', 'title = "Édité : ', 1),
                       encoding="utf-8")
    _after_a_moment(client)
    assert client.get(f"/api/v1/articles/{FIRST}").get_json()["title"].startswith("Édité : ")
    assert app.extensions["chatbot.library"].get(SECOND) is kept, "an unchanged article keeps its bot"


def test_a_broken_article_is_left_out_and_back_once_mended(served):
    app, content = served
    shutil.copytree(SOURCE / SECOND, content / SECOND)
    client = app.test_client()
    rules = content / SECOND / "rules.toml"
    rules.write_text("[intents.broken\n", encoding="utf-8")
    _after_a_moment(client)
    ready = client.get("/readyz").get_json()
    assert ready["status"] == "ready" and ready["left_out"][SECOND].startswith(f"{rules}:")
    assert _slugs(client) == [FIRST]
    assert client.post("/api/v1/chat", json={"message": QUESTION, "article": FIRST}).status_code == 200
    rules.unlink()
    _after_a_moment(client)
    assert _slugs(client) == [SECOND, FIRST] and "left_out" not in client.get("/readyz").get_json()


def test_a_removed_article_is_no_longer_served(served):
    app, content = served
    shutil.copytree(SOURCE / SECOND, content / SECOND)
    client = app.test_client()
    _after_a_moment(client)
    shutil.rmtree(content / SECOND)
    _after_a_moment(client)
    assert client.post("/api/v1/chat", json={"message": "bonjour", "article": SECOND}).status_code == 404


def test_watching_can_be_turned_off(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SOURCE / FIRST, content / FIRST)
    app = make_app({"TESTING": True, "CONTENT_DIR": str(content), "CONTENT_RELOAD": 0,
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'still.sqlite3'}"})
    shutil.copytree(SOURCE / SECOND, content / SECOND)
    client = app.test_client()
    _after_a_moment(client)
    assert _slugs(client) == [FIRST]


def test_no_request_is_dropped_while_articles_change(served):
    app, content = served

    def ask(_):
        return app.test_client().post("/api/v1/chat", json={"message": QUESTION, "article": FIRST}).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        asked = pool.map(ask, range(60))
        for i in range(5):
            (content / FIRST / "article.md").touch()
            shutil.copytree(SOURCE / SECOND, content / f"{SECOND}-{i}")
            time.sleep(INTERVAL)
        assert list(asked) == [200] * 60


def test_a_folder_moved_away_or_wholly_broken_leaves_the_articles_served(served):
    app, content = served
    client = app.test_client()
    (content / FIRST / "article.md").write_bytes(b"+++\ntitle = \"x\"\n+++\n\n\xff\xfe not text")
    _after_a_moment(client)
    assert _slugs(client) == [FIRST], "no article loads any more: what was read goes on being served"
    content.rename(content.with_name("elsewhere"))
    _after_a_moment(client)
    assert client.post("/api/v1/chat", json={"message": QUESTION}).status_code == 200


def test_an_article_that_is_not_utf8_is_left_out_and_the_others_still_reload(served):
    app, content = served
    shutil.copytree(SOURCE / SECOND, content / SECOND)
    client = app.test_client()
    _after_a_moment(client)
    broken = content / SECOND / "article.md"
    broken.write_bytes(broken.read_bytes().replace("é".encode(), b"\xe9"))  # Latin-1, not UTF-8
    _after_a_moment(client)
    assert client.get("/readyz").get_json()["left_out"][SECOND].startswith(f"{broken}:")
    article = content / FIRST / "article.md"
    article.write_text(article.read_text(encoding="utf-8").replace('title = "', 'title = "Encore : ', 1),
                       encoding="utf-8")
    _after_a_moment(client)
    assert client.get(f"/api/v1/articles/{FIRST}").get_json()["title"].startswith("Encore : ")
