"""Stored conversations as readers would leave them, for the editors' area's tests and benchmark.

Each conversation is a real one: its questions come from the question files of tests/data (in- and
out-of-scope, French and English), each is answered by the bot in turn, so intents, refusals,
confidences, unexplained words and discussion stances are what the engine really gives. Some readers
start a guided discussion and answer its prompts; some vote on a reply, with a comment when it did
not help. Turns are spread over the days before `end` and inserted in batches.
"""
from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import insert

from chatbot.articles import get_bot
from chatbot.conversations import reply_json
from chatbot.engine import ConversationState
from chatbot.storage import store
from chatbot.storage.models import Conversation, Turn, db, new_conversation_id

DATA = Path(__file__).resolve().parent / "data"
FILES = ("dev_questions", "chatty_messages", "near_misses", "everyday_paraphrases", "phone_and_voice",
         "premises_and_slang", "paraphrases")
STANCES = ("Je suis d'accord.", "Pas du tout d'accord.", "Je ne sais pas trop.", "Oui, tout à fait.",
           "I disagree.", "Hmm, not sure.")
COMMENTS = ("Ça ne répond pas à ma question.", "Trop long.", "I asked about the cost, not this.", None,
            "La citation est hors sujet.")
BATCH = 2000


def questions() -> list[str]:
    """Single questions of the seed article's question files."""
    found = []
    for name in FILES:
        for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip() and "text" in (item := json.loads(line)):
                found.append(item["text"])
    return found


def seed(app: Flask, article: str, conversations: int, days: int = 7, end: datetime | None = None,
         rng: random.Random | None = None, progress=None) -> int:
    """Store `conversations` conversations about `article` over the `days` days before `end`; the turns stored."""
    rng = rng or random.Random(12)
    end = end or datetime.now(UTC)
    asked = questions()
    stored = 0
    with app.test_request_context():
        bot = get_bot(article)
        conversation_rows, turn_rows = [], []
        for n in range(conversations):
            conversation_id = new_conversation_id()
            moment = end - timedelta(days=rng.random() * days)
            discussing = rng.random() < 0.1
            messages = ["Discutons de l'article"] + [rng.choice(STANCES) for _ in range(rng.randint(1, 3))] \
                if discussing else [rng.choice(asked) for _ in range(rng.choice((1, 1, 2, 3, 4, 6)))]
            state = ConversationState()
            for number, message in enumerate(messages, 1):
                before = state.to_dict()
                reply, state = bot.reply(message, state)
                at = moment + timedelta(seconds=40 * number)
                vote = rng.random() < 0.15 and not discussing
                useful = (rng.random() < 0.6) if vote else None
                turn_rows.append({
                    "conversation_id": conversation_id, "article": article, "number": number,
                    "user_text": message,
                    "reply_text": reply.text, "reply": reply_json(reply, article, conversation_id),
                    "intent": reply.intent, "confidence": reply.confidence,
                    "passage_ids": [q.passage_id for q in reply.quotes], "lang": reply.lang,
                    "stance": reply.stance, "answered": store.answered(before, reply),
                    "unknown_words": store.unknown_words(reply),
                    "useful": useful, "comment": rng.choice(COMMENTS) if useful is False else None,
                    "feedback_at": at + timedelta(seconds=20) if vote else None, "created_at": at})
            conversation_rows.append({"id": conversation_id, "article": article, "state": state.to_dict(),
                                      "created_at": moment, "updated_at": at, "turn_count": len(messages)})
            if len(turn_rows) >= BATCH or n == conversations - 1:
                db.session.execute(insert(Conversation), conversation_rows)
                db.session.execute(insert(Turn), turn_rows)
                db.session.commit()
                stored += len(turn_rows)
                conversation_rows, turn_rows = [], []
                if progress:
                    progress(stored)
    return stored
