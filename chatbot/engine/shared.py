"""What every article shares, built once per process: the base rules, the lexicon of their
concepts, and the words of its forms (whose typo index `spelling` builds once too).

Each article's bot lays its own rules, forms and words over these, so a thousand
articles cost a thousand times what is each article's own, not what they share.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .lexicon import Lexicon, form_words
from .rules import Rules, load_rules


@dataclass(frozen=True)
class Shared:
    rules: Rules  # base.toml: small talk, dialogue moves, answer types, the shared lexicon's concepts
    lexicon: Lexicon  # the forms of those concepts
    words: frozenset[str]  # the accent-free words of those forms: what readers of any article may misspell


def base_rules() -> Rules:
    with resources.as_file(resources.files(__package__).joinpath("base.toml")) as path:
        return load_rules(Path(path))


@cache
def shared() -> Shared:
    """Built on first use; base.toml is part of the engine and never changes while it runs."""
    rules = base_rules()
    return Shared(rules, Lexicon(rules.concepts), form_words(rules.concepts))
