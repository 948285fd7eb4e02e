"""Rate limiting: past the limit a client gets a 429 problem with Retry-After; other
clients are not affected; counters can live in Redis, shared by every worker."""
from __future__ import annotations

import os
import uuid

import pytest

from conftest import make_app

REDIS_SKIP = "TEST_REDIS_URL is not set, so the Redis case skips (CI sets it)"


@pytest.fixture(params=["memory", "redis"])
def limited_app(request, tmp_path):
    storage = "memory://"
    if request.param == "redis":
        storage = os.environ.get("TEST_REDIS_URL") or pytest.skip(REDIS_SKIP)
    return make_app({"TESTING": True, "RATE_LIMIT": "3 per minute", "RATE_LIMIT_STORAGE": storage,
                       "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex,  # a fresh counter per test run
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/limits.db"})


@pytest.mark.parametrize("path, field", [("/api/v1/chat", "message"), ("/api/v1/parse", "text")])
def test_past_the_limit_a_client_gets_a_429_with_retry_after(limited_app, path, field):
    client = limited_app.test_client()
    statuses = [client.post(path, json={field: "bonjour"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    response = client.post(path, json={field: "bonjour"})
    assert response.status_code == 429
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == 429 and "3 per 1 minute" in response.get_json()["detail"]
    assert int(response.headers["Retry-After"]) > 0


def test_the_limit_counts_per_client_address(limited_app):
    client = limited_app.test_client()
    for _ in range(4):
        client.post("/api/v1/chat", json={"message": "bonjour"}, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    other = client.post("/api/v1/chat", json={"message": "bonjour"}, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 200


def test_reading_articles_is_not_limited(limited_app):
    client = limited_app.test_client()
    assert {client.get("/api/v1/articles").status_code for _ in range(6)} == {200}


def test_an_empty_limit_turns_limiting_off(tmp_path):
    app = make_app({"RATE_LIMIT": "", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/off.db"})
    client = app.test_client()
    assert {client.post("/api/v1/parse", json={"text": "bonjour"}).status_code for _ in range(80)} == {200}
