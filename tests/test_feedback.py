"""Readers' feedback on each reply: useful or not, with a comment on "not useful"; one vote per turn,
changeable, stored with the turn; clear errors for a bad body, an unknown conversation or turn."""
from __future__ import annotations

import pytest

from chatbot.storage.models import Turn, db
from conftest import make_app


@pytest.fixture
def app(tmp_path):
    return make_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'feedback.sqlite3'}"})


def _conversation(client) -> str:
    first = client.post("/api/v1/chat", json={"message": "Quel est l'impact environnemental ?"}).get_json()
    second = client.post("/api/v1/chat", json={"message": "Et l'accès ?",
                                               "conversation_id": first["conversation_id"]}).get_json()
    assert (first["turn"], second["turn"]) == (1, 2), "the chat response gives the turn's number"
    return first["conversation_id"]


def _stored(app, conversation_id: str) -> list[tuple]:
    with app.app_context():
        return sorted(db.session.query(Turn.number, Turn.useful, Turn.comment)
                      .filter_by(conversation_id=conversation_id).all())


def test_a_reader_votes_on_a_reply_and_changes_their_mind(app):
    client = app.test_client()
    conversation_id = _conversation(client)
    url = f"/api/v1/conversations/{conversation_id}/turns/2/feedback"
    voted = client.post(url, json={"useful": False, "comment": "  Ça ne répond pas à ma question  "})
    assert voted.status_code == 200 and voted.headers["Cache-Control"] == "no-store"
    assert voted.get_json() == {"conversation_id": conversation_id, "turn": 2, "useful": False,
                                "comment": "Ça ne répond pas à ma question"}
    assert _stored(app, conversation_id) == [(1, None, None), (2, False, "Ça ne répond pas à ma question")]
    assert client.post(url, json={"useful": True}).status_code == 200
    assert _stored(app, conversation_id)[1] == (2, True, None), "one vote per turn: the new one replaces it"


@pytest.mark.parametrize(("body", "field"), [
    ({}, "useful"), ({"useful": "yes"}, "useful"), ({"useful": 1}, "useful"), ({"useful": None}, "useful"),
    ({"useful": False, "comment": 42}, "comment"), ({"useful": False, "comment": "x" * 1001}, "comment"),
])
def test_a_bad_vote_is_a_422_naming_the_field(app, body, field):
    client = app.test_client()
    conversation_id = _conversation(client)
    response = client.post(f"/api/v1/conversations/{conversation_id}/turns/1/feedback", json=body)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert response.get_json()["errors"][0]["field"] == field
    assert _stored(app, conversation_id)[0] == (1, None, None), "nothing is stored"


def test_a_vote_on_a_turn_or_conversation_that_does_not_exist_is_a_404(app):
    client = app.test_client()
    conversation_id = _conversation(client)
    for url in (f"/api/v1/conversations/{conversation_id}/turns/3/feedback",
                "/api/v1/conversations/nope/turns/1/feedback"):
        response = client.post(url, json={"useful": True})
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert client.post(f"/api/v1/conversations/{conversation_id}/turns/0/feedback",
                       json={"useful": True}).status_code == 404
