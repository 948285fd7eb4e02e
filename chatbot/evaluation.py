"""Measuring understanding: replay question files through a bot and score every answer.

A question file has one JSON object per line, either one question
    {"id", "lang", "text", "expect": ["key phrase", ...] | "fallback", "intent"?: "name"}
or a whole dialogue, each turn scored in the same conversation:
    {"id", "lang", "turns": [{"text", "expect", "intent"?}, ...]}
An answer is right when its quotes hold one of the expected phrases (ignoring case,
accents and apostrophes) and stay short; an out-of-scope question is right when
nothing is quoted. Questions are put to the engine directly, or through the JSON
API (`POST /api/v1/chat`) as any client would: both give the same replies.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .engine import Bot, ConversationState

MAX_QUOTE_CHARS = 800  # quoting the whole article must not pass
FALLBACK = "fallback"


def normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("œ", "oe").replace("Œ", "Oe")
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).strip()


def judge(expect, quoted: str) -> bool:
    """The scoring rule shared with the project's evaluation harness."""
    q = normalise(quoted)
    if expect == FALLBACK:
        return q == ""
    if expect == "any":
        return True
    if len(q) > MAX_QUOTE_CHARS:
        return False
    return any(normalise(phrase) in q for phrase in expect)


@dataclass
class Outcome:
    id: str
    lang: str
    text: str
    expect: list[str] | str
    ok: bool
    answered_intent: str
    expected_intent: str | None
    quotes: list[str]

    @property
    def scope(self) -> str:
        return "out-of-scope" if self.expect == FALLBACK else "in-scope"


class QuestionFileError(ValueError):
    """A question file line is not what the format says."""


def load(path: Path) -> list[dict]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as e:
            raise QuestionFileError(f"{path}:{number}: not JSON ({e.msg})") from None
        turns = item.get("turns") if isinstance(item, dict) else None
        steps = turns if isinstance(turns, list) else [item]
        if not all(isinstance(s, dict) and isinstance(s.get("text"), str) and "expect" in s for s in steps):
            raise QuestionFileError(f"{path}:{number}: each question needs a 'text' and an 'expect'")
        items.append({**item, "id": str(item.get("id", number)), "turns": steps})
    return items


# One turn: (text, the conversation so far or None) -> (the reply as the API gives it, the conversation now).
Turn = Callable[[str, Any], tuple[dict, Any]]


def engine(bot: Bot) -> Turn:
    """Turns answered by the engine in-process, the conversation's state kept here."""
    def turn(text: str, state: ConversationState | None) -> tuple[dict, ConversationState]:
        reply, state = bot.reply(text, state or ConversationState())
        return {"quotes": [{"text": q.text} for q in reply.quotes], "intent": {"name": reply.intent},
                "lang": reply.lang}, state
    return turn


def api(post: Callable[[dict], dict], article: str | None = None) -> Turn:
    """Turns sent to POST /api/v1/chat through `post` (body -> response JSON), the conversation's id kept here."""
    def turn(text: str, conversation_id: str | None) -> tuple[dict, str]:
        body = {"message": text, **({"conversation_id": conversation_id} if conversation_id else {}),
                **({"article": article} if article and not conversation_id else {})}
        response = post(body)
        return response["reply"], response["conversation_id"]
    return turn


def run(bot: Bot, items: list[dict]) -> list[Outcome]:
    """Answer every question with the engine (each dialogue in its own conversation) and judge the answers."""
    return replay(engine(bot), items)


def replay(turn: Turn, items: list[dict]) -> list[Outcome]:
    """Put every question through `turn` (each dialogue in its own conversation) and judge the answers."""
    outcomes = []
    for item in items:
        conversation = None
        for i, step in enumerate(item["turns"]):
            reply, conversation = turn(step["text"], conversation)
            quotes = [q["text"] for q in reply["quotes"]]
            outcomes.append(Outcome(
                id=item["id"] if len(item["turns"]) == 1 else f"{item['id']}#{i + 1}",
                lang=step.get("lang") or item.get("lang") or reply["lang"],
                text=step["text"], expect=step["expect"], ok=judge(step["expect"], " ".join(quotes)),
                answered_intent=reply["intent"]["name"], expected_intent=step.get("intent"), quotes=quotes))
    return outcomes


def _rate(outcomes: list[Outcome]) -> dict:
    n = len(outcomes)
    right = sum(o.ok for o in outcomes)
    return {"right": right, "total": n, "accuracy": round(right / n, 4) if n else None}


def summarise(outcomes: list[Outcome]) -> dict:
    """Accuracy overall, per language and scope; intent precision/recall/F1; confusions; misses."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[o.lang].append(o)
        groups[o.scope].append(o)
        groups[f"{o.lang} {o.scope}"].append(o)
    labelled = [o for o in outcomes if o.expected_intent]
    intents = {}
    for name in sorted({o.expected_intent for o in labelled} | {o.answered_intent for o in labelled}):
        tp = sum(o.expected_intent == name and o.answered_intent == name for o in labelled)
        predicted = sum(o.answered_intent == name for o in labelled)
        actual = sum(o.expected_intent == name for o in labelled)
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        intents[name] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                         "support": actual}
    confusion = Counter((o.expected_intent, o.answered_intent) for o in labelled
                        if o.expected_intent != o.answered_intent)
    return {
        "overall": _rate(outcomes),
        "groups": {name: _rate(items) for name, items in sorted(groups.items())},
        "intents": intents,
        "confusions": [{"expected": e, "answered": a, "count": n} for (e, a), n in confusion.most_common()],
        "misses": [asdict(o) for o in outcomes if not o.ok],
    }


def report(summary: dict) -> str:
    """The summary as text for a terminal."""
    def rate(r: dict) -> str:
        return f"{r['accuracy']:.1%} ({r['right']}/{r['total']})" if r["total"] else "-"

    lines = [f"accuracy: {rate(summary['overall'])}"]
    lines += [f"  {name:<22} {rate(r)}" for name, r in summary["groups"].items()]
    if summary["intents"]:
        lines.append("\nintent                 precision  recall     f1  support")
        for name, m in summary["intents"].items():
            lines.append(f"  {name:<20} {m['precision']:9.2f} {m['recall']:7.2f} {m['f1']:6.2f} {m['support']:8}")
    if summary["confusions"]:
        lines.append("\nconfusions (expected -> answered)")
        lines += [f"  {c['expected']} -> {c['answered']}: {c['count']}" for c in summary["confusions"]]
    if summary["misses"]:
        lines.append(f"\nmisses ({len(summary['misses'])})")
        for m in summary["misses"]:
            answered = " | ".join(q[:90] for q in m["quotes"]) or "(no quote)"
            expected = m["expect"] if m["expect"] == FALLBACK else " / ".join(m["expect"])
            lines.append(f"  {m['id']} [{m['lang']}] {m['text']!r}\n"
                         f"      expected: {expected}\n      answered: {m['answered_intent']}: {answered}")
    return "\n".join(lines)
