"""A second article with its own rules, under tests/content: the same engine answers it.

Nothing about the first article is written in Python: a new folder with
article.md and rules.toml is all a new article needs.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from chatbot.engine import ConversationState, Library
from conftest import make_app

CONTENT = Path(__file__).resolve().parent / "content"
SLUG = "velo-urbain"


@pytest.fixture(scope="module")
def velo():
    return Library.load(CONTENT).get(SLUG)


def ask(bot, question: str):
    reply, _ = bot.reply(question, ConversationState())
    return reply


def test_the_library_loads_the_second_article_with_its_rules():
    library = Library.load(CONTENT)
    assert SLUG in library.slugs and not library.errors
    article = library.get(SLUG).article
    assert article.title == "Le vélo peut-il changer nos villes ?"
    assert (article.author, article.lang) == ("Claire Dumas", "fr")
    assert [s.id for s in article.sections] == ["introduction", "bienfaits", "obstacles", "propositions"]
    assert "Maurel" not in article.text


# (question, language of the reply, intent, passages the first quote may come from)
ANSWERS = [
    ("Le vélo est-il bon pour la santé ?", "fr", "benefits", {"bienfaits-1", "bienfaits-2"}),
    ("Le velo est il bon pour la sante", "fr", "benefits", {"bienfaits-1", "bienfaits-2"}),
    ("Le vélo réduit-il la pollution ?", "fr", "benefits", {"bienfaits-3", "bienfaits-4"}),
    ("Les vélos sont-ils souvent volés ?", "fr", "obstacles", {"obstacles-3", "obstacles-4"}),
    ("Les carrefours sont-ils dangereux ?", "fr", "obstacles", {"obstacles-2"}),
    ("Faut-il plus de pistes cyclables ?", "fr", "proposals", {"propositions-1"}),
    ("Y aura-t-il une aide pour acheter un vélo électrique ?", "fr", "proposals", {"propositions-3"}),
    ("Qui a écrit cet article ?", "fr", "author", {"introduction-3"}),
    ("Is cycling good for your health?", "en", "benefits", {"bienfaits-1", "bienfaits-2"}),
    ("Does cycling reduce air pollution?", "en", "benefits", {"bienfaits-3", "bienfaits-4"}),
    ("Are bikes often stolen?", "en", "obstacles", {"obstacles-3", "obstacles-4"}),
    ("Is it dangerous to ride a bike?", "en", "obstacles", {"obstacles-1", "obstacles-2"}),
    ("Should there be more bike lanes?", "en", "proposals", {"propositions-1"}),
    ("Will there be a subsidy for electric bikes?", "en", "proposals", {"propositions-3"}),
    ("Who wrote this?", "en", "author", {"introduction-3"}),
]


@pytest.mark.parametrize(("question", "lang", "intent", "first"), ANSWERS)
def test_questions_get_exact_quotes_from_the_right_section(velo, question, lang, intent, first):
    reply = ask(velo, question)
    rule = velo.rules.intents[intent]
    assert (reply.intent, reply.lang) == (intent, lang)
    assert reply.quotes
    assert all(q.text in velo.article.text for q in reply.quotes)
    assert all(q.section in rule.sections for q in reply.quotes)
    assert reply.quotes[0].passage_id in first
    assert reply.text == rule.answer[lang]
    assert reply.prompt in rule.prompts[lang]


def test_the_author_question_quotes_the_author(velo):
    assert "Claire Dumas" in ask(velo, "Qui a écrit cet article ?").quotes[0].text


@pytest.mark.parametrize(("question", "lang"), [
    ("Qui a gagné le Tour de France ?", "fr"),
    ("Quel est le prix d'un vélo à Amsterdam ?", "fr"),
    ("Quel est l'impact environnemental de l'IA ?", "fr"),  # the first article's subject
    ("Que dit l'article sur ChatGPT ?", "fr"),
    ("What is the capital of Peru?", "en"),
    ("How much does a bike cost in Amsterdam?", "en"),
    ("Where does Claire Dumas live?", "en"),
])
def test_out_of_scope_questions_are_refused(velo, question, lang):
    reply = ask(velo, question)
    assert reply.intent == "fallback"
    assert reply.quotes == ()
    assert reply.text == velo.rules.texts["fallback"][lang]
    assert reply.suggestions == velo.rules.starters[lang]  # this article's own starters


@pytest.mark.parametrize(("message", "intent", "lang"), [
    ("Bonjour", "greeting", "fr"),
    ("Hello", "greeting", "en"),
    ("Merci !", "thanks", "fr"),
    ("Thanks!", "thanks", "en"),
    ("Au revoir", "goodbye", "fr"),
])
def test_small_talk_works(velo, message, intent, lang):
    reply = ask(velo, message)
    assert (reply.intent, reply.lang) == (intent, lang)
    assert reply.quotes == ()
    assert reply.text == velo.rules.intents[intent].answer[lang]


def test_go_on_quotes_something_new_from_the_same_topic(velo):
    first, state = velo.reply("Le vélo est-il bon pour la santé ?", ConversationState())
    more, _ = velo.reply("Encore", state)
    assert more.intent == "more"
    assert more.quotes
    assert {q.passage_id for q in more.quotes}.isdisjoint(q.passage_id for q in first.quotes)
    assert all(q.section == "bienfaits" for q in more.quotes)


def test_the_web_app_answers_from_the_second_article(tmp_path):
    app = make_app({"CONTENT_DIR": str(CONTENT), "TESTING": True,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/t.db"})
    client = app.test_client()
    text = app.extensions["chatbot.library"].get(SLUG).article.text

    response = client.post("/api/v1/chat", json={"message": "Faut-il plus de pistes cyclables ?", "article": SLUG})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["article"] == SLUG
    reply = body["reply"]
    assert reply["intent"]["name"] == "proposals"
    assert reply["quotes"]
    quote = reply["quotes"][0]
    assert quote["text"] in text
    assert quote["url"].endswith(f"/articles/{SLUG}#{quote['passage_id']}")

    articles = client.get("/api/v1/articles").get_json()
    assert SLUG in [a["slug"] for a in articles["articles"]]
    missing = client.post("/api/v1/chat", json={"message": "Bonjour", "article": "ia-generative-fracture-numerique"})
    assert missing.status_code == 404
