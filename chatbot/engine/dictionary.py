"""What common French and English words are, and how common: pyspellchecker's frequency lists.

Used three ways: a real word is never "corrected" as a typo ("founded" is not a
misspelt "funded"); words that exist in one language only are evidence of the
question's language; and how everyday a word is tells a reader's ordinary words
("consequences", "camarades") from the rare ones that name a subject the article
does not cover ("kWh", "Bitcoin"). The lists come from film subtitles, so they
rank words as people speak them, the way readers write in a chat. Loaded once
per process, at start-up (`load`) or on first use.
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


def load() -> None:
    """Read the lists now, at start-up, rather than at a reader's first question; then let go of the
    raw counts (every word the lists have, the rarest too): nothing reads them once these are drawn."""
    for lang in LANGS:
        words(lang)
        _zipf_by_stem(lang)
    _counts.cache_clear()


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


HOMOGRAPH = 0.75  # Zipf points by which a word must be commoner in one language to be read as that language's


@lru_cache(maxsize=65536)
def rather(word: str, lang: str) -> bool:
    """Whether an accent-free word written the same in both languages ("pays", "place") is far commoner
    in `lang`: then, in a text of that language, it is that language's word."""
    here, there = (_zipf_by_stem(lang).get(word, 0.0), max(_zipf_by_stem(other).get(word, 0.0)
                                                           for other in LANGS if other != lang))
    return here >= there + HOMOGRAPH


def zipf(keys: frozenset[str]) -> float:
    """How everyday a word is, from its keys (the word and its stems): 0 for unknown words,
    about 3 for rare ones, 5 and more for the words of every conversation."""
    return max((_zipf_by_stem(lang).get(k, 0.0) for lang in LANGS for k in keys), default=0.0)


# Endings of the regular conjugations of French verbs (-er, -ir, -re), accents folded, and of English
# participles. A word is a form of a verb when its stem has several of these forms in use: "captées"
# (capter, captait, captant...) and "réfléchir" are verbs, "voitures" and "boulangerie" are not.
_CONJUGATIONS = (("er", "ait", "aient", "ant", "ons", "ez", "era", "erait", "ee", "ees"),
                 ("ir", "it", "issait", "issant", "issons", "issez", "issent", "ira", "irait"),
                 ("re", "ait", "ant", "ons", "ez", "ra", "rait", "ue", "us"))
_VERB_ENDINGS = sorted({e for forms in _CONJUGATIONS for e in forms} | {"e", "es", "ent", "u", "i", "is", "ie"},
                       key=len, reverse=True)
VERB_FORMS = 3  # forms of a stem in use that make it a verb's
STEM = 3  # letters a stem keeps, at least


@lru_cache(maxsize=4096)
def verb_form(word: str) -> bool:
    """Whether an accent-free word is a form of a French verb, or an English participle ("picked",
    "bashing"): a word that says what is done, not what is asked about."""
    french = words("fr")
    if word.endswith(("ant", "ants", "ante", "antes")):  # "montant", "enfant": participles that are nouns
        return False
    for ending in _VERB_ENDINGS:
        stem = word[:-len(ending)]
        if word.endswith(ending) and len(stem) >= STEM and any(
                sum(stem + e in french for e in forms) >= VERB_FORMS for forms in _CONJUGATIONS):
            return True
    english = words("en")
    if word.endswith("ing"):
        bases = (word[:-3], word[:-3] + "e", word[:-4])
    elif word.endswith("ed"):
        bases = (word[:-2], word[:-1], word[:-3])
    else:
        return False
    return any(len(b) >= STEM and b in english and sum(
        f in english for f in (b + "s", b + "ed", b + "ing", b + b[-1] + "ed", b + b[-1] + "ing")) >= 2 for b in bases)
