"""A guided discussion: the bot leads the reader through the article, reads each answer's stance,
sets a passage against it, moves on part by part, answers questions in between, and sums it up
with the article's words and the reader's only."""
from __future__ import annotations

import pytest

from chatbot.engine import ConversationState, Library, discussion
from chatbot.storage.models import Turn, db
from conftest import ARTICLE, TESTS, make_app

ZERO_RULES = "trains-de-nuit"  # an article without a rule file

# The reader's answers to a yes-or-no question, as people type them: our own phrasings.
STANCES = [
    ("oui clairement", "agree"), ("ouais grave", "agree"), ("carrément", "agree"), ("tout à fait", "agree"),
    ("je suis d'accord", "agree"), ("plutôt d'accord", "agree"), ("ouai c vrai", "agree"),
    ("je pense que oui", "agree"),
    ("absolutely", "agree"), ("absolutly", "agree"), ("yep", "agree"), ("I agree", "agree"), ("of course", "agree"),
    ("totally agree", "agree"),
    ("pas du tout", "disagree"), ("non", "disagree"), ("nan", "disagree"), ("pas dacord", "disagree"),
    ("jsuis pas daccord", "disagree"), ("plutôt pas d'accord", "disagree"), ("je ne pense pas", "disagree"),
    ("I'd say no", "disagree"), ("not really", "disagree"), ("not at all", "disagree"), ("no way", "disagree"),
    ("definitely not", "disagree"), ("i dont agree", "disagree"),
    ("bof", "unsure"), ("ça dépend", "unsure"), ("je sais pas trop", "unsure"), ("jsp", "unsure"), ("chépa", "unsure"),
    ("mouais", "unsure"), ("oui et non", "unsure"), ("ptet", "unsure"), ("ça se discute", "unsure"),
    ("it depends", "unsure"), ("idk", "unsure"), ("dunno", "unsure"), ("hmm not sure", "unsure"), ("kinda", "unsure"),
    ("yes and no", "unsure"), ("hard to say", "unsure"),
    ("Combien de CO2 émet l'entraînement ?", None), ("What does the article propose?", None),
    # a negation after the word, denying the contrary, letters typed again and again
    ("absolument pas", "disagree"), ("sûrement pas", "disagree"), ("pas exactement", "disagree"),
    ("totally not", "disagree"), ("not exactly", "disagree"), ("je suis totalement en désaccord", "disagree"),
    ("pas faux", "agree"), ("c'est pas faux", "agree"), ("no doubt", "agree"), ("I can't disagree", "agree"),
    ("ouiii", "agree"), ("nonnn", "disagree"), ("j'hésite", "unsure"),
]


@pytest.fixture(scope="module")
def zero_rules() -> Library:
    return Library.load(TESTS / "content")


@pytest.mark.parametrize(("text", "stance"), STANCES)
def test_the_stance_of_an_answer_is_read_in_both_languages_with_typos(bot, text, stance):
    assert discussion.stance_of(bot, bot.analyse(text)) == stance


def _discuss(bot, messages: list[str], lang: str | None = None):
    """A discussion started, then each message in turn; the replies and the last state. The state goes
    through JSON at every turn, as it does between the requests of a real conversation."""
    reply, state = bot.reply("Discuter de l'article", ConversationState(), lang, mode=discussion.MODE)
    replies = [reply]
    for message in messages:
        reply, state = bot.reply(message, ConversationState.from_dict(state.to_dict()), lang)
        replies.append(reply)
    return replies, state


def test_a_discussion_opens_with_what_the_article_argues_and_asks_the_reader(bot):
    (opening,), _ = _discuss(bot, [])
    assert opening.intent == "discussion" and opening.quotes and opening.prompt
    assert all(q.text in bot.article.text for q in opening.quotes)
    assert "Non, pas vraiment" in opening.suggestions, "quick answers to the question"
    assert opening.discussion["active"] and opening.discussion["step"] == 1


@pytest.mark.parametrize("slug", [None, ZERO_RULES])
def test_a_discussion_answers_each_stance_moves_through_the_article_and_ends_with_a_recap(bot, zero_rules, slug):
    bot = zero_rules.get(slug) if slug else bot
    replies, state = _discuss(bot, ["oui clairement", "pas du tout", "bof, je sais pas trop",
                                    "Quand la France a-t-elle supprimé ses trains de nuit ?" if slug else
                                    "Combien de CO2 émet l'entraînement d'un modèle ?",
                                    "non", "on arrête"])
    opening, agree, disagree, unsure, question, answer, stop = replies
    for reply, stance in ((agree, "agree"), (disagree, "disagree"), (unsure, "unsure"), (answer, "disagree")):
        assert reply.stance == stance and reply.quotes and reply.prompt, (stance, reply)
    assert question.intent != "discussion" and question.quotes, "a question in between is answered as any"
    assert question.prompt == unsure.prompt, "...and the discussion's question still stands"
    steps = [r.discussion["step"] for r in replies]
    assert steps == sorted(steps) and steps[-1] >= 3, "it moves on through the article's parts, in order"
    assert not stop.discussion["active"] and stop.discussion["summed_up"] and stop.prompt is None
    parts = discussion.recap(bot, state)
    assert len(parts) >= 3 and all(q["text"] in bot.article.text for p in parts for q in p["quotes"])
    said = [(a["text"], a["stance"]) for p in parts for a in p["reader"]]
    assert said[:3] == [("oui clairement", "agree"), ("pas du tout", "disagree"), ("bof, je sais pas trop", "unsure")]


def test_a_reader_who_agrees_gets_a_caveat_and_one_who_disagrees_the_articles_reason(zero_rules):
    bot = zero_rules.get(ZERO_RULES)
    quoted = {}
    for stance in ("oui", "non"):
        replies, _ = _discuss(bot, ["bof", "bof", stance])  # past the central claim, on the first part
        topic = next(t for t in bot.topics if t.section == replies[2].discussion["section"])
        assert topic is bot.topics[1]
        quoted[stance] = replies[3].quotes[0].passage_id
    assert quoted["oui"] in topic.challenge and quoted["non"] in topic.support and quoted["oui"] != quoted["non"]


def test_off_topic_chat_brings_the_reader_back_and_stop_ends_at_any_time(bot):
    replies, state = _discuss(bot, ["j'aime les frites", "stop"])
    off, stop = replies[1:]
    assert not off.quotes and off.prompt == replies[0].prompt and off.stance is None
    assert not stop.discussion["active"] and not discussion.active(state)
    after, _ = bot.reply("oui", state)
    assert after.intent != "discussion", "once ended, the conversation goes on as usual"


def test_an_english_reader_discusses_in_english(zero_rules):
    bot = zero_rules.get("school-phones-ban")
    replies, _ = _discuss(bot, ["not really", "absolutely"], lang="en")
    assert all(r.lang == "en" for r in replies) and replies[0].text.startswith("Let's discuss")
    assert replies[1].text.startswith("You disagree")


# -- through the API and the pages ---------------------------------------------


@pytest.fixture
def app(tmp_path):
    return make_app({"TESTING": True, "CONTENT_DIR": str(TESTS / "content"),
                     "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'discussion.sqlite3'}"})


@pytest.mark.parametrize("slug", [ARTICLE, "velo-urbain", ZERO_RULES])
def test_a_scripted_discussion_runs_to_its_recap_through_the_api(tmp_path, slug):
    """On the seed article and its rules, the second one and its rules, and an article without rules."""
    content = {} if slug == ARTICLE else {"CONTENT_DIR": str(TESTS / "content")}
    app = make_app({"TESTING": True, **content, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'api.sqlite3'}"})
    client = app.test_client()
    first = client.post("/api/v1/chat", json={"message": "Discuss", "mode": "discussion", "article": slug,
                                              "lang": "fr"}).get_json()
    conversation_id = first["conversation_id"]
    assert first["reply"]["discussion"]["active"] and first["reply"]["quotes"]
    stances = []
    for message in ("oui", "pas vraiment", "je sais pas", "stop"):
        body = client.post("/api/v1/chat", json={"message": message, "conversation_id": conversation_id}).get_json()
        stances.append(body["reply"]["discussion"]["stance"])
    assert stances == ["agree", "disagree", "unsure", None] and not body["reply"]["discussion"]["active"]
    recap = client.get(f"/api/v1/conversations/{conversation_id}/recap")
    assert recap.status_code == 200 and recap.headers["Cache-Control"] == "no-store"
    data = recap.get_json()
    article = client.get(f"/api/v1/articles/{slug}").get_json()
    text = " ".join(p["text"] for s in article["sections"] for p in s["passages"])
    assert all(q["text"] in text and q["url"].startswith("http") for p in data["parts"] for q in p["quotes"])
    assert [a["text"] for p in data["parts"] for a in p["reader"]] == ["oui", "pas vraiment", "je sais pas"]
    with app.app_context():  # each stance is stored with its turn, for editors to count
        stored = db.session.query(Turn.number, Turn.stance).filter_by(conversation_id=conversation_id).all()
    assert sorted(stored) == [(1, None), (2, "agree"), (3, "disagree"), (4, "unsure"), (5, None)]


def test_the_recap_page_shows_the_quotes_and_the_readers_words_in_the_conversations_language(app):
    client = app.test_client()
    first = client.post("/api/v1/chat", json={"message": "Let's discuss the article", "article": ZERO_RULES,
                                              "lang": "en"}).get_json()
    client.post("/api/v1/chat", json={"message": "absolutely", "conversation_id": first["conversation_id"]})
    page = client.get(f"/conversations/{first['conversation_id']}/recap", headers={"Accept-Language": "fr"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="en"' in html and "Discussion recap" in html
    assert "absolutely" in html and first["reply"]["quotes"][0]["text"].replace("'", "&#39;") in html
    assert client.get("/conversations/nope/recap").status_code == 404
    assert client.get("/api/v1/conversations/nope/recap").status_code == 404


def test_a_discussion_starts_from_the_chat_page_without_javascript(app):
    client = app.test_client()
    page = client.get(f"/chat/{ZERO_RULES}").get_data(as_text=True)
    assert 'name="mode" value="discussion"' in page
    token = page.split('name="csrf_token" value="')[1].split('"')[0] if 'csrf_token' in page else ""
    sent = client.post(f"/chat/{ZERO_RULES}", data={"message": "Discuter de l'article", "mode": "discussion",
                                                   "csrf_token": token})
    assert sent.status_code == 303
    shown = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Discutons de l&#39;article" in shown and "Non, pas vraiment" in shown


def test_a_mode_the_api_does_not_know_is_a_422(app):
    response = app.test_client().post("/api/v1/chat", json={"message": "hi", "mode": "debate"})
    assert response.status_code == 422 and response.get_json()["errors"][0]["field"] == "mode"


# -- what a rule file says of the discussion -------------------------------------

DISCUSSION_RULES = """
[discussion]
order = ["obstacles", "bienfaits"]

[discussion.parts.obstacles]
prompts = { fr = ["Vous sentez-vous en sécurité à vélo ?"], en = ["Do you feel safe on a bike?"] }
frame = "Faute de parkings sécurisés"
"""


def _velo(tmp_path, extra: str) -> Library:
    """The cycling article with `extra` added to its rules, beside an article without rules."""
    other = tmp_path / "content" / ZERO_RULES
    other.mkdir(parents=True)
    (other / "article.md").write_text((TESTS / "content" / ZERO_RULES / "article.md").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    folder = tmp_path / "content" / "velo-urbain"
    folder.mkdir(parents=True)
    for name in ("article.md", "rules.toml"):
        text = (TESTS / "content" / "velo-urbain" / name).read_text(encoding="utf-8")
        (folder / name).write_text(text + (extra if name == "rules.toml" else ""), encoding="utf-8")
    return Library.load(tmp_path / "content")


def test_a_rule_file_orders_the_discussion_and_writes_its_questions_and_quotes(tmp_path):
    bot = _velo(tmp_path, DISCUSSION_RULES).get("velo-urbain")
    assert [t.section for t in bot.topics] == ["obstacles", "bienfaits"]
    (opening, agree), _ = _discuss(bot, ["oui"])
    assert opening.prompt == "Vous sentez-vous en sécurité à vélo ?"
    assert "parkings sécurisés" in opening.quotes[0].text and opening.quotes[0].section == "obstacles"
    assert agree.discussion["section"] in ("obstacles", "bienfaits")


@pytest.mark.parametrize(("extra", "says"), [
    ('[discussion]\norder = ["nulle-part"]\n', "section 'nulle-part'"),
    ('[discussion.parts.bienfaits]\nframe = "des mots que l\'article ne dit pas"\n', "no passage of the article"),
    ('[discussion.parts.bienfaits]\nframes = "Pédaler"\n', "a discussion part takes"),
])
def test_a_mistake_in_the_discussion_rules_names_its_file_and_line_and_leaves_the_article_out(tmp_path, extra, says):
    library = _velo(tmp_path, "\n" + extra)
    assert library.get("velo-urbain") is None
    (error,) = library.errors.values()
    assert "rules.toml:" in str(error) and says in str(error)


def test_drafted_rules_write_the_default_discussion_for_an_editor_to_uncomment(tmp_path, zero_rules):
    from chatbot.engine.draft import draft_rules
    drafted = draft_rules(zero_rules.articles[ZERO_RULES], zero_rules.common)
    assert "# [discussion]" in drafted and "# [discussion.parts.materiel]" in drafted
    uncommented = "\n".join(line[2:] if line.startswith(("# [discussion", "# order", "# frame")) else line
                            for line in drafted.splitlines())
    folder = tmp_path / "content" / ZERO_RULES
    folder.mkdir(parents=True)
    (folder / "article.md").write_text((TESTS / "content" / ZERO_RULES / "article.md").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    (folder / "rules.toml").write_text(uncommented, encoding="utf-8")
    bot = Library.load(tmp_path / "content").get(ZERO_RULES)
    assert [t.frame for t in bot.topics] == [t.frame for t in zero_rules.get(ZERO_RULES).topics]


def test_the_discussion_example_of_the_rules_guide_loads_as_it_says(tmp_path):
    guide = (TESTS.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    example = guide.split("### The guided discussion", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    bot = _velo(tmp_path, "\n" + example).get("velo-urbain")
    assert [t.section for t in bot.topics] == ["obstacles", "bienfaits", "propositions"]
    assert bot.topics[0].prompts["en"] == ("Do you feel safe on a bike?",)
    assert "parkings sécurisés" in bot.passage(bot.topics[0].support[0]).text



def test_each_answer_is_acknowledged_and_the_last_one_before_the_thanks(bot):
    acknowledged = {"agree": "Vous êtes d'accord.", "disagree": "Vous n'êtes pas d'accord.", "unsure": "Vous hésitez."}
    # "Qui est Maurel ?" quotes the passage the discussion would have quoted next: nothing new to set against "oui".
    replies, state = _discuss(bot, ["Qui est Maurel ?", *["oui", "non", "bof"] * 4])
    assert not discussion.active(state), "it ends after the last part"
    last = next(r for r in replies if r.discussion and not r.discussion["active"])
    assert last.text.startswith("Merci pour cette discussion") and acknowledged[last.stance] in last.text
    assert not last.quotes or last.text.rstrip().endswith(":"), "a colon leads to the quote that follows it"
    assert all(r.text.startswith(acknowledged[r.stance]) for r in replies if r.stance and r is not last)


@pytest.mark.parametrize("message", ["stop stp", "I want to stop", "on peut arrêter ?", "STOP.", "ok on arrête là"])
def test_a_reader_stops_the_discussion_as_people_say_it(bot, message):
    replies, state = _discuss(bot, [message])
    assert not discussion.active(state) and replies[-1].discussion["summed_up"]


def test_chat_in_between_is_answered_in_the_discussions_manner(bot):
    replies, state = _discuss(bot, ["Quel temps fait-il à Paris ?", "merci", "nope",
                                    "Bonjour, combien de CO2 émet l'entraînement d'un modèle ?"])
    weather, thanks, nope, greeted = replies[1:]
    assert greeted.quotes and "284 tonnes" in greeted.quotes[0].text, "a question with a greeting is a question"
    assert weather.text == bot.rules.texts["discussion_offtopic"]["fr"] and weather.prompt == replies[0].prompt
    assert thanks.text == bot.rules.texts["discussion_resume"]["fr"], "courtesies are no off-topic chat"
    assert nope.stance == "disagree" and nope.lang == "fr", "a short answer keeps the discussion's language"
    ended, _ = bot.reply("recap", ConversationState.from_dict(_discuss(bot, ["stop"])[1].to_dict()))
    assert ended.discussion["summed_up"] and not ended.discussion["active"], "its recap, once it has ended"
