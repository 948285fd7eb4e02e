"""Dialogue moves: what a message does to the conversation rather than what it asks.

"go on", "why?", "who's he?", "back to that", "I see", and the reader's answer to
the bot's question ("oui, d'accord", "bof", "I'd say no") mean something only
against the conversation: its topic, what it quoted last, the question it asked.
Move patterns (base.toml's [moves]) are searched in the message's plain form:
folded words separated by single spaces, so hyphens, apostrophes and accents
never matter ("dis-m'en plus", "dis m en plus", "dis-moi en plus").
"""
from __future__ import annotations

import difflib
import re
from functools import cache
from typing import TYPE_CHECKING

from . import reading
from .article import Passage
from .dialogue import MAX_QUOTES, ConversationState
from .dictionary import languages
from .retrieve import Ranked
from .rules import ANY_SECTION, Intent
from .segment import plain, sentences
from .shape import KINDS
from .text import GENERIC, fold, literal_words
from .understand import FRAMING, Analysis

if TYPE_CHECKING:
    from .bot import Bot, Decision

ASK = "ask"  # the base rules' concept of the words of asking
# The first that matches is the stance: "je sais pas trop" is unsure, not "pas trop" (disagree);
# "pas d'accord" disagrees, though it says "d'accord".
STANCES = ("unsure", "disagree", "agree")
OPINION = "opinion"  # a view that is neither yes nor no ("il faudrait taxer les data centers")
CONCEDE = "concede"  # agreeing by denying the contrary ("pas faux"): read before "disagree"
_ELONGATED = re.compile(r"(\w)\1{2,}")  # "ouiii", "nonnn": a letter typed three times or more
TYPO = 0.8  # how close a word must be to a word of the stances to be read as it ("absolutly")
READING = ("next", "previous")  # moves on through the text in its order
TAGS = frozenset({"non", "hein", "right", "no"})  # a question's tag at its end ("it pollutes too, right")
CAUSE = "cause"  # the base rules' concept of words announcing a reason, sought by "why?"
PURPOSE = "purpose"  # ...and of words announcing what something is for, a reason a quote may give itself
REPEAT_PENALTY = 0.8  # a passage just quoted counts for this share of its score in an opinion turn
OPENING = 4  # words of a message naming a topic in which a move's words count ("pourquoi prometteuse ?")
INTRODUCTION = "introduction"  # the section of the article's title and standfirst
SENTENCE = 6  # words of a passage that says something (not a credit line like "Source : ...")
ELSEWHERE = 1.0  # a passage outside the topic must score this much on its keys to go on with it
RECENT = 4  # quoted passages "who's he?" looks back at when the last quotes name no one
_OTHER = re.compile(r"\b(anything else|what else|something else|quoi d autre|autre chose|c est tout|is that all|"
                    r"that s all|is that it|rien d autre|nothing else|any other|un autre|une autre|d autres|others?)\b")
_NAME = re.compile(r"\b[A-Z][\w-]+")
_SOURCED = re.compile(r"(?i)\b(selon|d'après|d’après|according to|as reported by|une étude|un rapport|a study"
                      r"|a report)\b")
_PRONOUN = re.compile(r"(^|[.!?]\s+)(Il|Elle|He|She)\s")  # a sentence speaking of someone named before


def detect(bot: Bot, analysis: Analysis, state: ConversationState, topic: Intent | None, elsewhere: bool) -> str | None:
    """The move a message makes, or None when it is a question to answer as such.

    `elsewhere` is True when what the message names belongs to another part of the
    article than the current topic: then "go on about the environment" or "why
    is it a problem?" are questions, not moves on the topic.
    """
    text = plain(analysis.text)
    named = analysis.has_topic(bot.topical)
    if not named and bot.matches("ack", text):
        return "ack"
    onward = next((move for move in READING if bot.matches(move, text)), None)
    if onward:  # "et ensuite ?", "la suite après le CO2": on through the text, in its order
        return onward
    if bot.matches("position", text) and reading.position(bot, analysis):  # "the last line"
        return "position"
    if topic is None:
        return None
    opening = " ".join(text.split()[:OPENING]) if named else text
    if state.quoted and bot.matches("recap", text) and not topics_besides_summary(bot, analysis):
        return "recap"  # "tu me fais un petit récap ?": a summary of what was said, naming nothing else
    if state.last_quotes and bot.matches("repeat", opening):
        return "repeat"
    if state.last_quotes and any(bot.matches("source", plain(s)) for s in sentences(analysis.text)):
        return "source"
    if state.last_quotes and not named and bot.matches("where", text):
        return "where"
    if not elsewhere and bot.matches("more", opening):
        return "more"
    if state.quoting and not elsewhere and bot.matches("why", opening):
        return "why"
    if not named and bot.matches("who", text) and _person(bot, analysis, state):
        return "who"
    mentions = set(analysis.core) - bot.known.social - {ASK}
    if not mentions and len(state.topics) > 1 and bot.matches("back", text):
        return "back"
    # "non, je voulais dire l'accès" corrects the bot: a question on what it names, not a stance;
    # "d'accord, merci" is thanks.
    # "ça pollue aussi, non" asks, its "non" a tag: no stance ends a sentence that names a subject.
    tagged = named and len(text.split()) > 2 and text.split()[-1] in TAGS
    if state.prompt and not _asks(analysis, bot) and not (named and elsewhere) and not tagged \
            and not analysis.concepts.keys() & bot.known.social:
        return stance_of(bot, analysis) or (OPINION if bot.matches(OPINION, text) else None)
    return None


def topics_besides_summary(bot: Bot, analysis: Analysis) -> set[str]:
    """The topics a message names, but for the words that ask for a summary ("sum up" is no conclusion)."""
    summary = {(m.start, m.end) for m in analysis.matches if m.concept in FRAMING}
    return {m.concept for m in analysis.matches
            if m.concept in bot.topical and m.concept not in FRAMING and (m.start, m.end) not in summary}


def _asks(analysis: Analysis, bot: Bot) -> bool:
    return ("?" in analysis.text or any(s.clause.cue for s in analysis.spans)
            or bot.matches("question", plain(analysis.text)))


def apply(bot: Bot, decision: Decision, state: ConversationState, topic: Intent, move: str) -> Decision:
    decision.intent, decision.chosen, decision.confidence = move, topic, 1.0
    decision.sections = state.sections
    if move == "ack":
        decision.chosen = None
    elif move in (*READING, "position"):
        decision.quotes = reading.position(bot, decision.analysis) if move == "position" \
            else reading.step(bot, decision.analysis, state, move)
        if decision.quotes:
            section = decision.quotes[0].section
            decision.chosen, decision.sections = bot.section_intents[section], (section,)
    elif move == "more":
        other = _OTHER.search(plain(decision.analysis.text)) is not None  # "anything else?": another one
        decision.passages = _more_of(bot, decision.analysis, state) \
            or _more(bot, state, state.sections, frozenset(state.keys), topic=topic, other=other)
        decision.quotes = [r.passage for r in decision.passages[:MAX_QUOTES]]
    elif move in ("repeat", "where"):  # the last quotes again; "where" says in which part
        named = bot.besides((move,), decision.analysis.text, decision.analysis.lang)
        quoted = [p for i in state.last_quotes if (p := bot.passage(i))]
        about = [p for p in quoted if named & bot.index.terms_at(p).keys()] or _said_of(bot, state, named)
        decision.quotes = (about or quoted)[:MAX_QUOTES]
    elif move == "source":
        decision.quotes = [_source(bot, state)]
    elif move == "recap":
        decision.quotes = _recap(bot, state)
    elif move == "why":
        decision.passages = _why(bot, decision.analysis, state)
        decision.quotes = [r.passage for r in decision.passages[:1]]
    elif move == "who":
        decision.quotes = [_introduction(bot, _person(bot, decision.analysis, state))]
        decision.chosen = bot.rules.intents.get("author", topic)
    elif move == "back":
        earlier = bot.rules.intents[state.topics[-2]]
        decision.chosen = earlier
        decision.sections = bot.sections_of(earlier)
        keys = frozenset("@" + c for c in earlier.concepts)
        decision.passages = _more(bot, state, decision.sections, keys, fresh_only=False)
        decision.quotes = [r.passage for r in decision.passages[:1]]
    else:
        decision.intent, decision.reason = "opinion", move
        decision.passages = _weigh(bot, decision.analysis, state)
        decision.quotes = [r.passage for r in decision.passages[:1]]
    return decision


def _more(bot: Bot, state: ConversationState, sections: tuple[str, ...], keys: frozenset[str],
          fresh_only: bool = True, topic: Intent | None = None, other: bool = False) -> list[Ranked]:
    """What the topic has not quoted yet: the rest of the section just quoted first, what follows
    the last quote before what precedes it, then the topic's other sections, the passages most
    about it first; once all of them are quoted, the passages of the rest of the article that speak
    of it. Asked for another one ("anything else?") of a kind of things the article takes part by
    part (its challenges), a part not quoted yet comes first: the next one. Past the headline,
    "go on" goes into the article's body: the passages most about the question, else in reading order."""
    quoted = frozenset(state.quoted)
    if sections and all(s == INTRODUCTION for s in sections):
        body = [p for p in bot.article.passages if p.id not in quoted and p.paragraph >= bot.article.headline]
        ranked = {r.passage.id: r.score for r in bot.index.rank(keys, exclude=quoted)}
        # ...the parts about what the title named first ("fracture numérique": the part on access), and its
        # body proper before the standfirst, which only announces what the parts say
        named = {k[1:] for k in keys if k[:1] == "@" and k[1:] in bot.topical}
        about = {s for i in bot.intents if i.kind == "answer" and named & i.concepts.keys()
                 and ANY_SECTION not in i.sections for s in i.sections} - {INTRODUCTION}
        return sorted((Ranked(p, ranked.get(p.id, 0.0)) for p in body),
                      key=lambda r: (r.passage.section not in about, r.score <= 0,
                                     r.passage.section == INTRODUCTION, -r.score))
    ranked = [r for r in bot.index.rank(keys, sections, exclude=quoted) if substantive(r.passage)]
    if not ranked and fresh_only:
        # The topic's own part is all quoted: what the rest of the article says of its subjects, most
        # about them first, the body before the introduction that only announces it.
        subjects = frozenset("@" + c for c in topic.concepts if c in bot.topical) if topic else keys
        found = [r for r in bot.index.rank(subjects, exclude=quoted)
                 if r.score >= ELSEWHERE and substantive(r.passage)]
        return sorted(found, key=lambda r: r.passage.section == INTRODUCTION)
    if not ranked:
        ranked = bot.index.rank(keys, sections)
    first = bot.passage(state.last_quotes[0]) if state.last_quotes else None
    after = _after(bot, state.last_quotes[:1])
    listing = other and len(sections) > 1 and topic is not None and not KINDS.isdisjoint(topic.concepts)
    said = {p.section for i in quoted if (p := bot.passage(i))} if listing else set()
    return sorted(ranked, key=lambda r: (not substantive(r.passage),  # a credit line last
                                         bool(said) and r.passage.section in said,
                                         first is not None and r.passage.section != first.section,
                                         r.passage.id not in after, -r.score))


def _more_of(bot: Bot, analysis: Analysis, state: ConversationState) -> list[Ranked]:
    """"What else is it used for?" names what more is asked of: the passages not quoted yet that speak
    of it; when none does, the one that said it all (a list already quoted holds the other uses)."""
    named = frozenset(k for k in bot.besides(("more",), analysis.text, analysis.lang)
                      if k[:1] == "@" and k[1:] in bot.topical and k[1:] not in KINDS)
    if not named:
        return []
    ranked = [r for r in bot.index.rank(named) if r.score > 0 and substantive(r.passage)]
    fresh = [r for r in ranked if r.passage.id not in state.quoted]
    return fresh or ranked[:1]


def substantive(passage: Passage) -> bool:
    """A sentence of the article, not a credit line ("Source : www.lemonde.fr")."""
    return len(passage.text.split()) >= SENTENCE


def _why(bot: Bot, analysis: Analysis, state: ConversationState) -> list[Ranked]:
    """The reason behind the last answer.

    "Why public money?" names what it asks about: the passage most about it, a cause first,
    which may be the one just quoted ("... pour s'assurer qu'elle est accessible à tous").
    A bare "why?" wants what the last quote rests on: a passage of the topic giving a cause,
    the ones that follow it in its section first, as an argument goes; when the topic gives
    no other cause than the one just quoted, that one.
    """
    cause = "@" + CAUSE
    said = {k for k in bot.besides(("why",), analysis.text, analysis.lang) if k not in GENERIC}
    named = said - set(state.keys)
    if any(k.startswith("@") and k[1:] in bot.topical for k in said & set(state.keys)):
        named = said  # "pourquoi tout le monde n'y a pas accès ?" names the topic again: its cause, all it says
    if named:
        # "why does he want more people using it?" asks what the proposal is for: a purpose is its reason.
        purpose = any(bot.matches(PURPOSE, c) for c in analysis.asked)

        def reason(p: Passage) -> bool:
            return cause in bot.index.terms_at(p) or purpose and p.id in bot.purposeful
        about = {r.passage.id: r.score for r in bot.index.rank(frozenset(named), state.sections)}
        ranked = bot.index.rank(frozenset(named) | {cause}, state.sections)
        return sorted(ranked, key=lambda r: (not (about[r.passage.id] > 0 and reason(r.passage)),
                                             -about[r.passage.id]))
    ranked = bot.index.rank(frozenset(state.keys) | {cause}, state.sections)
    after = _after(bot, state.last_quotes)
    last = {p.section for i in state.last_quotes if (p := bot.passage(i))}
    just = set(state.last_quotes)
    fresh = any(cause in bot.index.terms_at(r.passage) for r in ranked if r.passage.id not in just)

    def order(r: Ranked) -> tuple:
        gives = cause in bot.index.terms_at(r.passage)
        if r.passage.id in just:  # said already: the reason only if the rest of the topic gives none,
            if r.passage.id in bot.purposeful:  # ...or if it says what it is for
                return (False, False, False, False, -r.score)
            return (fresh or not gives, True, True, True, -r.score)
        return (not (gives and r.passage.id in after), not (gives and r.passage.section in last), not gives,
                r.passage.id not in after, -r.score)
    return sorted(ranked, key=order)


def _said_of(bot: Bot, state: ConversationState, named: frozenset[str]) -> list[Passage]:
    """"Redis-moi la phrase sur le CO2" when the last quotes are about something else: the passage
    quoted earlier in the conversation that is most about it, else the article's."""
    keys = frozenset(k for k in named if k not in GENERIC and k != "@" + ASK)
    if not keys:
        return []
    ranked = [r for r in bot.index.rank(keys) if r.score > 0]
    earlier = [r.passage for r in ranked if r.passage.id in state.quoted]
    return earlier[:1] or [r.passage for r in ranked[:1]]


def _recap(bot: Bot, state: ConversationState) -> list[Passage]:
    """What the conversation has covered: the first passage it quoted from each part, in the order the
    parts came up (sentences before credit lines)."""
    quoted = [p for i in state.quoted if (p := bot.passage(i))]
    quoted.sort(key=lambda p: not substantive(p))
    firsts = list({p.section: p for p in reversed(quoted)}.values())[::-1]
    order = {s: n for n, s in enumerate(dict.fromkeys(p.section for p in quoted))}
    firsts.sort(key=lambda p: order[p.section])
    return (firsts if len(firsts) > 1 else quoted)[:MAX_QUOTES]


def _source(bot: Bot, state: ConversationState) -> Passage:
    """Where what was just quoted comes from: the last quote that names its source ("Selon une
    étude de OpenAI..."), else the topic's passage that does, else where the article itself was
    published (the passage introducing its author)."""
    for ids in (state.last_quotes, [r.passage.id for r in bot.index.rank(frozenset(state.keys), state.sections)]):
        sourced = [p for i in ids if (p := bot.passage(i)) and _SOURCED.search(p.text)]
        if sourced:
            return sourced[0]
    return _introduction(bot, bot.article.author.split()[-1] if bot.article.author else None)


def _weigh(bot: Bot, analysis: Analysis, state: ConversationState) -> list[Ranked]:
    """The passage to set the reader's answer against: the one the prompt was about, or better,
    another as relevant that brings something new, from the part of the article just quoted."""
    keys = analysis.keys | bot.analyse(state.prompt or "", state.lang).keys
    # What the reader answers is what was just quoted: its part of the article first.
    just = tuple(dict.fromkeys(p.section for i in state.last_quotes if (p := bot.passage(i))))
    ranked = bot.index.rank(keys, just or state.sections)
    ranked.sort(key=lambda r: -r.score * (REPEAT_PENALTY if r.passage.id in state.last_quotes else 1))
    return ranked


def _person(bot: Bot, analysis: Analysis, state: ConversationState) -> str | None:
    """Whom "who's he?" asks about: a name the message gives, else the article's author when
    the last quotes name them or speak of someone ("Il suggère..."), else a name they give."""
    author = bot.article.author.split()[-1]
    given = [t.word for t in analysis.tokens if t.word in bot.names]
    if given:
        return author if fold(author) in given else given[0]
    for ids in (state.last_quotes, state.quoted[-RECENT:]):
        quoted = [p.text for i in ids if (p := bot.passage(i))]
        names = [n for text in quoted for n in _NAME.findall(text) if fold(n) in bot.names]
        if any(n == author for n in names) or any(_PRONOUN.search(text) for text in quoted):
            return author
        if names:
            return names[0]
    return None


def _introduction(bot: Bot, name: str | None) -> Passage:
    """The first passage of the article that names someone: where it says who they are."""
    return next((p for p in bot.article.passages if name and name in p.text), bot.article.passages[0])


def _after(bot: Bot, ids: list[str]) -> set[str]:
    """Ids of the passages that come after the given ones, in the same section."""
    found = set()
    for i in ids:
        if p := bot.passage(i):
            section = [q.id for q in bot.article.passages if q.section == p.section]
            found.update(section[section.index(i) + 1:])
    return found


def stance_of(bot: Bot, analysis) -> str | None:
    """How a message answers a yes-or-no question: agree, disagree or unsure, or None. Typos of the
    stances' own words are read as them ("absolutly", "pas dacord"), letters typed again and again as
    one ("ouiii"), and denying the contrary as agreeing ("pas faux", "I can't disagree")."""
    text = _ELONGATED.sub(r"\1", plain(analysis.text))
    fixed = " ".join(_fix(w, _stance_words(bot)) for w in text.split())
    for stance in (CONCEDE, *STANCES):
        if bot.matches(stance, text) or fixed != text and bot.matches(stance, fixed):
            return "agree" if stance == CONCEDE else stance
    return None


@cache
def _vocabulary(patterns: tuple) -> frozenset[str]:
    return frozenset(w for p in patterns for w in literal_words(p.pattern) if len(w) > 3)


def _stance_words(bot: Bot) -> frozenset[str]:
    return _vocabulary(tuple(p for s in STANCES for p in bot.rules.moves.get(s, ())))


def _fix(word: str, vocabulary: frozenset[str]) -> str:
    if len(word) < 5 or word in vocabulary or languages(word):  # a word of its own is no typo ("entrainement")
        return word
    close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=TYPO)
    return close[0] if close else word
