"""What common French and English words are, and how common: pyspellchecker's frequency lists.

Used three ways: a real word is never "corrected" as a typo ("founded" is not a
misspelt "funded"); words that exist in one language only are evidence of the
question's language; and how everyday a word is tells a reader's ordinary words
("consequences", "camarades") from the rare ones that name a subject the article
does not cover ("kWh", "Bitcoin"). The lists come from film subtitles, so they
rank words as people speak them, the way readers write in a chat. Loaded once
per process, on first use.
"""
from __future__ import annotations

import math
from functools import cache, lru_cache

import Stemmer
from spellchecker import SpellChecker

from .text import LANGS, strip_accents

MIN_COUNT = 100  # rarer entries are mostly names and noise
MIN_LENGTH = 4  # shorter words are neither corrected nor good language evidence
_STEMMER_NAMES = {"fr": "french", "en": "english"}


@cache
def _counts(lang: str) -> tuple[dict[str, int], int]:
    frequency = SpellChecker(language=lang).word_frequency
    return frequency.dictionary, frequency.total_words


@cache
def words(lang: str) -> frozenset[str]:
    """Accent-free words of one language."""
    counts, _ = _counts(lang)
    return frozenset(strip_accents(w) for w, n in counts.items() if n >= MIN_COUNT and len(w) >= MIN_LENGTH)


@lru_cache(maxsize=65536)
def languages(word: str) -> tuple[str, ...]:
    """The languages in which an accent-free lower-case word is a common word."""
    return tuple(lang for lang in LANGS if word in words(lang))


@cache
def _zipf_by_stem(lang: str) -> dict[str, float]:
    """Stem -> Zipf value (log10 of occurrences per billion words) of its most frequent word.

    A word is as everyday as its most common form: "revenons" is as ordinary as "revenir".
    """
    counts, total = _counts(lang)
    stemmer = Stemmer.Stemmer(_STEMMER_NAMES[lang])
    best: dict[str, float] = {}
    for word, n in counts.items():
        if n >= MIN_COUNT:
            zipf = math.log10(n * 1e9 / total)
            for key in {strip_accents(word), strip_accents(stemmer.stemWord(word))}:
                if zipf > best.get(key, 0.0):
                    best[key] = zipf
    return best


def zipf(keys: frozenset[str]) -> float:
    """How everyday a word is, from its keys (the word and its stems): 0 for unknown words,
    about 3 for rare ones, 5 and more for the words of every conversation."""
    return max((_zipf_by_stem(lang).get(k, 0.0) for lang in LANGS for k in keys), default=0.0)
