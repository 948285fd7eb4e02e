"""Conversation state and replies: plain data the web layer stores and serialises."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

MAX_QUOTES = 2
MAX_REMEMBERED = 50  # quoted passage ids kept per conversation


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

    def to_dict(self) -> dict:
        return asdict(self)

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
                       prompts=list(self.prompts))

    def remember(self, quotes: list[str], prompt: str | None) -> None:
        self.last_quotes = list(quotes)
        self.quoted = (self.quoted + [q for q in quotes if q not in self.quoted])[-MAX_REMEMBERED:]
        self.prompt = prompt
        if prompt:
            self.prompts = (self.prompts + [prompt])[-MAX_REMEMBERED:]


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
