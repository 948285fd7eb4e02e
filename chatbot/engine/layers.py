"""Word sets in layers: an article's own words over those every article shares.

A thousand articles each knowing the shared lexicon's thousands of words would
hold a thousand copies of them; in layers, each holds only its own words and a
reference to the shared ones, which are built once per process.
"""
from __future__ import annotations

from collections.abc import Collection, KeysView


class Layers:
    """The union of a few word sets, without copying them: what membership tests need."""

    __slots__ = ("sets",)

    def __init__(self, *sets: frozenset[str] | KeysView[str] | Layers):
        # Layers of layers are flattened; empty sets are left out, since they hold nothing.
        self.sets = tuple(s for layer in sets for s in (layer.sets if isinstance(layer, Layers) else (layer,)) if s)

    # Loops rather than any() and all(): these run for every word of every message, and a generator
    # would double their cost.
    def __contains__(self, word: object) -> bool:
        for s in self.sets:  # noqa: SIM110
            if word in s:
                return True
        return False

    def isdisjoint(self, words: Collection[str]) -> bool:
        """Whether no word of `words` (a collection: it is gone over once per set) is in any set."""
        for s in self.sets:  # noqa: SIM110
            if not s.isdisjoint(words):
                return False
        return True
