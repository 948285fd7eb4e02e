"""Readers who quiz: a sentence to complete is answered by the sentence of the article it comes from; a
multiple-choice question is asked by its stem, its wrong options naming nothing to refuse it for;
"Question 4 :" or "Quiz time!" labels a question and asks nothing; a number asked for in options the
article does not give stays out of scope."""
from __future__ import annotations

import pytest

from chatbot.engine.segment import clauses
from conftest import quoted


@pytest.mark.parametrize(("message", "phrase"), [
    ("Compléter : L'IA générative est une branche de l'IA qui crée des ___ à partir de données.",
     "crée des modèles à partir de données"),
    ("Titre, complétez : Comment ChatGPT accentue la ________ dans le domaine de l'intelligence artificielle",
     "accentue la fracture numérique"),
    ("Which technology is often used to create images and videos? A. quantum computers B. deep neural networks "
     "C. blockchain", "réseaux de neurones profonds"),
    ("Qui a publié la tribune ? a) un économiste b) un juriste c) un ingénieur", "Le juriste Raphaël Maurel"),
    ("Les réseaux de neurones profonds sont souvent utilisés pour créer :\n1) des textes\n2) des images et des "
     "vidéos\n3) de la musique", "création d'images et de vidéos"),
    ("Which of these is NOT mentioned as a use: A. art B. drugs C. weather forecasts?", "œuvres d'art"),
    ("Which uses are mentioned?", "œuvres d'art"),
    ("Quiz time! Who wrote the op-ed?", "Raphaël Maurel"),
    ("Revision quiz, Q1: the resources to train these models are reserved for whom?", "grandes entreprises"),
])
def test_a_quiz_question_is_answered(dialogue, message, phrase):
    reply = dialogue.send(message)
    assert phrase in quoted(reply), (reply.intent, quoted(reply))


@pytest.mark.parametrize("message", ["Question 4 : en quelle année la tribune est parue ? a) 2021 b) 2023",
                                     "Âge de Raphaël Maurel ? ___ ans"])
def test_a_quiz_question_the_article_cannot_answer_is_refused(dialogue, message):
    assert dialogue.send(message).quotes == ()


def test_two_labelled_questions_are_two_questions(dialogue):
    reply = dialogue.send("question 1 : d'où vient le chiffre des 284 tonnes\n"
                          "question 2 : ça fait l'équivalent de combien de vols Paris-New York ?")
    assert "Selon une étude de OpenAI" in quoted(reply)


def test_options_are_told_from_a_numbered_list_of_questions_or_requests():
    options = [c.text for c in clauses("Les réseaux de neurones servent à : a) des textes b) des images ?") if c.option]
    assert options == ["des textes", "des images"]
    assert not any(c.option for c in clauses("1) Qui a écrit la tribune ? 2) Où est-elle parue ?"))
    assert not any(c.option for c in clauses("J'ai besoin de deux éléments :\n1. le titre exact ;\n2. son sous-titre."))
