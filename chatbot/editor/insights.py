"""What readers asked an article over a period, and how the bot and the readers took it.

Each function reads one thing with one or two SQL statements (counted and grouped by the database,
with the turns' `created_at` and the conversations' `article` indexed), so the pages stay fast with
hundreds of thousands of stored turns; only grouping refused questions by their wording, and
counting unexplained words, is done here, on the period's refused turns alone.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from flask import g
from sqlalchemy import Date, and_, case, cast, desc, func, select

from ..engine.text import is_stopword, stems, tokenize
from ..storage.editors import Label
from ..storage.models import Conversation, Turn, db, iso

REFUSED = "fallback"  # the intent of a reply that quotes nothing because the article does not say
LOW_CONFIDENCE = 0.5  # an answer the bot was less sure of than this is worth an editor's look
SIMILAR = 0.5  # two wordings share a group when half their words (stemmed, stop words left out) are shared
MAX_WORDINGS = 3000  # the most frequent refused wordings grouped; the rest are counted but not shown
EXAMPLES = 2000  # the latest questions with unknown words an example of each is taken from
STANCES = ("agree", "disagree", "unsure", "opinion")


@dataclass(frozen=True)
class Period:
    """Whole days in UTC, from `start` to `end` included."""

    start: date
    end: date

    @classmethod
    def last(cls, days: int, today: date | None = None) -> Period:
        today = today or datetime.now(UTC).date()
        return cls(today - timedelta(days=days - 1), today)

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(), UTC)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end + timedelta(days=1), time(), UTC)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def _in(article: str, period: Period):
    """The turns of `article` in `period`: the condition every query shares, which one index serves."""
    return and_(Turn.article == article, Turn.created_at >= period.since, Turn.created_at < period.until)


def _turns(*columns):
    return select(*columns).select_from(Turn)


def _day():
    """A turn's day in UTC, as the database computes it."""
    if db.engine.dialect.name == "postgresql":
        return cast(func.timezone("UTC", Turn.created_at), Date)
    return func.date(Turn.created_at)  # SQLite keeps UTC times as text: its date() reads them


@dataclass(frozen=True)
class Counts:
    """An article's turns over a period, counted once for the summary, the days and the intents; and the
    conversations that started in it."""

    by_day_and_intent: dict[tuple[str, str], int]
    useful: int
    not_useful: int
    conversations: int  # started in the period


def counts(article: str, period: Period) -> Counts:
    """Counted by the database from the insights' index, once per request however many parts use them."""
    cache = g.setdefault("insight_counts", {})
    if (article, period) not in cache:
        day = _day().label("day")
        useful = func.sum(case((Turn.useful.is_(True), 1), else_=0))
        useless = func.sum(case((Turn.useful.is_(False), 1), else_=0))
        query = _turns(day, Turn.intent, func.count(), useful, useless).where(_in(article, period)) \
            .group_by(day, Turn.intent)
        by, yes, no = {}, 0, 0
        for d, intent, n, u, nu in db.session.execute(query):
            by[(str(d), intent)] = int(n)
            yes, no = yes + int(u or 0), no + int(nu or 0)
        started = and_(Conversation.article == article, Conversation.created_at >= period.since,
                       Conversation.created_at < period.until)
        conversations = db.session.execute(select(func.count()).select_from(Conversation).where(started)).scalar_one()
        cache[(article, period)] = Counts(by, yes, no, int(conversations))
    return cache[(article, period)]


def summary(article: str, period: Period) -> dict:
    c = counts(article, period)
    questions = sum(c.by_day_and_intent.values())
    refused = sum(n for (_day, intent), n in c.by_day_and_intent.items() if intent == REFUSED)
    return {"questions": questions, "conversations": c.conversations, "refused": refused,
            "refused_share": round(refused / questions, 3) if questions else 0.0,
            "useful": c.useful, "not_useful": c.not_useful}


def per_day(article: str, period: Period) -> list[dict]:
    """Questions and refusals on each day of the period, days without any included."""
    questions: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    for (day, intent), n in counts(article, period).by_day_and_intent.items():
        questions[day] += n
        refused[day] += n if intent == REFUSED else 0
    rows = []
    for d in (d.isoformat() for d in period.days):
        rows.append({"day": d, "questions": questions[d], "refused": refused[d],
                     "refused_share": round(refused[d] / questions[d], 3) if questions[d] else 0.0})
    return rows


def intents(article: str, period: Period, limit: int = 12) -> list[dict]:
    """The intents readers' questions were understood as, most asked first."""
    asked: Counter[str] = Counter()
    for (_day, intent), n in counts(article, period).by_day_and_intent.items():
        asked[intent] += n
    return [{"intent": name, "count": n} for name, n in sorted(asked.items(), key=lambda i: (-i[1], i[0]))[:limit]]


def refused_groups(article: str, period: Period, limit: int = 40) -> dict:
    """Refused questions grouped by similar wording: each group's count, its wordings, an example turn."""
    n = func.count().label("n")
    query = _turns(Turn.user_text, Turn.lang, n, func.max(Turn.conversation_id), func.max(Turn.number)) \
        .where(_in(article, period), Turn.intent == REFUSED) \
        .group_by(Turn.user_text, Turn.lang).order_by(desc(n), Turn.user_text).limit(MAX_WORDINGS)
    groups: list[dict] = []
    by_stem: dict[str, list[int]] = {}  # the groups each stem is part of, to compare a wording with those alone
    for text, lang, count, conversation, number in db.session.execute(query):
        key = wording_key(text, lang)
        near = sorted({i for stem in key for i in by_stem.get(stem, ())})  # the most asked group first
        found = next((i for i in near if _similar(key, groups[i]["key"])), None)
        if found is None:
            found = len(groups)
            groups.append({"key": key, "text": text, "lang": lang, "count": 0, "wordings": [],
                           "conversation_id": conversation, "turn": number})
            for stem in key:
                by_stem.setdefault(stem, []).append(found)
        group = groups[found]
        group["count"] += int(count)
        group["wordings"].append({"text": text, "count": int(count)})
    groups.sort(key=lambda group: (-group["count"], group["text"]))
    total = sum(group["count"] for group in groups)
    for group in groups:
        del group["key"]
    return {"total": total, "groups": groups[:limit]}


@lru_cache(maxsize=MAX_WORDINGS * 4)
def wording_key(text: str, lang: str) -> frozenset[str]:
    """A question's content words, each as its shortest stem: what similar wordings share."""
    return frozenset(min(stems(w, lang), key=len) for w in tokenize(text, keep_accents=True)
                     if not is_stopword(w) and len(w) > 1)


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= SIMILAR


def low_confidence(article: str, period: Period, limit: int = 40) -> list[dict]:
    """Answers the bot gave while unsure, least sure first."""
    query = _turns(Turn.user_text, Turn.lang, Turn.intent, Turn.confidence, Turn.passage_ids, Turn.conversation_id,
                   Turn.number, Turn.created_at) \
        .where(_in(article, period), Turn.intent != REFUSED, Turn.confidence < LOW_CONFIDENCE) \
        .order_by(Turn.confidence, desc(Turn.created_at)).limit(limit)
    return [{"text": text, "lang": lang, "intent": intent, "confidence": round(confidence, 3),
             "passage_ids": passages or [], "conversation_id": conversation, "turn": number, "at": iso(at)}
            for text, lang, intent, confidence, passages, conversation, number, at in db.session.execute(query)]


def not_useful(article: str, period: Period, limit: int = 100) -> list[dict]:
    """Replies readers found not useful, with their comments, the latest questions first."""
    query = _turns(Turn.user_text, Turn.lang, Turn.reply, Turn.intent, Turn.comment, Turn.conversation_id,
                   Turn.number, Turn.feedback_at) \
        .where(_in(article, period), Turn.useful.is_(False)).order_by(desc(Turn.created_at)).limit(limit)
    return [{"text": text, "lang": lang, "reply": reply["text"], "quotes": [q["text"] for q in reply["quotes"]],
             "intent": intent, "comment": comment, "conversation_id": conversation, "turn": number, "at": iso(at)}
            for text, lang, reply, intent, comment, conversation, number, at in db.session.execute(query)]


def unexplained_words(article: str, period: Period, limit: int = 40) -> list[dict]:
    """Words readers used that neither the article nor its rules explain: candidates for concepts."""
    query = _turns(Turn.unknown_words, Turn.intent).where(_in(article, period), Turn.unknown_words.is_not(None))
    counts: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    for words, intent in db.session.execute(query):  # from the index alone
        for word in set(words.split()):
            counts[word] += 1
            refused[word] += intent == REFUSED
    examples: dict[str, str] = {}  # a recent question for each word, read from the latest turns alone
    recent = _turns(Turn.unknown_words, Turn.user_text) \
        .where(_in(article, period), Turn.unknown_words.is_not(None)).order_by(desc(Turn.created_at)).limit(EXAMPLES)
    for words, text in db.session.execute(recent):
        for word in words.split():
            examples.setdefault(word, text)
    return [{"word": w, "count": n, "refused": refused[w], "example": examples.get(w)}
            for w, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]


def stances(article: str, period: Period) -> list[dict]:
    """For guided discussions: how readers answered each prompt (agree, disagree, unsure, an opinion)."""
    query = _turns(Turn.answered, Turn.stance, func.count()) \
        .where(_in(article, period), Turn.stance.is_not(None)).group_by(Turn.answered, Turn.stance)
    prompts: dict[str, dict] = {}
    for prompt, stance, count in db.session.execute(query):
        row = prompts.setdefault(prompt or "—", {"prompt": prompt or "—", **{s: 0 for s in STANCES}, "total": 0})
        if stance in STANCES:
            row[stance] += int(count)
        row["total"] += int(count)
    return sorted(prompts.values(), key=lambda r: (-r["total"], r["prompt"]))


def labels(article: str) -> dict[str, Label]:
    """The editors' labels on this article's questions, by question."""
    query = select(Label).where(Label.article == article)
    return {label.question: label for label in db.session.execute(query).scalars()}


def everything(article: str, period: Period) -> dict:
    """All the insights, as the admin API returns them."""
    return {"article": article, "from": period.start.isoformat(), "to": period.end.isoformat(),
            "summary": summary(article, period), "per_day": per_day(article, period),
            "intents": intents(article, period), "refused": refused_groups(article, period),
            "low_confidence": low_confidence(article, period), "not_useful": not_useful(article, period),
            "unexplained_words": unexplained_words(article, period), "stances": stances(article, period)}

