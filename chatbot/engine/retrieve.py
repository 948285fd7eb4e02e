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
TITLE_WEIGHT = 0.3  # a term of the passage's section title, per unit of idf
HEADLINE = "@headline"  # the base rules' concept of titles and subtitles
HEADLINE_SHARE = 0.5  # the share of its weight a word keeps in the title or the subtitle
TITLE_ECHO = 0.5  # a sentence repeating its section title's term gets this share of the term's weight
RARE_SHARE = 0.25  # a term in at most this share of the passages is no overall subject of the article


@dataclass(slots=True)  # built for every message: plain slots cost less than frozen
class Ranked:
    passage: Passage
    score: float


class PassageIndex:
    """Term statistics of one article's passages, built once at load time.

    A passage's terms are the stems of its words and the concepts they name.
    Its section title is context every sentence of the section shares ("Elle"
    means what the title names): title terms add a small bonus, outside BM25's
    length normalisation and in place of the same terms in the sentence, so they
    make the whole section relevant without favouring short lines or repetition.
    """

    def __init__(self, passages: tuple[Passage, ...], lexicon: Lexicon, titles: dict[str, str],
                 relevant: set[str], lang: str, headline: int = 0):
        self.passages = passages
        self.lexicon, self.relevant, self.lang = lexicon, relevant, lang
        self.terms = [self.terms_of(p.text) for p in passages]
        self.headline = headline
        for terms in self.terms[:headline]:
            terms[HEADLINE] += 1  # the title and subtitle are what "the title" names
        self.position = {p.id: i for i, p in enumerate(passages)}
        title_terms = {section: set(self.terms_of(title)) for section, title in titles.items()}
        self.title_terms = [title_terms.get(p.section, set()) for p in passages]
        n = len(passages)
        df = Counter(k for terms in self.terms for k in terms)
        self.idf = {k: math.log(1 + (n - d + 0.5) / (d + 0.5)) for k, d in df.items()}
        self.lengths = [sum(t.values()) for t in self.terms]
        self.average = sum(self.lengths) / n if n else 1.0
        self.vocabulary = frozenset(df) | frozenset(k for t in title_terms.values() for k in t)
        # What each key brings to each passage, computed once: ranking adds up a few postings.
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, terms in enumerate(self.terms):
            norm = K1 * (1 - B + B * self.lengths[i] / self.average)
            title = self.title_terms[i]
            for k, f in terms.items():
                weight = self.idf[k] * f * (K1 + 1) / (f + norm) * (CONCEPT_BOOST if k[0] == "@" else 1.0)
                if i < headline and k != HEADLINE:  # the title states what the body explains
                    weight *= HEADLINE_SHARE
                # What the title says, every sentence of the section says: saying it again counts less.
                self.postings.setdefault(k, []).append((i, weight * TITLE_ECHO if k in title else weight))
            for k in title:
                self.postings.setdefault(k, []).append((i, TITLE_WEIGHT * self.idf.get(k, 1.0)))

    def terms_of(self, text: str) -> Counter:
        """Stems and @concepts of a text, counted."""
        tokens = self._tokens(text)
        terms = Counter(k for t in tokens if not t.stop for k in t.keys)
        terms.update({"@" + m.concept for m in self.lexicon.match(tokens, self.lang) if m.concept in self.relevant})
        return terms

    def rare(self, key: str) -> bool:
        """Whether few of the article's passages use a term (at most a quarter): not its overall subject."""
        return sum(key in t for t in self.terms) <= RARE_SHARE * len(self.terms)

    def concepts_of(self, text: str) -> set[str]:
        """Every concept a text names, those the intents weigh or not."""
        return {m.concept for m in self.lexicon.match(self._tokens(text), self.lang)}

    def _tokens(self, text: str) -> list:
        return [make_token(w, lang=self.lang) for w in tokenize(text, keep_accents=True)]

    def terms_at(self, passage: Passage) -> Counter:
        """The terms of one of the indexed passages."""
        return self.terms[self.position[passage.id]]

    def rank(self, keys: frozenset[str], sections: tuple[str, ...] | None = None,
             exclude: frozenset[str] = frozenset()) -> list[Ranked]:
        """Passages of the given sections (all when None), best first; ties keep article order."""
        scores = [0.0] * len(self.passages)
        for k in keys:
            for i, weight in self.postings.get(k, ()):
                scores[i] += weight
        kept = [i for i, p in enumerate(self.passages)
                if (sections is None or p.section in sections) and p.id not in exclude]
        # Best first; among equals, the body before the title and subtitle, then in article order.
        kept.sort(key=lambda i: (-scores[i], i < self.headline))
        return [Ranked(self.passages[i], scores[i]) for i in kept]
