"""Many articles in one process: what they share is built once, what is each one's own stays its own.

An operator serving a thousand articles notices what a worker holds and how fast it
starts; a reader notices only that each article answers as it would alone.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chatbot.engine import ContentError, ConversationState, Library
from chatbot.engine.shared import shared
from conftest import make_app

ROOT = Path(__file__).resolve().parent.parent
FIRST = "ia-generative-fracture-numerique"
SECOND = "velo-urbain"
SOURCES = {FIRST: ROOT / "chatbot" / "content" / FIRST, SECOND: ROOT / "tests" / "content" / SECOND}


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> Library:
    """A library of the two articles, in one content folder."""
    root = tmp_path_factory.mktemp("content")
    for slug, source in SOURCES.items():
        shutil.copytree(source, root / slug)
    return Library.load(root)


def corrections(library: Library, slug: str, text: str) -> dict[str, str]:
    return library.get(slug).parse(text)["explanation"]["corrections"]


def test_importing_the_engine_loads_no_web_framework():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "import sys, chatbot.engine; print(sorted({m.split('.')[0] for m in sys.modules} & {'flask', 'sqlalchemy'}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_articles_share_one_typo_index_and_the_base_lexicon(both):
    first, second = both.get(FIRST), both.get(SECOND)
    assert first.known.speller.index is second.known.speller.index is shared().spelling
    assert first.lexicon.under is second.lexicon.under is shared().lexicon


def test_a_bot_is_built_once_when_its_article_is_first_asked_about(both):
    assert both.get(FIRST) is both.get(FIRST)
    assert both.get("no-such-article") is None


@pytest.mark.parametrize(("slug", "text", "fixed"), [
    (SECOND, "Les carefours sont-ils dangereux ?", {"carefours": "carrefours"}),
    (SECOND, "des pistes cyclabes", {"cyclabes": "cyclables"}),
    (FIRST, "un agent conversationel", {"conversationel": "conversationnel"}),
    (FIRST, "les réseaux neuronnaux", {"neuronnaux": "neuronaux"}),
])
def test_an_articles_own_words_are_still_corrected(both, slug, text, fixed):
    assert corrections(both, slug, text) == fixed


@pytest.mark.parametrize(("slug", "text"), [
    (FIRST, "Les carefours sont-ils dangereux ?"),  # "carrefours" is only the other article's word
    (FIRST, "des pistes cyclabes"),
    (SECOND, "un agent conversationel"),
])
def test_a_typo_is_not_corrected_into_a_word_only_another_article_has(both, slug, text):
    assert corrections(both, slug, text) == {}


QUESTIONS = ["Les carrefours sont-ils dangereux ?", "Are bikes often stolen?", "Qui a écrit cet article ?",
             "Quel est l'impact environnemental de l'IA ?", "Que propose l'autrice ?", "les cyclabels ?"]


@pytest.mark.parametrize("question", QUESTIONS)
def test_an_article_answers_beside_another_as_it_does_alone(both, question):
    alone = Library.load(ROOT / "tests" / "content").get(SECOND)
    assert both.get(SECOND).reply(question, ConversationState()) == alone.reply(question, ConversationState())


def _with_a_mistake(root: Path) -> Path:
    """Both articles in `root`, the second's rules broken; the broken file."""
    for slug, source in SOURCES.items():
        shutil.copytree(source, root / slug)
    rules = root / SECOND / "rules.toml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("[concepts.bike]", "[concepts.bike"), encoding="utf-8")
    return rules


def test_an_article_with_a_mistake_is_left_out_and_the_others_served(tmp_path):
    rules = _with_a_mistake(tmp_path)
    library = Library.load(tmp_path)
    assert library.slugs == [FIRST] and library.get(SECOND) is None
    assert list(library.errors) == [SECOND] and str(library.errors[SECOND]).startswith(f"{rules}:")
    assert library.get(FIRST).reply("Quel est l'impact environnemental de l'IA ?", ConversationState())[0].quotes


def test_when_no_article_loads_the_start_up_stops_with_the_mistake(tmp_path):
    rules = _with_a_mistake(tmp_path)
    shutil.rmtree(tmp_path / FIRST)
    with pytest.raises(ContentError, match=rf"^{rules}:"):
        Library.load(tmp_path)


def test_the_site_serves_the_others_and_says_which_was_left_out(tmp_path, caplog):
    rules = _with_a_mistake(tmp_path / "content")
    app = make_app({"TESTING": True, "CONTENT_DIR": str(tmp_path / "content"),
                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'left-out.sqlite3'}"})
    assert f"article left out: {rules}:" in caplog.text
    client = app.test_client()
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["left_out"][SECOND].startswith(f"{rules}:")
    assert client.post("/api/v1/chat", json={"message": "Quel est l'impact environnemental ?", "article": FIRST}) \
        .status_code == 200
    assert client.post("/api/v1/chat", json={"message": "bonjour", "article": SECOND}).status_code == 404
    result = app.test_cli_runner().invoke(args=["chatbot", "check"])
    assert result.exit_code == 1, "an operator's check fails while an article is left out"
    assert f"{FIRST}: " in result.stdout and f"{SECOND}: left out - {rules}:" in result.stderr
