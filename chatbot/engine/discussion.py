"""Guided discussion: the bot leads the reader through the article, part by part, in its order.

It opens with what the article argues, quoted, and asks whether the reader agrees. It reads
the stance of each answer and sets a passage against it: a caveat of the article's own for a
reader who agrees, the article's reason for one who disagrees, the passage that helps most for
one who is unsure. After EXCHANGES answers on a part, it moves on to the next part and says so.
A question in between is answered as any other, and the discussion goes on; "stop" ends it.
The recap holds only the article's words and the reader's: nothing is generated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .article import Article, Passage, Section
from .compose import compose
from .dialogue import ConversationState, Quote, Reply
from .errors import ContentError
from .moves import INTRODUCTION, OPINION, stance_of, substantive, topics_besides_summary
from .rules import Discussion, DiscussionPart
from .segment import plain

if TYPE_CHECKING:
    from .bot import Bot

MODE = "discussion"  # the API's mode that starts one
EXCHANGES = 2  # the reader's answers on a part before the discussion moves on
SHORT = 3  # content words, at most, of an answer that is a stance even with a question mark ("oui ?")
CAVEATS = 2  # caveats from other parts, at most, for a part that has none of its own
# Sentences that say what the article argues: its central claim.
_ARGUES = re.compile(r"(?i)\b(défend|défendre|soutient|plaide|estime|affirme|appelle à|thèse|argues?|argued|contends|"
                     r"makes the case|believes|calls for|urges|insists)\b")
# Sentences that qualify or object: a caveat for a reader who agrees.
_CONTRAST = re.compile(r"(?i)\b(mais|pourtant|cependant|toutefois|néanmoins|en revanche|certes|objecte\w*|objection\w*|"
                       r"critiques?|opposants|détracteurs|but|however|yet|although|though|critics|opponents|"
                       r"admittedly|on m'objectera|some will say|not without)\b")


@dataclass(frozen=True)
class Topic:
    """A part of the article to discuss: the passage that frames it, those that give the article's
    reasons, and those that qualify it."""

    section: str
    title: str
    frame: str  # passage ids, all of them
    support: tuple[str, ...]
    challenge: tuple[str, ...]
    prompts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the rules' questions, if they write any


def plan(bot: Bot) -> tuple[Topic, ...]:
    """The parts of the article to discuss: those the rules' [discussion] orders, with what they say of
    each; by default, in the article's order, first what it argues, then each part with something to say."""
    rules = bot.rules.discussion
    drawn = {section.id: (frame, rest) for section, frame, rest in
             outline(bot.article, frozenset(rules.order) | frozenset(rules.parts))}
    # The central claim is set against the article's reasons and caveats, wherever they stand.
    everything = [p for section, (frame, rest) in drawn.items() if section != INTRODUCTION for p in (frame, *rest)]
    topics = []
    for section in rules.order or list(drawn):
        if section not in drawn:
            continue
        frame, rest = drawn[section]
        topic = _drawn(bot, section, frame, everything if section == INTRODUCTION else rest)
        part = rules.parts.get(section)
        if part is not None:
            passages = {k: tuple(_passage(bot.article, part, ref) for ref in refs)
                        for k, refs in (("support", part.support), ("challenge", part.challenge))}
            topic = replace(topic, prompts=part.prompts, frame=_passage(bot.article, part, part.frame)
                            if part.frame else topic.frame, **{k: v for k, v in passages.items() if v})
        topics.append(topic)
    return tuple(topics)


def outline(article: Article, wanted: frozenset[str] = frozenset()) -> list[tuple[Section, Passage, list[Passage]]]:
    """The parts of the article worth discussing, in its order, each with the passage that frames it and
    its other sentences: its first sentence frames a part (the introduction, the sentence that says
    what the article argues). A part of one sentence is left out, unless it is `wanted`."""
    headline = {p.id for p in article.passages[:article.headline]}
    found = []
    for section in article.sections:
        body = [p for p in section.passages if p.id not in headline and substantive(p)]
        if not body or len(body) < 2 and section.id != INTRODUCTION and section.id not in wanted:
            continue
        frame = _thesis(article, body) if section.id == INTRODUCTION else body[0]
        found.append((section, frame, [p for p in body if p is not frame]))
    return found


def _drawn(bot: Bot, section: str, frame: Passage, rest: list[Passage]) -> Topic:
    """A part as the article's text makes it: what frames it (see `outline`), the sentences giving a
    cause or a figure support it, those that qualify or object challenge it."""
    support = [p.id for p in rest if "@cause" in bot.index.terms_at(p) or p.id in bot.magnitudes] + [p.id for p in rest]
    challenge = [p.id for p in rest if _CONTRAST.search(p.text)] or _caveats_elsewhere(bot, section, frame)
    return Topic(section, bot.section_titles[section] or bot.article.title, frame.id,
                 tuple(dict.fromkeys(support)), tuple(challenge))


def _caveats_elsewhere(bot: Bot, section: str, frame: Passage) -> list[str]:
    """For a part that qualifies nothing itself, the article's caveats elsewhere that speak of what it says."""
    keys = frozenset(bot.index.terms_at(frame))
    return [r.passage.id for r in bot.index.rank(keys) if r.score > 0 and r.passage.section != section
            and substantive(r.passage) and _CONTRAST.search(r.passage.text)][:CAVEATS]


def check(rules: Discussion, article: Article) -> None:
    """Every passage the rules' [discussion] names is one of the article's: ContentError otherwise."""
    for part in rules.parts.values():
        for ref in (*([part.frame] if part.frame else []), *part.support, *part.challenge):
            _passage(article, part, ref)


def _passage(article: Article, part: DiscussionPart, ref: str) -> str:
    """The passage a rule names by its id, or by a few of its words (those of its part first)."""
    if any(p.id == ref for p in article.passages):
        return ref
    words = " ".join(ref.split())
    found = sorted((p for p in article.passages if words in " ".join(p.text.split())),
                   key=lambda p: p.section != part.section)
    if not found:
        raise ContentError(part.path, part.line, f"the discussion of '{part.section}' quotes \"{ref}\", "
                                                 "which no passage of the article holds")
    return found[0].id


def _thesis(article: Article, body: list[Passage]) -> Passage:
    """The introduction's sentence that says what the article argues, else its subtitle, else its first."""
    argues = next((p for p in body if _ARGUES.search(p.text)), None)
    subtitle = article.passages[1] if article.headline > 1 else None
    return argues or subtitle or body[0]


def starts(bot: Bot, text: str) -> bool:
    """Whether a message asks for a guided discussion ("discutons de l'article", "let's discuss")."""
    return bot.matches("discuss", plain(text))


def active(state: ConversationState) -> bool:
    return bool(state.discussion and state.discussion.get("active"))


def start(bot: Bot, text: str, state: ConversationState, lang: str | None) -> tuple[Reply, ConversationState]:
    """The discussion's first turn: what the article argues, and whether the reader agrees."""
    lang = lang or (bot.analyse(text, None, state.lang).lang if text.strip() else state.lang or bot.article.lang)
    state = state.copy()
    state.lang = lang
    first = bot.topics[0]
    state.discussion = {"active": True, "step": 0, "exchanges": 0,
                        "record": [{"topic": first.section, "quotes": [first.frame], "reader": []}]}
    prompt = _asked(bot, first, "discussion_central", lang)
    state.remember([first.frame], prompt)
    return _reply(bot, state, _text(bot, "discussion_start", lang), [first.frame], prompt, lang), state


def turn(bot: Bot, text: str, state: ConversationState, lang: str | None) -> tuple[Reply, ConversationState]:
    """A turn of the discussion: the reader's answer to the prompt, a question, or "stop"."""
    analysis = bot.analyse(text, lang, state.lang)
    words = plain(text)
    # Short answers keep the discussion's language ("nope" in a French discussion); questions have their own.
    said = lang or state.lang or analysis.lang
    if bot.matches("stop", words):
        return _end(bot, state, said, [])
    if bot.matches("recap", words) and not topics_besides_summary(bot, analysis):
        return summary(bot, state, said)
    content = sum(1 for t in analysis.tokens if not t.stop)
    asks = "?" in text or any(s.clause.cue for s in analysis.spans) or bot.matches("question", words)
    stance = stance_of(bot, analysis) or (OPINION if not asks and bot.matches(OPINION, words) else None)
    if stance is None or asks and content > SHORT:
        if asks or analysis.core & bot.topical:  # a question in between: answered, then the discussion goes on
            return _answered(bot, text, state, analysis.lang)
        courtesy = analysis.concepts.keys() & bot.known.social or bot.matches("ack", words)  # "ok", "merci"
        state = state.copy()
        said_text = _text(bot, "discussion_resume" if courtesy else "discussion_offtopic", said)
        return _reply(bot, state, said_text, [], state.prompt, said), state
    return _answer_stance(bot, text, state, said, stance)


def summary(bot: Bot, state: ConversationState, lang: str) -> tuple[Reply, ConversationState]:
    """Where the discussion stands, or how it ended: its recap is on its own page."""
    state = state.copy()
    return _reply(bot, state, _text(bot, "discussion_recap", lang), [], state.prompt if active(state) else None,
                  lang, recap=True), state


def _answered(bot: Bot, text: str, state: ConversationState, lang: str) -> tuple[Reply, ConversationState]:
    asked = state.prompt
    reply, after = compose(bot, bot._decide(text, state, lang), state)
    after.prompt = asked  # the discussion's question still stands
    # Not in the article: said simply, without the list of topics a refusal otherwise leads to.
    said = reply.text if reply.quotes else _text(bot, "discussion_offtopic", lang)
    return replace(reply, prompt=asked, suggestions=_chips(bot, lang), discussion=_progress(bot, after),
                   text=said), after


def _answer_stance(bot: Bot, text: str, state: ConversationState, lang: str,
                   stance: str) -> tuple[Reply, ConversationState]:
    state = state.copy()
    d = state.discussion
    topic = bot.topics[d["step"]]
    record = d["record"][-1]
    record["reader"].append([text, stance])
    used = set(state.quoted) | {q for r in d["record"] for q in r["quotes"]}
    fresh = [p for p in _passages(topic, stance) if p not in used]
    said = f"discussion_{stance}"
    if stance == "agree" and not (fresh and fresh[0] in topic.challenge):  # no caveat left: a further reason
        said = "discussion_further"
    quotes = fresh[:1]
    record["quotes"] += quotes
    d["exchanges"] += 1
    left = [p for p in (*topic.support, *topic.challenge) if p not in used | set(quotes)]
    # With nothing left to quote, the stance is still acknowledged: the first sentence of its framing.
    frame = _text(bot, said, lang) if quotes else _first_sentence(_text(bot, said, lang))
    if d["exchanges"] < EXCHANGES and left:
        prompt = _text(bot, f"{said}_prompt", lang)
        state.remember(quotes, prompt)
        return _reply(bot, state, frame, quotes, prompt, lang, stance), state
    if d["step"] + 1 >= len(bot.topics):
        return _end(bot, state, lang, quotes, stance, frame)
    following = bot.topics[d["step"] + 1]
    d.update(step=d["step"] + 1, exchanges=0)
    d["record"].append({"topic": following.section, "quotes": [following.frame], "reader": []})
    moving = _text(bot, "discussion_topic", lang).replace("{section}", following.title)
    prompt = _asked(bot, following, "discussion_topic_prompt", lang)
    state.remember(quotes + [following.frame], prompt)
    # "Voici la raison qu'avance l'article, puis passons à la partie « … » :" — the two quotes, in that order.
    if not quotes:  # "Vous êtes d'accord. Passons à la partie « … » :", its "puis" left out
        moving = moving.split(" ", 1)[1]
    text = f"{frame.rstrip(' :')}, {moving}" if quotes else f"{frame} {moving[:1].upper()}{moving[1:]}"
    return _reply(bot, state, text, quotes + [following.frame], prompt, lang, stance), state


def _passages(topic: Topic, stance: str) -> list[str]:
    """What to set against an answer: for agreement a caveat, else a further reason; for disagreement
    the article's reasons; for doubt or a view of one's own, the reasons, then the caveats."""
    if stance == "agree":
        return [*topic.challenge, *topic.support]
    return [*topic.support, *topic.challenge]


def _end(bot: Bot, state: ConversationState, lang: str, quotes: list[str], stance: str | None = None,
         frame: str = "") -> tuple[Reply, ConversationState]:
    state = state.copy()
    state.discussion["active"] = False
    state.remember(quotes, None)
    # "Merci pour cette discussion… Vous n'êtes pas d'accord. Voici la raison qu'avance l'article :" [quote]
    text = f"{_text(bot, 'discussion_end', lang)} {frame}".strip()
    return _reply(bot, state, text, quotes, None, lang, stance, recap=True), state


def recap(bot: Bot, state: ConversationState) -> list[dict]:
    """Each part discussed: its title, the passages quoted, and what the reader answered."""
    found = []
    for record in (state.discussion or {}).get("record", []):
        passages = [p for i in record["quotes"] if (p := bot.passage(i))]
        found.append({"section": record["topic"], "section_title": bot.section_titles.get(record["topic"], ""),
                      "quotes": [{"text": p.text, "passage_id": p.id, "section": p.section,
                                  "section_title": bot.section_titles[p.section]} for p in passages],
                      "reader": [{"text": words, "stance": stance} for words, stance in record["reader"]]})
    return found


def _asked(bot: Bot, topic: Topic, default: str, lang: str) -> str:
    """The question a part opens with: the rules' own, or the bot's, which names the part."""
    own = topic.prompts.get(lang)
    return own[0] if own else _text(bot, default, lang).replace("{section}", topic.title)


def _first_sentence(text: str) -> str:
    """"Vous êtes d'accord." of "Vous êtes d'accord. L'article lui-même apporte une nuance :"."""
    return text.split(". ", 1)[0].rstrip(" :.") + "."


def _text(bot: Bot, name: str, lang: str) -> str:
    return bot.rules.texts[name][lang]


def _chips(bot: Bot, lang: str) -> tuple[str, ...]:
    """Quick answers to the discussion's questions."""
    return tuple(bot.rules.texts["discussion_answers"][lang].split("|"))


def _progress(bot: Bot, state: ConversationState) -> dict | None:
    d = state.discussion
    if not d:
        return None
    topic = bot.topics[d["step"]]
    return {"active": bool(d["active"]), "section": topic.section, "section_title": topic.title,
            "step": d["step"] + 1, "of": len(bot.topics)}


def _reply(bot: Bot, state: ConversationState, text: str, quotes: list[str], prompt: str | None, lang: str,
           stance: str | None = None, recap: bool = False) -> Reply:
    passages = [p for i in quotes if (p := bot.passage(i))]
    progress = _progress(bot, state)
    if progress is not None:
        progress["summed_up"] = recap or not progress["active"]
    return Reply(text=text, quotes=tuple(Quote(p.text, p.id, p.section, bot.section_titles[p.section])
                                         for p in passages),
                 prompt=prompt, suggestions=_chips(bot, lang) if prompt else (), intent=MODE, confidence=1.0,
                 lang=lang, stance=stance, discussion=progress)
