"""Understanding a question: analyse it, then rank the intents that could answer it.

Stages, each observable in the explanation: normalise and tokenise -> correct
typos against the known vocabulary -> find concepts -> detect the language ->
score intents -> measure how much of the question the article explains.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .dictionary import languages
from .lexicon import Lexicon, Token, make_token
from .rules import Intent
from .spelling import Speller
from .text import GENERIC, LANGS, STOPWORDS, SWAPPED_STOPWORDS, fold, is_stopword, stems, strip_accents, tokenize

PATTERN_WEIGHT = 3.0  # a pattern is strong, specific evidence
EXAMPLE_WEIGHT = 3.0  # similarity to an example question, 0..1, scaled
MIN_SIMILARITY = 0.2  # below this, likeness to an example is chance
MIN_SCORE = 1.2  # below this no intent is trusted


@dataclass
class Analysis:
    text: str
    folded: str
    tokens: list[Token]
    lang: str
    concepts: dict[str, list[str]]  # concept -> the words that named it
    corrections: dict[str, str]
    unknown: list[str]  # content words that neither the article, its concepts nor common usage explain
    content: int  # number of content words
    keys: frozenset[str] = field(default_factory=frozenset)  # stems and @concepts, for retrieval

    @property
    def coverage(self) -> float:
        return 1.0 if not self.content else 1 - len(self.unknown) / self.content

    def has_topic(self, topical: set[str]) -> bool:
        return any(c in topical for c in self.concepts)


@dataclass(frozen=True)
class Scored:
    intent: Intent
    score: float
    evidence: dict  # what fired, with weights


def analyse(text: str, lexicon: Lexicon, speller: Speller, vocabulary: frozenset[str],
            lang: str | None = None, default_lang: str = "fr") -> Analysis:
    """Turn raw text into tokens, concepts and retrieval keys; never raises.

    `lang` forces the language; otherwise it is detected, `default_lang` breaking ties.
    """
    words = tokenize(text, keep_accents=True)
    typed = [strip_accents(w) for w in words]
    evidence = detect_language(text, typed)
    detected = lang or evidence or default_lang
    corrections: dict[str, str] = {}
    tokens = []
    for word, plain in zip(words, typed, strict=True):
        known = bool(languages(plain)) or bool(stems(word) & speller.keys) or is_stopword(plain)
        fixed = None if known else speller.correct(plain) or SWAPPED_STOPWORDS.get(plain)
        if fixed:
            corrections[plain] = fixed
        tokens.append(make_token(fixed or word, plain, detected))
    concepts: dict[str, list[str]] = {}
    covered: set[int] = set()
    matches = lexicon.match(tokens, detected)
    for m in matches:
        words = " ".join(t.typed for t in tokens[m.start:m.end])
        if words not in concepts.setdefault(m.concept, []):
            concepts[m.concept].append(words)
        covered.update(range(m.start, m.end))
    if not lang and not evidence:
        # No function word or dictionary word told: the language of the forms that matched does ("bye").
        votes = Counter(m.lang for m in matches)
        if votes["fr"] != votes["en"]:
            detected = max(votes, key=votes.get)
    unknown, content, keys = [], 0, set()
    for i, token in enumerate(tokens):
        if token.stop:
            continue
        content += 1
        keys.update(token.keys)
        if i not in covered and not (token.keys & vocabulary) and not (token.keys & GENERIC) \
                and not _negligible(token.word):
            unknown.append(token.typed)
    keys.update("@" + c for c in concepts)
    return Analysis(text, fold(text), tokens, detected, concepts, corrections, unknown, content, frozenset(keys))


def detect_language(text: str, words: list[str]) -> str | None:
    """French or English from function words, words of one language only, and accents."""
    votes = {lang: sum(w in STOPWORDS[lang] for w in words) for lang in LANGS}
    for word in words:
        real = languages(word)
        if len(real) == 1:
            votes[real[0]] += 1
    if fold(text) != text.casefold():  # accents are French evidence
        votes["fr"] += 1
    return None if votes["en"] == votes["fr"] else max(votes, key=votes.get)


def _negligible(word: str) -> bool:
    """Too short to name a subject ("pr", "u"), or a small count ("1", "2")."""
    return len(word) < 3 or (word.isdigit() and int(word) <= 10)


class Examples:
    """The intents' example questions, indexed by key so that comparing a question
    with all of them costs a few dictionary look-ups."""

    def __init__(self, examples: dict[str, list[frozenset[str]]]):
        self.sizes: list[int] = []
        self.owner: list[str] = []
        self.index: dict[str, list[int]] = {}
        for intent, keysets in examples.items():
            for keys in keysets:
                for key in keys:
                    self.index.setdefault(key, []).append(len(self.sizes))
                self.sizes.append(len(keys))
                self.owner.append(intent)

    def best(self, keys: frozenset[str]) -> dict[str, float]:
        """Per intent, the highest Jaccard similarity of `keys` to one of its examples."""
        shared = Counter(i for key in keys for i in self.index.get(key, ()))
        best: dict[str, float] = {}
        for i, n in shared.items():
            score = n / (len(keys) + self.sizes[i] - n)
            if score > best.get(self.owner[i], 0.0):
                best[self.owner[i]] = score
        return best


def score_intents(analysis: Analysis, intents: list[Intent], examples: Examples) -> list[Scored]:
    """Every intent with its score and the evidence behind it, best first."""
    similar = examples.best(analysis.keys)
    ranked = []
    for intent in intents:
        evidence: dict = {}
        score = 0.0
        for concept, weight in intent.concepts.items():
            if concept in analysis.concepts:
                score += weight
                evidence.setdefault("concepts", {})[concept] = weight
        for pattern in intent.patterns:
            if pattern.search(analysis.folded):
                score += PATTERN_WEIGHT
                evidence["pattern"] = pattern.pattern
                break
        best = similar.get(intent.name, 0.0)
        if best >= MIN_SIMILARITY:
            score += EXAMPLE_WEIGHT * best
            evidence["example_similarity"] = round(best, 2)
        if score > 0:
            ranked.append(Scored(intent, score, evidence))
    ranked.sort(key=lambda s: -s.score)
    return ranked


def confidence(ranked: list[Scored], index: int = 0) -> float:
    """A 0..1 confidence: strong evidence and a clear lead over the runner-up."""
    if len(ranked) <= index:
        return 0.0
    s = ranked[index].score
    others = sum(r.score for i, r in enumerate(ranked[:3]) if i != index)
    strength = s / (s + MIN_SCORE)
    share = s / (s + others) if others else 1.0
    return round(strength * (0.5 + 0.5 * share), 3)
