"""Understanding a message: analyse it, then rank the intents that could answer it.

Stages, each observable in the explanation: split into clauses -> tokenise ->
correct typos against the known vocabulary -> find concepts -> detect the
language -> tell the question's clauses from greetings and the reader's own
context -> score intents -> weigh what the question names that the article
does not explain.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import takewhile

from . import thesaurus
from .dictionary import languages, verb_form, zipf
from .layers import Layers
from .lexicon import Lexicon, Match, Token, make_token
from .rules import Intent
from .segment import LEAD_WORDS, POSSESSIVES, Clause, clauses, plain, signature
from .spelling import Speller, sound
from .text import (
    CHAT_SPELLINGS,
    GENERIC,
    STOPWORDS,
    SWAPPED_STOPWORDS,
    fold,
    is_stopword,
    literal_words,
    stems,
    strip_accents,
    tokenize,
)

PATTERN_WEIGHT = 3.0  # a pattern is strong, specific evidence
EXAMPLE_WEIGHT = 3.0  # similarity to an example question, 0..1, scaled
MIN_SIMILARITY = 0.2  # below this, likeness to an example is chance
MIN_SCORE = 1.2  # below this no intent is trusted
FRAMING = frozenset({"theme"})  # the base rules' concept of summaries: a frame when a topic is named too
PERSON = "person"  # the base rules' concept of someone...
DESIGNATED = frozenset({"profession", "author"})  # ...and of what may designate them: a job, "the author"
DEMONSTRATIVE = frozenset({"ce", "cet", "cette", "this", "that"})
PLACES = frozenset({"conclusion"})  # a part of the article a question may ask what it says of a topic named before
FRAME_WEIGHT = 0.5
JOINED = 6  # letters, at least, of two words typed apart that make one
ABSENT_WORDS = 4  # words of a quoted term, at most, that counts as a subject when the article lacks it
VARIANT = 0.75  # the share of a word its stem must keep for the word to be a variant, not a typo
SEEN_WORDS = 50_000  # words of messages remembered worked out, per bot
CONTEXT_WEIGHT = 0.5  # a concept named only outside the question ("je prépare un cours sur l'environnement")
# How much a word nothing explains counts against answering, by how everyday it is:
# a name or a rare word counts fully, the commonest words of the language a fifth.
EVERYDAY, SPAN, FLOOR = 6.5, 1.5, 0.2
_ORDINAL = re.compile(r"(\d{1,2})(e|eme|er|ere|nd|st|rd|th)")  # "2eme", "3rd": ranks written with digits
ORDINALS = {"fr": dict(enumerate(("premier", "deuxieme", "troisieme", "quatrieme", "cinquieme"), 1)),
            "en": dict(enumerate(("first", "second", "third", "fourth", "fifth"), 1))}
FAMILY, KIN = 5, 0.7  # letters a stem shares, at least, with one of its family, and the share of it they are
NAME = 1.3  # how much a name the article never uses counts: more than any word, it names another subject
LOOSE = 0.5  # the share of its weight a word keeps when the article uses only a synonym of it ("tuyaux"),
# and of the concept it names
VERBAL = 0.3  # the share of its weight an unexplained word keeps where a verb or an adverb stands
# Words after which the reader's own verbs come: "je me permets", "vous demander", "I would appreciate".
# Not the third person ("on repère", "ChatGPT est américain"): that tells what is asked about.
VERB_LEADS = frozenset("je j tu me m te se s nous vous peux pouvez pourriez voudrais voulez veux aimerais ete etre "
                       "i you we would could may might can shall should will must be been being".split())
# Words after which a verb's form is a noun: "le montant", "des charges", "the funding".
DETERMINERS = {"fr": frozenset("le la les un une des du au aux ce cet cette ces mon ma mes ton ta tes son sa ses notre "
                               "nos votre vos leur leurs quel quelle quels quelles".split()),
               "en": frozenset("the a an my your his her its our their".split())}
# Verbs of asking after whoever asked the reader: "un élu m'a demandé si...", "the partners asked whether...".
_ASKED = frozenset("demande demandait demandent demandaient voudrait voudraient aimerait aimeraient "
                   "asked asks wonders wondered wants wanted".split())
# How readers say who they are ("as a mom", "en tant que parent", "je suis retraitée", "I'm a nurse") and
# where they speak from ("Jeune maman ici", "startup founder here": the words before "here", at most three).
_IDENTITY_LEADS = (("as", "a"), ("as", "an"), ("en", "tant", "que"), ("je", "suis"), ("i", "m"), ("i", "am"))
_HERE = frozenset(("ici", "here"))
_HERE_AFTER = 3
_IDENTITY = frozenset(w for lead in _IDENTITY_LEADS for w in lead[:1]) | _HERE
_AUXILIARIES = VERB_LEADS | {"a", "ont", "avait", "has", "have"}  # between who asks and the verb ("m'a")
_ANY_DETERMINER = DETERMINERS["fr"] | DETERMINERS["en"]
# A verb put before its subject: "posent-ils", "attribue-t-il".
_INVERTED = re.compile(r"([^\W\d_]+)-(?:t-)?(?:il|elle|on|ils|elles)\b")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w-]*")  # a capitalised word that does not start a sentence


@dataclass(slots=True)  # built for every message: plain slots cost less than frozen
class Span:
    """A clause of the message, as a token range, and what it does: "ask", "social" or "context"."""

    start: int
    end: int
    clause: Clause
    role: str


@dataclass
class Analysis:
    text: str
    folded: str
    tokens: list[Token]
    lang: str
    concepts: dict[str, list[str]]  # concept -> the words that named it, anywhere in the message
    corrections: dict[str, str]
    unknown: list[str]  # the question's content words that neither the article, its concepts nor common usage explain
    content: int  # number of content words of the question
    keys: frozenset[str] = field(default_factory=frozenset)  # the question's stems and @concepts, for retrieval
    spans: list[Span] = field(default_factory=list)
    core: frozenset[str] = frozenset()  # concepts named in the question's own clauses
    unexplained: float = 0.0  # the unknown words, each weighed by how rare it is
    asked: tuple[str, ...] = ()  # each of the question's clauses in plain form, for patterns
    matches: list[Match] = field(default_factory=list)
    aside_words: list[str] = field(default_factory=list)  # unexplained words of the reader's context
    aside: float = 0.0  # their weight
    aside_topical: bool = False  # the reader's context names one of the article's topics
    restricted: str | None = None  # the concept "only" restricts ("Il n'y a que l'écologie qui pose problème ?")
    cited: tuple[str, ...] = ()  # words the reader quotes from the article ("que signifie « tribune » ?"), plain
    details: float = 0.0  # the part of `unexplained` that names and narrower subjects weigh ("Guardian", "méthane")
    loosely: frozenset[str] = frozenset()  # concepts named only by a synonym of the article's word ("boulot")
    weighed: dict[str, float] = field(default_factory=dict)  # each unknown word of the question: its weight

    @cached_property
    def question(self) -> str:
        """The question's clauses in plain form, as one text."""
        return " . ".join(self.asked)

    @cached_property
    def words(self) -> frozenset[str]:
        """The words of the question's clauses in plain form."""
        return frozenset(self.question.split())

    @property
    def coverage(self) -> float:
        return 1.0 if not self.content else max(0.0, 1 - self.unexplained / self.content)

    def has_topic(self, topical: set[str]) -> bool:
        return any(c in topical for c in self.concepts)

    def weight(self, concept: str) -> float:
        """How much a concept of the message counts: fully when the question names it."""
        return 1.0 if concept in self.core or not self.core else CONTEXT_WEIGHT


@dataclass(slots=True)  # built for every message: plain slots cost less than frozen
class Scored:
    intent: Intent
    score: float
    evidence: dict  # what fired, with weights


@dataclass(frozen=True)
class Vocabulary:
    """What an article's bot knows, for analysing messages: built once per bot."""

    lexicon: Lexicon
    speller: Speller
    words: frozenset[str]  # keys of the article's words and titles
    topical: frozenset[str] = frozenset()  # concepts that name what a question is about
    social: frozenset[str] = frozenset()  # concepts of greetings, thanks and goodbyes
    text: str = ""  # the article's text in plain form, where a reader's quotation is looked up
    names: frozenset[str] = frozenset()  # the article's names, folded: a reader's own name is corrected only to one
    lang: str = "fr"  # the article's language
    seen: dict = field(default_factory=dict, compare=False)  # (word, language, written) -> (token, correction)

    def joined(self, words: list[str]) -> list[str]:
        return _numbers(_join(words, self.lexicon.words)) if len(words) > 1 else words

    @cached_property
    def courtesies(self) -> frozenset[str]:
        """The keys of the one-word greetings and thanks ("cheers"): they say nothing of the article."""
        words = (tokenize(f.lstrip("~="), keep_accents=True) for c in self.social
                 for forms in self.lexicon.concepts[c].terms.values() for f in forms)
        return frozenset(k for w in words if len(w) == 1 for k in stems(w[0]))

    def _related(self, word: str, lang: str) -> tuple[frozenset[str], bool]:
        """The keys of the article's words for a word of `lang`: its translations, or its synonyms and
        family when the shared lexicon does not know it; and whether they say it only partly (synonyms)."""
        if lang == self.lang and self._concepts(word, lang):
            return frozenset(), False  # a word of a shared concept keeps its sense there ("exemple": no "modèle")
        found = set()
        for other in thesaurus.related(word, lang, self.lang):
            found.update(k for k in stems(other, self.lang) | {strip_accents(other)} if k in self.words)
        if found or lang != self.lang:
            return frozenset(found), lang == self.lang
        # A word of the same family says what the article's word says: "alimentaire" for "aliments".
        return frozenset(k for key in stems(word, lang) if len(key) >= FAMILY
                         for k in self.families.get(key[:FAMILY], ()) if _kin(key, k)), False

    @cached_property
    def families(self) -> dict[str, list[str]]:
        """The article's stems by their first letters: where a word's family is looked for."""
        found: dict[str, list[str]] = {}
        for key in self.words:
            if len(key) >= FAMILY and key.isalpha():
                found.setdefault(key[:FAMILY], []).append(key)
        return found

    def _concepts(self, word: str, lang: str) -> set[str]:
        return {m.concept for m in self.lexicon.match([make_token(word, lang=lang)], lang)}

    def token(self, word: str, lang: str, written: str | None = None) -> tuple[Token, str | None]:
        """A word of a message as a token, typo corrected; the same word is worked out once. `written`:
        the language the message is written in, when its words tell (`lang` may be imposed)."""
        written = written or lang
        found = self.seen.get((word, lang, written))
        if found is None:
            typed = strip_accents(word)
            # A word of a dictionary, or a variant of a known word in the message's language ("revenons"),
            # is no typo.
            real = bool(languages(typed)) or is_stopword(typed) or not self.speller.keys.isdisjoint(stems(word, lang))
            fixed = None if real else self.speller.correct(typed) or SWAPPED_STOPWORDS.get(typed)
            fixed = CHAT_SPELLINGS[lang].get(typed, fixed)  # "wat" is "what" in English
            if rank := _ORDINAL.fullmatch(typed):  # "2eme" is "deuxieme"
                fixed = ORDINALS[lang].get(int(rank.group(1)), fixed)
            if len(self.seen) >= SEEN_WORDS:
                self.seen.clear()
            token = make_token(fixed or word, typed, lang)
            if not real and not fixed:
                # Uncorrected, it may still share most of itself with a known word of the other language.
                shared = {k for k in stems(word) if k in self.speller.keys and len(k) >= VARIANT * len(typed)}
                token = replace(token, keys=token.keys | shared)
            if self.words and not token.stop and token.keys.isdisjoint(self.words) \
                    and token.keys.isdisjoint(self.courtesies) and typed not in GENERIC:
                # A word the article does not use: the article's words for the same thing stand for it.
                related, loose = self._related(word, written)
                if related:
                    # A synonym says it partly; a translation or a word of its family says it all.
                    token = replace(token, keys=token.keys | related, related=related, loose=loose)
            found = self.seen[(word, lang, written)] = (token, fixed)
        return found


_UNITS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
          "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
          "seize": 16, "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
          "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
          "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "septante": 70, "huitante": 80, "octante": 80,
          "nonante": 90}
_HUNDREDS = {"cent": 100, "cents": 100, "hundred": 100, "mille": 1000, "thousand": 1000}
_NUMBER_LINKS = {"et", "and"}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_HUNDREDS)


def _numbers(words: list[str]) -> list[str]:
    """Numbers said in words, as a voice types them ("deux cent quatre vingt quatre", "two hundred and
    eighty four"), written in digits, when they take two words or more."""
    if _NUMBER_WORDS.isdisjoint(words):  # most messages say no number in words
        return words
    out, i = [], 0
    while i < len(words):
        j, total, current, last = i, 0, 0, 0
        while j < len(words):
            w = words[j]
            if w in _UNITS:
                if w.startswith("vingt") and last == 4:  # "quatre vingt" is 80
                    current, last = current + 76, 80
                elif last and _UNITS[w] >= last:  # "seven thirty" is a time, not 37
                    break
                else:
                    current, last = current + _UNITS[w], _UNITS[w]
            elif w in _HUNDREDS:
                last = 0
                current = max(current, 1) * _HUNDREDS[w]
                if _HUNDREDS[w] == 1000:
                    total, current = total + current, 0
            elif not (w in _NUMBER_LINKS and j > i and j + 1 < len(words) and words[j + 1] in _UNITS):
                break
            j += 1
        if j - i >= 2 and total + current >= 20:
            out.append(str(total + current))
            i = j
        else:
            out.append(words[i])
            i += 1
    return out


def _join(words: list[str], known: Layers) -> list[str]:
    """Words a voice or a phone typed apart ("chat gpt", "foot print") joined when the pair is a word of
    the lexicon's forms (neither a function word: "le monde" stays apart)."""
    if known.isdisjoint([a + b for a, b in zip(words, words[1:], strict=False)]):  # mostly nothing to join
        return words
    out, i = [], 0
    while i < len(words):
        if i + 1 < len(words) and len(words[i]) + len(words[i + 1]) >= JOINED and (words[i] + words[i + 1]) in known \
                and not is_stopword(words[i]) and not is_stopword(words[i + 1]):
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


def analyse(text: str, known: Vocabulary, lang: str | None = None, default_lang: str = "fr") -> Analysis:
    """Turn raw text into tokens, concepts and retrieval keys; never raises.

    `lang` forces the language; otherwise it is detected, `default_lang` breaking ties.
    """
    parts = clauses(text)
    words_by_clause = [known.joined(tokenize(c.text, keep_accents=True)) for c in parts]
    words = [w for ws in words_by_clause for w in ws]
    typed = [strip_accents(w) for w in words]
    evidence = detect_language(text, typed)
    detected = lang or evidence or default_lang
    corrections: dict[str, str] = {}
    tokens = []
    capitalised = {fold(n) for n in _NAME.findall(text)} if text[1:] != text[1:].lower() else set()
    for word in words:
        token, fixed = known.token(word, detected, evidence)
        if token.typed in capitalised and token.typed not in known.names and fixed not in known.names \
                and (fixed or token.typed not in known.speller.known):
            # A name the reader capitalised is not a typo of a common word ("Yann LeCun", not "leçon"), but may
            # be one of the article's names spelt by ear ("Raphael Morel").
            # Left as written, it keeps the article's words for it ("Britain": the UK).
            corrected = fixed
            fixed = next((n for n in known.names if n[0] == token.typed[0] and sound(n) == sound(token.typed)), None)
            if fixed or corrected:
                token = make_token(fixed or word, token.typed, detected)
        if fixed:
            corrections[token.typed] = fixed
        tokens.append(token)
    if sum(t.loose for t in tokens) == 1 and all(known.words.isdisjoint(t.keys) for t in tokens
                                                  if not t.loose and not t.stop and t.typed not in GENERIC):
        # Nothing the reader says is the article's own word, and one synonym alone ("capital": funds) is chance.
        tokens = [replace(t, keys=t.keys - t.related, related=frozenset(), loose=False) if t.loose else t
                  for t in tokens]
    bounds, start = [], 0
    for clause, ws in zip(parts, words_by_clause, strict=True):
        bounds.append((start, start + len(ws), clause))
        start += len(ws)
    matches = _designating([m for s, e, _ in bounds for m in known.lexicon.match(tokens[s:e], detected, offset=s)],
                           tokens)
    if not lang and not evidence:
        # No function word or dictionary word told: the language of the forms that matched does ("bye").
        votes = Counter(m.lang for m in matches)
        if votes["fr"] != votes["en"]:
            detected = max(votes, key=votes.get)
    spans = _roles(bounds, matches, known, tokens)
    courtesies = [(s.start, s.end) for s in spans if s.role == "social"]
    if courtesies:  # "Chère collègue," and "Assistante juridique" under a letter name no subject
        matches = [m for m in matches if m.concept in known.social or not any(s <= m.start < e for s, e in courtesies)]
    return summarise(text, tokens, detected, corrections, matches, spans, known)


def _roles(bounds: list[tuple[int, int, Clause]], matches: list[Match], known: Vocabulary,
           tokens: list[Token]) -> list[Span]:
    """Which clauses are the question, which greet or thank, which tell the reader's context.

    The question is the clauses that ask; when none of them names a topic, the clauses
    that do are part of it ("mon fils dit que l'IA pollue énormément, c'est vrai ?"), and
    when nothing asks, the clauses that name a topic are the question.
    """
    named = [{m.concept for m in matches if s <= m.start < e} for s, e, _ in bounds]
    topical = [bool(n & known.topical) and not c.self and not c.address and not c.option
               for n, (_, _, c) in zip(named, bounds, strict=True)]
    social = [(bool(n & known.social) and not t or c.address) and not c.cue
              for n, t, (_, _, c) in zip(named, topical, bounds, strict=True)]
    if len(bounds) > 2:  # a letter's signature is a courtesy too, whatever its words
        for i in signature([c for _, _, c in bounds], [e - s for s, e, _ in bounds], social):
            social[i], topical[i] = True, False
    asks = [c.asks and not so for (_, _, c), so in zip(bounds, social, strict=True)]
    # "I did not get the conclusion, can you sum it up?": a summary asked of what the context names.
    # ...and "my friend says it calls for X: is that in the conclusion?": X asked of the place the question names.
    framing = [bool(n & known.topical) and n & known.topical <= FRAMING | PLACES for n in named]
    if any(a and t and not (f and any(topical[:i] + topical[i + 1:]))
           for i, (a, t, f) in enumerate(zip(asks, topical, framing, strict=True))):
        # Fragments that neither ask nor name a topic ("c'est vrai", "or what") only frame the question;
        # a sentence of its own that says something asks ("Où enseigne Maurel ? Et sa tribune ?").
        # So does the question that takes up a phrase set before it ("ces 284 tonnes, c'est pour GPT-3 ?").
        core = [a and (t or c.cue or c.opens and _says_something(tokens[s:e]) or bounds[max(i - 1, 0)][2].dislocated)
                for i, (a, t, (s, e, c)) in enumerate(zip(asks, topical, bounds, strict=True))]
    elif any(asks):
        core = [a or t for a, t in zip(asks, topical, strict=True)]
    elif any(topical):
        core = topical
    else:
        core = [not so for so in social] if not all(social) else [True] * len(bounds)
    return [Span(s, e, c, "ask" if k else ("social" if so else "context"))
            for (s, e, c), k, so in zip(bounds, core, social, strict=True)]


def _says_something(tokens: list[Token]) -> bool:
    """Two words or more that are neither function words nor everyday framing ones."""
    return sum(1 for t in tokens if not t.stop and not t.keys & GENERIC and not _negligible(t.word)) >= 2


def _designating(matches: list[Match], tokens: list[Token]) -> list[Match]:
    """"Ce juriste", "this lawyer", "cet auteur": a job or an author named with a demonstrative points at
    the person, who is not what is asked ("ce juriste pense quoi du financement ?" asks about funding)."""
    return [replace(m, concept=PERSON) if m.concept in DESIGNATED and m.start
            and tokens[m.start - 1].typed in DEMONSTRATIVE else m for m in matches]


def summarise(text: str, tokens: list[Token], lang: str, corrections: dict[str, str], matches: list[Match],
               spans: list[Span], known: Vocabulary) -> Analysis:
    concepts: dict[str, list[str]] = {}
    for m in matches:
        words = tokens[m.start].typed if m.end - m.start == 1 else " ".join(t.typed for t in tokens[m.start:m.end])
        if words not in concepts.setdefault(m.concept, []):
            concepts[m.concept].append(words)
    asked = [s for s in spans if s.role == "ask"]
    cited = _cited(text, known.text) + _blanked(text, known.text)
    quoting = {w for c in cited for w in c.split()}
    # A term the reader quotes that the article never uses ("que signifie « biais algorithmique » ?").
    absent = [q for s in asked for q in _absent(s.clause.text, known.text) + _versions(s.clause.text, known.text)]
    in_question = {i for s in asked for i in range(s.start, s.end)}
    in_context = {i for s in spans if s.role == "context" for i in range(s.start, s.end)}
    # A multiple-choice question's options lead the search as its stem does: the right one is the article's.
    in_options = {i for s in spans if s.clause.option for i in range(s.start, s.end)}
    covered = {i for m in matches if not m.narrow for i in range(m.start, m.end)}
    narrower = {i for m in matches if m.narrow for i in range(m.start, m.end)}  # "nucléaire", "l'eau"
    core = frozenset(m.concept for m in matches if m.start in in_question)
    names: set[str] | None = None  # the capitalised words of the message, found when a word is unexplained
    inverted: set[str] | None = None  # verbs put before their subject, found then too
    mine = _the_readers_own(tokens)
    # A word the article names only by a synonym is partly explained, unless the shared lexicon knows it.
    partial = {i for i, t in enumerate(tokens) if t.loose and known.lexicon.keys.isdisjoint(t.keys - t.related)}
    unknown, aside, content, keys, weights = [], [], 0, set(), {"ask": 0.0, "context": 0.0, "details": 0.0}
    weighed: dict[str, float] = {}
    for i, token in enumerate(tokens):
        if token.stop or (i not in in_question and i not in in_context):
            continue
        if i in in_question:
            content += 1
            keys.update(token.keys)
        elif i in in_options:
            keys.update(token.keys)
        partly = i in partial
        # A number in words around the question is the reader's own ("a subscriber for thirty years").
        if (partly or i not in covered and not (token.keys & known.words)) and i not in mine \
                and not (token.keys & GENERIC) and not _negligible(token.word) and token.typed not in quoting \
                and not (i not in in_question and token.word in _NUMBER_WORDS):
            role = "ask" if i in in_question else "context"
            (unknown if role == "ask" else aside).append(token.typed)
            if names is None:
                names = {fold(n) for s in spans if s.role != "social" for n in _NAME.findall(s.clause.text)}
            if inverted is None:
                inverted = {fold(v) for v in _INVERTED.findall(text)}
            name = token.typed in names
            verbal = not name and (_verbal(tokens, i) or token.typed in inverted
                                   or (verb_form(token.typed) and not (i and tokens[i - 1].typed in DETERMINERS[lang])))
            weight = _rarity(token, name) * (VERBAL if verbal else 1.0) * (LOOSE if partly else 1.0)
            weights[role] += weight
            if role == "ask":
                weighed[token.typed] = weighed.get(token.typed, 0.0) + weight
            if role == "ask" and (name or i in narrower):
                weights["details"] += weight
    unknown += absent
    weights["ask"] += len(absent)
    keys.update("@" + c for c in core)
    keys.update("@" + m.concept for m in matches if m.start in in_options and m.concept in known.topical)
    # The question in plain form as the reader meant it: typos corrected, for the patterns of the rules.
    asked_text = tuple(_opening(" ".join(corrections.get(w, w) for w in plain(s.clause.text).split())
                                if corrections else plain(s.clause.text)) for s in asked)
    # "L'IA générative, c'est quoi ?" is also asked as "c'est quoi l'IA générative".
    asked_text += tuple(f"{asked_text[i + 1]} {asked_text[i]}" for i, s in enumerate(asked[:-1]) if s.clause.dislocated)
    aside_topical = any(m.start in in_context and m.concept in known.topical for m in matches)
    surely = {m.concept for m in matches if not partial.issuperset(range(m.start, m.end))}
    return Analysis(text, fold(text), tokens, lang, concepts, corrections, unknown, content, frozenset(keys),
                    spans, core, round(weights["ask"], 3), asked_text, matches, aside, round(weights["context"], 3),
                    aside_topical, None, cited, round(weights["details"], 3),
                    frozenset(m.concept for m in matches) - surely, weighed)


_QUOTE_MARK = re.compile("[«“\"]|(?<!\\w)'")  # a quotation mark; not an apostrophe inside a word ("l'IA")
_QUOTED = re.compile(r"«\s*([^»]+?)\s*»|“([^”]+)”|\"([^\"]+)\"|(?<![\w])'([^']{3,}?)'(?![\w])")


def unquoted(text: str) -> str:
    """The text without what the reader quotes: their own words only."""
    return _QUOTED.sub(" ", text) if _QUOTE_MARK.search(text) else text


def _cited(text: str, article: str) -> tuple[str, ...]:
    """What the reader quotes in guillemets or quotation marks, when the article says it."""
    if not article or not _QUOTE_MARK.search(text):
        return ()
    found = []
    for m in _QUOTED.finditer(text):
        quoted = plain(next(g for g in m.groups() if g))
        if len(quoted) >= 4 and f" {quoted} " in article:
            found.append(quoted)
    return tuple(found)


BLANK = re.compile(r"_{2,}")  # the hole of a sentence to complete ("crée des ___ à partir de données")
BLANK_WORDS = 3, 8  # words beside a hole, at least and at most, that must stand as such in the article


def _blanked(text: str, article: str) -> tuple[str, ...]:
    """A sentence to complete: the words on each side of its hole, as far as the article has them in a row
    ("crée des ___ à partir de données": "qui cree des", "a partir de donnees")."""
    if not article or "__" not in text:
        return ()
    least, most = BLANK_WORDS
    found = []
    for m in BLANK.finditer(text):
        left, right = plain(text[:m.start()]).split(), plain(text[m.end():]).split()
        sides = [[" ".join(left[-n:]) for n in range(most, least - 1, -1) if len(left) >= n],
                 [" ".join(right[:n]) for n in range(most, least - 1, -1) if len(right) >= n]]
        found += [side for tries in sides
                  if (side := next((s for s in tries if f" {s} " in article), None)) and len(side) >= 6]
    return tuple(found)


_MEANING = re.compile(r"\b(signifie|signifient|veut dire|veulent dire|definition|definir|definis|c est quoi|"
                      r"qu est ce que|mean|means|meaning|define|definition|what is|what s|what are)\b")


def _absent(clause: str, article: str) -> list[str]:
    """The short terms a clause asks the meaning of that the article does not use, none of whose words
    it has ("que signifie « biais algorithmique » ?"; not "the conclusion is just 'be ethical'?")."""
    if not article or not _QUOTE_MARK.search(clause) or not _MEANING.search(plain(clause)):
        return []
    found = []
    for m in _QUOTED.finditer(clause):
        quoted = plain(next(g for g in m.groups() if g))
        words = quoted.split()
        if 0 < len(words) <= ABSENT_WORDS and f" {quoted} " not in article \
                and not any(f" {w} " in article for w in words if not is_stopword(w)):
            found.append(quoted)
    return found


_DIGIT = re.compile(r"\d")
_VERSIONED = re.compile(r"\b([A-Za-z]{2,})-?(\d{1,2}(?:\.\d)?)\b")  # "GPT-3", "GPT4", "Llama-2"


def _versions(clause: str, article: str) -> list[str]:
    """Named versions of a thing ("GPT-3 ou GPT-4 ?") the article never gives: a name it does not cover."""
    found = []
    if not _DIGIT.search(clause):  # most questions name no version
        return found
    for m in _VERSIONED.finditer(clause):
        letters, number = fold(m.group(1)), m.group(2).replace(".", " ")
        if f" {letters}{number} " not in article and f" {letters} {number} " not in article:
            found.append(f"{letters}-{number}")
    return found


def _opening(clause: str) -> str:
    """A clause without the words that lead into it ("et qui en est l'auteur" -> "qui en est l auteur")."""
    words = clause.split()
    while len(words) > 1 and words[0] in LEAD_WORDS:
        words = words[1:]
    return " ".join(words)


def _rarity(token: Token, name: bool) -> float:
    """NAME for a name (a subject of its own the article does not name), 1 for a rare word, down to FLOOR
    for the commonest words of the language."""
    if name:
        return NAME
    return min(1.0, max(FLOOR, (EVERYDAY - zipf(token.keys)) / SPAN))


def _verbal(tokens: list[Token], i: int) -> bool:
    """Whether a word stands where the reader's own verb or an adverb does, not a noun: after "je",
    "vous", a modal or a passive's auxiliary ("I would appreciate", "je me permets", "should be held"),
    or an English adverb in -ly. Such words say how the reader asks; nouns name what they ask about."""
    word = tokens[i].typed
    if len(word) > 4 and word.endswith("ly") and "en" in languages(word):
        return True
    return i > 0 and tokens[i - 1].typed in VERB_LEADS


def _kin(a: str, b: str) -> bool:
    """Whether two stems are of one family: one begins the other and is most of it ("chauff", "chauffag")."""
    short, long_ = sorted((a, b), key=len)
    return short != long_ and long_.startswith(short) and len(short) >= KIN * len(long_)


def _the_readers_own(tokens: list[Token]) -> set[int]:
    """Words the reader uses of their own people and things ("mon fils", "my study group") and of
    whoever asked them ("un élu m'a demandé", "the partners asked whether"): they tell who asks, not
    what is asked."""
    words = {t.word for t in tokens}
    mine = set() if POSSESSIVES.isdisjoint(words) else \
        {j for i, t in enumerate(tokens) if t.word in POSSESSIVES for j in _noun_after(tokens, i)}
    if not _ASKED.isdisjoint(words):
        mine.update(j for i, t in enumerate(tokens) if t.word in _ASKED for j in _asker(tokens, i))
    if not _IDENTITY.isdisjoint(words):
        mine.update(_identity(tokens))
    return mine


def _identity(tokens: list[Token]) -> set[int]:
    """The words a reader says who they are with ("as a mom", "en tant que parent", "je suis retraitée",
    "I'm a nurse", "Jeune maman ici", "small startup founder here"): they tell who asks."""
    found: set[int] = set()
    words = [t.word for t in tokens]
    for i, word in enumerate(words):
        lead = next((n for n in _IDENTITY_LEADS if tuple(words[i:i + len(n)]) == n), None)
        if lead:
            j = i + len(lead) - 1
            if j + 1 < len(words) and words[j + 1] in _ANY_DETERMINER:
                j += 1
            found.update(_noun_after(tokens, j))
        elif word in _HERE and 0 < i <= _HERE_AFTER and not any(t.stop for t in tokens[:i]):
            found.update(range(i + 1))  # "Jeune maman ici": who speaks, before "here"
    return found


def _noun_after(tokens: list[Token], i: int) -> list[int]:
    """The up to two words after a possessive, up to the first function word."""
    return list(takewhile(lambda j: not tokens[j].stop, range(i + 1, min(i + 3, len(tokens)))))


def _asker(tokens: list[Token], i: int) -> list[int]:
    """The one or two words, after a determiner, of who asks before a verb of asking ("un élu m'a demandé")."""
    j = i - 1
    while j >= 0 and tokens[j].stop and tokens[j].word in _AUXILIARIES:
        j -= 1
    asker = []
    while j >= 0 and not tokens[j].stop and len(asker) < 2:
        asker.append(j)
        j -= 1
    return asker if asker and j >= 0 and tokens[j].word in _ANY_DETERMINER else []


def detect_language(text: str, words: list[str]) -> str | None:
    """French or English from function words, words of one language only, and accents."""
    french = english = 0
    for word in words:
        fr, en = _votes(word)
        french, english = french + fr, english + en
    votes = {"fr": french + (fold(text) != text.casefold()), "en": english}  # accents are French evidence
    return None if votes["en"] == votes["fr"] else max(votes, key=votes.get)




@lru_cache(maxsize=65536)
def _votes(word: str) -> tuple[int, int]:
    """How much a word says the text is French, and English: a function word or a word of one language."""
    real = languages(word)
    return (int(word in STOPWORDS["fr"]) + (real == ("fr",)), int(word in STOPWORDS["en"]) + (real == ("en",)))


def _negligible(word: str) -> bool:
    """Too short to name a subject ("pr", "u"), a small count ("1", "2", "quatre") or a rank ("2eme", "3rd")."""
    return len(word) < 3 or (word.isdigit() and int(word) <= 10) or _UNITS.get(word, 11) <= 10 \
        or bool(_ORDINAL.fullmatch(word))


class Examples:
    """The intents' example questions, indexed by key so that comparing a question
    with all of them costs a few dictionary look-ups."""

    def __init__(self, examples: dict[str, list[frozenset[str]]]):
        self.sizes: list[int] = []
        self.owner: list[str] = []
        self.index: dict[str, list[int]] = {}
        for intent, keysets in examples.items():
            for keys in keysets:
                for key in keys:
                    self.index.setdefault(key, []).append(len(self.sizes))
                self.sizes.append(len(keys))
                self.owner.append(intent)

    def best(self, keys: frozenset[str]) -> dict[str, float]:
        """Per intent, the highest Jaccard similarity of `keys` to one of its examples."""
        shared: dict[int, int] = {}
        for key in keys:
            for i in self.index.get(key, ()):
                shared[i] = shared.get(i, 0) + 1
        best: dict[str, float] = {}
        size = len(keys)
        for i, n in shared.items():
            score = n / (size + self.sizes[i] - n)
            owner = self.owner[i]
            if score > best.get(owner, 0.0):
                best[owner] = score
        return best


class Scorer:
    """Scores every intent of a bot against an analysis: concept weights, patterns, likeness to
    the example questions. Built once per bot, indexed by concept; each pattern comes with the
    words it spells, so that a question holding none of them is not searched."""

    def __init__(self, intents: list[Intent], examples: Examples, topical: frozenset[str] = frozenset(),
                 index=None, sections=None):
        self.intents = intents
        self.index = index
        self.reading = [(n, i.reads, frozenset(sections(i))) for n, i in enumerate(intents) if i.reads]
        self.examples = examples
        self.topical = topical
        self.weighing: dict[str, list[tuple[int, float]]] = {}  # concept -> (intent, weight)
        for n, intent in enumerate(intents):
            for concept, weight in intent.concepts.items():
                self.weighing.setdefault(concept, []).append((n, weight))
        self.patterns = [(n, p, literal_words(p.pattern)) for n, i in enumerate(intents) for p in i.patterns]
        # Patterns by a word they spell (a question holding none of a pattern's words cannot match it).
        self.spelling: dict[str, list[int]] = {}
        for k, (_, _, spelt) in enumerate(self.patterns):
            for word in spelt:
                self.spelling.setdefault(word, []).append(k)
        self.unspelt = [k for k, (_, _, spelt) in enumerate(self.patterns) if not spelt]
        self.position = {i.name: n for n, i in enumerate(intents)}

    def rank(self, analysis: Analysis) -> list[Scored]:
        """Every intent with its score and the evidence behind it, best first."""
        scores = [0.0] * len(self.intents)
        weighed: dict[int, dict[str, float]] = {}
        core, loosely = analysis.core, analysis.loosely
        # "Résume-moi la partie sur l'écologie": asked for a summary of a topic, the topic answers.
        framed = bool(FRAMING & core) and bool((core - FRAMING) & self.topical)
        for concept in analysis.concepts:
            share = (1.0 if not core or concept in core else CONTEXT_WEIGHT) * (LOOSE if concept in loosely else 1.0)
            if framed and concept in FRAMING:
                share *= FRAME_WEIGHT
            for n, weight in self.weighing.get(concept, ()):
                scores[n] += weight * share
                weighed.setdefault(n, {})[concept] = weight * share
        matched: dict[int, str] = {}
        for k in sorted({k for w in analysis.words for k in self.spelling.get(w, ())}.union(self.unspelt)):
            n, pattern, _ = self.patterns[k]
            if n not in matched:
                for clause in analysis.asked:
                    if pattern.search(clause):
                        scores[n] += PATTERN_WEIGHT
                        matched[n] = pattern.pattern
                        break
        if self.reading and analysis.keys:
            best: dict[str, float] = {}
            for r in self.index.rank(analysis.keys):
                if r.score <= 0:
                    break
                best.setdefault(r.passage.section, r.score)
            for n, reads, sections in self.reading:
                found = max((best.get(s, 0.0) for s in sections), default=0.0)
                if found:
                    scores[n] += reads * found
                    weighed.setdefault(n, {})["@passages"] = round(reads * found, 3)
        similar: dict[int, float] = {}
        for name, best in self.examples.best(analysis.keys).items():
            if best >= MIN_SIMILARITY:
                n = self.position[name]
                scores[n] += EXAMPLE_WEIGHT * best
                similar[n] = round(best, 2)
        ranked = [Scored(self.intents[n], score, _evidence(weighed.get(n), matched.get(n), similar.get(n)))
                  for n, score in enumerate(scores) if score > 0]
        ranked.sort(key=lambda s: -s.score)
        return ranked


def _evidence(concepts: dict | None, pattern: str | None, similarity: float | None) -> dict:
    """What made an intent score: the concepts it weighs, a pattern, likeness to an example."""
    found: dict = {"concepts": concepts} if concepts else {}
    if pattern:
        found["pattern"] = pattern
    if similarity:
        found["example_similarity"] = similarity
    return found


def confidence(ranked: list[Scored], index: int = 0) -> float:
    """A 0..1 confidence: strong evidence and a clear lead over the runner-up."""
    if len(ranked) <= index:
        return 0.0
    s = ranked[index].score
    others = sum(r.score for i, r in enumerate(ranked[:3]) if i != index)
    strength = s / (s + MIN_SCORE)
    share = s / (s + others) if others else 1.0
    return round(strength * (0.5 + 0.5 * share), 3)
