"""Concepts found in text: bilingual surface forms matched on stems, longest first."""
from __future__ import annotations

from dataclasses import dataclass

from .dictionary import rather
from .rules import Concept
from .text import LANGS, is_stopword, stems, strip_accents, tokenize


@dataclass(frozen=True)
class Token:
    word: str  # folded, typo-corrected
    typed: str  # folded, as the reader typed it
    keys: frozenset[str]  # the word and its stems: what matching compares
    stop: bool


def make_token(word: str, typed: str | None = None, lang: str | None = None) -> Token:
    """A token from a lower-case word (accents kept, for the French stemmer)."""
    folded = strip_accents(word)
    stop = is_stopword(folded)
    return Token(folded, typed or folded, frozenset((folded,)) if stop else stems(word, lang), stop)


@dataclass(slots=True)  # built for every message: plain slots cost less than frozen
class Match:
    concept: str
    start: int
    end: int  # token span [start, end)
    lang: str  # language of the matching form
    narrow: bool = False  # a subject of its own the family relates to ("~nucléaire"): it explains nothing


def form_words(concepts: dict[str, Concept]) -> frozenset[str]:
    """The accent-free words of every form of the concepts: what their readers may misspell."""
    return frozenset(strip_accents(w) for c in concepts.values() for forms in c.terms.values() for f in forms
                     for w in tokenize(f.lstrip("~="), keep_accents=True))


class _Node:
    """A trie node: the next word's keys, and the concepts whose form ends here."""

    __slots__ = ("next", "ends")

    def __init__(self):
        self.next: dict[str, _Node] = {}
        self.ends: list[tuple[str, str, bool]] = []  # (concept, language of the form, narrower subject)

    def add(self, pattern: tuple[frozenset[str], ...], end: tuple[str, str, bool]) -> None:
        if not pattern:
            if end not in self.ends:
                self.ends.append(end)
            return
        for key in pattern[0]:  # a word reached by any of its keys goes on to the same next words
            self.next.setdefault(key, _Node()).add(pattern[1:], end)


class Lexicon:
    """Every concept's forms as tries of word keys: one per language matched on stems, one per
    language matched word for word (forms of the other language than the text's)."""

    def __init__(self, concepts: dict[str, Concept]):
        self.stems = {lang: _Node() for lang in LANGS}
        self.plain = {lang: _Node() for lang in LANGS}
        self.words: set[str] = set()  # accent-free words of every form, for typo correction
        self.keys: set[str] = set()  # every key of every form
        for concept in concepts.values():
            for lang, forms in concept.terms.items():
                for form in forms:
                    # "~nucleaire": a narrower subject of the family, "=donnees": this word as written, not its stem.
                    narrow = form.startswith("~")
                    form = form.lstrip("~")
                    exact = form.startswith("=")
                    words = tokenize(form.lstrip("="), keep_accents=True)
                    if not words or (len(words) == 1 and is_stopword(strip_accents(words[0]))):
                        continue  # a lone function word ("these", "son") says nothing
                    self.words.update(strip_accents(w) for w in words)
                    plain = tuple(strip_accents(w) for w in words)
                    if exact:
                        pattern = tuple(frozenset((w,)) for w in plain)
                    else:
                        # A stem that is a function word ("danse" -> "dans") would match that word everywhere.
                        pattern = tuple(frozenset(k for k in make_token(w, lang=lang).keys
                                                  if k == p or not is_stopword(k))
                                        for w, p in zip(words, plain, strict=True))
                    self.keys.update(*pattern)
                    self.stems[lang].add(pattern, (concept.name, lang, narrow))
                    self.plain[lang].add(tuple(frozenset((w,)) for w in plain), (concept.name, lang, narrow))
        # The first words of the other languages' forms, which match word for word.
        self.starts = {lang: frozenset(w for other in LANGS if other != lang for w in self.plain[other].next)
                       for lang in LANGS}
        self.stem_starts = {lang: frozenset(self.stems[lang].next) for lang in LANGS}
        # Per language of the text: its forms on stems, then the other languages' word for word.
        self.tries = {lang: [(self.stems[lang], True)] + [(self.plain[o], False) for o in LANGS if o != lang]
                      for lang in LANGS}

    def match(self, tokens: list[Token], lang: str, offset: int = 0) -> list[Match]:
        """Non-overlapping concept matches, left to right, longest form first.

        Forms of the text's language match on stems; forms of the other language
        only word for word, so that French "faire" is not English "fair".
        A span that is a form of several concepts yields one match for each;
        `offset` is added to the positions (the tokens of one clause of a longer message).
        """
        found: list[Match] = []
        tries, stem_starts, plain_starts = self.tries[lang], self.stem_starts[lang], self.starts[lang]
        n = len(tokens)
        i = 0
        while i < n:
            token = tokens[i]
            if token.word not in plain_starts and stem_starts.isdisjoint(token.keys):
                i += 1  # most words start no form: a set test instead of a walk
                continue
            best: list[tuple[str, str, bool]] = []
            best_len = 0
            for root, on_stems in tries:
                if on_stems:
                    frontier = [child for k in token.keys if (child := root.next.get(k))]
                else:  # "pays" in a French text is no English "pays"
                    child = root.next.get(token.word)
                    frontier = [child] if child and not rather(token.word, lang) else []
                j = i
                while frontier:
                    length = j + 1 - i
                    if length >= best_len:
                        for node in frontier:
                            if node.ends:
                                if length > best_len:
                                    best, best_len = [], length
                                for e in node.ends:
                                    if e not in best:
                                        best.append(e)
                    j += 1
                    if j == n:
                        break
                    if on_stems:
                        keys = tokens[j].keys
                        frontier = [child for node in frontier for k in keys if (child := node.next.get(k))]
                    else:
                        word = tokens[j].word
                        frontier = [child for node in frontier if (child := node.next.get(word))]
            if best_len:
                found.extend(Match(c, offset + i, offset + i + best_len, form_lang, narrow)
                             for c, form_lang, narrow in best)
                i += best_len
            else:
                i += 1
        return found
