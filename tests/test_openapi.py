"""GET /api/v1/openapi.json is a valid OpenAPI 3.1 document that tells the truth about every endpoint."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate as validate_spec
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from chatbot.storage.models import db
from conftest import ARTICLE, make_app

DOCUMENT = "urn:chatbot:openapi"
PREFIX = "/api/v1"
QUESTION = "Quel est l'impact environnemental de l'IA ?"
FORMATS = FormatChecker()


@FORMATS.checks("uri")
def _is_absolute_url(value) -> bool:
    if not isinstance(value, str):
        return True
    url = urlsplit(value)
    return bool(url.scheme and url.netloc) and not re.search(r"\s", value)


def openapi(client) -> dict:
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def _pointer(*parts: str) -> str:
    return "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def schema_errors(document: dict, pointer: str, instance) -> list[str]:
    """How `instance` breaks the schema at `pointer` in the document, its `$ref`s resolved within it."""
    registry = Registry().with_resource(DOCUMENT, Resource.from_contents(document, DRAFT202012))
    validator = Draft202012Validator({"$ref": f"{DOCUMENT}#/{pointer}"}, registry=registry, format_checker=FORMATS)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def assert_documented(document: dict, path: str, method: str, response) -> None:
    """The response's status and media type are documented for this operation, it carries the headers
    documented as required, and its body fits the schema."""
    operation = document["paths"][path][method]
    status = str(response.status_code)
    assert status in operation["responses"], f"{method.upper()} {path} does not document {status}"
    declared = operation["responses"][status]
    for name, header in declared.get("headers", {}).items():
        value = response.headers.get(name)
        assert value is not None or not header.get("required"), f"{status} without its {name} header"
        if value is not None:
            value = int(value) if header["schema"].get("type") == "integer" else value
            pointer = _pointer("paths", path, method, "responses", status, "headers", name, "schema")
            assert schema_errors(document, pointer, value) == [], (name, value)
    if "content" not in declared:
        assert response.get_data() == b""
        return
    assert response.mimetype in declared["content"], (response.mimetype, list(declared["content"]))
    pointer = _pointer("paths", path, method, "responses", status, "content", response.mimetype, "schema")
    assert schema_errors(document, pointer, response.get_json(force=True)) == []


@pytest.fixture
def document(client) -> dict:
    return openapi(client)


def new_conversation(client) -> str:
    return client.post(f"{PREFIX}/chat", json={"message": QUESTION}).get_json()["conversation_id"]


def test_document_is_valid_openapi_3_1(sqlite_app):
    document = openapi(sqlite_app.test_client())
    assert document["openapi"].startswith("3.1")
    validate_spec(document)


def test_every_component_schema_is_a_valid_json_schema(sqlite_app):
    document = openapi(sqlite_app.test_client())
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_every_served_api_route_is_documented_and_every_documented_one_served(sqlite_app):
    document = openapi(sqlite_app.test_client())
    assert [s["url"] for s in document["servers"]] == [PREFIX]
    served = set()
    for rule in sqlite_app.url_map.iter_rules():
        if rule.rule.startswith(PREFIX + "/"):
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule[len(PREFIX):])
            served |= {(path, m.lower()) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(path, method) for path, item in document["paths"].items() for method in item
                  if method in {"get", "put", "post", "delete", "patch"}}
    assert served == documented


def test_message_limit_in_the_document_is_the_app_setting(sqlite_app):
    schemas = openapi(sqlite_app.test_client())["components"]["schemas"]
    limit = sqlite_app.config["MAX_MESSAGE_LENGTH"]
    assert schemas["ChatRequest"]["properties"]["message"]["maxLength"] == limit
    assert schemas["ParseRequest"]["properties"]["text"]["maxLength"] == limit


# Real responses against the document


@pytest.mark.parametrize("body", [
    {"message": QUESTION},
    {"message": "Where does Maurel teach?"},
    {"message": "Bonjour"},
    {"message": "What is the environmental impact of AI?", "lang": "fr", "article": ARTICLE},
])
def test_chat_replies_fit_the_document(client, document, body):
    assert_documented(document, "/chat", "post", client.post(f"{PREFIX}/chat", json=body))


def test_chat_reply_in_a_conversation_fits_the_document(client, document):
    conversation_id = new_conversation(client)
    response = client.post(f"{PREFIX}/chat", json={"message": "Et ensuite ?", "conversation_id": conversation_id})
    assert_documented(document, "/chat", "post", response)


@pytest.mark.parametrize("text", [QUESTION, "Where does Maurel teach?", "Bonjour", "x" * 1000])
def test_parse_results_fit_the_document(client, document, text):
    assert_documented(document, "/parse", "post", client.post(f"{PREFIX}/parse", json={"text": text}))


def test_parse_within_a_conversation_fits_the_document(client, document):
    body = {"text": "Et ensuite ?", "conversation_id": new_conversation(client)}
    assert_documented(document, "/parse", "post", client.post(f"{PREFIX}/parse", json=body))


def test_articles_fit_the_document(client, document):
    assert_documented(document, "/articles", "get", client.get(f"{PREFIX}/articles"))
    assert_documented(document, "/articles/{slug}", "get", client.get(f"{PREFIX}/articles/{ARTICLE}"))


def test_conversation_and_its_deletion_fit_the_document(client, document):
    conversation_id = new_conversation(client)
    client.post(f"{PREFIX}/chat", json={"message": "Et ensuite ?", "conversation_id": conversation_id})
    path = f"{PREFIX}/conversations/{conversation_id}"
    assert_documented(document, "/conversations/{conversation_id}", "get", client.get(path))
    assert_documented(document, "/conversations/{conversation_id}", "delete", client.delete(path))


# Error responses against the document: (path, method, how to send it, status)
ERRORS = [
    ("/chat", "post", {"data": b'{"message": ', "content_type": "application/json"}, 400),
    ("/chat", "post", {"data": b'{"message": "\xff"}', "content_type": "application/json"}, 400),
    ("/chat", "post", {"json": {"message": "hi", "article": "no-such-article"}}, 404),
    ("/chat", "post", {"json": {"message": "hi", "conversation_id": "no-such-conversation"}}, 404),
    ("/chat", "post", {"json": {"message": "a" * 20000}}, 413),
    ("/chat", "post", {"data": "message=hi", "content_type": "application/x-www-form-urlencoded"}, 415),
    ("/chat", "post", {"json": {"message": ""}}, 422),
    ("/chat", "post", {"json": {"message": "hi", "lang": "de"}}, 422),
    ("/chat", "post", {"json": ["hi"]}, 422),
    ("/parse", "post", {"data": b"{", "content_type": "application/json"}, 400),
    ("/parse", "post", {"json": {"text": "hi", "article": "no-such-article"}}, 404),
    ("/parse", "post", {"json": {"text": "hi", "conversation_id": "no-such-conversation"}}, 404),
    ("/parse", "post", {"json": {"text": "a" * 20000}}, 413),
    ("/parse", "post", {"data": "hi", "content_type": "text/plain"}, 415),
    ("/parse", "post", {"json": {"text": 42}}, 422),
    ("/articles/{slug}", "get", {}, 404),
    ("/conversations/{conversation_id}", "get", {}, 404),
    ("/conversations/{conversation_id}", "delete", {}, 404),
]


@pytest.mark.parametrize("path, method, request_, status", ERRORS,
                         ids=[f"{m.upper()} {p} {s}" for p, m, _, s in ERRORS])
def test_error_responses_fit_the_document(client, document, path, method, request_, status):
    url = PREFIX + path.format(slug="no-such-article", conversation_id="no-such-conversation")
    response = client.open(url, method=method.upper(), **request_)
    assert response.status_code == status, response.get_data(as_text=True)
    assert_documented(document, path, method, response)


@pytest.mark.parametrize("path", ["/chat", "/parse"])
def test_an_article_other_than_the_conversations_fits_the_document(client, document, path):
    field = "message" if path == "/chat" else "text"
    body = {field: "encore", "conversation_id": new_conversation(client), "article": "velo-urbain"}
    response = client.post(PREFIX + path, json=body)
    assert response.status_code == 422
    assert_documented(document, path, "post", response)


def test_a_full_conversation_fits_the_document(client, document):
    client.application.config["MAX_TURNS"] = 1
    response = client.post(f"{PREFIX}/chat", json={"message": "encore", "conversation_id": new_conversation(client)})
    assert response.status_code == 409
    assert_documented(document, "/chat", "post", response)


@pytest.mark.parametrize("path, field", [("/chat", "message"), ("/parse", "text")])
def test_too_many_requests_fit_the_document(tmp_path, path, field):
    app = make_app({"TESTING": True, "RATE_LIMIT": "1 per minute",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'limited.sqlite3'}"})
    client = app.test_client()
    document = openapi(client)
    responses = [client.post(PREFIX + path, json={field: "bonjour"}) for _ in range(2)]
    assert [r.status_code for r in responses] == [200, 429]
    assert_documented(document, path, "post", responses[1])


@pytest.mark.parametrize("path, method", [
    ("/chat", "post"), ("/parse", "post"), ("/articles", "get"), ("/articles/{slug}", "get"),
    ("/conversations/{conversation_id}", "get"), ("/conversations/{conversation_id}", "delete"),
    ("/openapi.json", "get"),
])
def test_an_untrusted_host_fits_the_document(tmp_path, path, method):
    app = make_app({"TESTING": True, "TRUSTED_HOSTS": ["chat.example"],
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'hosts.sqlite3'}"})
    client = app.test_client()
    document = client.get(f"{PREFIX}/openapi.json", headers={"Host": "chat.example"}).get_json()
    url = PREFIX + path.format(slug=ARTICLE, conversation_id="some-id")
    response = client.open(url, method=method.upper(), json={"message": "hi", "text": "hi"},
                           headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert_documented(document, path, method, response)


@pytest.mark.parametrize("method, url", [
    ("GET", "/chat"), ("GET", "/parse"), ("POST", "/articles"), ("DELETE", f"/articles/{ARTICLE}"),
    ("PUT", "/conversations/some-id"), ("POST", "/openapi.json"), ("GET", "/no-such-endpoint"),
])
def test_errors_outside_any_operation_are_documented_problems(client, document, method, url):
    response = client.open(PREFIX + url, method=method)
    assert response.status_code in (404, 405)
    assert response.mimetype == "application/problem+json"
    assert schema_errors(document, "components/schemas/Problem", response.get_json(force=True)) == []


@pytest.mark.parametrize("path, method, request_", [
    ("/chat", "post", {"json": {"message": QUESTION}}),
    ("/parse", "post", {"json": {"text": QUESTION, "conversation_id": "some-id"}}),
    ("/conversations/{conversation_id}", "get", {}),
    ("/conversations/{conversation_id}", "delete", {}),
])
def test_database_unavailable_fits_the_document(sqlite_app, path, method, request_):
    client = sqlite_app.test_client()
    document = openapi(client)
    with sqlite_app.app_context():
        db.drop_all()  # every query now fails as if the database were gone
    response = client.open(PREFIX + path.format(conversation_id="some-id"), method=method.upper(), **request_)
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers.get("Retry-After")
    assert_documented(document, path, method, response)


# Requests: what the document accepts, the app accepts


@pytest.mark.parametrize("body", [
    {"message": "Bonjour"},
    {"message": "a" * 1000},
    {"message": "Bonjour", "lang": "en", "article": ARTICLE},
    {"message": ""},
    {"message": "a" * 1001},
    {"message": 42},
    {"message": "Bonjour", "lang": "de"},
    {"lang": "fr"},
    {"message": "   "},
    {"message": "\x00\x01\x85"},
    {"message": "\x00Bonjour\x9b"},
    {"message": "Bonjour", "conversation_id": None, "article": None, "lang": None},
    {"message": "Bonjour", "article": "x\x1b[31m"},
    {"message": "Bonjour", "article": "x\x85"},
    {"message": "Bonjour", "article": "  "},
    {"message": "Bonjour", "article": "a" * 101},
])
def test_chat_accepts_exactly_the_requests_the_document_allows(client, document, body):
    allowed = not schema_errors(document, "components/schemas/ChatRequest", body)
    response = client.post(f"{PREFIX}/chat", json=body)
    assert (response.status_code == 200) == allowed, (response.status_code, allowed)


@pytest.mark.parametrize("body", [
    {"text": "Bonjour", "article": None, "conversation_id": None},
    {"text": "Bonjour", "conversation_id": "\x00"},
    {"text": "\x7f"},
])
def test_parse_accepts_exactly_the_requests_the_document_allows(client, document, body):
    allowed = not schema_errors(document, "components/schemas/ParseRequest", body)
    response = client.post(f"{PREFIX}/parse", json=body)
    assert (response.status_code == 200) == allowed, (response.status_code, allowed)
