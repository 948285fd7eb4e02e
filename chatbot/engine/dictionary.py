"""Which words are real French or English words, from pyspellchecker's frequency lists.

Used twice: a real word is never "corrected" as a typo ("founded" is not a
misspelt "funded"), and words that exist in one language only are evidence
of the question's language. Loaded once per process, on first use.
"""
from __future__ import annotations

from functools import cache

from spellchecker import SpellChecker

from .text import LANGS, strip_accents

MIN_COUNT = 100  # rarer entries are mostly names and noise
MIN_LENGTH = 4  # shorter words are neither corrected nor good language evidence


@cache
def words(lang: str) -> frozenset[str]:
    """Accent-free words of one language."""
    frequency = SpellChecker(language=lang).word_frequency.dictionary
    return frozenset(strip_accents(w) for w, n in frequency.items() if n >= MIN_COUNT and len(w) >= MIN_LENGTH)


def languages(word: str) -> tuple[str, ...]:
    """The languages in which an accent-free lower-case word is a common word."""
    return tuple(lang for lang in LANGS if word in words(lang))
