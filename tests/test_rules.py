"""Mistakes in content files stop the start-up with `path:line: what is wrong`."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chatbot.engine import ContentError, Library, load_bot

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "chatbot" / "content" / "ia-generative-fracture-numerique" / "article.md"
RULES = ARTICLE.with_name("rules.toml")

CONCEPT = """\
# A rule file with one mistake in it.

[concepts.energy]
fr = ["energie", "consommation"]
en = ["energy", "consumption"]
"""
ANSWER = 'answer = { fr = "Sur l\'environnement, l\'article dit :", en = "On the environment, the article says:" }\n'
INTENT = """\

[intents.environment]
sections = ["environnement"]
concepts = { energy = 3 }
""" + ANSWER + """\
prompts.fr = ["Qu'en pensez-vous ?"]
prompts.en = ["What do you think?"]
"""
GOOD = CONCEPT + INTENT


def article_folder(root: Path, rules: str | None = None, article: str | None = None, slug: str = "mon-article"):
    folder = root / slug
    folder.mkdir(parents=True)
    if article is None:
        shutil.copy(ARTICLE, folder / "article.md")
    else:
        (folder / "article.md").write_text(article, encoding="utf-8")
    (folder / "rules.toml").write_text(GOOD if rules is None else rules, encoding="utf-8")
    return folder


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the only line holding fragment."""
    found = [i + 1 for i, line in enumerate(text.split("\n")) if fragment in line]
    assert len(found) == 1, f"{fragment!r} is on lines {found}"
    return found[0]


def test_the_good_rule_file_loads(tmp_path):
    bot = load_bot(article_folder(tmp_path))
    assert "environment" in bot.rules.intents


# (what is wrong, rule file, a fragment of the line to point at, a fragment of the message)
RULE_MISTAKES = [
    ("toml syntax", GOOD.replace('en = ["energy", "consumption"]', 'en = = ["energy", "consumption"]'),
     'en = = ["energy"', "Invalid value"),
    ("unknown table", GOOD + '\n[synonyms]\nenergy = ["power"]\n', "[synonyms]", "unknown table 'synonyms'"),
    ("misspelt intents table", GOOD.replace("[intents.environment]", "[intent.environment]"),
     "[intent.environment]", "unknown table 'intent'"),
    ("intent with an unknown key", GOOD + 'sugestions.fr = ["Et alors ?"]\n', "[intents.environment]",
     "unknown key(s): sugestions"),
    ("intent weighing an unknown concept", GOOD.replace("energy = 3", "energy = 3, climate = 2"),
     "[intents.environment]", "unknown concept 'climate'"),
    ("intent answering from an unknown section", GOOD.replace('["environnement"]', '["ecologie"]'),
     "[intents.environment]", "unknown section 'ecologie'"),
    ("negative weight", GOOD.replace("energy = 3", "energy = -1"), "concepts = { energy", "positive number"),
    ("reads as text", GOOD.replace("[intents.environment]", '[intents.environment]\nreads = "a lot"'),
     'reads = "a lot"', "reads must be a number, 0 or more"),
    ("zero weight", GOOD.replace("energy = 3", "energy = 0"), "concepts = { energy", "positive number"),
    ("weight as text", GOOD.replace("energy = 3", 'energy = "high"'), "concepts = { energy", "positive number"),
    ("weight as boolean", GOOD.replace("energy = 3", "energy = true"), "concepts = { energy", "positive number"),
    ("invalid regex", GOOD + "patterns = ['(combien']\n", "patterns =", "not a valid regular expression"),
    ("answer intent without prompts", GOOD.replace('prompts.fr = ["Qu\'en pensez-vous ?"]\n', "")
     .replace('prompts.en = ["What do you think?"]\n', ""), "[intents.environment]", "prompts"),
    ("answer intent without answer", GOOD.replace(ANSWER, ""), "[intents.environment]",
     "answer"),
    ("answer without 'en'", GOOD.replace(', en = "On the environment, the article says:"', ""), "answer = {",
     "has no 'en' entry"),
    ("prompts without 'en'", GOOD.replace('prompts.en = ["What do you think?"]\n', ""), "prompts.fr",
     "has no 'en' entry"),
    ("suggestions without 'en'", GOOD + 'suggestions.fr = ["Et alors ?"]\n', "suggestions.fr", "has no 'en' entry"),
    ("text without 'en'", GOOD + '\n[texts]\nfallback = { fr = "Je ne sais pas." }\n', "fallback =",
     "has no 'en' entry"),
    ("concept that is not a table", CONCEPT.replace("[concepts.energy]", "[concepts]\nclimate = [\"climat\"]")
     + INTENT, 'climate = ["climat"]', "concept 'climate' must be a table"),
    ("concept in an unknown language", GOOD.replace('en = ["energy", "consumption"]', 'de = ["Energie"]'),
     "[concepts.energy]", "concept 'energy'"),
    ("empty word in a concept", GOOD.replace('"energy", "consumption"', '"energy", ""'), 'en = ["energy", ""]',
     "non-empty strings"),
    ("unknown intent kind", GOOD.replace('sections = ["environnement"]', 'kind = "faq"\nsections = ["environnement"]'),
     'kind = "faq"', "kind must be one of"),
    ("unknown dialogue move", GOOD + '\n[moves]\nrewind = ["^encore"]\n', "rewind =", "unknown dialogue move"),
    ("answer type without evidence", GOOD + "\n[answer_types.ward]\nasks = ['quel service']\n", "[answer_types.ward]",
     "must have 'asks' and 'evidence'"),
    ("answer type 'near' as text", GOOD + "\n[answer_types.ward]\nasks = ['quel service']\nevidence = ['\\d']\n"
     "near = 'close'\n", "near = 'close'", "'near' is a number of words"),
]


@pytest.mark.parametrize(("rules", "fragment", "message"), [case[1:] for case in RULE_MISTAKES],
                         ids=[case[0] for case in RULE_MISTAKES])
def test_a_rule_file_mistake_names_its_file_and_line(tmp_path, rules, fragment, message):
    folder = article_folder(tmp_path, rules)
    with pytest.raises(ContentError) as caught:
        load_bot(folder)
    path = str(folder / "rules.toml")
    line = line_of(rules, fragment)
    assert str(caught.value).startswith(f"{path}:{line}: "), str(caught.value)
    assert message in str(caught.value)
    assert (caught.value.path, caught.value.line) == (path, line)


def test_library_load_leaves_out_a_broken_article_with_where_it_is_wrong(tmp_path):
    article_folder(tmp_path, slug="bon-article")
    folder = article_folder(tmp_path, GOOD.replace("energy = 3", "energy = -1"), slug="mauvais-article")
    line = line_of((folder / "rules.toml").read_text(), "concepts = { energy = -1 }")
    library = Library.load(tmp_path)
    assert library.slugs == ["bon-article"]
    assert str(library.errors["mauvais-article"]).startswith(f"{folder / 'rules.toml'}:{line}: ")


# -- article files -----------------------------------------------------------------

SOURCE = ARTICLE.read_text(encoding="utf-8")
FRONT = SOURCE.split("+++")[1]
AFTER = SOURCE.split("+++", 2)[2]
ARTICLE_MISTAKES = [
    ("no front matter", AFTER.lstrip("\n"), 1, "TOML front matter"),
    ("unclosed front matter", "+++" + FRONT + AFTER.lstrip("\n"), 1, "not closed"),
    ("no title", "+++" + "\n".join(ln for ln in FRONT.split("\n") if not ln.startswith("title")) + "+++" + AFTER,
     1, "'title'"),
    ("no author", "+++" + "\n".join(ln for ln in FRONT.split("\n") if not ln.startswith("author")) + "+++" + AFTER,
     1, "'author'"),
    ("front matter syntax", SOURCE.replace('author = "Raphaël Maurel"', "author = Raphaël Maurel"),
     line_of(SOURCE, "author = "), "front matter"),
    ("section id used twice", SOURCE.replace("{#conclusion}", "{#contexte}"), line_of(SOURCE, "{#conclusion}"),
     "section id 'contexte' is used twice"),
    # the body, right after the front matter, holds no paragraph
    ("no paragraph", "+++" + FRONT + "+++\n\n## Titre {#titre}\n", FRONT.count("\n") + 2, "no paragraph"),
]


@pytest.mark.parametrize(("article", "line", "message"), [case[1:] for case in ARTICLE_MISTAKES],
                         ids=[case[0] for case in ARTICLE_MISTAKES])
def test_an_article_mistake_names_its_file_and_line(tmp_path, article, line, message):
    folder = article_folder(tmp_path, RULES.read_text(encoding="utf-8"), article=article)
    with pytest.raises(ContentError) as caught:
        load_bot(folder)
    assert str(caught.value).startswith(f"{folder / 'article.md'}:{line}: "), str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize("slug", ["Velo-Urbain", "velo_urbain", "vélo", "-velo", "velo urbain"])
def test_a_folder_not_named_by_a_slug_is_refused(tmp_path, slug):
    folder = article_folder(tmp_path, slug=slug)
    with pytest.raises(ContentError) as caught:
        Library.load(tmp_path)
    assert str(caught.value).startswith(f"{folder}:1: ")
    assert "not a valid slug" in str(caught.value)


def test_a_missing_article_is_named(tmp_path):
    folder = article_folder(tmp_path)
    (folder / "article.md").unlink()
    with pytest.raises(ContentError, match=rf"^{folder / 'article.md'}:1: missing file"):
        load_bot(folder)


def test_without_a_rule_file_the_article_answers_from_rules_drawn_from_itself(tmp_path):
    folder = article_folder(tmp_path)
    (folder / "rules.toml").unlink()
    bot = load_bot(folder)
    assert {i.name for i in bot.intents if i.kind == "answer"} >= {s.id for s in bot.article.sections}


def test_a_missing_content_folder_is_named(tmp_path):
    with pytest.raises(ContentError, match=rf"^{tmp_path / 'nowhere'}:1: content folder not found"):
        Library.load(tmp_path / "nowhere")


# -- the command line ------------------------------------------------------------------

def run_check(tmp_path: Path, content_dir: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATBOT_")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'check.sqlite3'}"
    if content_dir:
        env["CHATBOT_CONTENT_DIR"] = str(content_dir)
    return subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "chatbot", "check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_reports_every_article(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ia-generative-fracture-numerique" in result.stdout
    assert "ok" in result.stdout


def test_check_fails_on_a_broken_rule_file_without_a_traceback(tmp_path):
    rules = GOOD.replace("energy = 3", "energy = -1")
    folder = article_folder(tmp_path / "content", rules)
    result = run_check(tmp_path, tmp_path / "content")
    assert result.returncode == 1
    line = line_of(rules, "concepts = { energy")
    assert f"{folder / 'rules.toml'}:{line}: intent 'environment': weight of 'energy' must be a positive number" \
        in result.stderr
    assert f"rules.toml:{line}:" in result.stderr
    assert "Traceback" not in result.stderr
    assert "ok" not in result.stdout


def test_an_exact_form_matches_the_word_as_written_not_its_stem():
    from chatbot.engine.lexicon import Lexicon, make_token
    from chatbot.engine.rules import Concept
    from chatbot.engine.text import tokenize

    concepts = {"data": Concept("data", {"fr": ("=donnees",), "en": ()}, "rules.toml", 1),
                "stemmed": Concept("stemmed", {"fr": ("donnees",), "en": ()}, "rules.toml", 2)}
    lexicon = Lexicon(concepts)

    def found(text):
        tokens = [make_token(w, lang="fr") for w in tokenize(text, keep_accents=True)]
        return {m.concept for m in lexicon.match(tokens, "fr")}

    assert found("des données") == {"data", "stemmed"}
    assert found("donne-moi des exemples") == {"stemmed"}, "'donne' shares the stem of 'données'"
