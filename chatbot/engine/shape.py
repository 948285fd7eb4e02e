"""The shape of a question: how many questions a message asks, and what "only" restricts.

"Quel est le coût écologique, et qui y a accès ?" asks two things: each gets its own
analysis, the other question becoming its context ("what does he suggest doing with
it?" still knows what "it" is). "Il n'y a que l'écologie qui pose problème ?" asks
about problems in general: the concept "only" restricts is set aside, so the passage
that settles the question (the other problem) can be found.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .segment import plain
from .understand import Analysis, Span, Vocabulary, summarise

# "seul", "only", "just", "ne ... que": the thing restricted follows, except in "the only X" where it precedes.
# "just anyone", "juste n'importe qui" are anyone at all, not a restriction.
_ONLY = re.compile(r"\b(seule?s?|uniquement|(?<!au )juste|rien que|only|just|solely|merely|exclusively)\b"
                   r"(?! (anyone|anybody|anything|any|n importe))"
                   r"|\bn(e)? .{0,40}?\bque\b")
OVERVIEW = "theme"  # the base rules' concept of what an article is about as a whole
VERDICT = "verdict"  # the base rules' concept of where the author stands: "only problems?" asks it
KINDS = frozenset({"challenges"})  # the base rules' concept of problems: what "only" sorts, not what it restricts
_ELSE = re.compile(r"\b(autre chose|autres choses|d autres (choses|sujets|themes|points)|autre sujet|autres sujets|"
                   r"anything else|something else|other things|other topics|other subjects|other issues)\b")
_THE_ONLY = re.compile(r"\b(the only|le seul|la seule|les seuls|les seules)\b")


def questions(analysis: Analysis) -> list[list[Span]]:
    """The questions a message asks: its asking clauses, a new question starting at each
    clause that opens with a question word, and at each sentence that asks ("Où enseigne-t-il ?
    Et sa tribune est parue où ?")."""
    groups: list[list[Span]] = []
    for span in analysis.spans:
        if span.role != "ask":
            continue
        if not groups or ((span.clause.cue or span.clause.opens) and analysis.tokens[span.start:span.end]
                          and not all(_aside(analysis, s) for s in groups[-1])):
            groups.append([span])
        else:  # ...not after a clause that only sets something aside ("not access: what should they do?")
            groups[-1].append(span)
    return groups


def _aside(analysis: Analysis, span: Span) -> bool:
    """A clause that sets something aside and names nothing else: "pas de l'environnement", "not access"."""
    tokens = analysis.tokens[span.start:span.end]
    return bool(tokens) and tokens[0].word in _NEGATIONS \
        and not any(span.start <= m.start < span.end for m in analysis.matches)


def focus(analysis: Analysis, asked: list[Span], known: Vocabulary) -> Analysis:
    """The analysis of one of a message's questions: its clauses ask, the others are its context,
    whose concepts it may refer to."""
    chosen = {(s.start, s.end) for s in asked}
    spans = [replace(s, role="ask" if (s.start, s.end) in chosen else ("social" if s.role == "social" else "context"))
             for s in analysis.spans]
    part = summarise(analysis.text, analysis.tokens, analysis.lang, analysis.corrections, analysis.matches,
                     spans, known)
    return replace(part, keys=part.keys | {"@" + c for c in analysis.core})


def unrestricted(analysis: Analysis, topical: frozenset[str]) -> Analysis:
    """The question without what "only" restricts, when it names something else to go on: the subject
    nearest the word "only", on the side it stands ("only energy", "energy only", "the only problem is
    energy", "le seul problème, c'est l'écologie"), but the kind of thing restricted ("problem")."""
    text = analysis.question
    marker = _ONLY.search(text)
    if not marker:
        return analysis
    words = text.split()
    at = len(text[:marker.start()].split())
    named = [m for m in analysis.matches if m.concept in topical and m.concept in analysis.core]
    if len({m.concept for m in named}) < 2:
        # "only ecology, or something else too?": the one subject named is set aside, the rest asked of
        alone = {m.concept for m in named} - KINDS
        if named and not alone:  # "ne parle-t-il que des problèmes ?": where the article weighs both sides
            return replace(analysis, concepts={**analysis.concepts, VERDICT: [marker.group()]},
                           core=analysis.core | {VERDICT}, keys=analysis.keys | {"@" + VERDICT})
        found = _ELSE.search(plain(analysis.text))
        if len(alone) != 1 or not found:
            return analysis
        # ...what else the article covers: its overview
        overview = _without(analysis, alone.pop())
        return replace(overview, concepts={**overview.concepts, OVERVIEW: [found.group()]},
                       core=overview.core | {OVERVIEW}, keys=overview.keys | {"@" + OVERVIEW})
    subjects = [m for m in named if m.concept not in KINDS] or named
    positions = {id(m): _position(analysis, m, words) for m in subjects}
    before = bool(_THE_ONLY.search(text))  # "X is the only problem": X stands before
    side = [m for m in subjects if (positions[id(m)] < at) == before] or subjects
    nearest = min(side, key=lambda m: abs(positions[id(m)] - at))
    # "juste un problème d'énergie": in French the word that says which comes after the one it qualifies.
    after = next((m for m in subjects if analysis.lang == "fr" and m.start > nearest.start
                  and all(t.word in _LINKS for t in analysis.tokens[nearest.end:m.start])), None)
    return _without(analysis, (after or nearest).concept)


def _without(analysis: Analysis, restricted: str) -> Analysis:
    concepts = {c: w for c, w in analysis.concepts.items() if c != restricted}
    # Neither the concept nor the words that name it lead the search: the rest of the article is asked of.
    words = {k for m in analysis.matches if m.concept == restricted for t in analysis.tokens[m.start:m.end]
             for k in t.keys}
    return replace(analysis, concepts=concepts, core=analysis.core - {restricted},
                   keys=analysis.keys - {"@" + restricted} - words, restricted=restricted)


def unnegated(analysis: Analysis, topical: frozenset[str]) -> Analysis:
    """The question without what it sets aside ("non, je parlais de l'accès, pas de l'environnement",
    "the conclusion, not the title", "the other issue, besides access?"), when it names something else
    to go on."""
    opening = {s.start for s in analysis.spans}
    aside = {m.concept for m in analysis.matches if m.concept in analysis.core
             and _negated(analysis.tokens, m.start, m.start - 1 in opening)}
    if not aside:
        return analysis
    # What the reader says they meant, in a clause of its own, is asked ("I said energy, not access: ...").
    meant = {m.concept for s in analysis.spans if s.role == "context" for m in analysis.matches
             if s.start <= m.start < s.end and m.concept in topical} - aside
    rest = (analysis.core - aside) & topical | meant
    if not rest:
        return analysis
    concepts = {c: w for c, w in analysis.concepts.items() if c not in aside}
    # "besides access", "à part l'environnement": not even its words lead the search ("didn't he speak of X?" may).
    besides = {m.concept for m in analysis.matches if m.concept in aside and _besides(analysis.tokens, m.start)}
    words = {k for m in analysis.matches if m.concept in besides
             for t in analysis.tokens[m.start:m.end] for k in t.keys}
    return replace(analysis, concepts=concepts, core=analysis.core - aside | meant,
                   keys=analysis.keys - {"@" + c for c in aside} - words | {"@" + c for c in meant},
                   matches=[m for m in analysis.matches if m.concept not in aside])


def _besides(tokens, start: int) -> bool:
    """Whether the words before a position set it apart: "besides X", "à part X", "other than X"."""
    i = start - 1
    while i >= 0 and tokens[i].word in _LINKS:
        i -= 1
    return i >= 0 and (tokens[i].word in _BESIDES or (i > 0 and (tokens[i - 1].word, tokens[i].word) in _APART))


def _negated(tokens, start: int, opens: bool = False) -> bool:
    """Whether the words before a position set it aside: "pas de X", "not the X", "rather than X", a
    clause "not access" (not "not everyone": a negation right on the word is part of what is said)."""
    i = start - 1
    while i >= 0 and tokens[i].word in _LINKS:
        i -= 1
    if i < 0:
        return False
    linked = i < start - 1 or opens
    return linked and tokens[i].word in _NEGATIONS or tokens[i].word in _BESIDES \
        or (i > 0 and (tokens[i - 1].word, tokens[i].word) in _PAIRS | _APART)


_LINKS = frozenset("de du des d la le les l the a an about of sur".split())
_NEGATIONS = frozenset("pas not".split())
_BESIDES = frozenset("besides except hormis sauf outre excepte".split())  # "the other issue, besides access?"
_PAIRS = frozenset({("plutot", "que"), ("rather", "than"), ("instead", "of"), ("au", "lieu")})
_APART = frozenset({("apart", "from"), ("aside", "from"), ("other", "than"), ("a", "part"), ("en", "dehors"),
                    ("autre", "que"), ("autres", "que")})


def _position(analysis: Analysis, match, words: list[str]) -> int:
    """Where a concept match stands among the question's plain words."""
    word = analysis.tokens[match.start].typed
    return words.index(word) if word in words else 0
