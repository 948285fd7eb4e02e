"""Text processing: normalise, tokenise, detect the language, stem.

Every function here is pure and cheap: it runs on each question and on
every passage of every article at start-up.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

import Stemmer

LANGS = ("fr", "en")

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
# French elided articles and pronouns glued to the next word: l'IA, qu'elle.
_ELISION = re.compile(r"\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=\w)")
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")  # letters and digits, hyphens inside
# Every block of combining marks: what is left of an accent once a letter is decomposed.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_STEMMERS = {"fr": Stemmer.Stemmer("french"), "en": Stemmer.Stemmer("english")}


def word_list(name: str) -> frozenset[str]:
    """The folded words of one of the engine's word lists (data/NAME.txt; # starts a comment)."""
    text = resources.files(__package__).joinpath(f"data/{name}.txt").read_text("utf-8")
    return frozenset(fold(w) for line in text.splitlines() for w in line.split("#")[0].split())


@lru_cache(maxsize=4096)
def lower(text: str) -> str:
    """Casefold, unify apostrophes and expand ligatures; accents stay."""
    return unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).casefold().translate(_LIGATURES)


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFD", text))


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Casefold, unify apostrophes, expand ligatures and drop accents."""
    return strip_accents(lower(text))


def tokenize(text: str, keep_accents: bool = False) -> list[str]:
    """Lower-case words of a text, French elisions split off (l'IA -> ia).

    Accents are dropped unless keep_accents is set (stemming French needs them).
    """
    text = _ELISION.sub(" ", lower(text) if keep_accents else fold(text))
    if _GROUPED.search(text):  # "9 000", "41,000": one number, as a reader types it ("9000")
        text = _GROUPED.sub(lambda m: re.sub(r"[\s,.]", "", m.group()), text)
    # Hyphens split words (plates-formes, consomme-t-elle, music-related); the
    # euphonic -t- of French inversions is dropped. Multi-word concept forms are
    # split the same way, so compounds still match as sequences.
    words = [part for word in _WORD.findall(text) for part in word.split("-") if part != "t"]
    return [piece for word in words for piece in _unit(word)] if _MEASURE.search(text) else words


_GROUPED = re.compile(r"(?<![\d,.])\d{1,3}(?:(?:[ \u00a0\u202f]|,(?=\d{3}(?!\d)))\d{3}(?!\d))+(?![,.]?\d)")
_MEASURE = re.compile(r"(\d+(?:[.,]\d+)?)([^\W\d_]+)")  # "284t", "50kg"
_ORDINAL = frozenset("er re e eme nd rd th st ieme".split())


def _unit(word: str) -> tuple[str, ...]:
    """A number glued to its unit, in two words ("284t", "50kg", "3h"); not an ordinal ("2e", "3rd")."""
    measure = _MEASURE.fullmatch(word) if word[:1].isdigit() else None
    return (measure[1], measure[2]) if measure and measure[2] not in _ORDINAL else (word,)


@lru_cache(maxsize=65536)
def stems(word: str, lang: str | None = None) -> frozenset[str]:
    """The accent-free keys of a lower-case word: itself and its stems (in `lang`, or both).

    A question's words get both languages' stems, since a reader may write
    either; an article's words get only its own language's, so that an English
    stem of a French word ("accessible" -> "access") matches nothing by accident.

    French suffixes carry accents (-ées, -ité), so the French stem is taken both
    from the word as written and from its accent-free form: "évoquées" and
    "evoquees" then share the key "evoqu".
    """
    folded = strip_accents(word)
    keys = {folded}
    if lang in (None, "fr"):
        fr = _STEMMERS["fr"].stemWord(word)
        keys.update((strip_accents(fr), _STEMMERS["fr"].stemWord(folded)))
        if fr == word and word.endswith("ent") and len(word) > 6:
            # Snowball leaves some plural verbs whole ("développent"): take them as their infinitive.
            keys.add(strip_accents(_STEMMERS["fr"].stemWord(word[:-3] + "er")))
    if lang in (None, "en"):
        keys.add(_STEMMERS["en"].stemWord(folded))
        base = IRREGULAR.get(folded)  # "paid" is a form of "pay"
        if base:
            keys.update((base, _STEMMERS["en"].stemWord(base)))
    return frozenset(keys)


def literal_words(pattern: str) -> frozenset[str]:
    """The words a regular expression written against plain text spells out. A text holding none of
    them cannot match it, when each of its alternatives spells one: a cheap test before the search.
    The words of a negative lookaround ("(?!good)", "(?<!rendre )") are words it must not hold: none."""
    return frozenset(re.findall(r"[a-z0-9]+", re.sub(r"\\[a-zA-Z]|\(\?P?<[^>]*>", " ", _without_negations(pattern))))


def _without_negations(pattern: str) -> str:
    """A pattern without its negative lookarounds, nested groups and all."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith(("(?!", "(?<!"), i):
            depth, i = 0, i
            while i < len(pattern):
                if pattern[i] == "\\":
                    i += 2
                    continue
                depth += pattern[i] == "("
                depth -= pattern[i] == ")"
                i += 1
                if depth == 0:
                    break
            continue
        out.append(pattern[i])
        i += 1
    return "".join(out)


# Words too common to tell one kind of answer from another, and counts in quantifiers ("{0,30}"): an
# answer type's pattern is searched only in a question that holds one of the other words it spells, or
# always when it spells none; each of its alternatives should spell one.
COMMON = frozenset("de d des du la le les l un une the a an of to in on at for is are was were est il elle ils "
                   "elles en et and or que qu what does do did it this that ce cette ces se sa son ses his her "
                   "their be y s t quel quelle quels quelles which mais but alors so ok bon donc coup c ca au aux "
                   "by as has have had avait ont he she any how".split())


def trigger_words(pattern: str) -> frozenset[str]:
    """The uncommon words a pattern spells: a text holding none of them is not searched (see COMMON)."""
    return frozenset(w for w in literal_words(pattern) if not w.isdigit()) - COMMON


def is_stopword(word: str) -> bool:
    return word in STOPWORDS["fr"] or word in STOPWORDS["en"]


STOPWORDS = {lang: word_list(f"stopwords_{lang}") for lang in LANGS}
# Short function words with two letters swapped ("qeul", "waht"): too short for the speller,
# too common to miss.
SWAPPED_STOPWORDS = {w[:i] + w[i + 1] + w[i] + w[i + 2:]: w for lang in LANGS for w in STOPWORDS[lang]
                     if 3 <= len(w) <= 5 for i in range(len(w) - 1) if w[i] != w[i + 1]}
# ...or with a letter left out ("wich", "quell"), when that is no function word itself.
SWAPPED_STOPWORDS |= {w[:i] + w[i + 1:]: w for lang in LANGS for w in sorted(STOPWORDS[lang])
                      if 5 <= len(w) <= 6 for i in range(1, len(w))
                      if not is_stopword(w[:i] + w[i + 1:])}

def word_pairs(name: str) -> dict[str, str]:
    """The pairs of one of the engine's word lists: "typed meant" per line."""
    text = resources.files(__package__).joinpath(f"data/{name}.txt").read_text("utf-8")
    pairs = (line.split("#")[0].split() for line in text.splitlines())
    return {fold(p[0]): fold(p[1]) for p in pairs if len(p) == 2}


CHAT_SPELLINGS = {lang: word_pairs(f"chat_spellings_{lang}") for lang in LANGS}
IRREGULAR = word_pairs("irregular_en")  # English irregular forms -> their verb or singular
# Keys of common words that frame a question without naming its topic.
# "=word" in these lists is that word only, for words whose stem is another's ("francais" -> "franc": France).
GENERIC = frozenset(k for lang in LANGS for w in word_list(f"generic_{lang}")
                    for k in ((w[1:],) if w.startswith("=") else stems(w)))
