"""Ranking an article's passages against a question: BM25 over stems and concepts."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from .article import Passage
from .lexicon import Lexicon, make_token
from .text import tokenize

K1, B = 1.2, 0.75
CONCEPT_BOOST = 1.5  # a shared concept says more than a shared word


@dataclass(frozen=True)
class Ranked:
    passage: Passage
    score: float


class PassageIndex:
    """Term statistics of one article's passages, built once at load time."""

    def __init__(self, passages: tuple[Passage, ...], lexicon: Lexicon, titles: dict[str, str],
                 relevant: set[str], lang: str):
        self.passages = passages
        self.terms: list[Counter] = []
        self.concepts: list[frozenset[str]] = []
        for p in passages:
            # The section's title is context every sentence of it shares ("Elle" in a
            # sentence means what the title names).
            text = f"{titles.get(p.section, '')} . {p.text}"
            tokens = [make_token(w, lang=lang) for w in tokenize(text, keep_accents=True)]
            concepts = {"@" + m.concept for m in lexicon.match(tokens, lang) if m.concept in relevant}
            terms = Counter(k for t in tokens if not t.stop for k in t.keys)
            terms.update(concepts)
            self.terms.append(terms)
            self.concepts.append(frozenset(concepts))
        n = len(passages)
        df = Counter(k for terms in self.terms for k in terms)
        self.idf = {k: math.log(1 + (n - d + 0.5) / (d + 0.5)) for k, d in df.items()}
        self.lengths = [sum(t.values()) for t in self.terms]
        self.average = sum(self.lengths) / n if n else 1.0
        self.vocabulary = frozenset(df)

    def rank(self, keys: frozenset[str], sections: tuple[str, ...] | None = None,
             exclude: frozenset[str] = frozenset()) -> list[Ranked]:
        """Passages of the given sections (all when None), best first; ties keep article order."""
        ranked = []
        for i, p in enumerate(self.passages):
            if (sections is not None and p.section not in sections) or p.id in exclude:
                continue
            terms, norm = self.terms[i], K1 * (1 - B + B * self.lengths[i] / self.average)
            score = 0.0
            for k in keys & terms.keys():
                f = terms[k]
                weight = self.idf[k] * f * (K1 + 1) / (f + norm)
                score += weight * CONCEPT_BOOST if k[0] == "@" else weight
            ranked.append(Ranked(p, score))
        ranked.sort(key=lambda r: -r.score)
        return ranked
