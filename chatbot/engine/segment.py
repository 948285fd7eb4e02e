"""A message as readers write it: sentences, clauses, and which clauses ask something.

A chat message is rarely one bare question: "Salut, petite question : mon fils doit
présenter cet article à ses camarades et on se demandait combien de CO2 émet
l'entraînement d'un modèle, bonne soirée". Splitting it into clauses, and telling
those that ask from those that greet, thank or tell about the reader, lets the
engine answer the question and judge its scope on the question's words alone.
Pure functions of the text; what each clause names is found later, by the lexicon.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .text import fold, word_list

# A sentence ends with . ! ? … ; or a line break (not inside "284.5" or "www.lemonde.fr").
_SENTENCE = re.compile(r"(?<=[.!?…;])(?=\s)|\n+|(?<=[!?…])(?=\S)")
_SENTENCE_ENDS = frozenset(".!?…;\n")  # a text without any is one sentence
# Clauses of a sentence: commas, colons, dashes between spaces, brackets...
_CLAUSE = re.compile(r"(?<!\d),(?!\d)|:|\s[-–—]\s|[()\[\]]")
_CLAUSE_MARKS = frozenset(",:-–—()[]")  # a sentence without any is one clause (or several joined by "et")
# ...and a conjunction opening a new clause: "..., et qui y a accès ?", "who wrote it and what does he propose?"
_OPENERS = (r"(?:qui|que|quoi|quel|quelle|quels|quelles|combien|comment|pourquoi|pk|pq|où|ou|quand|est-ce|"
            r"what|who|how|why|where|when|which|is|are|does|do|did|can|could|should|would|will|"
            r"je|tu|il|elle|on|nous|vous|ils|elles|ça|ca|i|you|he|she|we|they|it|my|mon|ma|mes|"
            r"someone|somebody|quelqu'un)(?![\w-])|j'|c'|qu'|i'm|i've|i'd")
_JOINS = re.compile(r"\s(?:et|and|mais|but|puis|then|alors|so|donc|or|ou)\s", re.IGNORECASE)  # cheap test first
# ...but "..., ou quoi ?", "... or what?" only tags the question before it.
_CONJUNCTION = re.compile(rf"\s+(?!(?:ou|or)\s+(?:quoi|what)\s*[?!.]*\s*$)"
                          rf"(?=(?:et|and|mais|but|puis|then|alors|so|donc|or|ou)\s+(?:{_OPENERS}))", re.IGNORECASE)

# Words a clause may start with before its question word ("et pourquoi"), and question words.
LEAD_WORDS = word_list("lead_words")
QUESTION_WORDS = word_list("question_words")
_PREPOSITIONS = word_list("prepositions")
# Asking without a question word at the start: indirect questions and requests.
_INDIRECT = re.compile(
    r"\b(je me demand|on se demand|nous nous demand|me demande|se demand|demande (si|qui|quel|comment|pourquoi|combien)"
    r"|savoir (si|qui|quel|comment|pourquoi|combien|ce qu|ou|quand)|voudrais savoir|aimerais savoir|veux savoir"
    r"|aimerais comprendre|voudrais comprendre|cherche a (savoir|comprendre)|est ce qu|c est quoi|c quoi|c koi"
    r"|dis moi|dites moi|di moi|explique|expliquez|resume|resumez|cite moi|citez|donne moi|donnez moi|montre moi"
    r"|rappelle moi|rappelez moi|redire|peux tu|pouvez vous|tu peux|vous pouvez|tu sais|vous savez|une idee"
    r"|i wonder|wondering|wondered|i d like to know|i want to know|i need to know|tell me|tell us|explain"
    r"|summari[sz]e|give me|quote me|quote the|show me|remind me|can you|could you|do you know|any idea"
    r"|i m looking for|looking for|je cherche|on cherche|j ai besoin|i need"
    r"|relevez|recopiez|identifiez|nommez|justifiez|montrez|vrai ou faux|find the|identify|justify|true or false"
    r"|is it true|is that true|c est vrai|est ce vrai)")
# French inversion: "consomme-t-elle", "l'auteur pense-t-il", "pouvez-vous".
_INVERSION = re.compile(r"\w-(t-)?(il|elle|on|ils|elles|je|tu|nous|vous)\b")
# The reader telling who they are or what they do ("je suis prof", "I run a bakery", "je travaille dans..."); not
# what they read or heard ("j'ai lu que...": a claim to check, which the question is about).
_SELF = re.compile(r"^((bon|alors|moi|et|and|so|well) )*(je|j|moi je|i|i m|im|we|we re|nous|on) "
                   r"(suis|suis en|travaille|bosse|fais|enseigne|gere|dirige|prepare|organise|ecris|anime|am|work|"
                   r"teach|run|manage|prepare|organi[sz]e|study|write|coordinate|volunteer|m|re|ai|have|had|avons|"
                   r"sommes|a|avait|va|fait|adore|aime|deteste|kiffe|utilise|lis(?! (que|qu|partout|sur|dans))|"
                   r"love|like|hate|use)\b"
                   r"(?! (lu|vu(?! passer)|entendu|appris|cru|read|heard|seen|been told|learned|learnt)\b)")
# The reader speaking of themselves or their own ("je suis prof", "mon fils", "my bakery").
_READER = re.compile(r"(?:^|\s)(je|j'|moi|mon|ma|mes|nous|notre|nos|i|i'm|im|i've|i'd|me|my|mine|we|our|us)(?=\s|$)")
_WORDY = re.compile(r"[^\W_]")  # a part holding a letter or a digit
POSSESSIVES = frozenset(("mon", "ma", "mes", "notre", "nos", "my", "our"))


@dataclass(slots=True)  # built for every message: plain slots cost less than frozen
class Clause:
    text: str  # as the reader wrote it
    asks: bool  # it asks something: a question word, an indirect question, a request, or its sentence's "?"
    cue: bool  # it opens with a question word or holds an asking phrase of its own
    reader: bool  # the reader speaks of themselves
    self: bool = False  # the reader tells who they are or what they do: context, whatever it names
    dislocated: bool = False  # a noun phrase the next clause's question takes up ("l'IA, c'est quoi ?")
    opens: bool = False  # the first clause of a sentence
    line: int = 0  # the line of the message it stands on (a letter's address, body and signature)
    address: bool = False  # on the line that opens a letter ("Dear Mr Chen,", "Madame, Monsieur,"): a courtesy
    option: bool = False  # one of a multiple-choice question's options ("b) éthique et responsable"): no question


@lru_cache(maxsize=4096)
def plain(text: str) -> str:
    """Folded words separated by single spaces: the form dialogue-move patterns are written against
    ("dis-m'en plus" and "dis m'en plus" are both "dis m en plus")."""
    return " ".join(re.findall(r"[^\W_]+", fold(text)))


def sentences(text: str) -> list[str]:
    if _SENTENCE_ENDS.isdisjoint(text):  # most messages are one sentence with no end mark
        return [text.strip()] if text.strip() else []
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def _has_cue(clause: str, folded: str) -> bool:
    words = plain(clause).split()
    while words and words[0] in LEAD_WORDS:
        words = words[1:]
    if len(words) > 1 and words[0] in _PREPOSITIONS and words[1] in QUESTION_WORDS:
        words = words[1:]  # "à quoi sert...", "in which country..."
    if not words:
        return False
    first = " ".join(words[:3])
    return (words[0] in QUESTION_WORDS or first.startswith(("est ce", "y a t il", "ya t il", "c est quoi"))
            or bool(_INDIRECT.search(" ".join(words))) or bool(_INVERSION.search(folded)))


ADDRESS = 4  # words at most on the line that opens a letter, ending with a comma ("Dear Mr Chen,")
_LABEL = re.compile(r"^(?:(?:question|q|quiz+|exercice|exercise|ex|item)\s*(?:n°|no\.?|#)?\s*\d{1,2}|"
                    r"(?:(?:revision|révision|pop|petit|mini|last|final|dernière|derniere)\s+)?quiz+"
                    r"(?:\s+(?:time|révision|revision|de révision|de revision))?|question suivante|next question|"
                    r"next one|(?:dernière|derniere|last|final) question)$", re.IGNORECASE)
# The marks of a multiple-choice question's options: "a)", "B.", "3)", "C -", after a space, a colon or a line break
# ("1." numbers a list of requests in a letter, not choices)
_OPTION = re.compile(r"(?<![^\s:(])(?:[a-dA-D]\s?[).]|[1-4]\s?\))\s+(?=\S)|(?<![^\s:])[A-D]\s?[-–]\s+(?=\S)")
_ANSWER_SLOT = re.compile(r"\s*(r[ée]ponse|answer|your answer|votre r[ée]ponse)\s*:?\s*$", re.IGNORECASE)
# A title, and perhaps a name, opening a message: the reader speaks to the author ("Monsieur Maurel, ...")
_VOCATIVE = re.compile(r"^(?:(?:cher|chère|chere|dear)\s+)?(?:monsieur|madame|mademoiselle|m\.|mme|mr\.?|mrs\.?|ms\.?|"
                       r"miss|dr\.?|docteur|docteure|professeur|professeure|professor|prof|ma[iî]tre|sir)"
                       r"(?:\s+[A-ZÀ-Ý][\w'’-]*){0,3}$", re.IGNORECASE)
SIGNATURE = 3, 6  # lines at most after a letter's closing courtesy, and words on each ("Nina\nOperations Manager")


def clauses(text: str) -> list[Clause]:
    """The message's clauses in order, each marked as asking or not.

    A clause asks when it opens with a question word or holds an asking phrase
    ("on se demandait combien..."); so do the clauses after it in its sentence, unless
    the reader speaks of themselves there ("..., je dois le savoir pour mon exposé").
    A sentence ending with "?" in which no clause does so asks as a whole. A message of
    several lines may be a letter: its opening line is a courtesy.
    """
    choices = _options(text)
    if choices:
        stem, options = choices
        found = clauses(stem)
        if found and not any(c.asks for c in found):
            found[-1].asks = True  # a quiz's stem asks, whether it ends with "?" or with a colon
        return found + [Clause(option, False, False, False, option=True) for option in options]
    found: list[Clause] = []
    lines = [ln for ln in text.split("\n") if ln.strip()] if "\n" in text else [text]
    for number, line in enumerate(lines):
        for sentence in sentences(line):
            found += _clauses(sentence, number)
        if number == 0 and len(lines) > 2 and line.rstrip().endswith(",") and len(plain(line).split()) <= ADDRESS:
            for clause in found:
                clause.address = not clause.cue
    if len(found) > 1 and _VOCATIVE.match(found[0].text):  # "Professeur, ...", "Mr Maurel, what...": who is spoken to
        found[0].address = True
    for clause, following in zip(found, found[1:], strict=False):  # "Question 4 :", "Q1:": a quiz's label...
        if _LABEL.match(clause.text.strip(" !.#")):
            clause.address, clause.asks, clause.cue = True, False, False
            following.opens = True  # ...before what it asks, a question of its own
    return found


def _options(text: str) -> tuple[str, list[str]] | None:
    """A multiple-choice question as its stem and its options ("Selon Maurel, l'IA doit être utilisée de
    manière : a) rapide b) éthique et responsable c) libre ?"); None when the marks number questions
    ("1) Qui l'a écrit ? 2) Quand ?") or there are fewer than two."""
    if "?" not in text and ")" not in text and "." not in text and "-" not in text:
        return None
    marks = list(_OPTION.finditer(text))
    if len(marks) < 2:
        return None
    ends = [m.start() for m in marks[1:]] + [len(text)]
    options = [text[m.end():end].strip(" \n,;") for m, end in zip(marks, ends, strict=True)]
    options[-1] = _ANSWER_SLOT.sub("", options[-1]).rstrip(" ?")
    if not all(options) or any("?" in o or _has_cue(o, fold(o)) for o in options):
        return None
    return text[:marks[0].start()].strip(), options


def _clauses(sentence: str, line: int) -> list[Clause]:
    chunks = (sentence,) if _CLAUSE_MARKS.isdisjoint(sentence) else _CLAUSE.split(sentence)
    parts = [p.strip(" ,;:-–—") for chunk in chunks
             for p in (_CONJUNCTION.split(chunk) if _JOINS.search(chunk) else (chunk,))]
    parts = [p for p in parts if p and _WORDY.search(p)]
    folded = [fold(p) for p in parts]
    cues = [_has_cue(p, f) for p, f in zip(parts, folded, strict=True)]
    topics = _topics(sentence, parts)
    whole = sentence.rstrip().endswith("?") and not any(cues)
    found, asking = [], False
    for i, (part, cue) in enumerate(zip(parts, cues, strict=True)):
        reader = bool(_READER.search(" " + folded[i] + " "))
        own = not cue and bool(_SELF.search(plain(part)))
        asking = cue or (asking and not reader)
        dislocated = i + 1 < len(parts) and (cues[i + 1] or whole) \
            and (i in topics or _dislocated(part, parts[i + 1]))
        found.append(Clause(part, (asking or whole or dislocated) and not own, cue, reader, own, dislocated,
                            i == 0, line))
    return found


def signature(parts: list[Clause], sizes: list[int], courteous: list[bool]) -> range:
    """The clauses that sign a letter: the few short lines, each opening with a capital and asking
    nothing, after the line that opens with its closing courtesy ("Best regards,\nNina\nOperations
    Manager"), once something was asked before it. `sizes` are the clauses' numbers of words and
    `courteous` tells which are courtesies."""
    lines, words = SIGNATURE
    if len(parts) < 3 or parts[-1].line < 2:
        return range(0)
    for k in range(len(parts) - 1, 0, -1):
        if courteous[k] and parts[k - 1].line < parts[k].line:
            break
    else:
        return range(0)
    after = parts[k + 1:]
    per_line: Counter[int] = Counter()
    for c, size in zip(after, sizes[k + 1:], strict=True):
        per_line[c.line] += size
    if not after or len(per_line) > lines or max(per_line.values()) > words or not any(p.asks for p in parts[:k]) \
            or any(c.cue or c.text.endswith("?") for c in after) \
            or not all(c.text[:1].isupper() for i, c in enumerate(after) if i == 0 or after[i - 1].line < c.line):
        return range(0)
    return range(k + 1, len(parts))


def _topics(sentence: str, parts: list[str]) -> set[int]:
    """The parts that are a few words set before a colon or a dash, as a topic is before its question
    ("Argent public pour l'IA : pour ou contre ?", "open platforms — which one does it name?"); not a
    clause with its subject ("on se partage l'exposé : ...")."""
    found, at = set(), 0
    for i, part in enumerate(parts):
        at = sentence.find(part, at) + len(part)
        words = plain(part).split()
        if len(words) <= DISLOCATED and words[0] not in RESUMPTIVE | _SUBJECTS \
                and sentence[at:].lstrip(" ,").startswith((":", "—", "–", "- ")):
            found.add(i)
    return found


def _dislocated(part: str, then: str) -> bool:
    """A few words set before the question that takes them up with a pronoun: "L'IA générative,
    c'est quoi ?", "et les gouvernements, ils ont quel rôle ?", "les petites boîtes, est-ce qu'elles... ?"."""
    words, next_words = plain(part).split(), plain(then).split()
    while next_words and next_words[0] in LEAD_WORDS:
        next_words = next_words[1:]
    # The pronoun opens the question, or follows its question word ("..., est-ce qu'ils ...", "..., are they ...").
    return len(words) <= DISLOCATED and not set(words) <= LEAD_WORDS \
        and bool(RESUMPTIVE.intersection(next_words[:RESUMED_WITHIN]))


DISLOCATED = 5  # words of a noun phrase set before its question
RESUMED_WITHIN = 4  # words of the question within which its pronoun takes the phrase up
RESUMPTIVE = frozenset("c ca ce cela il elle ils elles on it that this they he she".split())
_SUBJECTS = frozenset("je j tu nous vous moi i you we".split())  # a clause opening so has a verb: no topic
