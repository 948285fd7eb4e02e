"""Rule files: concepts, intents, dialogue moves and texts, read from TOML.

Loading yields frozen dataclasses that remember their file and line; a mistake
raises ContentError(`path:line: what is wrong`) so a bad file fails at start-up.
Matching never changes them.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import rtoml

from .errors import ContentError, read_text
from .text import LANGS

KINDS = ("answer", "smalltalk")
ANY_SECTION = "*"  # an intent answering from wherever the article speaks of what the question names
MOVES = ("more", "next", "previous", "position", "recap", "why", "who", "back", "repeat", "where", "source", "ack",
         "agree", "disagree", "unsure", "opinion", "question", "task", "grounds", "agent", "claim", "discuss", "stop",
         "concede", "purpose", "relation", "example", "evidence")
TOP_LEVEL = {"texts", "starters", "concepts", "intents", "moves", "answer_types", "discussion"}
DISCUSSION_KEYS = {"prompts", "frame", "support", "challenge"}
INTENT_KEYS = {"kind", "sections", "concepts", "patterns", "examples", "answer", "reply",
               "prompts", "suggestions", "follows_topic", "reads"}
TEXTS = ("fallback", "more_none", "next", "previous", "position", "end", "start", "recap", "why", "who", "back",
         "repeat", "where", "source", "ack", "agree", "disagree", "unsure", "opinion", "welcome", "two_parts",
         "part_unanswered", "discussion_start", "discussion_central", "discussion_topic", "discussion_topic_prompt",
         "discussion_agree", "discussion_agree_prompt", "discussion_disagree", "discussion_disagree_prompt",
         "discussion_unsure", "discussion_unsure_prompt", "discussion_resume", "discussion_offtopic", "discussion_end",
         "discussion_recap", "discussion_further", "discussion_further_prompt", "discussion_answers",
         "discussion_opinion", "discussion_opinion_prompt")


@dataclass(frozen=True)
class Concept:
    name: str
    terms: dict[str, tuple[str, ...]]  # language -> surface forms
    path: str
    line: int


@dataclass(frozen=True)
class Intent:
    name: str
    kind: str
    sections: tuple[str, ...]
    concepts: dict[str, float]
    patterns: tuple[re.Pattern, ...]
    examples: tuple[str, ...]
    answer: dict[str, str]  # framing sentence per language (the reply, for small talk)
    prompts: dict[str, tuple[str, ...]]
    suggestions: dict[str, tuple[str, ...]]
    follows_topic: tuple[str, ...]  # concepts that leave the current topic in place
    path: str
    line: int
    reads: float = 0.0  # how much its passages' match with the question counts (intents drawn from the article)


@dataclass(frozen=True)
class AnswerType:
    """A kind of answer a question asks for (a date, a quantity) and what shows a passage gives it."""

    name: str
    asks: tuple[re.Pattern, ...]  # searched in the folded question
    evidence: tuple[re.Pattern, ...]  # searched in the passage text as written
    near: int = 0  # when set, the evidence must follow a word of the thing asked of within so many words


@dataclass(frozen=True)
class DiscussionPart:
    """What a rule file says of a part of the article in a guided discussion: the question it asks,
    and the passages (each named by a few of its words, or its id) that frame, support or challenge."""

    section: str
    prompts: dict[str, tuple[str, ...]]
    frame: str | None
    support: tuple[str, ...]
    challenge: tuple[str, ...]
    path: str
    line: int


@dataclass(frozen=True)
class Discussion:
    """The parts a guided discussion goes through, in order (empty: every part of the article)."""

    order: tuple[str, ...] = ()
    parts: dict[str, DiscussionPart] = field(default_factory=dict)
    path: str = ""
    line: int = 1


@dataclass(frozen=True)
class Rules:
    concepts: dict[str, Concept] = field(default_factory=dict)
    intents: dict[str, Intent] = field(default_factory=dict)
    moves: dict[str, tuple[re.Pattern, ...]] = field(default_factory=dict)
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    starters: dict[str, tuple[str, ...]] = field(default_factory=dict)
    answer_types: dict[str, AnswerType] = field(default_factory=dict)
    discussion: Discussion = field(default_factory=Discussion)

    def merged(self, other: Rules) -> Rules:
        """These rules overridden by `other` (an article's rules over the base rules)."""
        concepts = dict(self.concepts)
        for name, concept in other.concepts.items():
            if name in concepts:  # an article extends a shared concept with its own words
                terms = {lang: concepts[name].terms.get(lang, ()) + concept.terms.get(lang, ()) for lang in LANGS}
                concept = Concept(name, terms, concept.path, concept.line)
            concepts[name] = concept
        return Rules(
            concepts=concepts,
            intents={**self.intents, **other.intents},
            moves={**self.moves, **other.moves},
            texts={k: {**self.texts.get(k, {}), **other.texts.get(k, {})} for k in {*self.texts, *other.texts}},
            starters={**self.starters, **other.starters},
            answer_types={**self.answer_types, **other.answer_types},
            discussion=other.discussion if other.discussion.order or other.discussion.parts else self.discussion,
        )


_HEADER = re.compile(r"^\s*\[+([^\]]*)\]")  # a table's header: its dotted path between brackets


def _parsed(text: str) -> dict:
    """A rule file's data. rtoml reads it ten times faster than the standard library, which counts
    when a server reads a thousand of them at start-up; a file rtoml refuses is read again by the
    standard library, whose message says on which line the mistake is."""
    try:
        return rtoml.loads(text)
    except rtoml.TomlParsingError:
        return tomllib.loads(text)


class _Source:
    """A parsed TOML file that can say on which line a table or key stands."""

    def __init__(self, path: Path):
        self.path = str(path)
        text = read_text(path)
        self.lines = text.split("\n")
        # Where each table's header first stands, by its dotted path: looking a table up is one look-up.
        self.tables: dict[tuple[str, ...], int] = {}
        for i, line in enumerate(self.lines):
            if header := _HEADER.match(line):
                self.tables.setdefault(tuple(part.strip() for part in header.group(1).split(".")), i)
        try:
            self.data = _parsed(text)
        except tomllib.TOMLDecodeError as e:
            m = re.search(r"line (\d+)", str(e))
            raise ContentError(self.path, int(m.group(1)) if m else 1, str(e)) from None

    def line(self, *keys: str) -> int:
        """The line where keys (a dotted path) is defined, or its closest parent."""
        if len(keys) == 1:  # a top-level name: a [name] or [name.x] header, or `name = ...` before any table
            header = re.compile(r"^\s*\[+\s*" + re.escape(keys[0]) + r"\s*[.\]]")
            assignment = re.compile(r"^\s*" + re.escape(keys[0]) + r"\s*[.=]")
            for i, line in enumerate(self.lines):
                if header.match(line) or assignment.match(line):
                    return i + 1
                if line.lstrip().startswith("["):
                    assignment = re.compile(r"(?!)")  # past the top level, assignments belong to tables
            return 1
        for depth in range(len(keys), 0, -1):
            start = self.tables.get(keys[:depth])
            if start is None:
                continue
            if depth < len(keys):  # `key = ...` or `key.x = ...` among the table's lines
                key = keys[depth]
                for i in range(start + 1, len(self.lines)):
                    line = self.lines[i].lstrip()
                    if line.startswith("["):
                        break
                    if line.startswith(key) and line[len(key):].lstrip()[:1] in (".", "="):
                        return i + 1
            return start + 1
        return 1

    def fail(self, keys: tuple[str, ...], message: str) -> ContentError:
        return ContentError(self.path, self.line(*keys), message)


def _strings(src: _Source, keys: tuple[str, ...], value, allow_empty: bool = False) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise src.fail(keys, f"'{'.'.join(keys)}' must be a list of non-empty strings")
    if not value and not allow_empty:
        raise src.fail(keys, f"'{'.'.join(keys)}' must not be empty")
    return tuple(value)


def _per_lang(src: _Source, keys: tuple[str, ...], value, kind: type) -> dict:
    """A {fr: ..., en: ...} table; both languages are required."""
    if not isinstance(value, dict):
        raise src.fail(keys, f"'{'.'.join(keys)}' must be a table with 'fr' and 'en'")
    for lang in LANGS:
        if lang not in value:
            raise src.fail(keys, f"'{'.'.join(keys)}' has no '{lang}' entry")
    unknown = set(value) - set(LANGS)
    if unknown:
        raise src.fail(keys, f"'{'.'.join(keys)}' has unknown language(s): {', '.join(sorted(unknown))}")
    if kind is str:
        for lang in LANGS:
            if not isinstance(value[lang], str) or not value[lang].strip():
                raise src.fail(keys, f"'{'.'.join(keys)}.{lang}' must be a non-empty string")
        return dict(value)
    return {lang: _strings(src, keys + (lang,), value[lang]) for lang in LANGS}


def _regexes(src: _Source, keys: tuple[str, ...], value) -> tuple[re.Pattern, ...]:
    patterns = []
    for pattern in _strings(src, keys, value, allow_empty=True):
        try:
            patterns.append(re.compile(pattern))
        except re.error as e:
            raise src.fail(keys, f"pattern {pattern!r} is not a valid regular expression: {e}") from None
    return tuple(patterns)


def _concepts(src: _Source) -> dict[str, Concept]:
    table = src.data.get("concepts", {})
    if not isinstance(table, dict):
        raise src.fail(("concepts",), "'concepts' must be a table")
    concepts = {}
    for name, value in table.items():
        keys = ("concepts", name)
        if not isinstance(value, dict) or not value or set(value) - set(LANGS):
            raise src.fail(keys, f"concept '{name}' must be a table of 'fr' and/or 'en' word lists")
        terms = {lang: _strings(src, keys + (lang,), value.get(lang, []), allow_empty=True) for lang in LANGS}
        concepts[name] = Concept(name, terms, src.path, src.line(*keys))
    return concepts


def _intent(src: _Source, name: str, value) -> Intent:
    keys = ("intents", name)
    if not isinstance(value, dict):
        raise src.fail(keys, f"intent '{name}' must be a table")
    unknown = set(value) - INTENT_KEYS
    if unknown:
        raise src.fail(keys, f"intent '{name}' has unknown key(s): {', '.join(sorted(unknown))}")
    kind = value.get("kind", "answer")
    if kind not in KINDS:
        raise src.fail(keys + ("kind",), f"intent '{name}': kind must be one of {', '.join(KINDS)}")
    weights = value.get("concepts", {})
    if not isinstance(weights, dict):
        raise src.fail(keys + ("concepts",), f"intent '{name}': concepts must be a table of name = weight")
    for concept, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            raise src.fail(keys + ("concepts",), f"intent '{name}': weight of '{concept}' must be a positive number")
    reads = value.get("reads", 0.0)
    if isinstance(reads, bool) or not isinstance(reads, int | float) or reads < 0:
        raise src.fail(keys + ("reads",), f"intent '{name}': reads must be a number, 0 or more")
    patterns = _regexes(src, keys + ("patterns",), value.get("patterns", []))
    if not weights and not patterns:
        raise src.fail(keys, f"intent '{name}' needs concepts or patterns to be recognised")
    if kind == "answer":
        sections = _strings(src, keys + ("sections",), value.get("sections"))
        answer = _per_lang(src, keys + ("answer",), value.get("answer"), str)
        prompts = _per_lang(src, keys + ("prompts",), value.get("prompts"), tuple)
    else:
        if "sections" in value or "prompts" in value:
            raise src.fail(keys, f"small-talk intent '{name}' takes a reply, not sections or prompts")
        sections, prompts = (), {lang: () for lang in LANGS}
        answer = _per_lang(src, keys + ("reply",), value.get("reply"), str)
    suggestions = value.get("suggestions")
    follows = _strings(src, keys + ("follows_topic",), value.get("follows_topic", []), allow_empty=True)
    return Intent(
        name=name,
        kind=kind,
        sections=sections,
        concepts={k: float(v) for k, v in weights.items()},
        patterns=patterns,
        examples=_strings(src, keys + ("examples",), value.get("examples", []), allow_empty=True),
        answer=answer,
        prompts=prompts,
        suggestions=_per_lang(src, keys + ("suggestions",), suggestions, tuple) if suggestions else {},
        follows_topic=follows,
        path=src.path,
        line=src.line(*keys),
        reads=float(reads),
    )


def load_rules(path: Path) -> Rules:
    """Read one rule file; raise ContentError on the first mistake."""
    src = _Source(path)
    unknown = set(src.data) - TOP_LEVEL
    if unknown:
        name = sorted(unknown)[0]
        raise src.fail((name,), f"unknown table '{name}' (expected one of {', '.join(sorted(TOP_LEVEL))})")
    intents = src.data.get("intents", {})
    moves = src.data.get("moves", {})
    if not isinstance(intents, dict) or not isinstance(moves, dict):
        raise src.fail(("intents",), "'intents' and 'moves' must be tables")
    for move in moves:
        if move not in MOVES:
            raise src.fail(("moves", move), f"unknown dialogue move '{move}' (expected one of {', '.join(MOVES)})")
    texts = src.data.get("texts", {})
    for key in texts:
        if key not in TEXTS:
            raise src.fail(("texts", key), f"unknown text '{key}' (expected one of {', '.join(TEXTS)})")
    return Rules(
        concepts=_concepts(src),
        intents={name: _intent(src, name, value) for name, value in intents.items()},
        moves={move: _regexes(src, ("moves", move), value) for move, value in moves.items()},
        texts={key: _per_lang(src, ("texts", key), value, str) for key, value in texts.items()},
        starters=_per_lang(src, ("starters",), src.data["starters"], tuple) if "starters" in src.data else {},
        answer_types={name: _answer_type(src, name, value) for name, value in src.data.get("answer_types", {}).items()},
        discussion=_discussion(src, src.data.get("discussion")),
    )


def _discussion(src: _Source, value) -> Discussion:
    """[discussion] order = [section ids]; [discussion.parts.SECTION] prompts, frame, support, challenge."""
    if value is None:
        return Discussion()
    keys = ("discussion",)
    if not isinstance(value, dict) or set(value) - {"order", "parts"}:
        raise src.fail(keys, "[discussion] takes an 'order' (section ids) and 'parts' tables")
    order = _strings(src, keys + ("order",), value["order"]) if "order" in value else ()
    parts = {}
    for section, part in value.get("parts", {}).items():
        where = keys + ("parts", section)
        if not isinstance(part, dict) or set(part) - DISCUSSION_KEYS:
            raise src.fail(where, f"a discussion part takes {', '.join(sorted(DISCUSSION_KEYS))}")
        frame = part.get("frame")
        if frame is not None and (not isinstance(frame, str) or not frame.strip()):
            raise src.fail(where + ("frame",), "'frame' is a few words of the passage that frames the part")
        parts[section] = DiscussionPart(
            section, _per_lang(src, where + ("prompts",), part["prompts"], tuple) if "prompts" in part else {},
            frame, *(_strings(src, where + (k,), part[k]) if k in part else () for k in ("support", "challenge")),
            src.path, src.line(*where))
    return Discussion(order, parts, src.path, src.line(*keys))


def _answer_type(src: _Source, name: str, value) -> AnswerType:
    keys = ("answer_types", name)
    if not isinstance(value, dict) or not {"asks", "evidence"} <= set(value) <= {"asks", "evidence", "near"}:
        raise src.fail(keys, f"answer type '{name}' must have 'asks' and 'evidence' pattern lists, and may "
                             "have 'near'")
    near = value.get("near", 0)
    if not isinstance(near, int) or isinstance(near, bool) or near < 0:
        raise src.fail(keys + ("near",), "'near' is a number of words (0 or more)")
    return AnswerType(name, _regexes(src, keys + ("asks",), value["asks"]),
                      _regexes(src, keys + ("evidence",), value["evidence"]), near)


def check_references(rules: Rules, section_ids: set[str]) -> None:
    """Every concept an intent weighs and every section it answers from or discusses must exist."""
    discussion = rules.discussion
    for section in (*discussion.order, *discussion.parts):
        if section not in section_ids:
            part = discussion.parts.get(section)
            raise ContentError(part.path if part else discussion.path, part.line if part else discussion.line,
                               f"the discussion names section '{section}', which the article does not have "
                               f"(it has {', '.join(sorted(section_ids))})")
    for intent in rules.intents.values():
        for concept in (*intent.concepts, *intent.follows_topic):
            if concept not in rules.concepts:
                raise ContentError(intent.path, intent.line, f"intent '{intent.name}' uses unknown concept '{concept}'")
        for section in intent.sections:
            if section != ANY_SECTION and section not in section_ids:
                raise ContentError(intent.path, intent.line, f"intent '{intent.name}' answers from unknown section "
                                   f"'{section}' (the article has: {', '.join(sorted(section_ids))})")
