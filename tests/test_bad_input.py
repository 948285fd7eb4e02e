"""Bad requests get a clear problem+json error, never a 500; odd but valid messages get a normal reply."""
from __future__ import annotations

import io
import json
import unicodedata

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from conftest import ARTICLE

PROBLEM = "application/problem+json"
JSON = "application/json"
QUESTION = "Quel est l'impact environnemental de l'IA ?"
LIMIT = 1000  # MAX_MESSAGE_LENGTH's default
BODY_LIMIT = 16 * 1024  # MAX_BODY_BYTES's default


def assert_problem(response, status: int) -> dict:
    """The response is an RFC 9457 problem with this status, and shows no traceback."""
    text = response.get_data(as_text=True)
    assert response.status_code == status, text
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert "Traceback" not in text
    return body


def raw(fields: dict) -> bytes:
    """A JSON body as bytes, with lone surrogates escaped (they cannot be encoded as UTF-8)."""
    try:
        return json.dumps(fields, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return json.dumps(fields).encode()


def post(client, path: str, body, content_type: str | None = JSON):
    if isinstance(body, bytes):
        return client.post(path, data=body, content_type=content_type)
    return client.post(path, data=raw(body), content_type=content_type)


def body_cases(path: str, field: str) -> list:
    """Bad bodies for an endpoint whose required text field is `field`."""
    def case(id_, body, status, content_type=JSON):
        return pytest.param(path, body, content_type, status, id=f"{path.rsplit('/', 1)[-1]}: {id_}")

    return [
        case("malformed JSON", f'{{"{field}": '.encode(), 400),
        case("JSON followed by garbage", f'{{"{field}": "hi"}} x'.encode(), 400),
        case("empty body", b"", 400),
        case("invalid UTF-8 bytes", f'{{"{field}": "'.encode() + b'\xff\xfe"}', 400),
        case("UTF-8-encoded surrogate", f'{{"{field}": "'.encode() + b'\xed\xa0\x80"}', 400),
        case("Latin-1 body", f'{{"{field}": "café"}}'.encode("latin-1"), 400),
        case("text/plain", raw({field: "hi"}), 415, "text/plain"),
        case("form data", f"{field}=hi".encode(), 415, "application/x-www-form-urlencoded"),
        case("no content type", raw({field: "hi"}), 415, None),
        case("body over 16 KiB", raw({field: "a" * (BODY_LIMIT + 1)}), 413),
        case("field missing", {}, 422),
        case("field misspelt", {field + "s": "hi"}, 422),
        case("empty", {field: ""}, 422),
        case("only spaces", {field: "   "}, 422),
        case("only tabs and line breaks", {field: "\t\r\n"}, 422),
        case("only control characters", {field: "\x00\x01\x7f"}, 422),
        case("only C1 control characters", {field: "\x80\x85\x9f"}, 422),
        case("a number", {field: 42}, 422),
        case("a boolean", {field: True}, 422),
        case("a list", {field: ["hi"]}, 422),
        case("null", {field: None}, 422),
        case("an object", {field: {"text": "hi"}}, 422),
        case(f"{LIMIT + 1} characters", {field: "a" * (LIMIT + 1)}, 422),
        case("body is an array", [{field: "hi"}], 422),
        case("body is a string", "hi", 422),
        case("body is a number", 42, 422),
        case("body is null", None, 422),
        case("unknown article", {field: "hi", "article": "no-such-article"}, 404),
        case("article not a string", {field: "hi", "article": 7}, 422),
        case("article empty", {field: "hi", "article": ""}, 422),
        case("unknown conversation_id", {field: "hi", "conversation_id": "no-such-conversation"}, 404),
        case("conversation_id not a string", {field: "hi", "conversation_id": 12345}, 422),
    ]


BAD_BODIES = [
    *body_cases("/api/v1/chat", "message"),
    *body_cases("/api/v1/parse", "text"),
    pytest.param("/api/v1/chat", {"message": "hi", "lang": "de"}, JSON, 422, id="chat: unknown lang"),
    pytest.param("/api/v1/chat", {"message": "hi", "lang": "FR"}, JSON, 422, id="chat: lang in capitals"),
    pytest.param("/api/v1/chat", {"message": "hi", "lang": 1}, JSON, 422, id="chat: lang not a string"),
]


@pytest.mark.parametrize("path, body, content_type, status", BAD_BODIES)
def test_bad_body_gets_a_problem(client, path, body, content_type, status):
    assert_problem(post(client, path, body, content_type), status)


@pytest.mark.parametrize("field, value", [
    ("message", ""), ("message", 42), ("message", "a" * (LIMIT + 1)), ("lang", "de"),
])
def test_422_says_which_field_is_wrong(sqlite_app, field, value):
    body = {"message": "hi", field: value}
    problem = assert_problem(post(sqlite_app.test_client(), "/api/v1/chat", body), 422)
    assert field in problem["detail"]
    assert [e["field"] for e in problem.get("errors", [])] == [field]


def test_chat_with_another_article_than_its_conversation_is_refused(client):
    first = client.post("/api/v1/chat", json={"message": QUESTION}).get_json()
    body = {"message": QUESTION, "conversation_id": first["conversation_id"], "article": "another-article"}
    assert_problem(post(client, "/api/v1/chat", body), 422)


@pytest.mark.parametrize("path, field", [("/api/v1/chat", "message"), ("/api/v1/parse", "text")])
@pytest.mark.parametrize("text", ["a" * LIMIT, "é" * LIMIT, ("Quel est l'impact ? " * 60)[:LIMIT]])
def test_exactly_1000_characters_are_accepted(client, path, field, text):
    assert len(text) == LIMIT
    response = post(client, path, {field: text})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == JSON


def chunked(client, body: bytes | io.RawIOBase, terminated: bool = True, path: str = "/api/v1/chat",
            content_type: str = JSON):
    """POST a body of unknown length, as a chunked request reaches the app.

    Werkzeug's test client always sets Content-Length, so the environ is built and edited by hand.
    A server that de-chunks bodies (gunicorn, werkzeug's own) sets `wsgi.input_terminated`;
    without it werkzeug reads no body at all rather than risk reading forever.
    """
    environ = EnvironBuilder(path=path, method="POST", content_type=content_type).get_environ()
    environ["wsgi.input"] = io.BytesIO(body) if isinstance(body, bytes) else body
    environ.pop("CONTENT_LENGTH", None)
    environ["HTTP_TRANSFER_ENCODING"] = "chunked"
    if terminated:
        environ["wsgi.input_terminated"] = True
    return client.open(Request(environ))


def test_chunked_body_within_the_limit_is_read(client):
    response = chunked(client, raw({"message": QUESTION}))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["reply"]["quotes"]


@pytest.mark.parametrize("body", [
    pytest.param(raw({"message": "a" * (BODY_LIMIT + 1)}), id="long message"),
    pytest.param(raw({"message": QUESTION}) + b" " * BODY_LIMIT, id="short message padded with spaces"),
])
def test_chunked_body_over_16_kib_is_refused(client, body):
    assert len(body) > BODY_LIMIT
    assert_problem(chunked(client, body), 413)


def test_chunked_body_the_server_does_not_terminate_is_not_read(client):
    assert_problem(chunked(client, raw({"message": QUESTION}), terminated=False), 400)


class InvalidChunkSize(Exception):
    """What gunicorn's reader raises on a chunk size of `zz` (not an OSError, so werkzeug lets it through)."""


class BadChunks(io.RawIOBase):
    """The server's input stream for a body whose framing breaks after a few bytes."""

    def __init__(self):
        self.sent = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.sent:
            raise InvalidChunkSize("Invalid chunk size: b'zz'")
        self.sent = True
        buffer[:2] = b'{"'
        return 2


def test_a_chunked_body_the_server_cannot_de_chunk_is_a_400(client):
    problem = assert_problem(chunked(client, BadChunks()), 400)
    assert "chunked" in problem["detail"]


def test_the_chat_form_with_a_body_the_server_cannot_de_chunk_is_a_400_page(sqlite_app):
    response = chunked(sqlite_app.test_client(), BadChunks(), path=f"/chat/{ARTICLE}",
                       content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "Requête illisible" in response.get_data(as_text=True)


@pytest.mark.parametrize("method, path, allowed", [
    ("GET", "/api/v1/chat", {"POST"}),
    ("PUT", "/api/v1/chat", {"POST"}),
    ("DELETE", "/api/v1/chat", {"POST"}),
    ("GET", "/api/v1/parse", {"POST"}),
    ("PATCH", "/api/v1/parse", {"POST"}),
    ("POST", "/api/v1/articles", {"GET"}),
    ("DELETE", "/api/v1/articles", {"GET"}),
    ("POST", f"/api/v1/articles/{ARTICLE}", {"GET"}),
    ("PUT", f"/api/v1/articles/{ARTICLE}", {"GET"}),
    ("POST", "/api/v1/conversations/some-id", {"GET", "DELETE"}),
    ("PUT", "/api/v1/conversations/some-id", {"GET", "DELETE"}),
    ("PATCH", "/api/v1/conversations/some-id", {"GET", "DELETE"}),
    ("POST", "/api/v1/openapi.json", {"GET"}),
])
def test_wrong_method_gets_405_naming_the_allowed_ones(client, method, path, allowed):
    response = client.open(path, method=method, json={"message": "hi"})
    assert_problem(response, 405)
    methods = {m.strip() for m in response.headers.get("Allow", "").split(",")}
    assert allowed <= methods
    assert method not in methods


@pytest.mark.parametrize("method, path", [
    ("GET", "/api/v1/nope"),
    ("GET", "/api/v1/"),
    ("POST", "/api/v1/chat/extra"),
    ("GET", "/api/v1/articles/"),
    ("GET", "/api/v1/conversations/"),
    ("POST", "/api/v2/chat"),
])
def test_unknown_api_path_gets_a_404_problem(client, method, path):
    assert_problem(client.open(path, method=method, json={"message": "hi"}), 404)


def test_api_errors_are_problems_even_for_a_client_that_prefers_html(client):
    response = client.get("/api/v1/articles/no-such-article", headers={"Accept": "text/html"})
    assert_problem(response, 404)


# Hostile but valid messages: (id, message sent, message as stored, whether it asks the article a question)
HOSTILE = [
    ("control characters", "a\x01b\x1fc\x7f", "abc", False),
    ("control characters around a question", f"\x07{QUESTION}\x1b", QUESTION, True),
    ("C1 control characters", "a\x80b\x85c\x9b[31md\x9f", "abc[31md", False),
    ("C1 control characters in a question", f"\x9b{QUESTION}\x90", QUESTION, True),
    ("tabs and line breaks", "a\tb\nc\r\nd", "a\tb\nc\r\nd", False),
    ("emoji only", "🤖🌍🔥", "🤖🌍🔥", False),
    ("emoji around a question", f"🌍 {QUESTION} 🔥", f"🌍 {QUESTION} 🔥", True),
    ("right-to-left marks", f"\u200f{QUESTION}\u202e", f"\u200f{QUESTION}\u202e", True),
    ("right-to-left override", "\u202eabc\u202c", "\u202eabc\u202c", False),
    ("lone surrogate", "\ud800", "\ufffd", False),
    ("lone surrogates in a question", f"\udfff{QUESTION}\ud800", f"\ufffd{QUESTION}\ufffd", True),
    ("NUL byte", "a\x00b", "ab", False),
    ("NUL byte before a question", f"\x00{QUESTION}", QUESTION, True),
    ("zero-width joiners", "👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧", False),
    ("zero-width characters in a question", "Quel\u200d est l'impact\u200b environnemental de l'IA ?",
     "Quel\u200d est l'impact\u200b environnemental de l'IA ?", True),
    ("combining accents", unicodedata.normalize("NFD", "Qui a accès à l'IA générative ?"),
     unicodedata.normalize("NFD", "Qui a accès à l'IA générative ?"), True),
    ("stacked combining accents", "e\u0301\u0301\u0301\u0301", "e\u0301\u0301\u0301\u0301", False),
    ("one word of 1000 characters", "x" * LIMIT, "x" * LIMIT, False),
    ("only punctuation", "?!?!...;;«»", "?!?!...;;«»", False),
    ("SQL injection", "'; DROP TABLE conversation; --", "'; DROP TABLE conversation; --", False),
    ("SQL injection with quotes", "Robert'); DELETE FROM turn;--", "Robert'); DELETE FROM turn;--", False),
    ("HTML injection", "<script>alert(1)</script>", "<script>alert(1)</script>", False),
    ("HTML in a question", "What about <b>energy</b>?", "What about <b>energy</b>?", True),
    ("template and format syntax", "{{7*7}} %s %n ${x}", "{{7*7}} %s %n ${x}", False),
]


@pytest.fixture(scope="module")
def article_text(library) -> str:
    return library.get(ARTICLE).article.text


@pytest.mark.parametrize("message, stored, asks", [pytest.param(*row[1:], id=row[0]) for row in HOSTILE])
def test_hostile_message_gets_a_normal_reply_and_is_stored(client, article_text, message, stored, asks):
    response = post(client, "/api/v1/chat", {"message": message})
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json()
    reply = data["reply"]
    assert {"text", "quotes", "prompt", "suggestions", "intent", "lang"} <= set(reply)
    assert reply["text"]
    assert len(reply["quotes"]) <= 2
    for quote in reply["quotes"]:
        assert quote["text"] in article_text
    if asks:
        assert reply["quotes"], "the question around the odd characters should still be answered"
    else:
        assert reply["suggestions"]
    conversation = client.get(f"/api/v1/conversations/{data['conversation_id']}")
    assert conversation.status_code == 200
    [turn] = conversation.get_json()["turns"]
    assert turn["message"] == stored
    assert turn["reply"] == reply


@pytest.mark.parametrize("message, stored", [pytest.param(*row[1:3], id=row[0]) for row in HOSTILE])
def test_hostile_text_is_parsed(sqlite_app, message, stored):
    response = post(sqlite_app.test_client(), "/api/v1/parse", {"text": message})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["text"] == stored


def test_injection_leaves_other_conversations_intact(client):
    kept = client.post("/api/v1/chat", json={"message": QUESTION}).get_json()["conversation_id"]
    for message in ("'; DROP TABLE conversation; --", "Robert'); DELETE FROM turn;--"):
        assert post(client, "/api/v1/chat", {"message": message, "conversation_id": kept}).status_code == 200
    turns = client.get(f"/api/v1/conversations/{kept}").get_json()["turns"]
    assert len(turns) == 3
