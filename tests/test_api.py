"""The JSON API as a client sees it: chat, parse, articles and conversations, on each database."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from chatbot.storage.models import Conversation, Turn
from conftest import ARTICLE, Chat, count

ENVIRONMENT = "Quel est l'impact environnemental de l'IA ?"
OUT_OF_SCOPE = ["Where does Maurel teach?", "Quelle est la recette de la tarte tatin ?", "Who won the 2018 World Cup?"]
REPLY_KEYS = {"text", "quotes", "prompt", "suggestions", "intent", "lang"}
QUOTE_KEYS = {"text", "passage_id", "section", "section_title", "url"}


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.ids.update(value for name, value in attrs if name == "id" and value)


def page_ids(client, path: str) -> set[str]:
    """The element ids of an HTML page, which is served with a 200."""
    response = client.get(path)
    assert response.status_code == 200
    parser = _Ids()
    parser.feed(response.get_data(as_text=True))
    return parser.ids


def passages(client, slug: str = ARTICLE) -> dict[str, dict]:
    """Every passage of an article by id, with its section, from GET /api/v1/articles/<slug>."""
    response = client.get(f"/api/v1/articles/{slug}")
    assert response.status_code == 200
    return {p["passage_id"]: {"text": p["text"], "section": s["id"], "section_title": s["title"]}
            for s in response.get_json()["sections"] for p in s["passages"]}


def post_chat(client, message: str, **fields) -> dict:
    response = client.post("/api/v1/chat", json={"message": message, **fields})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


# POST /api/v1/chat


def test_chat_reply_has_the_documented_shape(client):
    data = post_chat(client, ENVIRONMENT)
    assert set(data) == {"conversation_id", "turn", "article", "reply"} and data["turn"] == 1
    assert data["article"] == ARTICLE
    reply = data["reply"]
    assert set(reply) == REPLY_KEYS
    assert isinstance(reply["text"], str) and reply["text"]
    assert reply["quotes"] and all(set(q) == QUOTE_KEYS for q in reply["quotes"])
    assert reply["prompt"] is None or (isinstance(reply["prompt"], str) and reply["prompt"])
    assert all(isinstance(s, str) and s for s in reply["suggestions"])
    assert set(reply["intent"]) == {"name", "confidence"}
    assert reply["intent"]["name"] == "environment"
    assert 0 <= reply["intent"]["confidence"] <= 1
    assert reply["lang"] == "fr"


@pytest.mark.parametrize("question", [
    ENVIRONMENT,
    "Combien de CO2 pour entraîner un modèle ?",
    "Qui a accès à l'IA générative ?",
    "Que propose l'auteur ?",
    "C'est quoi l'IA générative ?",
    "How much CO2 does training a model emit?",
    "Who has access to generative AI?",
    "What is the article's conclusion?",
])
def test_chat_quotes_are_verbatim_passages_of_the_article(client, question):
    article = passages(client)
    full_text = " ".join(p["text"] for p in article.values())
    quotes = post_chat(client, question)["reply"]["quotes"]
    assert 1 <= len(quotes) <= 2
    for quote in quotes:
        passage = article[quote["passage_id"]]
        assert quote["text"] in passage["text"]
        assert quote["text"] in full_text
        assert (quote["section"], quote["section_title"]) == (passage["section"], passage["section_title"])


@pytest.mark.parametrize("question", [ENVIRONMENT, "Qui a écrit cette tribune ?", "Comment se termine l'article ?"])
def test_quote_links_open_the_article_at_the_quoted_passage(client, question):
    quotes = post_chat(client, question)["reply"]["quotes"]
    assert quotes
    for quote in quotes:
        url = urlsplit(quote["url"])
        assert url.scheme in ("http", "https") and url.netloc
        assert url.path == f"/articles/{ARTICLE}"
        assert url.fragment == quote["passage_id"]
        assert quote["passage_id"] in page_ids(client, url.path)


def test_sending_the_conversation_id_back_continues_the_conversation(client):
    first = post_chat(client, ENVIRONMENT)
    second = post_chat(client, "Et ensuite ?", conversation_id=first["conversation_id"])
    assert second["conversation_id"] == first["conversation_id"]
    assert second["article"] == first["article"]
    already_quoted = {q["passage_id"] for q in first["reply"]["quotes"]}
    follow_up = {q["passage_id"] for q in second["reply"]["quotes"]}
    assert follow_up, "'go on' should quote more of the same topic"
    assert not follow_up & already_quoted
    assert {passages(client)[p]["section"] for p in follow_up} == {q["section"] for q in first["reply"]["quotes"]}


def test_each_new_conversation_gets_a_long_random_id(client):
    ids = [post_chat(client, "Bonjour")["conversation_id"] for _ in range(5)]
    assert len(set(ids)) == len(ids)
    for conversation_id in ids:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", conversation_id), conversation_id
    assert len({i[:8] for i in ids}) == len(ids), "ids should not share a predictable prefix"


@pytest.mark.parametrize("question, lang", [
    ("What is the environmental impact of AI?", "fr"),
    (ENVIRONMENT, "en"),
])
def test_lang_sets_the_language_of_the_reply_not_the_answer(client, question, lang):
    detected = post_chat(client, question)["reply"]
    forced = post_chat(client, question, lang=lang)["reply"]
    assert detected["lang"] != lang
    assert forced["lang"] == lang
    assert forced["text"] != detected["text"]
    assert forced["suggestions"] != detected["suggestions"]
    assert [q["passage_id"] for q in forced["quotes"]] == [q["passage_id"] for q in detected["quotes"]]


@pytest.mark.parametrize("question", OUT_OF_SCOPE)
def test_out_of_scope_question_is_refused_with_suggestions(client, question):
    reply = post_chat(client, question)["reply"]
    assert reply["intent"]["name"] == "fallback"
    assert reply["quotes"] == []
    assert reply["suggestions"]
    assert all(isinstance(s, str) and s.strip() for s in reply["suggestions"])


def test_suggestions_after_a_refusal_are_questions_the_bot_answers(client):
    suggestions = post_chat(client, OUT_OF_SCOPE[0])["reply"]["suggestions"]
    assert suggestions
    for suggestion in suggestions:
        reply = post_chat(client, suggestion)["reply"]
        assert reply["intent"]["name"] != "fallback", suggestion
        assert reply["quotes"], suggestion


def test_chat_without_article_uses_the_default_article(client):
    default = client.get("/api/v1/articles").get_json()["default"]
    assert post_chat(client, ENVIRONMENT)["article"] == default
    assert post_chat(client, ENVIRONMENT, article=ARTICLE)["article"] == ARTICLE


def test_every_answered_turn_is_stored(app, client):
    chat_a, chat_b = Chat(client), Chat(client)
    messages = [ENVIRONMENT, "Et ensuite ?", "Qui a accès à l'IA générative ?", "Merci !"]
    for message in messages:
        chat_a.send(message)
        chat_b.send(message)
        refused = client.post("/api/v1/chat", json={"message": "", "conversation_id": chat_a.conversation_id})
        assert refused.status_code == 422
    for one in (chat_a, chat_b):
        turns = client.get(f"/api/v1/conversations/{one.conversation_id}").get_json()["turns"]
        assert [t["message"] for t in turns] == messages
    assert count(app, Turn) == 2 * len(messages)
    assert count(app, Conversation) == 2


# POST /api/v1/parse


def test_parse_explains_how_a_text_is_understood(client):
    response = client.post("/api/v1/parse", json={"text": "Qui a accès à l'IA générative ?"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert set(data) >= {"text", "lang", "intent", "intent_ranking", "passages", "explanation"}
    assert data["text"] == "Qui a accès à l'IA générative ?"
    assert data["lang"] == "fr"
    assert data["intent"]["name"] == "access"
    ranking = data["intent_ranking"]
    assert ranking[0]["name"] == data["intent"]["name"]
    assert all(0 <= i["confidence"] <= 1 for i in ranking)
    assert [i["confidence"] for i in ranking] == sorted((i["confidence"] for i in ranking), reverse=True)
    assert {"tokens", "concepts", "intents", "reason"} <= set(data["explanation"])
    assert data["explanation"]["tokens"]
    assert "access" in data["explanation"]["concepts"]


def test_parse_passages_are_article_passages_best_first(client):
    article = passages(client)
    found = client.post("/api/v1/parse", json={"text": "Qui a accès à l'IA générative ?"}).get_json()["passages"]
    assert found
    for passage in found:
        assert passage["text"] == article[passage["passage_id"]]["text"]
        assert passage["section"] == article[passage["passage_id"]]["section"]
    assert [p["score"] for p in found] == sorted((p["score"] for p in found), reverse=True)


def test_parse_says_why_an_out_of_scope_question_is_refused(client):
    data = client.post("/api/v1/parse", json={"text": "Where does Maurel teach?"}).get_json()
    assert data["intent"]["name"] == "fallback"
    assert "the article does not give" in data["explanation"]["reason"]  # the passages weighed hold no such answer


@pytest.mark.parametrize("text", [ENVIRONMENT, "Who has access to generative AI?", OUT_OF_SCOPE[0], "Bonjour"])
def test_parse_predicts_the_intent_chat_answers_with(client, text):
    parsed = client.post("/api/v1/parse", json={"text": text}).get_json()
    assert parsed["intent"]["name"] == post_chat(client, text)["reply"]["intent"]["name"]


def test_parse_stores_no_conversation(app, client):
    for text in (ENVIRONMENT, "Bonjour", OUT_OF_SCOPE[0]):
        assert client.post("/api/v1/parse", json={"text": text}).status_code == 200
    assert count(app, Conversation) == 0
    assert count(app, Turn) == 0


def test_parse_within_a_conversation_leaves_it_unchanged(client):
    parsed, twin = Chat(client), Chat(client)
    parsed.send(ENVIRONMENT)
    twin.send(ENVIRONMENT)
    path = f"/api/v1/conversations/{parsed.conversation_id}"
    before = client.get(path).get_json()
    body = {"text": "Et ensuite ?", "conversation_id": parsed.conversation_id}
    for _ in range(3):
        assert client.post("/api/v1/parse", json=body).status_code == 200
    assert client.get(path).get_json() == before
    assert parsed.send("Et ensuite ?") == twin.send("Et ensuite ?")


# GET /api/v1/articles and /api/v1/articles/<slug>


def test_articles_lists_every_article_and_the_default(client):
    response = client.get("/api/v1/articles")
    assert response.status_code == 200
    data = response.get_json()
    slugs = [a["slug"] for a in data["articles"]]
    assert ARTICLE in slugs
    assert data["default"] in slugs
    summary = data["articles"][slugs.index(ARTICLE)]
    assert summary["title"] and summary["author"] == "Raphaël Maurel" and summary["lang"] == "fr"
    assert urlsplit(summary["url"]).path == f"/articles/{ARTICLE}"
    assert client.get(urlsplit(summary["url"]).path).status_code == 200


def test_article_gives_its_sections_and_linkable_passages(client):
    response = client.get(f"/api/v1/articles/{ARTICLE}")
    assert response.status_code == 200
    data = response.get_json()
    assert data["slug"] == ARTICLE
    summary = next(a for a in client.get("/api/v1/articles").get_json()["articles"] if a["slug"] == ARTICLE)
    assert {k: data[k] for k in summary} == summary
    assert len(data["sections"]) > 1
    ids = [p["passage_id"] for s in data["sections"] for p in s["passages"]]
    assert len(ids) == len(set(ids))
    assert all(p["text"].strip() for s in data["sections"] for p in s["passages"])
    assert set(ids) <= page_ids(client, f"/articles/{ARTICLE}")


# GET and DELETE /api/v1/conversations/<id>


def test_conversation_shows_its_turns_in_order(client, chat):
    messages = [ENVIRONMENT, "Et ensuite ?", "Qui a accès à l'IA générative ?"]
    replies = [chat.send(m) for m in messages]
    response = client.get(f"/api/v1/conversations/{chat.conversation_id}")
    assert response.status_code == 200
    data = response.get_json()
    assert data["conversation_id"] == chat.conversation_id
    assert data["article"] == ARTICLE
    assert data["created_at"]
    assert [t["message"] for t in data["turns"]] == messages
    assert [t["reply"] for t in data["turns"]] == replies
    stamps = [t["created_at"] for t in data["turns"]]
    assert stamps == sorted(stamps)


def test_deleting_a_conversation_erases_it(app, client, chat):
    chat.send(ENVIRONMENT)
    chat.send("Et ensuite ?")
    path = f"/api/v1/conversations/{chat.conversation_id}"
    response = client.delete(path)
    assert response.status_code == 204
    assert response.get_data() == b""
    assert client.get(path).status_code == 404
    again = client.post("/api/v1/chat", json={"message": "Bonjour", "conversation_id": chat.conversation_id})
    assert again.status_code == 404
    assert client.delete(path).status_code == 404
    assert count(app, Turn) == 0


def test_deleting_one_conversation_keeps_the_others(client):
    kept, erased = Chat(client), Chat(client)
    kept.send(ENVIRONMENT)
    erased.send(ENVIRONMENT)
    assert client.delete(f"/api/v1/conversations/{erased.conversation_id}").status_code == 204
    turns = client.get(f"/api/v1/conversations/{kept.conversation_id}").get_json()["turns"]
    assert [t["message"] for t in turns] == [ENVIRONMENT]


def test_a_conversation_holds_at_most_max_turns(app, client, chat):
    app.config["MAX_TURNS"] = 3
    for message in ("bonjour", ENVIRONMENT, "pourquoi ?"):
        chat.send(message)
    path = f"/api/v1/conversations/{chat.conversation_id}"
    response = client.post("/api/v1/chat", json={"message": "encore", "conversation_id": chat.conversation_id})
    assert response.status_code == 409 and response.mimetype == "application/problem+json"
    assert "3 turns" in response.get_json()["detail"] and "no conversation_id" in response.get_json()["detail"]
    assert len(client.get(path).get_json()["turns"]) == 3, "the refused turn is not stored"
    assert client.post("/api/v1/parse", json={"text": "encore", "conversation_id": chat.conversation_id}).status_code \
        == 200, "a full conversation can still be read and parsed in"
    assert client.post("/api/v1/chat", json={"message": "encore"}).status_code == 200, "a new one starts"
