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
from dataclasses import dataclass, replace
from functools import lru_cache

from .article import Passage
from .dictionary import languages, zipf
from .retrieve import PassageIndex, Ranked
from .rules import AnswerType
from .text import GENERIC, fold, is_stopword, literal_words, stems, trigger_words
from .understand import Analysis

STRONG = 4.5  # evidence strong enough to answer despite a little that nothing explains...
MIN_COVERAGE = 0.75  # ...when the rest of the question is at least this share of its words
MOST = 1.0  # unexplained weight (a rare word counts 1, an everyday one as little as 0.2) always refused
CLEAR = 1.25  # ...or, when the evidence is strong, more than this
SOME = 0.5  # unexplained weight refused unless the evidence is strong
CLAIMED = 0.35  # the share of its weight a detail keeps in a claim to check
SHORT = 2  # a question of so few content words may be about the context the reader gave ("ça")
UNEXPLAINED = "the article says nothing of"  # the reason given for a question about something else
RARE = 3.0  # a capitalised word rarer than this (Zipf) is a name
SHORT_WORD = 3  # letters, at most, of a word too short for the word lists ("Yet", "Ask"): a name only inside
RELEVANT = 0.5  # a passage scoring this share of the best is about what the question asks
CANDIDATES = 6  # passages looked at for one that holds the kind of answer asked for
_CAPITALISED = re.compile(r"\b[A-Z][\w-]+")
_LOWER = re.compile(r"(?<![\w-])[a-zà-ÿ][\w-]+")


def unexplained(analysis: Analysis, score: float, claim: bool = False,
                checked: frozenset[str] = frozenset()) -> str | None:
    """Why the question is out of scope by its words, or None.

    When the question says little of its own, its evidence is weak and the reader's
    context is about something else than the article, that context counts too:
    "mon imprimante n'imprime plus, vous avez une idée ?" is about the printer.
    In a claim to check ("someone told me it ran in The Guardian, did it?") a name or a
    narrower subject ("284 tonnes de méthane ?") is likely the detail checked, and counts less.
    The words an answer type checks ("per year" in "is that per year?") are what the passage
    settles, and count not at all.
    """
    weak = score < STRONG or analysis.coverage < MIN_COVERAGE
    anaphoric = weak and analysis.content <= SHORT and not analysis.aside_topical
    weight = analysis.unexplained - (1 - CLAIMED) * analysis.details * claim + (analysis.aside if anaphoric else 0.0)
    weight -= sum(analysis.weighed.get(w, 0.0) for w in checked)
    words = [w for w in analysis.unknown if w not in checked] + (analysis.aside_words if anaphoric else [])
    if weight > (MOST if weak else CLEAR) or (weight >= SOME and weak):
        return f"{UNEXPLAINED}: {', '.join(words)}"
    return None


@dataclass(frozen=True)
class Asked:
    """A kind of answer a question asks for, and the thing it asks it of ("combien de CO2": co2)."""

    kind: AnswerType
    thing: frozenset[str]  # keys of the thing the answer must speak of, or empty
    elliptic: bool = False  # the thing is what the message names, the question naming none ("lesquels ?")
    checked: frozenset[str] = frozenset()  # words the answer settles or asks by ("per year?", "who measured")


@dataclass(frozen=True)
class AnswerTypes:
    """An article's answer types, {name} in their `asks` patterns standing for its names, each found
    from the words its patterns spell: a question holding none of them does not ask for that kind
    (a kind one of whose patterns spells only common words is always looked for)."""

    kinds: tuple[AnswerType, ...]  # each with one pattern: its `asks` as alternatives
    spelling: dict[str, tuple[int, ...]]  # word -> the kinds whose patterns spell it
    always: tuple[int, ...]

    @classmethod
    def of(cls, answer_types: dict[str, AnswerType], names: dict[str, str]) -> AnswerTypes:
        alternatives = "(?:" + "|".join(map(re.escape, sorted(names))) + ")" if names else "(?!)"
        kinds, spelling, always = [], {}, []
        for n, kind in enumerate(answer_types.values()):
            # One search per kind: its patterns as alternatives, each one's (?P<thing>) numbered apart.
            asks = (re.compile("|".join(f"(?:{_numbered(p.pattern.replace('{name}', alternatives), i)})"
                                        for i, p in enumerate(kind.asks))),)
            kinds.append(replace(kind, asks=asks))
            spelt = [trigger_words(p.pattern) for p in kind.asks]
            if not all(spelt):  # a pattern of common words only ("what is a X"): looked for by every word it spells
                spelt = [frozenset(w for w in literal_words(p.pattern) if not w.isdigit()) for p in kind.asks]
            if not all(spelt):
                always.append(n)
                continue
            words = set().union(*spelt) | (set(names) if any("{name}" in p.pattern for p in kind.asks) else set())
            for word in words:
                spelling.setdefault(word, []).append(n)
        return cls(tuple(kinds), {w: tuple(ns) for w, ns in spelling.items()}, tuple(always))


def asked(analysis: Analysis, answer_types: AnswerTypes) -> list[Asked]:
    """The kinds of answer the question asks for."""
    candidates = {n for w in analysis.words for n in answer_types.spelling.get(w, ())}.union(answer_types.always)
    found = []
    for n in sorted(candidates):
        kind = answer_types.kinds[n]
        m = next((m for clause in analysis.asked if (m := kind.asks[0].search(clause))), None)
        if m:
            groups = m.groupdict()
            thing = next((v for k, v in groups.items() if v and k.startswith("thing")), None)
            checked = frozenset(w for k, v in groups.items() if v and k.startswith("checked") for w in v.split())
            keys = next((t.keys | _concepts_at(analysis, i) for i, t in enumerate(analysis.tokens)
                         if thing and t.typed == thing and not t.stop and not _adverb(t)), frozenset())
            elliptic = bool(kind.near) and not thing  # "des médicaments ?? lesquels ?": of what the message names
            if elliptic:
                keys = frozenset(k for t in analysis.tokens if not t.stop and not t.keys & GENERIC for k in t.keys)
            found.append(Asked(kind, frozenset(keys), elliptic, checked))
    return found


def _adverb(token) -> bool:
    """An everyday adverb caught where the thing asked of stands ("how much exactly")."""
    return bool(token.keys & GENERIC) and token.typed.endswith(("ly", "ment"))


def _numbered(pattern: str, n: int) -> str:
    """A pattern with its named groups renamed apart, to be one alternative among others."""
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m.group(1)}{n}>", pattern)


def _concepts_at(analysis: Analysis, index: int) -> frozenset[str]:
    return frozenset("@" + m.concept for m in analysis.matches if m.start <= index < m.end)


def answer(analysis: Analysis, kinds: list[Asked], ranked: list[Ranked], index: PassageIndex,
           names: dict[str, str], article_lang: str) -> tuple[list[Passage], str]:
    """The best passage that holds every kind of answer asked for, or no passage and the reason.

    A passage holds an answer when one of the kind's evidence patterns matches it, when it
    names what the question names (`names`: the article's own names, folded -> as written,
    such as "ChatGPT" or "OpenAI"), and when it speaks of the thing asked about: by the
    thing's own word, or by its concept when the question is in another language.
    In evidence patterns, {name} stands for any of the article's names and {other} for
    one the question does not use ("une étude de {name}", "who else than ChatGPT?").
    """
    tokens = analysis.tokens
    # A name given as an example ("une IA comme ChatGPT", "a model like GPT") does not narrow what is asked.
    named = {tokens[i].word for s in analysis.spans if s.role == "ask" for i in range(s.start, s.end)
             if tokens[i].word in names and not (i > s.start and tokens[i - 1].word in _EXAMPLE)}
    others = frozenset(v for k, v in names.items() if k not in named)
    top = max((r.score for r in ranked), default=0.0)
    # The passages about what is asked (the intent's sections, when no word points further).
    relevant = [r for r in ranked if r.score >= RELEVANT * top] if top > 0 else ranked
    # "Lesquels ?" is asked of what the message names that the article does not speak of everywhere.
    kinds = [replace(a, thing=frozenset(k for k in a.thing if index.rare(k))) if a.kind.near and a.elliptic else a
             for a in kinds]
    for r in relevant[:CANDIDATES]:
        terms = index.terms_at(r.passage).keys()
        words = set(re.findall(r"[^\W_]+", fold(r.passage.text)))
        if named - words:
            continue
        if all(_holds(a, r.passage.text, terms, frozenset(names.values()), others, analysis.lang != article_lang,
                      article_lang) for a in kinds):
            return [r.passage], ""
    missing = next(a.kind.name for a in kinds)
    return [], f"the question asks for a {missing} the article does not give"


_EXAMPLE = frozenset("comme like genre type tel telle tels telles as notamment including".split())


def _holds(asked: Asked, text: str, terms, names: frozenset[str], others: frozenset[str], across: bool,
           lang: str) -> bool:
    if asked.thing and not (asked.thing & terms if across else {k for k in asked.thing if k[0] != "@"} & terms):
        return False
    if asked.kind.near and asked.thing:  # "quels gouvernements ?": the passage must say which, where it says them
        return any(_evidence(e.pattern, names, others).search(window)
                   for window in _after(text, asked.thing, asked.kind.near, lang) for e in asked.kind.evidence)
    return any(_evidence(e.pattern, names, others).search(text) for e in asked.kind.evidence)


_LETTERS = re.compile(r"[^\W\d_]+")
_CLAUSE_END = re.compile(r"[,;:.!?]")


def _after(text: str, thing: frozenset[str], near: int, lang: str) -> list[str]:
    """The stretches of a passage from each word of the thing asked of to `near` words after it, within
    its clause ("applications telles que la création..."; "gouvernements" alone, before ", créant ainsi")."""
    words = list(_LETTERS.finditer(text))
    return [_CLAUSE_END.split(text[m.start():words[min(i + near, len(words) - 1)].end()], 1)[0]
            for i, m in enumerate(words) if stems(m.group().lower(), lang) & thing]


@lru_cache(maxsize=1024)
def _evidence(pattern: str, names: frozenset[str], others: frozenset[str]) -> re.Pattern:
    if "{" not in pattern:
        return re.compile(pattern)
    alternatives = {"{name}": names, "{other}": others}
    for slot, values in alternatives.items():
        pattern = pattern.replace(slot, "(?:" + "|".join(map(re.escape, sorted(values))) + ")" if values else "(?!)")
    return re.compile(pattern)


def article_names(passages: tuple[Passage, ...]) -> dict[str, str]:
    """The names an article uses, folded -> as written: capitalised words that are no common word
    ("Maurel", "OpenAI"), or that are rare and capitalised inside a sentence ("Bowie"; not "Le Monde"),
    and that the article never writes in lower case ("Cantines bio…" opens a title: no name)."""
    found = {}
    # A word the article also writes in lower case is a common word capitalised at a sentence's start.
    common = {fold(w) for p in passages for w in _LOWER.findall(p.text)}
    for p in passages:
        for m in _CAPITALISED.finditer(p.text):
            word = fold(m.group())
            inside = m.start() > 0 and p.text[:m.start()].rstrip()[-1:] not in ".!?"
            if len(word) > 2 and word.isalpha() and not is_stopword(word) and word not in common and (
                    not languages(word) and (inside or len(word) > SHORT_WORD)
                    or (inside and zipf(frozenset((word,))) < RARE)):
                found[word] = m.group()
    return found
