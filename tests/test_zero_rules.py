"""Articles without a rule file, under tests/content: each section answers from the words it uses,
and what the article does not speak of is refused, from the minute the article is dropped in.

The articles and their question sets were written for this by people who never saw the engine or
its rules. A set's first-run figure is the bot's when the set was written, before any change it
prompted: for the first three, before the bot drew rules from an article at all (every question
refused but the out-of-scope ones); the floor is a little under today's figure.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from chatbot import evaluation
from chatbot.engine import ConversationState, Library, load_bot
from conftest import TESTS, make_app

CONTENT = TESTS / "content"
DATA = TESTS / "data"

# question file, its article, first-run accuracy, floor now
SETS = [
    ("zero_rules_eau-potable-secheresse.jsonl", "eau-potable-secheresse", 0.200, 0.71),  # drought, in French
    ("zero_rules_school-phones-ban.jsonl", "school-phones-ban", 0.233, 0.54),  # phones at school, in English
    ("zero_rules_travail-a-distance.jsonl", "travail-a-distance", 0.200, 0.71),  # remote work, in French
    # the same articles, other readers: a student, a sceptic, a phone typist, yes/no, synonyms and slang
    ("zero_rules_eau-potable-secheresse_2.jsonl", "eau-potable-secheresse", 0.375, 0.52),
    ("zero_rules_school-phones-ban_2.jsonl", "school-phones-ban", 0.250, 0.60),
    ("zero_rules_travail-a-distance_2.jsonl", "travail-a-distance", 0.417, 0.56),
    # articles added later, first run on the rules drawn as they were then
    ("zero_rules_deserts-medicaux.jsonl", "deserts-medicaux", 0.433, 0.68),  # doctors in the country, French
    ("zero_rules_urban-trees-heat.jsonl", "urban-trees-heat", 0.467, 0.63),  # trees against heat, English
    ("zero_rules_velos-cargo-livraisons.jsonl", "velos-cargo-livraisons", 0.433, 0.74),  # cargo bikes, French
    ("zero_rules_four-day-week.jsonl", "four-day-week", 0.367, 0.84),  # a four-day week, English
    # fresh articles and readers, first run on the engine as it stood when each pair was written
    ("zero_rules_trains-de-nuit.jsonl", "trains-de-nuit", 0.400, 0.55),  # night trains, French
    ("zero_rules_local-newspapers.jsonl", "local-newspapers", 0.650, 0.80),  # local newspapers, English
    ("zero_rules_piscines-municipales.jsonl", "piscines-municipales", 0.650, 0.75),  # public pools, French
    ("zero_rules_student-housing.jsonl", "student-housing", 0.850, 0.86),  # student housing, English
    ("zero_rules_boulangeries-village.jsonl", "boulangeries-village", 0.625, 0.78),  # village bakeries, French
    ("zero_rules_volunteer-firefighters.jsonl", "volunteer-firefighters", 0.700, 0.78),  # volunteer firefighters
    ("zero_rules_cantines-scolaires.jsonl", "cantines-scolaires", 0.700, 0.80),  # school canteens, French
    ("zero_rules_small-town-libraries.jsonl", "small-town-libraries", 0.550, 0.68),  # small-town libraries
    ("zero_rules_saisonniers-montagne.jsonl", "saisonniers-montagne", 0.650, 0.70),  # seasonal workers, French
    ("zero_rules_repair-cafes.jsonl", "repair-cafes", 0.425, 0.50),  # repair cafés, English
    ("zero_rules_covoiturage-rural.jsonl", "covoiturage-rural", 0.675, 0.65),  # car-pooling in the country, French
    ("zero_rules_community-gardens.jsonl", "community-gardens", 0.625, 0.60),  # community gardens, English
]
ARTICLES = sorted({article for _, article, _, _ in SETS})


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(CONTENT)


def test_the_articles_have_no_rule_file_and_load(library):
    for slug in ARTICLES:
        assert (CONTENT / slug / "article.md").is_file() and not (CONTENT / slug / "rules.toml").exists()
        assert library.get(slug) is not None


@pytest.mark.parametrize(("name", "slug", "first_run", "floor"), SETS, ids=[s[0] for s in SETS])
def test_a_zero_rule_article_keeps_its_accuracy(library, name, slug, first_run, floor):
    outcomes = evaluation.run(library.get(slug), evaluation.load(DATA / name))
    accuracy = sum(o.ok for o in outcomes) / len(outcomes)
    misses = [f"{o.id}: {o.text!r} -> {o.answered_intent}" for o in outcomes if not o.ok]
    assert accuracy >= floor, f"{name}: {accuracy:.1%} < {floor:.0%} (first run {first_run:.1%})\n" + \
        "\n".join(misses[:20])


@pytest.mark.parametrize(("slug", "question", "section"), [
    ("travail-a-distance", "Combien d'heures de trajet économise-t-on par an avec le télétravail ?",
     "immobilier-trajets"),
    ("travail-a-distance", "Les télétravailleurs se sentent-ils seuls ?", "isolement"),
    ("school-phones-ban", "What do parents worry about?", "parents-safety"),
    # when something started is not how the article starts
    ("trains-de-nuit", "When did night trains start coming back in France?", "historique"),
])
def test_a_zero_rule_article_answers_from_the_section_that_speaks_of_it(library, slug, question, section):
    reply, _ = library.get(slug).reply(question, ConversationState())
    assert reply.quotes and reply.quotes[0].section == section
    assert all(q.text in library.get(slug).article.text for q in reply.quotes)
    assert reply.prompt, "the reply asks the reader something back"


@pytest.mark.parametrize(("slug", "question", "answer"), [
    # who someone is: the sentence that introduces them, by apposition, title or what they did
    ("small-town-libraries", "Who is Tom Bradley?", "Councillor Tom Bradley, who leads on finance"),
    ("cantines-scolaires", "Bernard Lamy, c'est qui ?", "président de la fédération départementale"),
    ("small-town-libraries", "Who is the author?", "Helen Marsh spent eleven years as a branch librarian"),
    ("repair-cafes", "Who wrote this?", "Daniel Okafor is an electrical engineer"),
    ("travail-a-distance", "c'est qui l'autrice ?", "Sociologue du travail à l'Institut lyonnais"),
    ("cantines-scolaires", "Quelle est la thèse de l'autrice ?", "une bonne idée mal financée"),
    # a country as readers name it, where the article says "the UK"
    ("small-town-libraries", "Combien de bibliothèques ont fermé au Royaume-Uni ?", "libraries across the UK closed"),
    # "how many people", "combien de temps": a figure of people, a length of time, whatever the words
    ("small-town-libraries", "how much money does shutting a small branch actually save", "saves perhaps £60,000"),
    ("velos-cargo-livraisons", "combien de temps une camionnette reste garée en double file ?", "douze minutes"),
    # a word opening the title ("Cantines bio et locales") is no name a passage must hold
    ("cantines-scolaires", "C'est quoi exactement ce que la loi EGalim impose aux cantines ?",
     "impose depuis le 1er janvier 2022"),
    # which company, when the article names it
    ("saisonniers-montagne", "Quelle entreprise a fait venir des cuisiniers tunisiens à Saint-Gervais ?",
     "le groupe hôtelier Alpina"),
    # a French word with accents is no English one: "fixés" is not "fixes" (what the proposals are)
    ("cantines-scolaires", "Est-ce que les cantines respectent vraiment les objectifs fixés ?",
     "le compte n'y est pas"),
    # a short sentence that announces is quoted with what it announces
    ("volunteer-firefighters", "Pourquoi le logement joue-t-il un rôle dans la crise des pompiers volontaires ?",
     "Young families are priced out of villages"),
])
def test_a_zero_rule_article_quotes_what_answers(library, slug, question, answer):
    reply, _ = library.get(slug).reply(question, ConversationState())
    assert any(answer in q.text for q in reply.quotes), [q.text for q in reply.quotes]


def test_an_articles_names_are_capitalised_words_it_never_writes_otherwise(library):
    canteens = set(library.get("cantines-scolaires").names.values())
    assert {"EGalim", "Lamy", "Saillans"} <= canteens and "Cantines" not in canteens, "'Cantines' opens the title"
    assert "Aujourd" not in library.get("trains-de-nuit").names.values(), "'Aujourd'hui' opens a sentence"
    libraries = set(library.get("small-town-libraries").names.values())
    assert {"Tom", "Bradley", "CILIP"} <= libraries and not {"Yet", "Ask"} & libraries


@pytest.mark.parametrize(("slug", "question"), [
    ("travail-a-distance", "Quelle est la recette de la tarte tatin ?"),
    ("travail-a-distance", "Qui a gagné la coupe du monde de football ?"),
    ("school-phones-ban", "What is the capital of Peru?"),
    # a near miss: the article gives figures, but no salary, and no amount of money that the trial cost
    ("four-day-week", "What was the average salary of the workers in the trial?"),
    ("four-day-week", "How much did the government spend on monitoring the trial?"),
    # which company: the article names none; how to apply: no article says
    ("school-phones-ban", "Which company supplied the lockable pouches?"),
    ("saisonniers-montagne", "Comment postuler pour un job de saisonnier chez Alpina à Saint-Gervais ?"),
])
def test_a_zero_rule_article_refuses_what_it_does_not_speak_of(library, slug, question):
    reply, _ = library.get(slug).reply(question, ConversationState())
    assert reply.intent == "fallback" and not reply.quotes


def test_an_english_article_answers_in_english_with_its_sections_as_starters(library):
    bot = library.get("school-phones-ban")
    reply, _ = bot.reply("What do parents worry about?", ConversationState())
    assert reply.lang == "en" and reply.text.startswith("On “The parents' worry”")
    assert bot.rules.starters["en"][0] == "What happens to attention"


def test_an_article_dropped_in_without_rules_is_served(tmp_path):
    folder = tmp_path / "content" / "travail-a-distance"
    folder.mkdir(parents=True)
    (folder / "article.md").write_text((CONTENT / "travail-a-distance" / "article.md").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    app = make_app({"TESTING": True, "CONTENT_DIR": str(tmp_path / "content"),
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'zero.sqlite3'}"})
    client = app.test_client()
    body = client.post("/api/v1/chat", json={"message": "Les télétravailleurs se sentent-ils seuls ?"}).get_json()
    assert body["article"] == "travail-a-distance" and body["reply"]["quotes"]
    assert body["reply"]["quotes"][0]["url"].endswith("/articles/travail-a-distance#" + body["reply"]["quotes"][0]
                                                      ["passage_id"])
    assert client.get("/readyz").get_json()["status"] == "ready"
    result = app.test_cli_runner().invoke(args=["chatbot", "check"])
    assert result.exit_code == 0 and "travail-a-distance: " in result.output


def _content_with(tmp_path, slug: str):
    folder = tmp_path / "content" / slug
    folder.mkdir(parents=True)
    (folder / "article.md").write_text((CONTENT / slug / "article.md").read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def _app(tmp_path, name: str):
    return make_app({"TESTING": True, "CONTENT_DIR": str(tmp_path / "content"),
                     "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}.sqlite3"})


def test_every_process_draws_the_same_rules():
    """Two gunicorn workers hash strings differently: what they draw from an article, and so how they
    answer, must not depend on it."""
    script = ("import pathlib, sys; from chatbot.engine import Library; from chatbot.engine.draft import draft_rules; "
              "lib = Library.load(pathlib.Path(sys.argv[1])); "
              "print(''.join(draft_rules(lib.articles[s], lib.common) for s in sorted(lib.articles)))")
    drafts = {subprocess.run([sys.executable, "-c", script, str(CONTENT)], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "9", "10")}
    assert len(drafts) == 1


def test_drafted_rules_pass_the_check_and_answer_as_well_as_none(tmp_path, library):
    slug = "travail-a-distance"
    folder = _content_with(tmp_path, slug)
    result = _app(tmp_path, "before").test_cli_runner().invoke(args=["chatbot", "draft-rules", slug])
    assert result.exit_code == 0, result.output
    drafted = (folder / "rules.toml").read_text(encoding="utf-8")
    assert drafted.startswith("# Rules for") and "[intents.isolement]" in drafted
    app = _app(tmp_path, "after")
    check = app.test_cli_runner().invoke(args=["chatbot", "check"])
    assert check.exit_code == 0, check.output
    items = evaluation.load(DATA / f"zero_rules_{slug}.jsonl")
    with_draft = sum(o.ok for o in evaluation.run(app.extensions["chatbot.library"].get(slug), items))
    without = sum(o.ok for o in evaluation.run(library.get(slug), items))
    assert with_draft >= without


def test_draft_rules_never_writes_over_an_article_s_rules_unasked(tmp_path):
    folder = _content_with(tmp_path, "travail-a-distance")
    (folder / "rules.toml").write_text("# mine\n", encoding="utf-8")
    runner = _app(tmp_path, "keep").test_cli_runner()
    refused = runner.invoke(args=["chatbot", "draft-rules", "travail-a-distance"])
    assert refused.exit_code == 1 and "--force" in refused.output
    assert (folder / "rules.toml").read_text(encoding="utf-8") == "# mine\n"
    printed = runner.invoke(args=["chatbot", "draft-rules", "travail-a-distance", "--stdout"])
    assert printed.exit_code == 0 and "[intents.isolement]" in printed.output
    unknown = runner.invoke(args=["chatbot", "draft-rules", "nowhere"])
    assert unknown.exit_code == 2 and "travail-a-distance" in unknown.output


def test_new_article_scaffolds_a_folder_that_serves(tmp_path):
    _content_with(tmp_path, "travail-a-distance")
    runner = _app(tmp_path, "new").test_cli_runner()
    result = runner.invoke(args=["chatbot", "new-article", "mon-article", "--lang", "en"])
    assert result.exit_code == 0, result.output
    article = tmp_path / "content" / "mon-article" / "article.md"
    assert 'lang = "en"' in article.read_text(encoding="utf-8")
    library = Library.load(tmp_path / "content")
    assert "mon-article" in library.slugs and not library.errors
    assert runner.invoke(args=["chatbot", "new-article", "mon-article"]).exit_code == 1, "an existing folder is kept"
    assert runner.invoke(args=["chatbot", "new-article", "Mon Article"]).exit_code == 2


@pytest.fixture(scope="module")
def english_site(tmp_path_factory):
    """The site serving the English article, with no rule file, beside a French one."""
    tmp = tmp_path_factory.mktemp("english")
    for slug in ("school-phones-ban", "travail-a-distance"):
        _content_with(tmp, slug)
    return make_app({"TESTING": True, "CONTENT_DIR": str(tmp / "content"), "EMBED_ORIGINS": "*",
                     "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'english.sqlite3'}"})


@pytest.mark.parametrize("path", ["/chat/school-phones-ban", "/embed/school-phones-ban", "/articles/school-phones-ban"])
def test_an_english_article_s_pages_speak_english_to_a_browser_that_names_no_language(english_site, path):
    page = english_site.test_client().get(path, headers={"Accept-Language": "de"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="en"' in html and "Put the Phones in the Locker" in html
    if not path.startswith("/articles"):
        shown = html.split('<script type="application/json" id="strings">')[0]  # the words each language may switch to
        assert "Send" in shown and "Envoyer" not in shown, "the page's words in English"
        assert "What happens to attention" in shown, "starters in English"


def test_a_reader_s_browser_language_still_comes_first(english_site):
    html = english_site.test_client().get("/chat/school-phones-ban",
                                          headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert '<html lang="fr"' in html and "Envoyer" in html


def test_an_english_article_is_discussed_in_english_through_the_api_and_the_form(english_site):
    client = english_site.test_client()
    body = client.post("/api/v1/chat", json={"message": "What do parents worry about?",
                                             "article": "school-phones-ban"}).get_json()
    reply = body["reply"]
    assert reply["lang"] == "en" and reply["quotes"] and reply["quotes"][0]["section"] == "parents-safety"
    assert reply["prompt"] in ("What do you make of it?", "Does this argument convince you?")
    french = client.post("/api/v1/chat", json={"message": "Qu'est-ce qui inquiète les parents ?",
                                               "article": "school-phones-ban"}).get_json()["reply"]
    assert french["lang"] == "fr" and french["text"].startswith("Sur « The parents' worry »")
    assert french["quotes"][0]["section"] == "parents-safety", "a question in French quotes the English text"


def _article(folder, sections: str, lang: str = "en"):
    folder.mkdir(parents=True)
    (folder / "article.md").write_text(f'''+++
title = "A small article"
subtitle = "To test what is drawn from a text"
author = "Ann Writer"
source = "Nowhere"
source_url = "https://example.org/small"
lang = "{lang}"
+++

Ann Writer argues that small articles deserve answers too.

{sections}''', encoding="utf-8")
    return folder


def test_numbers_and_shared_names_in_headings_are_drawn_like_any_other(tmp_path):
    folder = _article(tmp_path / "small", """## The trial in 2022 {#trial}

The trial ran in 2022 across forty companies. Output did not fall.

## Help {#help}

Workers asked for help with childcare on the fifth day.
""")
    bot = load_bot(folder)
    reply, _ = bot.reply("What happened in the 2022 trial?", ConversationState())
    assert reply.quotes and reply.quotes[0].section == "trial"
    assert bot.reply("What can you do?", ConversationState())[0].intent == "help", "the shared intent stays"
    reply, _ = bot.reply("Did workers want childcare?", ConversationState())
    assert reply.quotes and reply.quotes[0].section == "help"
