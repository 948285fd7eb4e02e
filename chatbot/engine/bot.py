"""A bot: one article, its rules, and the indexes built from them once at load time.

`Bot.reply` answers one turn of a conversation; `Bot.parse` tells how a text is
understood without changing anything. Both run the same pipeline, `_decide`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from .article import Article, Passage
from .dialogue import MAX_QUOTES, ConversationState, Quote, Reply
from .lexicon import Lexicon
from .retrieve import PassageIndex, Ranked
from .rules import ANY_SECTION, Intent, Rules, check_references
from .spelling import Speller
from .text import tokenize
from .understand import MIN_SCORE, Analysis, Examples, Scored, analyse, confidence, score_intents

SECOND_QUOTE_RATIO = 0.5  # quote a second passage scoring at least this share of the best
MAX_SUGGESTIONS = 3
TOPICAL = 2.0  # an intent weighing a concept this much makes it a topic
STRONG = 4.5  # evidence strong enough to answer despite one word nothing explains...
MIN_COVERAGE = 0.75  # ...when the other words of the question are at least this share of its words
REPEAT_PENALTY = 0.8  # a passage just quoted counts for this share of its score in an opinion turn
NO_SPELLER = Speller(())  # texts the rules wrote have no typo to correct
CAUSE = "cause"  # the base rules' concept of words announcing a reason, sought by "why?"


@dataclass
class Decision:
    """Everything the pipeline found for one text: the reply is built from it."""

    analysis: Analysis
    ranking: list[Scored]
    intent: str  # an intent name, a dialogue move (more, why, opinion) or "fallback"
    confidence: float
    chosen: Intent | None = None
    sections: tuple[str, ...] | None = None
    passages: list[Ranked] = field(default_factory=list)
    quotes: list[Passage] = field(default_factory=list)
    reason: str = ""


class Bot:
    def __init__(self, article: Article, rules: Rules):
        check_references(rules, {s.id for s in article.sections})
        self.article = article
        self.rules = rules
        self.lexicon = Lexicon(rules.concepts)
        self.intents = list(rules.intents.values())
        self.section_titles = {s.id: s.title for s in article.sections}
        weighed = {c for i in self.intents for c in i.concepts} | {CAUSE}
        self.index = PassageIndex(article.passages, self.lexicon, self.section_titles, weighed, article.lang)
        self.prompt_keys = {p: self.index.terms_of(p).keys() | self._plain_keys(p)
                            for i in self.intents for ps in i.prompts.values() for p in ps}
        # Concepts that name what a question is about; lighter ones are only hints.
        self.topical = {c for i in self.intents if i.kind == "answer" for c, w in i.concepts.items() if w >= TOPICAL}
        self.examples = Examples({i.name: [self._plain_keys(e) for e in i.examples] for i in self.intents})
        article_words = Counter(w for p in article.passages for w in tokenize(p.text))
        self.vocabulary = self.index.vocabulary
        self.speller = Speller(set(article_words) | self.lexicon.words, article_words,
                               self.vocabulary | self.lexicon.keys)

    # -- understanding -------------------------------------------------------

    def _plain_keys(self, text: str) -> frozenset[str]:
        """Keys of a text the rules wrote (an example, a prompt): no typo to correct."""
        return analyse(text, self.lexicon, NO_SPELLER, frozenset()).keys

    def analyse(self, text: str, lang: str | None = None, default_lang: str | None = None) -> Analysis:
        return analyse(text, self.lexicon, self.speller, self.vocabulary, lang, default_lang or self.article.lang)

    def _move(self, name: str, analysis: Analysis) -> bool:
        return any(p.search(analysis.folded) for p in self.rules.moves.get(name, ()))

    def _decide(self, text: str, state: ConversationState, lang: str | None) -> Decision:
        analysis = self.analyse(text, lang, state.lang)
        ranking = score_intents(analysis, self.intents, self.examples)
        # Until an answer is found, the reply is a refusal, as sure as the best intent is unsure.
        decision = Decision(analysis, ranking, "fallback", round(1 - confidence(ranking), 3))
        topic = self.rules.intents.get(state.topic) if state.topic else None
        new_topic = any(c in self.topical and (topic is None or c not in topic.concepts) for c in analysis.concepts)
        is_question = "?" in text or self._move("question", analysis)

        if topic and not new_topic and self._move("more", analysis):
            return self._continue(decision, state, "more", topic)
        if topic and state.last_quotes and not new_topic and self._move("why", analysis):
            return self._continue(decision, state, "why", topic)
        if topic and state.prompt and not is_question and any(
                self._move(m, analysis) for m in ("disagree", "agree", "opinion")):
            return self._opinion(decision, state, topic)

        chosen = self._choose(analysis, ranking)
        if chosen is None:
            decision.reason = "no intent matched" if not ranking else "the best intent's evidence is too weak"
            return decision
        decision.chosen, decision.intent = chosen.intent, chosen.intent.name
        decision.confidence = confidence(ranking, ranking.index(chosen))
        if chosen.intent.kind == "smalltalk":
            return decision
        weak = chosen.score < STRONG or analysis.coverage < MIN_COVERAGE
        if len(analysis.unknown) > 1 or (analysis.unknown and weak):
            decision.reason = f"the article says nothing of: {', '.join(analysis.unknown)}"
            return self._refuse(decision)
        sections = chosen.intent.sections
        anywhere = ANY_SECTION in sections
        if anywhere:
            sections = tuple(s.id for s in self.article.sections)
        if topic and self._follows(chosen.intent, analysis):
            sections = tuple(s for s in sections if s in state.sections) or sections
        decision.sections = sections
        decision.passages = self.index.rank(analysis.keys, sections)
        decision.quotes = _best(decision.passages)
        if anywhere and not (decision.passages and decision.passages[0].score > 0):
            decision.reason = "no passage of the article speaks of it"
            return self._refuse(decision)
        missing = self._missing_answer_type(analysis, decision.quotes)
        if missing:
            decision.reason = f"the question asks for a {missing} the article does not give"
            return self._refuse(decision)
        return decision

    def _choose(self, analysis: Analysis, ranking: list[Scored]) -> Scored | None:
        """The best intent; an answer beats small talk when the question names a topic."""
        if not ranking or ranking[0].score < MIN_SCORE:
            return None
        if ranking[0].intent.kind == "smalltalk" and analysis.has_topic(self.topical):
            return next((r for r in ranking if r.intent.kind == "answer" and r.score >= MIN_SCORE), ranking[0])
        return ranking[0]

    def _follows(self, intent: Intent, analysis: Analysis) -> bool:
        """True when the question names nothing but the intent's neutral concepts ("what should be done?")."""
        named = {c for c in analysis.concepts if c in self.topical}
        return bool(intent.follows_topic) and named <= set(intent.follows_topic)

    @staticmethod
    def _refuse(decision: Decision) -> Decision:
        sure = round(1 - decision.confidence, 3)
        return replace(decision, intent="fallback", chosen=None, quotes=[], confidence=sure)

    def _missing_answer_type(self, analysis: Analysis, quotes: list[Passage]) -> str | None:
        for kind in self.rules.answer_types.values():
            asked = any(p.search(analysis.folded) for p in kind.asks)
            if asked and not any(e.search(q.text) for q in quotes for e in kind.evidence):
                return kind.name
        return None

    def _continue(self, decision: Decision, state: ConversationState, move: str, topic: Intent) -> Decision:
        """"Go on" quotes what the topic has not quoted yet; "why" looks for the reason behind the last answer."""
        decision.intent, decision.chosen, decision.confidence = move, topic, 1.0
        decision.sections = state.sections
        keys = frozenset(state.keys)
        if move == "why":
            keys |= {"@" + CAUSE}
        decision.passages = self.index.rank(keys, state.sections, exclude=frozenset(state.quoted))
        if move == "why":
            after = _following(self.article.passages, state.last_quotes)
            decision.passages.sort(key=lambda r: (-(r.score > 0 or r.passage.id in after), -r.score))
        decision.quotes = [r.passage for r in decision.passages[:MAX_QUOTES if move == "more" else 1]]
        return decision

    def _opinion(self, decision: Decision, state: ConversationState, topic: Intent) -> Decision:
        """Set the reader's answer to the last prompt against what the article says on it."""
        decision.intent, decision.chosen, decision.confidence = "opinion", topic, 1.0
        decision.reason = next(m for m in ("disagree", "agree", "opinion") if self._move(m, decision.analysis))
        decision.sections = state.sections
        keys = decision.analysis.keys | self.analyse(state.prompt or "", state.lang).keys
        ranked = self.index.rank(keys, state.sections)
        # The passage the prompt was about is the one to weigh the opinion against;
        # another as relevant is better still, as it brings something new.
        ranked.sort(key=lambda r: -r.score * (REPEAT_PENALTY if r.passage.id in state.last_quotes else 1))
        decision.passages = ranked
        decision.quotes = [ranked[0].passage] if ranked else []
        return decision

    def _prompt(self, intent: Intent, lang: str, quotes: list[Passage], state: ConversationState) -> str:
        """The intent's discussion prompt closest to what was just quoted, not asked before if possible."""
        prompts = [p for p in intent.prompts[lang] if p not in state.prompts] or list(intent.prompts[lang])
        quoted = set().union(*(self.index.terms[self.index.position[q.id]].keys() for q in quotes))
        return max(prompts, key=lambda p: len(self.prompt_keys[p] & quoted))

    # -- replies -------------------------------------------------------------

    def parse(self, text: str, state: ConversationState | None = None, lang: str | None = None) -> dict:
        """How the text is understood: intents, passages and what fired. Changes nothing."""
        d = self._decide(text, state or ConversationState(), lang)
        a = d.analysis
        return {
            "text": text,
            "lang": a.lang,
            "intent": {"name": d.intent, "confidence": d.confidence},
            "intent_ranking": [{"name": s.intent.name, "confidence": confidence(d.ranking, i)}
                               for i, s in enumerate(d.ranking[:5])],
            "passages": [{"passage_id": r.passage.id, "section": r.passage.section, "score": round(r.score, 3),
                          "text": r.passage.text} for r in d.passages[:5]],
            "explanation": {
                "tokens": [t.word for t in a.tokens if not t.stop],
                "corrections": a.corrections,
                "concepts": a.concepts,
                "unknown_words": a.unknown,
                "coverage": round(a.coverage, 3),
                "intents": [{"name": s.intent.name, "score": round(s.score, 3), **s.evidence} for s in d.ranking[:5]],
                "sections": list(d.sections) if d.sections is not None else [],
                "reason": d.reason,
            },
        }

    def reply(self, text: str, state: ConversationState, lang: str | None = None) -> tuple[Reply, ConversationState]:
        """Answer one turn; returns the reply and the conversation's next state."""
        d = self._decide(text, state, lang)
        lang = d.analysis.lang
        texts = self.rules.texts
        state = state.copy()
        state.lang = lang
        intent = d.chosen
        if d.intent == "fallback" or intent is None:
            state.remember([], None)
            return self._reply(texts["fallback"][lang], [], None, self._starters(lang), d, lang), state
        if intent.kind == "smalltalk":
            state.remember([], None)
            return self._reply(intent.answer[lang], [], None, self._starters(lang), d, lang), state
        if not d.quotes:  # "go on" with nothing left to quote
            state.remember([], None)
            others = [s for i in self.intents if i.kind == "answer" and i.name != intent.name
                      for s in i.suggestions.get(lang, ())[:1]]
            return self._reply(texts["more_none"][lang], [], None, tuple(others), d, lang), state
        frame = texts[d.reason][lang] if d.intent == "opinion" else (
            texts["why"][lang] if d.intent == "why" else intent.answer[lang])
        prompt = self._prompt(intent, lang, d.quotes, state)
        if d.intent not in ("more", "why", "opinion"):
            state.topic, state.sections = intent.name, tuple(d.sections or intent.sections)
            state.keys = sorted(d.analysis.keys)
        state.remember([p.id for p in d.quotes], prompt)
        suggestions = tuple(s for s in intent.suggestions.get(lang, ()) if s != text)
        return self._reply(frame, d.quotes, prompt, suggestions, d, lang), state

    def _starters(self, lang: str) -> tuple[str, ...]:
        return self.rules.starters.get(lang, ())

    def _reply(self, text: str, quotes: list[Passage], prompt: str | None, suggestions: tuple[str, ...],
               d: Decision, lang: str) -> Reply:
        return Reply(
            text=text,
            quotes=tuple(Quote(p.text, p.id, p.section, self.section_titles[p.section]) for p in quotes),
            prompt=prompt,
            suggestions=suggestions[:MAX_SUGGESTIONS],
            intent=d.intent,
            confidence=d.confidence,
            lang=lang,
        )


def _best(ranked: list[Ranked]) -> list[Passage]:
    if not ranked:
        return []
    top = ranked[0].score
    return [r.passage for i, r in enumerate(ranked[:MAX_QUOTES]) if i == 0 or r.score >= SECOND_QUOTE_RATIO * top]


def _following(passages: tuple[Passage, ...], ids: list[str]) -> set[str]:
    """Ids of the passages that come right after the given ones."""
    order = [p.id for p in passages]
    return {order[order.index(i) + 1] for i in ids if i in order and order.index(i) + 1 < len(order)}
