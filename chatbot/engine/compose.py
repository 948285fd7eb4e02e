"""Composing the reply from a decision: the bot's framing sentence, the quotes, a
discussion prompt, follow-up suggestions, and the conversation's next state."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .article import Passage
from .dialogue import MAX_QUOTES, ConversationState, Quote, Reply
from .rules import Intent
from .text import fold

if TYPE_CHECKING:
    from .bot import Bot, Decision

MAX_SUGGESTIONS = 3
# Moves framed by a text of their own, of the same name.
FRAMES = ("why", "who", "back", "repeat", "where", "source", "next", "previous", "position", "recap")
READING = {"next": "end", "previous": "start", "position": "end"}  # moves through the text; what they say past it


def compose(bot: Bot, d: Decision, state: ConversationState) -> tuple[Reply, ConversationState]:
    """The reply to a decision and the conversation's next state."""
    lang = d.analysis.lang
    texts = bot.rules.texts
    state = state.copy()
    state.lang = lang
    state.heard(d.analysis.folded)
    intent = d.chosen
    if intent is None or d.intent == "fallback":
        frame = texts["ack"][lang] if d.intent == "ack" else texts["fallback"][lang]
        if d.intent != "ack":  # "wow", "ah d'accord": a reaction to the last quote, which "is that per year?" asks of
            state.remember([], None)
        return _reply(bot, d, frame, [], None, _suggest(bot, state, lang, ())), state
    if intent.kind == "smalltalk":
        state.remember([], None)
        return _reply(bot, d, intent.answer[lang], [], None, _suggest(bot, state, lang, ())), state
    if not d.quotes:  # "go on" with nothing left to quote
        state.remember([], None)
        others = [s for i in bot.intents if i.kind == "answer" and i.name != intent.name
                  for s in i.suggestions.get(lang, ())[:1]]
        frame = texts[READING.get(d.intent, "more_none")][lang]
        return _reply(bot, d, frame, [], None, _suggest(bot, state, lang, others)), state
    if d.intent == "opinion":
        frame = texts[d.reason][lang]
    elif d.intent in FRAMES:
        frame = texts[d.intent][lang].replace("{section}", bot.section_titles[d.quotes[0].section])
    elif d.second:
        frame = texts["two_parts"][lang]
    else:
        frame = intent.answer[lang]
    quotes = d.quotes[:1] + [q for q in d.second.quotes[:1] if q not in d.quotes[:1]] if d.second else d.quotes
    quotes = quotes[:MAX_QUOTES]
    if d.unanswered:
        frame = f"{texts['part_unanswered'][lang]} {frame}"
    prompt = _prompt(bot, intent, lang, quotes, state)
    if d.intent not in ("more", "why", "opinion", "repeat", "where", "source", "recap"):
        for part in (d.second, d):  # the first question's topic is the one the conversation goes on with
            if part and part.chosen:
                # Read on to, the passage quoted is what the conversation is about now.
                keys = bot.index.terms_at(quotes[0]).keys() if part.intent in READING else part.analysis.keys
                state.enter(part.chosen.name, tuple(part.sections or part.chosen.sections), sorted(keys))
    state.remember([p.id for p in quotes], prompt)
    own = intent.suggestions.get(lang, ())
    if d.second and d.second.chosen:
        own = own + d.second.chosen.suggestions.get(lang, ())
    return _reply(bot, d, frame, quotes, prompt, _suggest(bot, state, lang, own)), state


def _prompt(bot: Bot, intent: Intent, lang: str, quotes: list[Passage], state: ConversationState) -> str:
    """The intent's discussion prompt closest to what was just quoted, not asked before if possible."""
    prompts = [p for p in intent.prompts[lang] if p not in state.prompts] or list(intent.prompts[lang])
    quoted = set().union(*(bot.index.terms_at(q).keys() for q in quotes))
    return max(prompts, key=lambda p: len(bot.prompt_keys(p) & quoted))


def _suggest(bot: Bot, state: ConversationState, lang: str, own: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Follow-up questions: never the one just asked, nor one whose answer this conversation already had;
    the intent's own first, then the starters and the other intents' ones; one per intent they lead to."""
    fresh, leads = [], set()
    for s, folded in [(s, fold(s)) for s in own] + bot.suggestions[lang]:
        lead = bot.suggestion_intents.get(s)
        if folded not in state.asked and lead not in state.topics and lead not in leads:
            fresh.append(s)
            leads.add(lead)
            if len(fresh) == MAX_SUGGESTIONS:
                break
    return tuple(fresh)


def _reply(bot: Bot, d: Decision, text: str, quotes: list[Passage], prompt: str | None,
           suggestions: tuple[str, ...]) -> Reply:
    return Reply(
        text=text,
        quotes=tuple(Quote(p.text, p.id, p.section, bot.section_titles[p.section]) for p in quotes),
        prompt=prompt,
        suggestions=suggestions,
        intent=d.intent,
        confidence=d.confidence,
        lang=d.analysis.lang,
        unknown=tuple(d.analysis.unknown),
    )
