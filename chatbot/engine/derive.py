"""Rules drawn from an article itself, for whatever its rule file leaves out.

An article with no rule file is answered from the minute it is dropped in: each section becomes an
intent that answers from it. The intent weighs the words the section uses more than the rest of the
article does and more than everyday language does (the word lists' frequencies), its title's words
most, and the shared lexicon's concepts the section names a little. A rule file refines the same
machinery: a section one of its intents answers from gets no intent of its own here, and the file's
starters, prompts and texts take the place of these.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import cache

from .article import Article, Section
from .dictionary import zipf
from .lexicon import make_token
from .moves import INTRODUCTION
from .rules import ANY_SECTION, Concept, Intent, Rules
from .shared import Shared
from .text import is_stopword, stems, tokenize

SALIENT = 20  # words of a section, at most, that make its intent
TOPIC_WEIGHT = 3.0  # a word of the section's title, or one only this section uses: what it is about
WORD_WEIGHT = 2.0  # another salient word of the section
LEXICON_WEIGHT = 1.0  # a concept of the shared lexicon the section names twice or more: a hint
DRAWN = 0.5  # words drawn from the article say less than an editor's concepts: their weights count half
SUMMARY = 0.6  # the introduction sums up the whole article: its match with a question says less
READS = 0.3  # an intent drawn from a section weighs its best passage's match with the question
ASKING = frozenset({"ask", "theme", "author", "person", "conclusion", "opening", "headline", "definition"})
PARTS = frozenset({"theme", "author", "conclusion", "opening", "headline", "definition"})  # asked of a place
STRUCTURE = frozenset({"proposals", "conclusion", "theme", "author"})  # a part titled so is what they ask for
EVERYDAY = 7.0  # Zipf value at which a word is too common to tell a section apart
PROMPTS = {"fr": ("Qu'en pensez-vous ?", "Cet argument vous convainc-il ?"),
           "en": ("What do you make of it?", "Does this argument convince you?")}
ANSWERS = {"fr": "Sur « {title} », l'article dit :", "en": "On “{title}”, the article says:"}


def derived_rules(article: Article, own: Rules, common: Shared) -> Rules:
    """Intents for the sections `own` (the article's rule file) does not answer from, and their concepts."""
    covered = {s for i in own.intents.values() if i.kind == "answer" for s in i.sections if s != ANY_SECTION}
    sections = [s for s in article.sections if s.passages and s.id not in covered]
    if not sections:
        return Rules()
    asking = _asking(common, article.lang)
    words = {s.id: [w for w in _words(article, s) if not asking(w)] for s in article.sections if s.passages}
    spread = Counter(k for ws in words.values() for k in {_key(w, article.lang) for w in ws})
    concepts: dict[str, Concept] = {}
    salient = {s.id: _salient(s, words[s.id], spread, len(words), article, concepts) for s in sections}
    intents: dict[str, Intent] = {}
    for section in sections:
        # A word another part is about, this one uses too: a hint that it may answer ("couchettes").
        used = {f"article:{_key(w, article.lang)}" for w in words[section.id]}
        hints = {name: LEXICON_WEIGHT for name in sorted(concepts.keys() & used)}
        drawn = {k: v * DRAWN for k, v in {**hints, **salient[section.id]}.items()}
        weights = {**_lexicon_hints(section, article.lang, common), **drawn, **_place(section, article)}
        title = _title(article, section)
        others = tuple(_title(article, s) for s in sections if s is not section)[:3]
        # A section named like one of the shared intents ("help", "opening") must not take its place.
        name = section.id if section.id not in common.rules.intents else f"section-{section.id}"
        intents[name] = Intent(
            name=name, kind="answer", sections=(section.id,), concepts=weights, patterns=(),
            examples=(title,), answer={lang: text.format(title=title) for lang, text in ANSWERS.items()},
            prompts=PROMPTS, suggestions={lang: others for lang in PROMPTS}, follows_topic=(),
            path=article.path, line=1,
            reads=READS * (SUMMARY if section.id == INTRODUCTION else 1.0))
    starters = {} if own.starters else {lang: tuple(_title(article, s) for s in sections[1:4] or sections)
                                        for lang in PROMPTS}
    return Rules(concepts=concepts, intents=intents, starters=starters)


def _words(article: Article, section: Section) -> list[str]:
    """The section's content words, its title's counted twice."""
    text = [w for p in section.passages for w in tokenize(p.text)] + tokenize(_title(article, section)) * 2
    return _content_words(text)


def _asking(common: Shared, lang: str):
    """Whether a word is one readers ask with ("résumé", "auteur", "conclusion"): it tells what they ask
    for, which the shared concepts and the parts' places answer, not what a part is about."""
    @cache
    def asking(word: str) -> bool:
        return any(m.concept in ASKING for m in common.lexicon.match([make_token(word, lang=lang)], lang))
    return asking


def _content_words(words: list[str]) -> list[str]:
    return [w for w in words if len(w) > 2 and not w.isdigit() and not is_stopword(w)]


def _key(word: str, lang: str) -> str:
    return min(stems(word, lang), key=lambda k: (len(k), k), default=word)  # the same key in every process


def _salient(section: Section, words: list[str], spread: Counter, sections: int, article: Article,
             concepts: dict[str, Concept]) -> dict[str, float]:
    """The section's most telling words, each made a concept of the forms it takes in the article."""
    lang = article.lang
    counts = Counter(_key(w, lang) for w in words)
    forms: dict[str, set[str]] = {}
    for w in words:
        forms.setdefault(_key(w, lang), set()).add(w)
    titled = {_key(w, lang) for w in _content_words(tokenize(_title(article, section)))} & forms.keys()

    def telling(key: str) -> float:
        rarity = max(0.5, EVERYDAY - zipf(frozenset({key, *forms[key]})))
        return counts[key] * math.log(1 + sections / spread[key]) * rarity

    weights = {}
    for key in sorted(set(sorted(counts, key=telling, reverse=True)[:SALIENT]) | titled):
        name = f"article:{key}"
        known = concepts.get(name)
        terms = tuple(sorted(forms[key] | set(known.terms.get(lang, ()) if known else ())))
        concepts[name] = Concept(name, {lang: terms}, article.path, 1)
        if key in titled or spread[key] == 1:
            weights[name] = TOPIC_WEIGHT
        else:  # a word most sections use is the article's subject, not this section's: a hint
            weights[name] = WORD_WEIGHT if spread[key] <= sections / 2 else LEXICON_WEIGHT
    return weights


def _lexicon_hints(section: Section, lang: str, common: Shared) -> dict[str, float]:
    """The shared lexicon's concepts the section names at least twice ("pollution", "emplois"), and
    those its title names ("Ce que je propose": proposals), which are what it is about."""
    def named(text: str) -> list[str]:
        tokens = [make_token(w, lang=lang) for w in tokenize(text, keep_accents=True)]
        return [m.concept for m in common.lexicon.match(tokens, lang)]
    counts = Counter(c for p in section.passages for c in named(p.text))
    titled = named(section.title)
    counts.update(titled)
    # A part that uses the words readers ask for a place of the article with ("this argument", "la fin")
    # is not that place.
    return {concept: TOPIC_WEIGHT if concept in titled and concept in STRUCTURE else LEXICON_WEIGHT
            for concept, n in sorted(counts.items())
            if concept in titled or n >= 2 and concept not in PARTS}


def _place(section: Section, article: Article) -> dict[str, float]:
    """What a part is by where it stands: the introduction presents the author, the last part concludes."""
    if section.id == INTRODUCTION:  # ...and the article's thesis, in a sentence or two
        return {"author": TOPIC_WEIGHT, "theme": TOPIC_WEIGHT}
    return {"conclusion": TOPIC_WEIGHT} if section is [s for s in article.sections if s.passages][-1] else {}


def _title(article: Article, section: Section) -> str:
    return section.title or article.title
