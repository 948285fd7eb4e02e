"""What every article shares, built once per process: the base rules, the lexicon of their
concepts, the words of its forms, and one typo index for the words of every article.

Each article's bot lays its own rules, forms and words over these, so a thousand
articles cost a thousand times what is each article's own, not what they share.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from . import dictionary, thesaurus
from .lexicon import Lexicon, form_words
from .rules import Rules, load_rules
from .spelling import SpellingIndex


@dataclass(frozen=True)
class Shared:
    rules: Rules  # base.toml: small talk, dialogue moves, answer types, the shared lexicon's concepts
    lexicon: Lexicon  # the forms of those concepts
    words: frozenset[str]  # the accent-free words of those forms: what readers of any article may misspell
    spelling: SpellingIndex  # those words, and each article's own as its bot is built


def base_rules() -> Rules:
    with resources.as_file(resources.files(__package__).joinpath("base.toml")) as path:
        return load_rules(Path(path))


@cache
def shared() -> Shared:
    """Built on first use, with the word lists every article reads; base.toml is part of the engine
    and never changes while it runs."""
    dictionary.load()
    thesaurus.load()
    rules = base_rules()
    words = form_words(rules.concepts)
    spelling = SpellingIndex()
    spelling.add(w for w in words if w.isalpha())
    return Shared(rules, Lexicon(rules.concepts), words, spelling)
