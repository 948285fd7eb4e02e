"""Tolerance of typos: one (insertion, deletion, substitution or swap) in longer words,
two in long ones ("emmisions" for "émissions").

A symmetric-deletion index (the SymSpell idea): every known word is stored under
each form with one letter removed (two, for long words), so a misspelt word finds
its candidates with a few dictionary look-ups instead of a scan of the vocabulary.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache

from .layers import Layers

MIN_LENGTH = 5  # shorter words have too many neighbours to correct safely
MAX_SOUND_EDITS = 3  # a word no spelling is near is taken for one that sounds like it this far away at most
LONG = 8  # from this length, two typos are tolerated...
LONGEST = 20  # ...up to this length; longer words are no word a reader meant (and would cost too much)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _deletions2(word: str) -> set[str]:
    return {d2 for d1 in _deletions(word) for d2 in _deletions(d1)}


def distance(a: str, b: str) -> int:
    """Edit distance counting an adjacent swap as one edit (optimal string alignment)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def _cost(typed: str, known: str) -> int:
    """How unlikely a one-edit typo is, lowest first: a doubled or undoubled letter ("polution"),
    then a missing or extra letter or a swap, then a wrong letter, then a wrong first letter."""
    cost = 0 if typed[0] == known[0] else 3
    if len(typed) != len(known):
        short, long_ = sorted((typed, known), key=len)
        i = next((i for i in range(len(short)) if short[i] != long_[i]), len(short))
        doubled = (i > 0 and long_[i] == long_[i - 1]) or (i + 1 < len(long_) and long_[i] == long_[i + 1])
        return cost + (0 if doubled else 1)
    return cost + (1 if sorted(typed) == sorted(known) else 2)


# How words sound, in French and English alike: letters written differently for one sound are one
# ("ethique", "etiqe" and "etique" are "etik"; "maurel" and "morel" are "morel"), a final "e" is silent
# and doubled letters are one. Words are looked up by their consonants, then compared by their sound.
_SOUNDS = [(re.compile(a), b) for a, b in (
    ("ph", "f"), ("th", "t"), ("ck", "k"), ("qu", "k"), ("q", "k"), ("c(?=[eiy])", "s"), ("c", "k"), ("x", "ks"),
    ("z", "s"), ("w", "v"), ("h", ""), ("y", "i"), ("eau|au", "o"), ("ou", "u"), ("ai|ei", "e"), ("(?<=.)e$", ""))]
_VOWELS = re.compile(r"(?<!^)[aeiou]+")
_DOUBLED = re.compile(r"(.)\1+")
SOUND_EDITS = 1  # how far apart the sounds of a word and of the known word it is taken for may be...
SOUND_EXACT = 6  # ...in words of this length or more; shorter ones must sound the same


@lru_cache(maxsize=4096)
def sound(word: str) -> str:
    """How a word sounds, roughly: words that sound alike are a letter apart at most."""
    for pattern, replacement in _SOUNDS:
        word = pattern.sub(replacement, word)
    return _DOUBLED.sub(r"\1", word)


def _consonants(word: str) -> str:
    return _VOWELS.sub("", sound(word))


@lru_cache(maxsize=8)
def _alphabetic(words: frozenset[str]) -> frozenset[str]:
    """The words made of letters only; cached, so that every article holds the same shared set."""
    return frozenset(w for w in words if w.isalpha())


def _put(index: dict[str, str | tuple[str, ...]], key: str, word: str) -> None:
    """File a word under a key: most keys hold one word, kept as itself (a set each would weigh ten times more)."""
    found = index.get(key)
    index[key] = word if found is None else (found, word) if isinstance(found, str) else (*found, word)


def _filed(index: dict[str, str | tuple[str, ...]], key: str) -> tuple[str, ...]:
    found = index.get(key, ())
    return (found,) if isinstance(found, str) else found


class SpellingIndex:
    """Every word the spellers of a process know, under each form with one letter removed (two, for
    long words), and under its consonants. Shared: the words most articles have in common are indexed
    once, and each article adds only the words no article loaded before it had. A speller takes from
    it only the words it knows."""

    def __init__(self):
        self.words: set[str] = set()
        self.forms: dict[str, str | tuple[str, ...]] = {}
        self.sounds: dict[str, str | tuple[str, ...]] = {}
        self._adding = threading.Lock()  # two bots built at once must not file over each other's words

    def add(self, words: Iterable[str]) -> None:
        with self._adding:
            for word in words:
                if word in self.words:
                    continue
                self.words.add(word)
                if len(word) >= MIN_LENGTH - 1:
                    for form in _deletions(word) | (_deletions2(word) if len(word) >= LONG - 1 else set()):
                        _put(self.forms, form, word)
                if len(word) >= MIN_LENGTH:
                    _put(self.sounds, _consonants(word), word)


class Speller:
    """Corrects a word to the closest known word, preferring likely typos, then frequent words.

    `shared` words (the shared lexicon's) are known as well. The `index` of the known words may
    hold others' words too (one index for every article of a process): they are never proposed."""

    def __init__(self, words: Iterable[str], frequency: dict[str, int] | None = None,
                 keys: frozenset[str] | Layers = frozenset(), shared: frozenset[str] = frozenset(),
                 index: SpellingIndex | None = None):
        shared = _alphabetic(shared)
        own = frozenset(w for w in words if w.isalpha()) - shared
        self.known = Layers(own, shared)
        self.frequency = frequency or {}
        self.keys = keys  # stems of known words: a word sharing one is a variant, not a typo
        self.index = index or SpellingIndex()
        self.index.add(shared)
        self.index.add(own)

    def correct(self, word: str) -> str | None:
        """The closest known word, or None when the word is known, short, or far from every known word;
        a word no spelling is near may still sound like one ("etiqe", "artical")."""
        if word in self.known or not MIN_LENGTH <= len(word) <= LONGEST or not word.isalpha():
            return None
        forms = {word} | _deletions(word)
        if len(word) >= LONG:
            forms |= _deletions2(word)
        candidates = set()
        for form in forms:
            if form in self.known:
                candidates.add(form)
            candidates.update(c for c in _filed(self.index.forms, form) if c in self.known)
        allowed = 2 if len(word) >= LONG else 1
        scored = [(d, c) for c in candidates if (d := distance(word, c)) <= allowed and len(c) >= MIN_LENGTH]
        if not scored:
            return self._sounding(word)
        return min(scored, key=lambda dc: (dc[0], _cost(word, dc[1]) if dc[0] == 1 else 0,
                                           -self.frequency.get(dc[1], 0), dc[1]))[1]

    def _sounding(self, word: str) -> str | None:
        """The known word that sounds like this one, beginning with the same letter and a few edits away:
        the nearest, then the most frequent."""
        key, heard = _consonants(word), sound(word)
        scored = [(d, c) for c in _filed(self.index.sounds, key)
                  if c[0] == word[0] and c in self.known and (d := distance(word, c)) <= MAX_SOUND_EDITS
                  and distance(heard, sound(c)) <= (SOUND_EDITS if len(word) >= SOUND_EXACT else 0)]
        if not scored:
            return None
        return min(scored, key=lambda dc: (dc[0], -self.frequency.get(dc[1], 0), dc[1]))[1]
