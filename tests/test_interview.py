"""Readers who interview the author: the title they address him by ("Professeur, ...", "Mr Maurel, ...")
is no question about who he is, and the words of an interview ("pour nos auditeurs", "first question",
"avant d'entrer dans le vif du sujet") never make a question out of scope. Also: the darker side of
a subject is its misuse, a sentence's closing "non" is a tag and no answer to the bot's last question,
and "examples" is no "modèle"."""
from __future__ import annotations

import pytest

from conftest import quoted


@pytest.mark.parametrize(("message", "phrase"), [
    ("Professor, what does your op-ed say generative AI actually is?", "une branche de l'IA"),
    ("Monsieur Maurel, vous pourriez définir pour nos auditeurs ce qu'est l'IA générative ?", "une branche de l'IA"),
    ("Avant d'entrer dans le vif du sujet, vous pourriez définir l'IA générative ?", "une branche de l'IA"),
    ("First question for our listeners: where was your op-ed published?", "tribune dans Le Monde"),
    ("What about the darker side — misuse, fake news, that kind of thing?", "fausses informations"),
    ("Et les usages moins reluisants, vous les évoquez ?", "fausses informations"),
    ("Can you give us a few examples of where generative AI has actually been used?", "œuvres d'art"),
    ("All things considered, would you call generative AI a promising technology?", "technologie prometteuse"),
])
def test_an_interview_question_is_answered(dialogue, message, phrase):
    reply = dialogue.send(message)
    assert phrase in quoted(reply), (reply.intent, quoted(reply))


@pytest.mark.parametrize("message", ["Mr Maurel, on what date exactly was your op-ed published in Le Monde?",
                                     "Professeur, vous êtes marié ?"])
def test_the_title_of_whom_the_reader_addresses_leaves_a_near_miss_a_near_miss(dialogue, message):
    assert dialogue.send(message).quotes == ()


def test_a_closing_non_is_a_tag_not_an_answer_to_the_bots_question(dialogue):
    dialogue.send("et ça sert à quoi ?")
    assert dialogue.state.prompt, "the bot asked the reader something"
    reply = dialogue.send("ça pollue aussi non")
    assert reply.intent == "environment" and "impact environnemental" in quoted(reply)


def test_a_leading_non_still_answers_the_bots_question(dialogue):
    dialogue.send("et ça sert à quoi ?")
    assert dialogue.send("non pas vraiment").intent == "opinion"  # the reader's view, weighed against a passage


@pytest.mark.parametrize("message", [
    "Votre tribune porte uniquement sur l'écologie ou vous abordez aussi autre chose ?",
    "Does the article only talk about the environment, or something else too?"])
def test_only_one_subject_or_something_else_is_answered_by_the_overview(dialogue, message):
    reply = dialogue.send(message)
    assert "inégalités d'accès" in quoted(reply), quoted(reply)


@pytest.mark.parametrize(("message", "phrase"), [
    ("Ce juriste pense quoi du financement ?", "fonds publics"),
    ("C'est quoi son problème numéro 1 à ce juriste ?", "impact environnemental"),
    ("Ce juriste, c'est qui ?", "Le juriste Raphaël Maurel"),
])
def test_this_lawyer_points_at_the_author_and_asks_about_what_follows(dialogue, message, phrase):
    assert phrase in quoted(dialogue.send(message))


@pytest.mark.parametrize("message", ["What are the two challenges?", "Quels sont les deux défis ?",
                                     "In a nutshell, what are the two big challenges your piece raises?"])
def test_two_things_asked_for_are_both_quoted(dialogue, message):
    reply = quoted(dialogue.send(message))
    assert "impact environnemental" in reply and "inégalité d'accès" in reply
