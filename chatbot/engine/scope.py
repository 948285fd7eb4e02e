"""Scope checks: refuse rather than guess.

Two checks:
- unexplained subjects: the question names things neither the article, its concepts
  nor everyday usage explain ("Where does Maurel teach?" names a university);
- answer types: the question asks for a kind of answer (a date, a price, who made
  something, an age, a quantity of something...) and a quote is an answer only if it
  holds one. The best passage that does is quoted; when none does, the bot refuses,
  even if related sentences exist ("Who created ChatGPT?" when the article only
  names ChatGPT).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .article import Passage
from .dictionary import languages, zipf
from .retrieve import PassageIndex, Ranked
from .rules import AnswerType
from .text import fold, is_stopword
from .understand import Analysis

STRONG = 4.5  # evidence strong enough to answer despite a little that nothing explains...
MIN_COVERAGE = 0.75  # ...when the rest of the question is at least this share of its words
MOST = 1.0  # unexplained weight (a rare word counts 1, an everyday one as little as 0.2) always refused
SOME = 0.5  # unexplained weight refused unless the evidence is strong
SHORT = 2  # a question of so few content words may be about the context the reader gave ("ça")
RARE = 4.0  # a capitalised word rarer than this (Zipf) is a name
CANDIDATES = 6  # passages looked at for one that holds the kind of answer asked for
_CAPITALISED = re.compile(r"\b[A-Z][\w-]+")


def unexplained(analysis: Analysis, score: float) -> str | None:
    """Why the question is out of scope by its words, or None.

    When the question says little of its own and its evidence is weak, the reader's
    context counts too: "mon imprimante n'imprime plus, vous avez une idée ?" is about
    the printer.
    """
    weak = score < STRONG or analysis.coverage < MIN_COVERAGE
    anaphoric = weak and analysis.content <= SHORT
    weight = analysis.unexplained + (analysis.aside if anaphoric else 0.0)
    words = analysis.unknown + (analysis.aside_words if anaphoric else [])
    if weight > MOST or (weight >= SOME and weak):
        return f"the article says nothing of: {', '.join(words)}"
    return None


@dataclass(frozen=True)
class Asked:
    """A kind of answer a question asks for, and the thing it asks it of ("combien de CO2": co2)."""

    kind: AnswerType
    thing: frozenset[str]  # keys of the thing the answer must speak of, or empty


def asked(analysis: Analysis, answer_types: dict[str, AnswerType]) -> list[Asked]:
    found = []
    for kind in answer_types.values():
        for pattern in kind.asks:
            m = next((m for clause in analysis.asked if (m := pattern.search(clause))), None)
            if m:
                thing = m.groupdict().get("thing")
                keys = next((t.keys | _concepts_at(analysis, i) for i, t in enumerate(analysis.tokens)
                             if thing and t.typed == thing and not t.stop), frozenset())
                found.append(Asked(kind, frozenset(keys)))
                break
    return found


def _concepts_at(analysis: Analysis, index: int) -> frozenset[str]:
    return frozenset("@" + m.concept for m in analysis.matches if m.start <= index < m.end)


def answer(analysis: Analysis, kinds: list[Asked], ranked: list[Ranked], index: PassageIndex,
           names: frozenset[str]) -> tuple[list[Passage], str]:
    """The best passage that holds every kind of answer asked for, or no passage and the reason.

    A passage holds an answer when one of the kind's evidence patterns matches it, it speaks
    of the thing asked about, and it names what the question names (`names`: the article's
    own names, such as "ChatGPT" or "OpenAI", that the question uses).
    """
    named = {t.word for s in analysis.spans if s.role == "ask" for t in analysis.tokens[s.start:s.end]
             if t.word in names}
    for r in [r for r in ranked if r.score > 0][:CANDIDATES]:
        terms = index.terms_at(r.passage)
        words = set(re.findall(r"[^\W_]+", fold(r.passage.text)))
        if named - words:
            continue
        if all(any(e.search(r.passage.text) for e in a.kind.evidence) and (not a.thing or a.thing & terms.keys())
               for a in kinds):
            return [r.passage], ""
    missing = next(a.kind.name for a in kinds)
    return [], f"the question asks for a {missing} the article does not give"


def article_names(passages: tuple[Passage, ...]) -> frozenset[str]:
    """The names an article uses, folded: capitalised words that are no common word ("Maurel", "OpenAI"),
    or that are rare and capitalised inside a sentence ("Bowie"; not "Le Monde")."""
    found = set()
    for p in passages:
        for m in _CAPITALISED.finditer(p.text):
            word = fold(m.group())
            inside = m.start() > 0 and p.text[:m.start()].rstrip()[-1:] not in ".!?"
            if len(word) > 2 and not is_stopword(word) and (
                    not languages(word) or (inside and zipf(frozenset((word,))) < RARE)):
                found.add(word)
    return frozenset(found)
