"""Readers who check what they understood: the words that frame a restatement ("si j'ai bien suivi",
"j'ai cru comprendre", "quick check", "correct me if I'm wrong") never make it out of scope, and the
passage that settles the restatement, right or wrong, is quoted. Verbs of the article's subjects are
not requests for a task ("ça crée des modèles ?" is no "crée-moi un modèle"), "à part" as an adjective
asks for nothing else, and "why" naming the current topic again asks for that topic's cause."""
from __future__ import annotations

import pytest

from conftest import quoted


@pytest.mark.parametrize(("message", "phrase"), [
    ("J'ai cru comprendre que l'IA générative se contente d'appliquer des modèles existants, c'est ça ?",
     "plutôt que de simplement les appliquer"),
    ("L'IA générative, si j'ai bien suivi, ça crée des modèles à partir de données ?", "crée des modèles"),
    ("Corrigez-moi si je me trompe : l'auteur est juriste ?", "juriste"),
    ("Quick check: is generative AI described in the article as a branch of AI?", "une branche de l'IA"),
    ("If I understood correctly, the training of one model emits 284 tonnes of CO2?", "284 tonnes"),
    ("The conclusion basically says generative AI is a dead end, right?", "technologie prometteuse"),
    ("Donc en conclusion, c'est une impasse, l'IA générative ?", "technologie prometteuse"),
])
def test_a_restatement_to_check_is_answered_by_the_passage_that_settles_it(dialogue, message, phrase):
    reply = dialogue.send(message)
    assert phrase in quoted(reply), (reply.intent, quoted(reply))


@pytest.mark.parametrize("message", [
    "Si j'ai bien compris, l'article parle aussi de la consommation d'eau des data centers en Irlande ?",
    "Correct me if I'm wrong, but the article gives the price of a ChatGPT subscription?",
])
def test_a_frame_does_not_make_a_question_the_article_cannot_answer_in_scope(dialogue, message):
    assert dialogue.send(message).quotes == ()


def test_the_adjective_a_part_asks_for_nothing_else(dialogue):
    reply = dialogue.send("Le texte présente l'IA générative comme une branche de l'IA, ou comme une techno à part ?")
    assert "une branche de l'IA" in quoted(reply)


@pytest.mark.parametrize("message", ["Écris-moi un poème sur l'IA", "bonjour, écris moi un poème",
                                     "Can you help me write a cover letter?", "Aide-moi à rédiger une lettre",
                                     "write me a song about data centres"])
def test_a_request_for_a_task_is_still_refused(dialogue, message):
    reply = dialogue.send(message)
    assert reply.quotes == () and reply.intent == "fallback"


@pytest.mark.parametrize(("message", "phrase"), [("Can AI create a painting?", "œuvres d'art"),
                                               ("L'IA crée des œuvres d'art ?", "œuvres d'art"),
                                               ("mon prof dit que l'IA générative crée des trucs à partir de "
                                                "données, c'est ça ?", "à partir de données"),
                                               ("So a generative model creates things from data, right?",
                                                "à partir de données")])
def test_a_verb_after_its_subject_asks_about_the_article(dialogue, message, phrase):
    assert phrase in quoted(dialogue.send(message))


def test_why_naming_the_current_topic_again_asks_for_its_cause(dialogue):
    dialogue.send("J'ai cru comprendre qu'il y avait un deuxième problème, l'accès ?")
    reply = dialogue.send("pourquoi tout le monde n'y a pas accès ?")
    assert "réservées aux grandes entreprises" in quoted(reply)
