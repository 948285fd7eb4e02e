"""Readers who bring in what they read or heard elsewhere: "j'ai lu que X, l'article le dit aussi ?" asks
about X, which is no account of the reader themselves; what they read of a subject the article does not
cover stays out of scope."""
from __future__ import annotations

import pytest

from conftest import quoted


@pytest.mark.parametrize(("message", "phrase"), [
    ("J'ai lu que les simples citoyens n'ont pas les moyens d'entraîner leurs propres modèles. L'article le dit "
     "aussi ?", "réservées aux grandes entreprises"),
    ("I read that AI is deepening the digital divide. Is that what this article is about?",
     "accentue la fracture numérique"),
    ("J'ai entendu dire que l'IA générative consomme énormément d'énergie, c'est dans l'article ?",
     "quantité énorme d'énergie"),
])
def test_what_the_reader_read_elsewhere_is_what_they_ask_about(dialogue, message, phrase):
    reply = dialogue.send(message)
    assert phrase in quoted(reply), (reply.intent, quoted(reply))


@pytest.mark.parametrize(("message", "phrase"), [
    ("Un rapport de l'ONU dit que les bénéfices de l'IA doivent profiter à tous. La conclusion va-t-elle dans ce "
     "sens ?", "accessibles à tous"),
    ("A friend said the piece calls for finding ways to shrink AI's environmental footprint. Is that in the "
     "conclusion?", "limiter son impact environnemental"),
])
def test_what_the_conclusion_says_of_what_the_reader_read(dialogue, message, phrase):
    assert phrase in quoted(dialogue.send(message))


def test_who_the_reader_is_stays_their_context(dialogue):
    reply = dialogue.send("J'ai une boulangerie depuis vingt ans. Qui a accès à l'IA générative ?")
    assert "réservées aux grandes entreprises" in quoted(reply)


@pytest.mark.parametrize("message", [
    "J'ai lu dans Libé que Mistral lève des milliards, l'article parle de Mistral ?",
    "A podcast said Nvidia sells most of the chips. What does the article say about Nvidia?"])
def test_a_subject_the_article_does_not_cover_is_refused_wherever_the_reader_read_of_it(dialogue, message):
    assert dialogue.send(message).quotes == ()
