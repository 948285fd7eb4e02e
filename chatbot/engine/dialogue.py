"""Conversation state and replies: plain data the web layer stores and serialises."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

MAX_QUOTES = 2
MAX_REMEMBERED = 50  # quoted passage ids (and messages, prompts) kept per conversation
MAX_TOPICS = 10


@dataclass
class ConversationState:
    """What a conversation remembers between turns; stored as JSON with it."""

    topic: str | None = None  # the intent of the last answer
    sections: tuple[str, ...] = ()  # where that answer was drawn from
    quoted: list[str] = field(default_factory=list)  # passage ids, oldest first
    last_quotes: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # retrieval keys of the last question on the topic
    prompt: str | None = None  # the question the last reply asked the reader, if any
    prompts: list[str] = field(default_factory=list)  # prompts already asked, not to repeat them
    lang: str | None = None
    topics: list[str] = field(default_factory=list)  # the topics of the conversation, oldest first
    asked: list[str] = field(default_factory=list)  # the reader's messages, folded, not to suggest them again
    quoting: bool = False  # the last reply quoted the article ("why?" asks about it)
    # A guided discussion under way: {"step": the topic's index, "exchanges": the reader's answers on it,
    # "record": [{"topic": section id, "quotes": [passage ids], "reader": [[their words, their stance]]}]}
    discussion: dict | None = None

    def to_dict(self) -> dict:
        """Plain JSON-ready data: a copy of every field (strings, flags, lists of strings, the discussion)."""
        return {name: _copied(value) for name, value in vars(self).items()}

    @classmethod
    def from_dict(cls, data: dict | None) -> ConversationState:
        if not data:
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        state = cls(**known)
        state.sections = tuple(state.sections)
        return state

    def copy(self) -> ConversationState:
        return replace(self, quoted=list(self.quoted), last_quotes=list(self.last_quotes), keys=list(self.keys),
                       prompts=list(self.prompts), topics=list(self.topics), asked=list(self.asked),
                       discussion=_copied(self.discussion))

    def remember(self, quotes: list[str], prompt: str | None) -> None:
        """What an answer quoted and asked; a reply that quotes nothing leaves the discussion where it was."""
        self.quoting = bool(quotes)
        if not quotes:
            return
        self.last_quotes = list(quotes)
        self.quoted = (self.quoted + [q for q in quotes if q not in self.quoted])[-MAX_REMEMBERED:]
        self.prompt = prompt
        if prompt:
            self.prompts = (self.prompts + [prompt])[-MAX_REMEMBERED:]

    def enter(self, topic: str, sections: tuple[str, ...], keys: list[str]) -> None:
        """The conversation turns to (or stays on) a topic."""
        self.topic, self.sections, self.keys = topic, sections, keys
        self.topics = ([t for t in self.topics if t != topic] + [topic])[-MAX_TOPICS:]

    def heard(self, folded: str) -> None:
        self.asked = (self.asked + [folded])[-MAX_REMEMBERED:]


def _copied(value):
    """A copy of plain JSON-ready data, nested lists and dicts included."""
    if isinstance(value, dict):
        return {k: _copied(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_copied(v) for v in value]
    return value


@dataclass(frozen=True)
class Quote:
    text: str
    passage_id: str
    section: str
    section_title: str


@dataclass(frozen=True)
class Reply:
    text: str
    quotes: tuple[Quote, ...]
    prompt: str | None
    suggestions: tuple[str, ...]
    intent: str
    confidence: float
    lang: str
    stance: str | None = None  # in a guided discussion, how the reader answered: agree, disagree, unsure
    discussion: dict | None = None  # where a guided discussion stands: its topic, step and whether it goes on
    unknown: tuple[str, ...] = ()  # the question's words that neither the article nor its rules explain
