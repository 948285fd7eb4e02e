"""Tolerance of one typo (insertion, deletion, substitution or swap) in longer words.

A symmetric-deletion index (the SymSpell idea, limited to distance one):
every known word is stored under each form with one letter removed, so a
misspelt word finds its candidates with a handful of dictionary look-ups
instead of a scan of the vocabulary.
"""
from __future__ import annotations

from collections.abc import Iterable

MIN_LENGTH = 5  # shorter words have too many neighbours to correct safely


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _one_edit_apart(a: str, b: str) -> bool:
    """True when a and b differ by one insertion, deletion, substitution or adjacent swap."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i, j = diff[0], diff[-1]
        return len(diff) == 2 and j == i + 1 and a[i] == b[j] and a[j] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _cost(typed: str, known: str) -> int:
    """How unlikely a typo is, lowest first: a doubled or undoubled letter ("polution"),
    then a missing or extra letter or a swap, then a wrong letter, then a wrong first letter."""
    cost = 0 if typed[0] == known[0] else 3
    if len(typed) != len(known):
        short, long_ = sorted((typed, known), key=len)
        i = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
        doubled = (i > 0 and long_[i] == long_[i - 1]) or (i + 1 < len(long_) and long_[i] == long_[i + 1])
        return cost + (0 if doubled else 1)
    return cost + (1 if sorted(typed) == sorted(known) else 2)


class Speller:
    """Corrects a word to the known word one typo away, preferring frequent words."""

    def __init__(self, words: Iterable[str], frequency: dict[str, int] | None = None,
                 keys: frozenset[str] = frozenset()):
        self.known = frozenset(w for w in words if w.isalpha())
        self.keys = keys  # stems of known words: a word sharing one is a variant, not a typo
        self.frequency = frequency or {}
        index: dict[str, list[str]] = {}
        for word in self.known:
            if len(word) >= MIN_LENGTH - 1:
                for form in _deletions(word):
                    index.setdefault(form, []).append(word)
        self.index = index

    def correct(self, word: str) -> str | None:
        """The known word one edit away, or None when the word is known, short or unknown."""
        if word in self.known or len(word) < MIN_LENGTH or not word.isalpha():
            return None
        candidates = set(self.index.get(word, ()))  # the reader dropped a letter
        for form in _deletions(word):
            if form in self.known:  # the reader added a letter
                candidates.add(form)
            candidates.update(self.index.get(form, ()))  # substitution or swap
        found = [c for c in candidates if _one_edit_apart(word, c)]
        if not found:
            return None
        return min(found, key=lambda c: (_cost(word, c), -self.frequency.get(c, 0), c))
