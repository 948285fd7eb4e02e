"""User input never raises: random text of every kind always gets a reply, and every
quote in it is an exact substring of the article."""
from __future__ import annotations

import random

import pytest

ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyz ",
    "éèêëàâäîïôöùûüçœæÉÀ' -",
    "?!.,;:()[]{}<>\"'`~@#$%^&*_+=|\\/",
    "0123456789",
    "\u200f\u202e\u200d\u200b\ufeff\u0301\u0300",  # bidi marks, zero-width, combining accents
    "\u0000\u0007\u001b\t\n\r\x7f",  # control characters
    "😀🤖🌍👍🏽",
    "日本語中文한국어العربيةעברית",
    "\ud800\udfff",  # lone surrogates
]
WORDS = ["énergie", "IA", "Maurel", "pourquoi", "continue", "oui", "non", "the", "l'", "qu'", "CO2", "284"]


def random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 12)):
        if rng.random() < 0.4:
            parts.append(rng.choice(WORDS))
        else:
            alphabet = rng.choice(ALPHABETS)
            parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
    return " ".join(parts)


@pytest.mark.parametrize("seed", range(10))
def test_random_text_always_gets_a_reply_with_verbatim_quotes(dialogue, seed):
    rng = random.Random(seed)
    for _ in range(60):
        reply = dialogue.send(random_text(rng), rng.choice([None, "fr", "en"]))
        assert reply.text and reply.lang in ("fr", "en")
        assert all(quote.text in dialogue.bot.article.text for quote in reply.quotes)
        assert len(reply.quotes) <= 2


@pytest.mark.parametrize("text", ["", " ", "?", "'", "-", "l'", "a" * 5000, "é" * 1000, "qu'qu'qu'", "t-t-t"])
def test_degenerate_text_gets_a_reply(bot, text):
    from chatbot.engine import ConversationState

    reply, state = bot.reply(text, ConversationState())
    assert reply.text
    assert bot.parse(text)["intent"]["name"]
