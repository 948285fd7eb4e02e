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


def test_a_mistake_in_any_article_still_stops_the_start_up(tmp_path):
    for slug, source in SOURCES.items():
        shutil.copytree(source, tmp_path / slug)
    rules = tmp_path / SECOND / "rules.toml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("[concepts.bike]", "[concepts.bike"), encoding="utf-8")
    with pytest.raises(ContentError, match=rf"^{rules}:"):
        Library.load(tmp_path)
