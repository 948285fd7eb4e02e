"""A retried turn (its answer lost on the way) carries the same Idempotency-Key: it is answered
from the store and never stored twice, on each database, even when both copies arrive at once."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from chatbot.storage.models import Turn
from conftest import count

QUESTION = "Quel est l'impact environnemental de l'IA ?"


def post(client, key: str | None, message: str = QUESTION, **fields):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post("/api/v1/chat", json={"message": message, **fields}, headers=headers)


def test_a_retried_first_turn_is_answered_again_and_stored_once(app, client):
    first = post(client, "key-1")
    again = post(client, "key-1")
    assert first.status_code == again.status_code == 200
    assert again.get_json() == first.get_json()
    assert count(app, Turn) == 1


def test_a_retried_later_turn_is_stored_once(app, client):
    conversation = post(client, "key-1").get_json()["conversation_id"]
    replies = [post(client, "key-2", "Et pourquoi ?", conversation_id=conversation) for _ in range(3)]
    assert {r.status_code for r in replies} == {200}
    assert len({r.get_data() for r in replies}) == 1
    turns = client.get(f"/api/v1/conversations/{conversation}").get_json()["turns"]
    assert [t["message"] for t in turns] == [QUESTION, "Et pourquoi ?"]


def test_without_a_key_each_request_is_a_new_turn(app, client):
    post(client, None)
    post(client, None)
    assert count(app, Turn) == 2


def test_two_copies_arriving_at_once_are_stored_once(app):
    with ThreadPoolExecutor(4) as pool:
        responses = list(pool.map(lambda _: post(app.test_client(), "same-moment"), range(4)))
    assert [r.status_code for r in responses] == [200] * 4
    assert len({r.get_json()["conversation_id"] for r in responses}) == 1
    assert count(app, Turn) == 1


def test_a_key_used_for_another_message_is_refused(client):
    post(client, "key-1")
    response = post(client, "key-1", "Qui a accès à l'IA ?")
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["errors"][0]["field"] == "Idempotency-Key"


@pytest.mark.parametrize("key", ["", "x" * 101, "clé-accentuée", "two words"])
def test_a_malformed_key_is_a_422(client, key):
    response = post(client, key)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.get_json()["detail"]
