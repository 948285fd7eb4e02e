"""Concepts found in text: bilingual surface forms matched on stems, longest first."""
from __future__ import annotations

import bisect
from collections.abc import KeysView
from dataclasses import dataclass

from .dictionary import rather
from .layers import Layers
from .rules import Concept
from .text import LANGS, STOPWORDS, is_stopword, stems, strip_accents, tokenize


@dataclass(frozen=True)
class Token:
    word: str  # folded, typo-corrected
    typed: str  # folded, as the reader typed it
    keys: frozenset[str]  # the word and its stems: what matching compares
    stop: bool
    related: frozenset[str] = frozenset()  # keys of the article's words for it, among `keys` (see Vocabulary.token)
    loose: bool = False  # those are synonyms, not translations: it is only partly explained
    accented: bool = False  # written with accents: a French word, never an English one ("fixés")


def make_token(word: str, typed: str | None = None, lang: str | None = None) -> Token:
    """A token from a lower-case word (accents kept, for the French stemmer)."""
    folded = strip_accents(word)
    # An accented word is no English function word: "thèse" is not "these".
    accented = folded != word
    stop = is_stopword(folded) and (not accented or folded in STOPWORDS["fr"])
    return Token(folded, typed or folded, frozenset((folded,)) if stop else stems(word, lang), stop,
                 accented=accented)


@dataclass(slots=True)  # built for every message: plain slots cost less than frozen
class Match:
    concept: str
    start: int
    end: int  # token span [start, end)
    lang: str  # language of the matching form
    narrow: bool = False  # a subject of its own the family relates to ("~nucléaire"): it explains nothing


def form_words(concepts: dict[str, Concept]) -> frozenset[str]:
    """The accent-free words of every form of the concepts: what their readers may misspell."""
    return frozenset(strip_accents(w) for c in concepts.values() for forms in c.terms.values() for f in forms
                     for w in tokenize(f.lstrip("~="), keep_accents=True))


class _Node:
    """A trie node: the next word's keys, and the concepts whose form ends here.

    A node of a lexicon laid over another (`under`) stands for the same words in both: it ends
    what both end there, in the order one lexicon of all the forms would, and goes on where either does.
    Most nodes end nothing or go nowhere: a node's table is made only when it goes on, and its ends are
    the node under's until it ends more.
    """

    __slots__ = ("next", "ends", "ranks", "under")

    def __init__(self, under: _Node | None = None):
        self.next: dict[str, _Node] | None = None
        self.under = under
        # (concept, language of the form, narrower subject), in the order of the forms that end here first.
        self.ends: tuple[tuple[str, str, bool], ...] = under.ends if under else ()
        self.ranks: tuple[tuple[int, int, int], ...] = under.ranks if under else ()  # (concept, language, form)

    def child(self, key: str) -> _Node | None:
        found = self.next.get(key) if self.next is not None else None
        if found is None and self.under is not None:
            return self.under.child(key)
        return found

    def add(self, pattern: tuple[frozenset[str], ...], end: tuple[str, str, bool], rank: tuple[int, int, int]) -> None:
        if not pattern:
            if end not in self.ends:  # new tuples: these may be the node under's
                at = bisect.bisect(self.ranks, rank)
                self.ends = (*self.ends[:at], end, *self.ends[at:])
                self.ranks = (*self.ranks[:at], rank, *self.ranks[at:])
            return
        if self.next is None:
            self.next = {}
        for key in pattern[0]:  # a word reached by any of its keys goes on to the same next words
            node = self.next.get(key)
            if node is None:
                node = self.next[key] = _Node(self.under.child(key) if self.under else None)
            node.add(pattern[1:], end, rank)

    def settle(self) -> None:
        """Once built: forget where the ends come in the order of all forms (only laying another lexicon
        over this one needs it, and nothing is laid over an article's), and share the last nodes of forms
        with every article's lexicon that has the same (most forms end in a few ways: "this concept")."""
        self.ranks = ()
        for key, node in (self.next or {}).items():
            if node.next is None:
                node.ranks = ()
                self.next[key] = _LEAVES.setdefault((node.under, node.ends), node)
            else:
                node.settle()

    @property
    def keys(self) -> KeysView[str] | frozenset[str]:
        """The keys this node itself goes on by (not those of the node under it)."""
        return self.next.keys() if self.next is not None else frozenset()


_LEAVES: dict[tuple[_Node | None, tuple[tuple[str, str, bool], ...]], _Node] = {}  # see _Node.settle


class Lexicon:
    """Every concept's forms as tries of word keys: one per language matched on stems, one per
    language matched word for word (forms of the other language than the text's).

    An article's lexicon is laid over the shared one (`under`, built once per process): it holds
    only the forms the article adds, and matches exactly as one lexicon of all the forms would.
    Its concepts must then extend the shared ones: the same concepts first, each with the shared
    forms first (`Rules.merged` makes them so); concepts that do not are built whole.
    """

    def __init__(self, concepts: dict[str, Concept], under: Lexicon | None = None):
        if under is not None and not under.extended_by(concepts):
            under = None
        self.concepts = concepts
        self.under = under  # the shared lexicon this one lies over, if any
        self.stems = {lang: _Node(under.stems[lang] if under else None) for lang in LANGS}
        self.plain = {lang: _Node(under.plain[lang] if under else None) for lang in LANGS}
        added: set[str] = set()  # accent-free words of the forms added over the shared lexicon
        keys: set[str] = set()
        for position, concept in enumerate(concepts.values()):
            shared = under.concepts[concept.name].terms if under and concept.name in under.concepts else {}
            for language, (lang, forms) in enumerate(concept.terms.items()):
                for n in range(len(shared.get(lang, ())), len(forms)):
                    # "~nucleaire": a narrower subject of the family, "=donnees": this word as written, not its stem.
                    form = forms[n]
                    narrow = form.startswith("~")
                    form = form.lstrip("~")
                    exact = form.startswith("=")
                    words = tokenize(form.lstrip("="), keep_accents=True)
                    if not words or (len(words) == 1 and is_stopword(strip_accents(words[0]))):
                        continue  # a lone function word ("these", "son") says nothing
                    added.update(strip_accents(w) for w in words)
                    plain = tuple(strip_accents(w) for w in words)
                    if exact:
                        pattern = tuple(frozenset((w,)) for w in plain)
                    else:
                        # A stem that is a function word ("danse" -> "dans") would match that word everywhere.
                        pattern = tuple(frozenset(k for k in make_token(w, lang=lang).keys
                                                  if k == p or not is_stopword(k))
                                        for w, p in zip(words, plain, strict=True))
                    keys.update(*pattern)
                    rank = (position, language, n)  # where one lexicon of all the forms would meet this form
                    self.stems[lang].add(pattern, (concept.name, lang, narrow), rank)
                    self.plain[lang].add(tuple(frozenset((w,)) for w in plain), (concept.name, lang, narrow), rank)
        if under is not None:
            for root in (*self.stems.values(), *self.plain.values()):
                root.settle()
        self.added = frozenset(added)
        self.words = Layers(self.added, under.words) if under else Layers(self.added)  # for typo correction
        self.keys = Layers(frozenset(keys), under.keys) if under else Layers(frozenset(keys))  # every key of every form
        # The first words of the other languages' forms, which match word for word, and of the language's own.
        self.starts = {lang: Layers(*(self.plain[other].keys for other in LANGS if other != lang),
                                    *((under.starts[lang],) if under else ())) for lang in LANGS}
        self.stem_starts = {lang: Layers(self.stems[lang].keys, *((under.stem_starts[lang],) if under else ()))
                            for lang in LANGS}
        # Per language of the text: its forms on stems, then the other languages' word for word.
        self.tries = {lang: [(self.stems[lang], True)] + [(self.plain[o], False) for o in LANGS if o != lang]
                      for lang in LANGS}

    def extended_by(self, concepts: dict[str, Concept]) -> bool:
        """Whether these concepts are this lexicon's, then others, each with this lexicon's forms first."""
        if list(concepts)[:len(self.concepts)] != list(self.concepts):
            return False
        return all(list(concepts[name].terms)[:len(c.terms)] == list(c.terms)
                   and all(concepts[name].terms[lang][:len(forms)] == forms for lang, forms in c.terms.items())
                   for name, c in self.concepts.items())

    def match(self, tokens: list[Token], lang: str, offset: int = 0) -> list[Match]:
        """Non-overlapping concept matches, left to right, longest form first.

        Forms of the text's language match on stems; forms of the other language
        only word for word, so that French "faire" is not English "fair".
        A span that is a form of several concepts yields one match for each;
        `offset` is added to the positions (the tokens of one clause of a longer message).
        """
        found: list[Match] = []
        tries, stem_starts, plain_starts = self.tries[lang], self.stem_starts[lang], self.starts[lang]
        n = len(tokens)
        i = 0
        while i < n:
            token = tokens[i]
            if token.word not in plain_starts and stem_starts.isdisjoint(token.keys):
                i += 1  # most words start no form: a set test instead of a walk
                continue
            best: list[tuple[str, str, bool]] = []
            best_len = 0
            for root, on_stems in tries:
                if on_stems:
                    frontier = [child for k in token.keys if (child := root.child(k))]
                else:  # "pays" in a French text is no English "pays", "fixés" no "fixes"
                    child = root.child(token.word)
                    frontier = [child] if child and not rather(token.word, lang) \
                        and not (token.accented and lang == "fr") else []
                j = i
                while frontier:
                    length = j + 1 - i
                    if length >= best_len:
                        for node in frontier:
                            if node.ends:
                                if length > best_len:
                                    best, best_len = [], length
                                for e in node.ends:
                                    if e not in best:
                                        best.append(e)
                    j += 1
                    if j == n:
                        break
                    if on_stems:
                        keys = tokens[j].keys
                        frontier = [child for node in frontier for k in keys if (child := node.child(k))]
                    else:
                        word = tokens[j].word
                        frontier = [child for node in frontier if (child := node.child(word))]
            if best_len:
                found.extend(Match(c, offset + i, offset + i + best_len, form_lang, narrow)
                             for c, form_lang, narrow in best)
                i += best_len
            else:
                i += 1
        return found

