"""Reading the article in order: "et ensuite ?", "what comes after the intro?", "la partie d'avant",
"la première phrase de la partie contexte", "the last line".

A reader going through the text with the bot asks for what comes next, or just before: the
sentence after the one they follow (the first of the last quotes), or after what the message
names after the move's words ("la suite après le CO2", "what comes after the ChatGPT bit?").
When the move's words speak of parts or paragraphs ("la partie d'après", "next section"), it
goes on by part or paragraph; a part named by its title is passed as a whole ("what comes after
the intro?"). A position ("the last line", "la première phrase de la conclusion") is found the
same way, in the part the message names or in the whole article: lines count the title and the
credit line, sentences, paragraphs and parts only the body.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .article import Passage
from .segment import RESUMPTIVE, plain
from .text import GENERIC
from .understand import ORDINALS

if TYPE_CHECKING:
    from .bot import Bot
    from .dialogue import ConversationState
    from .understand import Analysis

GRAINS = ("part", "paragraph", "sentence", "line")  # the base rules' concepts of the units of a text
SUBJECTS = RESUMPTIVE | {"je", "j", "tu", "nous", "vous", "i", "you", "we"}  # a clause, not what is named, follows
SALIENT = 0.5  # a passage scoring this share of the best counts as named, when quoted in this conversation
SENTENCE = 6  # words of a passage that says something (not a credit line like "Source : ...")
# Ranks as words: the ordinals, "last" and "next to last".
RANKS = {word: n - 1 for lang in ORDINALS for n, word in ORDINALS[lang].items()} | {
    "premiere": 0, "premieres": 0, "premiers": 0, "1re": 0, "1ere": 0, "opening": 0, "seconde": 1,
    "dernier": -1, "derniere": -1, "derniers": -1, "dernieres": -1, "last": -1, "final": -1, "closing": -1,
    "penultimate": -2, "avant": -2}


def step(bot: Bot, analysis: Analysis, state: ConversationState, move: str) -> list[Passage]:
    """The passage that comes after (or before) the anchor, at the grain the move's words say: the
    first sentence of the next (or previous) part or paragraph, else the next (previous) sentence
    not quoted just now; none past the start or the end of the article."""
    passages = bot.article.passages
    forward = move == "next"
    found = _match(bot, move, plain(analysis.text))
    said, rest = (found.group(), found.string[found.end():]) if found else ("", "")
    grain = _grain(bot, said, analysis.lang)
    at, followed = _anchor(bot, rest, analysis.lang, state, passages)
    if grain in ("part", "paragraph"):
        groups = _groups(passages, grain)
        where = [n for n, group in enumerate(groups) if at.intersection(group)]
        n = max(where, default=-1) + 1 if forward else min(where, default=len(groups)) - 1
        return [passages[groups[n][0]]] if 0 <= n < len(groups) else []
    # Going on from the passage followed, the others just quoted with it are passed over.
    passed = at | ({i for i, p in enumerate(passages) if p.id in state.last_quotes} if followed else set())
    order = range(max(at, default=-1) + 1, len(passages)) if forward else range(min(at, default=0) - 1, -1, -1)
    found_at = next((i for i in order if i not in passed), None)
    return [passages[found_at]] if found_at is not None else []


def position(bot: Bot, analysis: Analysis) -> list[Passage]:
    """The passage at the rank the message asks for ("the last line", "la première phrase de la partie
    contexte"), in the part it names or in the whole article; none when it asks for no rank."""
    found = _match(bot, "position", plain(analysis.text))
    if not found:
        return []
    words = found.group().split()
    rank = next((RANKS[w] for w in words if w in RANKS), None)
    if rank is None:
        return []
    grain = _grain(bot, found.group(), analysis.lang) or "sentence"
    rest = plain(analysis.text).replace(found.group(), " ")
    named = _keys(bot, rest, analysis.lang)
    titled = _titled(bot, named)
    passages = [p for p in bot.article.passages if not titled or p.section in titled]
    if grain != "line":  # the title, the subtitle and credit lines are lines, not sentences
        passages = [p for p in passages if p.paragraph >= bot.article.headline and len(p.text.split()) >= SENTENCE]
    if grain == "part" and titled:  # "la deuxième partie, sur l'accès": the part named
        return passages[:1]
    if grain == "part":
        passages = [p for p in passages if p.section != passages[0].section]
    groups = _groups(tuple(passages), grain) if grain in ("part", "paragraph") else [[i] for i in range(len(passages))]
    return [passages[groups[rank][0]]] if -len(groups) <= rank < len(groups) else []


def _match(bot: Bot, move: str, text: str) -> re.Match | None:
    return next((m for p in bot.rules.moves.get(move, ()) if (m := p.search(text))), None)


def _grain(bot: Bot, words: str, lang: str) -> str | None:
    """The unit of text the move's own words speak of ("partie d'après": a part), if any; each word
    alone, as "first line" is also a form of the concept of openings."""
    found = {c for word in words.split() for c in bot.analyse(word, lang).concepts}
    return next((g for g in GRAINS if g in found), None)


def _keys(bot: Bot, text: str, lang: str) -> frozenset[str]:
    """What a text names: its keys but everyday words and the units of a text."""
    keys = bot.analyse(text, lang).keys if text.strip() else frozenset()
    return frozenset(k for k in keys if k not in GENERIC and k[1:] not in GRAINS and k != "@ask")


def _anchor(bot: Bot, rest: str, lang: str, state: ConversationState,
            passages: tuple[Passage, ...]) -> tuple[set[int], bool]:
    """Positions of what the reader goes on from, and whether it is the passage they follow: what
    the message names after the move's words (a part by its title, else the passage most about it,
    one quoted in this conversation first), else the first of the last quotes; nothing before
    anything was quoted."""
    # "la suite après le CO2" names where from; "juste avant, il proposait quoi ?" asks on from the last quote.
    named = _keys(bot, rest, lang) if rest.split()[:1] and rest.split()[0] not in SUBJECTS else frozenset()
    if named:
        titled = _titled(bot, named)
        if titled:
            return {i for i, p in enumerate(passages) if p.section in titled}, False
        ranked = [r for r in bot.index.rank(named) if r.score > 0]
        if ranked:
            salient = [r for r in ranked if r.score >= SALIENT * ranked[0].score and r.passage.id in state.quoted]
            best = max(salient, key=lambda r: state.quoted.index(r.passage.id)) if salient else ranked[0]
            return {i for i, p in enumerate(passages) if p.id == best.passage.id}, False
    followed = state.last_quotes[:1] or state.quoted[-1:]
    return {i for i, p in enumerate(passages) if p.id in followed}, True


def _titled(bot: Bot, named: frozenset[str]) -> set[str]:
    """The parts whose titles say most of what is named ("l'émergence de l'IA": the context, not every
    part whose title says "IA")."""
    shared = {s.id: len(named & bot.index.terms_of(s.title).keys()) for s in bot.article.sections}
    most = max(shared.values(), default=0)
    return {section for section, n in shared.items() if n and n == most}


def _groups(passages: tuple[Passage, ...], grain: str) -> list[list[int]]:
    """Positions of the passages, grouped by part (or paragraph) in reading order."""
    key = "section" if grain == "part" else "paragraph"
    groups: list[list[int]] = []
    for i, p in enumerate(passages):
        if groups and getattr(passages[groups[-1][0]], key) == getattr(p, key):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups
