"""Words related to a reader's word: its synonyms in its language, its translations in the other.

A reader says "docteur" where the article says "médecin", "water" where it says "eau": a word the
article does not use is also looked up here, and the related words the article does use stand for
it. Loaded once per process, on first use.
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from .text import LANGS, stems

OTHER = {"fr": "en", "en": "fr"}


def _read(name: str) -> dict[str, tuple[str, ...]]:
    table = {}
    for line in resources.files(__package__).joinpath(f"data/{name}").read_text("utf-8").splitlines():
        word, _, related = line.partition("\t")
        if related and not line.startswith("#"):
            table[word] = tuple(related.split("|"))
    return table


@cache
def synonyms(lang: str) -> dict[str, tuple[str, ...]]:
    return _read(f"synonyms_{lang}.txt")


@cache
def translations(source: str) -> dict[str, tuple[str, ...]]:
    """Words of `source` -> their translations in the other language."""
    french = _read("translations_fr_en.txt")
    if source == "fr":
        return french
    english: dict[str, list[str]] = {}
    for fr, ens in french.items():
        for en in ens:
            english.setdefault(en, []).append(fr)
    return {en: tuple(frs) for en, frs in english.items()}


@cache
def _by_stem(source: str, target: str) -> dict[str, tuple[str, ...]]:
    """Stems of the words of `source` -> their synonyms (`target` the same) or translations: any form of
    a word finds them."""
    table: dict[str, dict[str, None]] = {}
    for word, words in (synonyms(source) if source == target else translations(source)).items():
        for key in stems(word, source):
            table.setdefault(key, {}).update(dict.fromkeys(words))
    return {key: tuple(found) for key, found in table.items()}


def related(word: str, source: str, target: str) -> tuple[str, ...]:
    """The words of `target` that say what a lower-case word of `source` says: those of the word as
    written and of its singular ("élèves": élève, not élevé), or else of any word with its stem
    ("eleves", "tuyaux")."""
    table = synonyms(source) if source == target else translations(source)
    singular = (word[:-1],) if word.endswith(("s", "x")) else ()
    if source == "fr" and word.rstrip("s").endswith("ée"):  # "âgées", "âgée": âgé
        singular += (word.rstrip("s")[:-1],)
    found = tuple(dict.fromkeys(r for form in (word, *singular, *(_bases(word) if source == "fr" else ()))
                                for r in table.get(form, ())))
    if found:  # "hours": what "hours" says and what "hour" says
        return found
    by_stem = _by_stem(source, target)
    keys = stems(word, source).union(*(stems(w, source) for w in _bases(word) if source == "fr"))
    return tuple(dict.fromkeys(r for key in keys for r in by_stem.get(key, ())))


def _bases(word: str) -> tuple[str, ...]:
    """What a French word may be a form of where the stemmer leaves them apart: a plural in -aux
    ("tuyaux": tuyau), a participle in -u of a verb in -re ("perdu": perdre)."""
    if word.endswith("aux"):
        return word[:-1], word[:-3] + "al"
    participle = re.fullmatch(r"(\w+)ue?s?", word)
    return (participle.group(1) + "re",) if participle and len(word) > 4 else ()


def load() -> None:
    """Read the lists now, at start-up, rather than at a reader's first question."""
    for source in LANGS:
        for target in LANGS:
            _by_stem(source, target)
