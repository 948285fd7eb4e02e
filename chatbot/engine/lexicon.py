"""Concepts found in text: bilingual surface forms matched on stems, longest first."""
from __future__ import annotations

from dataclasses import dataclass

from .rules import Concept
from .text import is_stopword, stems, strip_accents, tokenize


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


@dataclass(frozen=True)
class Match:
    concept: str
    start: int
    end: int  # token span [start, end)
    lang: str  # language of the matching form


class Lexicon:
    """An index of every concept's forms, keyed by the first word's keys."""

    def __init__(self, concepts: dict[str, Concept]):
        # first key -> [(keys of each word, the words, concept, language of the form)]
        self.index: dict[str, list[tuple[tuple[frozenset[str], ...], tuple[str, ...], str, str]]] = {}
        self.words: set[str] = set()  # accent-free words of every form, for typo correction
        self.keys: set[str] = set()  # every key of every form
        for concept in concepts.values():
            for lang, forms in concept.terms.items():
                for form in forms:
                    exact = form.startswith("=")  # "=donnees": this word as written, not its stem
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
                    for key in pattern[0]:
                        self.index.setdefault(key, []).append((pattern, plain, concept.name, lang))

    def match(self, tokens: list[Token], lang: str, offset: int = 0) -> list[Match]:
        """Non-overlapping concept matches, left to right, longest form first.

        Forms of the text's language match on stems; forms of the other language
        only word for word, so that French "faire" is not English "fair".
        A span that is a form of several concepts yields one match for each;
        `offset` is added to the positions (the tokens of one clause of a longer message).
        """
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            best: list[tuple[str, str]] = []
            best_len = 0
            for key in tokens[i].keys:
                for pattern, plain, concept, form_lang in self.index.get(key, ()):
                    n = len(pattern)
                    if n < best_len or i + n > len(tokens):
                        continue
                    if form_lang == lang:
                        found_here = all(pattern[j] & tokens[i + j].keys for j in range(n))
                    else:
                        found_here = all(plain[j] == tokens[i + j].word for j in range(n))
                    if found_here:
                        if n > best_len:
                            best, best_len = [], n
                        if (concept, form_lang) not in best:
                            best.append((concept, form_lang))
            if best_len:
                found.extend(Match(c, offset + i, offset + i + best_len, lang) for c, lang in best)
                i += best_len
            else:
                i += 1
        return found
