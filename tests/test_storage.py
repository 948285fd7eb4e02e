"""Storage on SQLite and PostgreSQL: every answered turn is kept, state carries the dialogue,
ids are unguessable, erasing is complete, and a database failure is a clear 503."""
from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func, select

from chatbot.storage.models import Conversation, Turn, db
from conftest import make_app


def count(app, model, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(model).filter_by(**where)
        return db.session.execute(query).scalar_one()


def test_each_answered_turn_is_stored_with_what_was_said_and_understood(app, chat):
    chat.send("Quel est l'impact environnemental de l'IA ?")
    chat.send("hello")
    with app.app_context():
        turns = db.session.execute(select(Turn).order_by(Turn.id)).scalars().all()
        assert [t.user_text for t in turns] == ["Quel est l'impact environnemental de l'IA ?", "hello"]
        first, second = turns
        assert first.intent == "environment" and 0 < first.confidence <= 1
        assert first.passage_ids and all(pid.startswith("environnement-") for pid in first.passage_ids)
        assert first.lang == "fr" and second.lang == "en"
        assert first.reply_text == first.reply["text"] and first.created_at is not None
        assert {t.conversation_id for t in turns} == {chat.conversation_id}


def test_the_dialogue_state_survives_between_requests(chat):
    first = chat.send("Quel est l'impact environnemental de l'IA ?")
    second = chat.send("continue")
    assert second["intent"]["name"] == "more"
    assert {q["passage_id"] for q in second["quotes"]}.isdisjoint({q["passage_id"] for q in first["quotes"]})


def test_conversation_ids_are_long_random_and_url_safe(client):
    ids = {client.post("/api/v1/chat", json={"message": "bonjour"}).get_json()["conversation_id"]
           for _ in range(20)}
    assert len(ids) == 20
    assert all(len(i) >= 20 and i.replace("-", "").replace("_", "").isalnum() for i in ids)


def test_deleting_a_conversation_erases_every_turn(app, client, chat):
    chat.send("bonjour")
    chat.send("Qui a écrit l'article ?")
    other = client.post("/api/v1/chat", json={"message": "merci"}).get_json()["conversation_id"]
    assert client.delete(f"/api/v1/conversations/{chat.conversation_id}").status_code == 204
    assert count(app, Turn, conversation_id=chat.conversation_id) == 0
    assert count(app, Conversation, id=chat.conversation_id) == 0
    assert count(app, Turn, conversation_id=other) == 1


def test_concurrent_turns_on_one_conversation_are_all_stored(app):
    start = app.test_client().post("/api/v1/chat", json={"message": "bonjour"}).get_json()["conversation_id"]

    def send(i: int) -> int:
        body = {"message": f"Question {i} : quel est l'impact environnemental ?", "conversation_id": start}
        return app.test_client().post("/api/v1/chat", json=body).status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(send, range(20)))
    assert statuses == [200] * 20
    assert count(app, Turn, conversation_id=start) == 21


def test_a_turn_whose_conversation_moved_on_meanwhile_is_answered_from_the_newer_state(app, monkeypatch):
    """A turn is composed without holding the conversation; when another turn was stored in the
    meantime, it is composed again from the newer state, not stored over it nor refused."""
    from chatbot.storage import store

    client = app.test_client()
    first = client.post("/api/v1/chat", json={"message": "Quelle est la conclusion de l'article ?"}).get_json()
    conversation = first["conversation_id"]
    read, others = store.thread, []

    def read_then_another_turn_lands(conversation_id):
        thread = read(conversation_id)
        if not others:  # between this read and the store, another tab sends a message of its own
            monkeypatch.setattr(store, "thread", read)
            others.append(app.test_client().post("/api/v1/chat", json={"message": "encore",
                                                                      "conversation_id": conversation}))
        return thread

    monkeypatch.setattr(store, "thread", read_then_another_turn_lands)
    response = client.post("/api/v1/chat", json={"message": "encore", "conversation_id": conversation})
    assert response.status_code == 200 and others and others[0].status_code == 200
    quoted = [q["passage_id"] for r in (first, others[0].get_json(), response.get_json()) for q in r["reply"]["quotes"]]
    assert len(quoted) == len(set(quoted)), "the late turn knew what the other had quoted"
    turns = client.get(f"/api/v1/conversations/{conversation}").get_json()["turns"]
    assert [t["message"] for t in turns] == ["Quelle est la conclusion de l'article ?", "encore", "encore"]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    path = tmp_path / "fresh" / "chat.sqlite3"
    path.parent.mkdir()
    app = make_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    assert path.exists(), "the database is created on first start"
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            cursor = connection.cursor()
            assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        finally:
            connection.close()
    tables = {row[0] for row in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"conversation", "turn"} <= tables


@pytest.mark.parametrize("path", ["/api/v1/chat", "/api/v1/conversations/some-id"])
def test_an_unreachable_database_is_a_503_problem(sqlite_app, path):
    database = Path(sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
    with sqlite_app.app_context():
        db.engine.dispose()
    for name in (database.name, database.name + "-wal", database.name + "-shm"):
        database.with_name(name).unlink(missing_ok=True)
    database.mkdir()  # where the database was, a folder: it can no longer be opened
    client = sqlite_app.test_client()
    response = client.post(path, json={"message": "bonjour"}) if path.endswith("chat") else client.get(path)
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 503 and "Traceback" not in response.get_data(as_text=True)
