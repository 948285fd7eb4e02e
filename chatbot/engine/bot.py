"""A bot: one article, its rules, and the indexes built from them once at load time.

`Bot.reply` answers one turn of a conversation; `Bot.parse` tells how a text is
understood without changing anything. Both run the same decision, `_decide`,
whose stages each live in a module of their own:

    understand  analyse the message, rank the intents
    moves       dialogue moves: go on, why, who is it, back to, I see, the reader's stance
    understand  the questions of the message (two questions in one are answered both)
    choose      the intent that answers (here)
    scope       refuse what the article does not cover: unexplained subjects, answer types
    retrieve    the passages that answer, within the intent's sections
    compose     the reply: framing, quotes, prompt, suggestions, next state
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import discussion, moves, scope
from .article import Article, Passage
from .compose import compose
from .dialogue import MAX_QUOTES, ConversationState, Reply
from .layers import Layers
from .lexicon import Lexicon
from .retrieve import PassageIndex, Ranked
from .rules import ANY_SECTION, Intent, Rules, check_references
from .segment import plain
from .shape import focus, questions, unnegated, unrestricted
from .shared import Shared
from .spelling import Speller
from .text import LANGS, fold, literal_words, stems, tokenize
from .understand import (
    BLANK,
    FRAMING,
    MIN_SCORE,
    Analysis,
    Examples,
    Scored,
    Scorer,
    Vocabulary,
    analyse,
    confidence,
    unquoted,
)

SECOND_QUOTE_RATIO = 0.5  # quote a second passage scoring at least this share of the best
# A passage that gives examples ("des applications telles que...", "such as", "notamment").
_EXAMPLES = re.compile(r"(?i)\b(telles? que|tels? que|notamment|par exemple|such as|for example|for instance|"
                       r"including)\b")
_TWO = re.compile(r"\b(the two|both|les deux|two|deux|2) (?!\w+ (et|and|or|ou)\b)")  # two things asked for
ANNOUNCING = 8  # words, at most, of a sentence that announces the next ("I would suggest three things.")
CAUSE_BONUS = 0.6  # for "why...?", a relevant passage giving a cause gains this share of the best score
LINK_BONUS = 1.0  # asked the link between two topics, one speaking of both gains this share of the best score
DEGREE_BONUS = 0.6  # for "how much...?", "is it that bad?", one giving a magnitude gains this share
ACTOR_BONUS = 1.0  # for "who...?", one naming who acts or is affected gains this share
RESTRICTED_SHARE = 0.5  # for "only X?", a passage where the article speaks of X counts for this share
OWN_QUESTION = 0.5  # unexplained weight that makes a part naming no topic a question of its own
BARE_NAME = 2  # words of a message that is only a name
ANAPHORIC = 4  # content words, at most, of a question asked of what was just quoted ("genre combien ?")
MIN_CONFIDENCE = 0.3  # how sure an answer to such a question is
SMALLTALK_LEAD = 2.0  # small talk beats an answer to a message naming a topic only when this much stronger
TOPICAL = 2.0  # an intent weighing a concept this much makes it a topic
NO_SPELLER = Speller(())  # texts the rules wrote have no typo to correct
NO_MOVE = (re.compile("(?!)"), frozenset())  # a move the rules do not define matches nothing
CITED = "mention"  # the base rules' intent answering from wherever the article says what is named
TITLE = "headline"  # the base rules' concept of titles and subtitles
AUTHOR = frozenset({"author", "person"})  # the base rules' concepts of the author and their job
MAGNITUDE, DEGREE = "quantity", "degree"  # the base rules' concepts of amounts, and of asking how much
# The base rules' concepts of those who act or are affected: companies, the powerful, the small, states, everyone.
ACTORS = frozenset({"companies", "powerful", "small_players", "state", "everyone"})
DEFINITION = "definition"  # the base rules' concept of asking what something means
ASK_TERM = "@ask"  # the base rules' concept of the words of asking, as a passage term
CONCLUSION = "conclusion"  # the base rules' concept of asking how the article concludes
VERDICT = "verdict"  # the base rules' concept of asking where the author stands ("for or against?")
BALANCE = frozenset({"@benefits", "@challenges"})  # a passage weighing both sides says where the author stands
_DEFINES = re.compile(r"\b(est|sont|is|are)\s+(une?|des|a|an)\s")  # a sentence that says what something is
SOCIAL = ("greeting", "thanks", "goodbye", "help", "politeness")  # small talk and courtesies of the base rules


@dataclass
class Decision:
    """Everything the pipeline found for one text: the reply is built from it."""

    analysis: Analysis
    ranking: list[Scored]
    intent: str  # an intent name, a dialogue move (more, why, who, back, ack, opinion) or "fallback"
    confidence: float
    chosen: Intent | None = None
    sections: tuple[str, ...] | None = None
    passages: list[Ranked] = field(default_factory=list)
    quotes: list[Passage] = field(default_factory=list)
    reason: str = ""
    second: Decision | None = None  # the answer to a second question in the same message
    unanswered: bool = False  # the message asked two things and the article answers only one


class Bot:
    def __init__(self, article: Article, rules: Rules, common: Shared | None = None):
        """`rules`: the article's over the base rules; `common`: what every article shares, which the
        bot's lexicon and speller are laid over (without it, they are built whole)."""
        check_references(rules, {s.id for s in article.sections})
        self.article = article
        self.rules = rules
        self.lexicon = Lexicon(rules.concepts, common.lexicon if common else None)
        self.intents = list(rules.intents.values())
        self.section_titles = {s.id: s.title for s in article.sections}
        # Concepts that name what a question is about; lighter ones are only hints.
        self.topical = frozenset(c for i in self.intents if i.kind == "answer"
                                 for c, w in i.concepts.items() if w >= TOPICAL)
        weighed = {c for i in self.intents for c in i.concepts} | {moves.CAUSE}
        self.index = PassageIndex(article.passages, self.lexicon, self.section_titles, weighed, article.lang,
                                  article.headline)
        self._passages = {p.id: p for p in article.passages}
        self._order = {p.id: i for i, p in enumerate(article.passages)}
        # The passages that give a magnitude: a figure, or words of quantity ("une quantité énorme").
        named = {p.id: self.index.concepts_of(p.text) for p in article.passages}
        self.magnitudes = frozenset(i for i, p in self._passages.items()
                                    if MAGNITUDE in named[i] or any(c.isdigit() for c in p.text))
        self.actors = frozenset(i for i in self._passages if named[i] & ACTORS)  # passages naming who
        self.purposeful = frozenset(i for i in self._passages if moves.PURPOSE in named[i])  # saying what for
        self.exemplary = frozenset(i for i, p in self._passages.items() if _EXAMPLES.search(p.text))  # giving some
        self.definitions = frozenset(i for i, p in self._passages.items() if _DEFINES.search(p.text))  # "X est une..."
        self.title_keys = frozenset(k for t in self.index.terms[:article.headline] for k in t)
        # Where a reader stands in the text: the intent answering from that part alone, or with the fewest others.
        answers = [i for i in self.intents if i.kind == "answer"]
        self.section_intents = {s.id: min((i for i in answers if s.id in self.sections_of(i)),
                                          key=lambda i: len(self.sections_of(i)), default=rules.intents.get(CITED))
                                for s in article.sections}
        self.names = scope.article_names(article.passages) | {fold(w): w for w in article.author.split() if len(w) > 2}
        self.answer_types = scope.AnswerTypes.of(rules.answer_types, self.names)
        article_words = Counter(w for p in article.passages for w in tokenize(p.text))
        speller = Speller(set(article_words) | self.lexicon.added, article_words,
                          Layers(self.index.vocabulary, self.lexicon.keys), common.words if common else frozenset(),
                          common.spelling if common else None)
        self.known = Vocabulary(self.lexicon, speller, self.index.vocabulary, self.topical,
                                frozenset(c for c in SOCIAL if c in rules.concepts),
                                " " + " ".join(plain(t) for t in [*(p.text for p in article.passages),
                                                                   *self.section_titles.values()]) + " ",
                                frozenset(self.names), article.lang)
        self._plain = Vocabulary(self.lexicon, NO_SPELLER, frozenset(), self.topical, self.known.social)
        self.scorer = Scorer(self.intents, Examples({i.name: [self._plain_keys(e) for e in i.examples]
                                                     for i in self.intents}), self.topical,
                             self.index, self.sections_of)
        # Asked about the author, the passages that name them answer.
        self.author_keys = frozenset(k for w in tokenize(article.author) for k in stems(w, article.lang))
        self.moves = {move: _search(patterns) for move, patterns in rules.moves.items() if patterns}
        self._prompt_keys: dict[str, set[str]] = {}  # worked out when a prompt is first considered
        suggestions = {s for i in self.intents for ss in i.suggestions.values() for s in ss}
        suggestions |= {s for ss in rules.starters.values() for s in ss}
        self.suggestion_intents = {s: self._decide(s, ConversationState(), None).intent for s in sorted(suggestions)}
        # Every suggestion the rules write, in the order they come, with its folded form.
        self.suggestions = {lang: [(s, fold(s)) for s in dict.fromkeys(
            [*rules.starters.get(lang, ()), *(s for i in self.intents for s in i.suggestions.get(lang, ()))])]
            for lang in LANGS}
        self._plain.seen.clear()  # the examples' words, worked out once: a reader's are looked up in self.known
        self.topics = discussion.plan(self)  # the parts a guided discussion goes through, checked at load time

    # -- what the stages share -------------------------------------------------

    def prompt_keys(self, prompt: str) -> set[str]:
        """The terms and keys of one of the rules' discussion prompts."""
        keys = self._prompt_keys.get(prompt)
        if keys is None:
            keys = self._prompt_keys[prompt] = self.index.terms_of(prompt).keys() | self._plain_keys(prompt)
        return keys

    def _plain_keys(self, text: str) -> frozenset[str]:
        """Keys of a text the rules wrote (an example, a prompt): no typo to correct."""
        return analyse(text, self._plain).keys

    def analyse(self, text: str, lang: str | None = None, default_lang: str | None = None) -> Analysis:
        return analyse(text, self.known, lang, default_lang or self.article.lang)

    def matches(self, move: str, text: str) -> bool:
        """Whether a dialogue-move pattern of the rules matches a text in plain form."""
        pattern, spelt = self.moves.get(move, NO_MOVE)
        return not (spelt and spelt.isdisjoint(_words(text))) and pattern.search(text) is not None

    def besides(self, moves: tuple[str, ...], text: str, lang: str) -> frozenset[str]:
        """The keys of what a message names besides the words of its moves ("why public money?": public money)."""
        rest = plain(text)
        for move in moves:
            for pattern in self.rules.moves.get(move, ()):
                rest = pattern.sub(" ", rest)
        return self.analyse(rest, lang).keys if rest.strip() else frozenset()

    def passage(self, passage_id: str) -> Passage | None:
        return self._passages.get(passage_id)

    def sections_of(self, intent: Intent) -> tuple[str, ...]:
        if ANY_SECTION in intent.sections:
            return tuple(s.id for s in self.article.sections)
        return intent.sections

    # -- the decision ----------------------------------------------------------

    def _decide(self, text: str, state: ConversationState, lang: str | None) -> Decision:
        analysis = unnegated(unrestricted(self.analyse(text, lang, state.lang), self.topical), self.topical)
        ranking = self.scorer.rank(analysis)
        # Until an answer is found, the reply is a refusal, as sure as the best intent is unsure.
        decision = Decision(analysis, ranking, "fallback", round(1 - confidence(ranking), 3))
        topic = self.rules.intents.get(state.topic) if state.topic else None
        move = moves.detect(self, analysis, state, topic, self._elsewhere(ranking, analysis, state, topic))
        if move and (topic or move in ("ack", "position", *moves.READING)):
            return moves.apply(self, decision, state, topic, move)
        asked = questions(analysis)
        if len(asked) < 2:
            return self._answer(decision, state, topic)
        return self._two(decision, asked, state, topic)

    def _elsewhere(self, ranking: list[Scored], analysis: Analysis, state: ConversationState,
                   topic: Intent | None) -> bool:
        """Whether the message names a topic found in other parts of the article than the current one."""
        if topic is None or not any(c in self.topical and c not in topic.concepts for c in analysis.core):
            return False
        best = self._choose(analysis, ranking)
        return best is not None and not set(self.sections_of(best.intent)) & set(state.sections)

    def _two(self, decision: Decision, asked: list, state: ConversationState, topic: Intent | None) -> Decision:
        """Two questions in one message: an answer to each, or to the one the article answers."""
        parts = []
        for i, spans in enumerate((asked[0], [s for group in asked[1:] for s in group])):
            part = focus(decision.analysis, spans, self.known)
            named = part.core & self.topical
            # "..., tu peux me résumer ?", "résume-moi ça : la conclusion": a summary of what the other part names.
            summary = bool(named) and named <= FRAMING
            # ...but a second part asking of something unknown is a question of its own ("Also, who translated it?").
            if i and (not named and part.unexplained < OWN_QUESTION or summary) or not i and summary:
                if self.matches("why", plain(part.question)):
                    return self._answer(decision, state, topic, why=True)  # "..., and why?"
                kinds = scope.asked(part, self.answer_types)
                if not kinds or not part.content and all(k.kind.near for k in kinds):
                    # "..., any idea?", "des médicaments ? lesquels ?": one question after all
                    return self._answer(decision, state, topic)
            ranking = self.scorer.rank(part)
            parts.append(self._answer(Decision(part, ranking, "fallback", decision.confidence), state, topic))
        first, second = parts
        if first.intent == "fallback" and (second.intent == "fallback" or not second.analysis.core & self.topical):
            # "Où enseigne-t-il ? Dans quelle université ?": a second part that names nothing of its own
            # asks again what the first asked.
            return replace(first, analysis=decision.analysis)
        if "fallback" in (first.intent, second.intent):
            answered = second if first.intent == "fallback" else first
            return replace(answered, analysis=decision.analysis, unanswered=True)
        if first.chosen is second.chosen and set(first.quotes) == set(second.quotes):
            return replace(first, analysis=decision.analysis)
        return replace(first, analysis=decision.analysis, second=second)

    def _answer(self, decision: Decision, state: ConversationState, topic: Intent | None,
                why: bool = False) -> Decision:
        """A question answered from the article, or refused."""
        analysis, ranking = decision.analysis, decision.ranking
        blank = BLANK.search(analysis.text) is not None  # a sentence to complete ("Comment ChatGPT accentue la ___")
        questioned = not blank and self._title_questioned(analysis)  # "why does the headline say ChatGPT widens..."
        body = self._named_in_body(analysis) if questioned else []
        if body:  # "the title names ChatGPT: where does it show up in the text?"
            return self._mention(decision, body, 0.5)
        if self.matches("task", plain(analysis.question)) and not analysis.core & FRAMING:
            # "write me a poem", "comment on dit « fonds publics » en anglais ?"
            return self._refuse(decision, "it asks for a task to do, not about the article")
        cited = [] if questioned else self._citing(analysis)
        # "que signifie ici « tribune » ?": where the article says it, unless more is asked than where
        # ("what is a 'tribune'?", "what else than « prometteuse »?"): then it is a question like any other.
        # A sentence to complete asks for what fills its hole, which the sentence quoted gives.
        kinds = scope.asked(analysis, self.answer_types)  # the kinds of answer asked for: a date, a price...
        if cited and CITED in self.rules.intents and not (kinds and not blank and not scope.answer(
                analysis, kinds, [Ranked(p, 1.0) for p in cited], self.index, self.names, self.article.lang)[0]):
            return self._mention(decision, cited, 1.0)
        chosen = self._choose(analysis, ranking)
        # A title states, the body explains: asked why or who of what the title names, the body answers.
        questioned = questioned or chosen is not None and chosen.intent.kind == "answer" \
            and set(self.sections_of(chosen.intent)) == {moves.INTRODUCTION} and TITLE not in analysis.concepts \
            and not AUTHOR & analysis.core \
            and any(self.matches("why", c) or self.matches("agent", c) for c in analysis.asked)
        if chosen and questioned:  # the intent of the body that weighs what is named, else the next best
            named = analysis.core & self.topical
            body = [r for r in ranking if r.intent.kind == "answer" and r.score >= MIN_SCORE
                    and set(self.sections_of(r.intent)) - {moves.INTRODUCTION}]
            chosen = next((r for r in body if named & r.intent.concepts.keys()), body[0] if body else chosen)
        named = self._naming(analysis) if chosen is None and CITED in self.rules.intents else []
        if named:  # "OpenAI ?": where the article names it, unless more is asked than where ("what is OpenAI?")
            quotes, reason = scope.answer(analysis, kinds, [Ranked(p, 1.0) for p in named], self.index, self.names,
                                          self.article.lang) if kinds else (named, "")
            return self._refuse(decision, reason) if reason else self._mention(decision, quotes, 0.5)
        anaphoric = chosen is None and topic is not None and topic.kind == "answer" and state.quoting \
            and self._anaphoric(analysis)
        if anaphoric:  # "genre combien ?", "et ça touche qui ?": asked of what was just quoted
            chosen = Scored(topic, MIN_SCORE, {"follows": topic.name})
        if chosen is None:
            decision.reason = "no intent matched" if not ranking else "the best intent's evidence is too weak"
            return decision
        decision.chosen, decision.intent = chosen.intent, chosen.intent.name
        decision.confidence = confidence(ranking, ranking.index(chosen)) if chosen in ranking else MIN_CONFIDENCE
        if chosen.intent.kind == "smalltalk":
            return decision
        checked = frozenset(w for k in kinds for w in k.checked)
        reason = scope.unexplained(analysis, chosen.score, self.matches("claim", plain(analysis.text)), checked)
        if reason:
            return self._refuse(decision, reason)
        sections = self.sections_of(chosen.intent)
        keys = analysis.keys - {ASK_TERM}  # how the reader asks ("dit", "montre") says nothing of where
        follows = topic and self._follows(chosen.intent, analysis)
        followed = tuple(s for s in sections if s in state.sections) if follows else ()
        if followed:  # "et on fait quoi alors ?": in the topic's part, the passages that speak of what is asked
            sections, keys = followed, keys | {"@" + c for c in chosen.intent.concepts}
        if anaphoric:  # the topic's part, what it is about and what was asked of it
            sections = state.sections or sections
            keys = keys | frozenset(state.keys) | {"@" + c for c in chosen.intent.concepts}
        if AUTHOR & analysis.core and AUTHOR & {c for c, w in chosen.intent.concepts.items() if w >= TOPICAL}:
            keys = keys | self.author_keys  # asked about the author, the passages that name them
        linked = self._linked(analysis)
        if linked:  # "quel rapport entre l'énergie et l'accès ?": wherever the article speaks of both
            sections = tuple(s.id for s in self.article.sections)
        decision.sections = sections
        why = why or self.matches("why", plain(analysis.question))
        # What the title says is given: what the body says of it is asked.
        decision.passages = self._retrieve(analysis, keys - self.title_keys if questioned else keys, sections, why)
        decision.quotes = _best(decision.passages, both=bool(_TWO.search(plain(analysis.question))))
        if chosen.intent.reads and (len(decision.quotes) == 1 or _announces(decision.quotes[0])):
            # A sentence that only announces ("Housing plays a role too.") is followed by what it announces.
            decision.quotes = decision.quotes[:1] + (self._next(decision.quotes[0]) or decision.quotes[1:])
        if FRAMING & chosen.intent.concepts.keys() and len(decision.quotes) == 1:
            decision.quotes += _other_part(decision.passages, decision.quotes[0])
        if ANY_SECTION in chosen.intent.sections and not (decision.passages and decision.passages[0].score > 0):
            return self._refuse(decision, "no passage of the article speaks of it")
        if kinds:
            decision.quotes, reason = scope.answer(analysis, kinds, decision.passages, self.index, self.names,
                                                   self.article.lang)
            if reason and chosen.intent.reads:  # a part drawn from the article may not be the one that holds it
                return self._elsewhere_in(decision, kinds, keys, why) or self._refuse(decision, reason)
            if reason:
                return self._refuse(decision, reason)
        return decision

    def _elsewhere_in(self, decision: Decision, kinds: list, keys: frozenset[str], why: bool) -> Decision | None:
        """The answer of the kind asked for ("how many pupils?") in another part drawn from the article, when
        the one chosen has none: what the question names is often in several parts."""
        drawn = tuple(s for s, i in self.section_intents.items() if i is not None and i.reads)
        passages = self._retrieve(decision.analysis, keys, drawn, why)
        quotes, reason = scope.answer(decision.analysis, kinds, passages, self.index, self.names, self.article.lang)
        if reason:
            return None
        chosen = self.section_intents[quotes[0].section]
        return replace(decision, chosen=chosen, intent=chosen.name, sections=chosen.sections, passages=passages,
                       quotes=quotes)

    def _choose(self, analysis: Analysis, ranking: list[Scored]) -> Scored | None:
        """The best intent; an answer beats small talk when the question names a topic."""
        if not ranking or ranking[0].score < MIN_SCORE:
            return None
        if ranking[0].intent.kind == "smalltalk" and analysis.core & self.topical:
            # ...unless the small talk is far the stronger ("tu en penses quoi, toi ?" asks the bot itself).
            answer = next((r for r in ranking if r.intent.kind == "answer" and r.score >= MIN_SCORE), None)
            return answer if answer and answer.score * SMALLTALK_LEAD > ranking[0].score else ranking[0]
        return ranking[0]

    def _title_questioned(self, analysis: Analysis) -> bool:
        """Whether the reader gives what the title says and asks its grounds or its meaning ("le titre
        parle de fracture numérique, c'est-à-dire ?"): the body answers, not the title again."""
        # "le titre c'était « Comment ChatGPT comble... » ?": a word of the quoted title asks nothing
        return TITLE in analysis.concepts and self.matches("grounds", plain(unquoted(analysis.text))) \
            and (bool(analysis.concepts.keys() & self.topical - {TITLE}) or bool(self._named(analysis)))

    def _named(self, analysis: Analysis) -> list[str]:
        """The article's names the message uses, as the article writes them."""
        return [self.names[t.word] for t in analysis.tokens if t.word in self.names]

    def _named_in_body(self, analysis: Analysis) -> list[Passage]:
        """Where the body names what the message names of the title, when it names no topic besides."""
        if analysis.concepts.keys() & self.topical - {TITLE}:
            return []
        named = self._named(analysis)
        return [p for p in self.article.passages if p.section != moves.INTRODUCTION
                and any(n in p.text for n in named)][:MAX_QUOTES]

    def _anaphoric(self, analysis: Analysis) -> bool:
        """A short question that names no topic of its own ("genre combien ?", "how bad is it?")."""
        return analysis.content <= ANAPHORIC and not analysis.core & self.topical \
            and ("?" in analysis.text or any(s.clause.cue for s in analysis.spans))

    def _follows(self, intent: Intent, analysis: Analysis) -> bool:
        """True when the question names nothing but the intent's neutral concepts ("what should be done?")."""
        named = {c for c in analysis.concepts if c in self.topical}
        return bool(intent.follows_topic) and named <= set(intent.follows_topic)

    def _linked(self, analysis: Analysis) -> frozenset[str]:
        """The topics a question asks the link between ("how are the environment and inequality connected?")."""
        named = analysis.core & self.topical
        if len(named) < 2 or not any(self.matches("relation", c) for c in analysis.asked):
            return frozenset()
        return frozenset("@" + c for c in named)

    def _retrieve(self, analysis: Analysis, keys: frozenset[str], sections: tuple[str, ...], why: bool) -> list[Ranked]:
        """The passages of the sections that rank best on the keys, the last paragraph first among equals when
        the conclusion is asked; for "why...?", those giving a cause first, and for "what is it for?"
        those saying what it is for; for the link between two topics, those speaking of both; for an
        example, those giving some; for what backs a claim, those giving a figure; for where the author
        stands, those weighing both sides; for
        "how much...?", "is it that bad?", those giving a magnitude higher, for "who...?" those naming
        who acts or is affected, for "what does X mean?" those that say what something is; for "only X?",
        those about something else than X first (they settle the question)."""
        ranked = self.index.rank(keys, sections)
        aside = self._sections_about(analysis.restricted) if analysis.restricted else ()
        degree = DEGREE in analysis.core
        who = any(self.matches("agent", c) for c in analysis.asked)
        defining = DEFINITION in analysis.core
        purpose = any(self.matches("purpose", c) for c in analysis.asked)  # "what's the point of public funding?"
        linked = self._linked(analysis)
        example = any(self.matches("example", c) for c in analysis.asked)  # "donne-moi un exemple"
        backing = any(self.matches("evidence", c) for c in analysis.asked)  # "what evidence backs it?"
        verdict = VERDICT in analysis.core  # "is he for or against AI?": the passage weighing both sides
        if CONCLUSION in analysis.core:  # the last paragraph concludes: among equals, it comes first
            ranked.sort(key=lambda r: (-r.score, -r.passage.paragraph))
        if not (why or degree or who or defining or aside or purpose or linked or example or backing or verdict):
            return ranked
        top = max((r.score for r in ranked), default=0.0)
        cause = "@" + moves.CAUSE

        def score(r: Ranked) -> float:
            bonus = 0.0
            if r.score > 0:
                bonus += CAUSE_BONUS * top if why and cause in self.index.terms_at(r.passage) else 0.0
                bonus += CAUSE_BONUS * top if purpose and r.passage.id in self.purposeful else 0.0
                bonus += LINK_BONUS * top if linked and linked <= self.index.terms_at(r.passage).keys() else 0.0
                bonus += ACTOR_BONUS * top if example and r.passage.id in self.exemplary else 0.0
                bonus += DEGREE_BONUS * top if backing and r.passage.id in self.magnitudes else 0.0
                bonus += DEGREE_BONUS * top if verdict and self.index.terms_at(r.passage).keys() >= BALANCE else 0.0
                bonus += DEGREE_BONUS * top if degree and r.passage.id in self.magnitudes else 0.0
                bonus += ACTOR_BONUS * top if who and r.passage.id in self.actors else 0.0
                bonus += ACTOR_BONUS * top if defining and r.passage.id in self.definitions else 0.0
            return (r.score + bonus) * (RESTRICTED_SHARE if r.passage.section in aside else 1.0)
        return sorted((Ranked(r.passage, score(r)) for r in ranked), key=lambda r: -r.score)

    def _next(self, passage: Passage) -> list[Passage]:
        """The sentence after a quoted one in its paragraph: it often gives what the first only
        announces ("Hospitals were the clearest failure." — and why)."""
        i = self._order[passage.id] + 1
        after = self.article.passages[i] if i < len(self.article.passages) else None
        return [after] if after is not None and after.paragraph == passage.paragraph else []

    def _citing(self, analysis: Analysis) -> list[Passage]:
        """The passages holding what the reader quotes from the article: it names them exactly."""
        if not analysis.cited:
            return []
        cited = [p for p in self.article.passages if any(f" {c} " in f" {plain(p.text)} " for c in analysis.cited)]
        # "la partie « Contexte »": a section named by its title opens with what it says.
        titled = [p for p in self.article.passages if p.section != moves.INTRODUCTION
                  and any(f" {c} " in f" {plain(self.section_titles[p.section])} " for c in analysis.cited)]
        # A word the whole article uses ("what does 'generative' mean?") points to no place in it.
        return [] if len(cited) > MAX_QUOTES else (cited or titled)[:MAX_QUOTES]

    def _naming(self, analysis: Analysis) -> list[Passage]:
        """A message that is only a name the article uses ("OpenAI ?", "Bowie?"), maybe with everyday words
        of asking ("openai y est cité ?"): where it names it."""
        asking = {w for phrase in analysis.concepts.get(moves.ASK, ()) for w in phrase.split()}  # "où il parle"
        words = [t.word for s in analysis.spans if s.role == "ask" for t in analysis.tokens[s.start:s.end]
                 if not t.stop and t.typed not in asking]
        if not 0 < len(words) <= BARE_NAME or not all(w in self.names for w in words):
            return []
        written = [self.names[w] for w in words]
        return [p for p in self.article.passages if all(n in p.text for n in written)][:MAX_QUOTES]

    def _sections_about(self, concept: str) -> tuple[str, ...]:
        """The sections of the intent that weighs a concept most: where the article speaks of it."""
        weighing = [i for i in self.intents if i.kind == "answer" and concept in i.concepts]
        return self.sections_of(max(weighing, key=lambda i: i.concepts[concept])) if weighing else ()

    def _mention(self, decision: Decision, passages: list[Passage], sure: float) -> Decision:
        """The answer that quotes where the article says what the message names."""
        decision.chosen, decision.intent, decision.confidence = self.rules.intents[CITED], CITED, sure
        decision.sections, decision.quotes = tuple(dict.fromkeys(p.section for p in passages)), passages
        return decision

    @staticmethod
    def _refuse(decision: Decision, reason: str) -> Decision:
        sure = round(1 - decision.confidence, 3)
        return replace(decision, intent="fallback", chosen=None, quotes=[], confidence=sure, reason=reason)

    # -- replies ---------------------------------------------------------------

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
                "clauses": [{"text": s.clause.text, "role": s.role} for s in a.spans],
                "intents": [{"name": s.intent.name, "score": round(s.score, 3), **s.evidence} for s in d.ranking[:5]],
                "sections": list(d.sections) if d.sections is not None else [],
                "second": d.second.intent if d.second else None,
                "reason": d.reason,
            },
        }

    def reply(self, text: str, state: ConversationState, lang: str | None = None,
              mode: str | None = None) -> tuple[Reply, ConversationState]:
        """Answer one turn; returns the reply and the conversation's next state. `mode` "discussion"
        starts a guided discussion, as "discutons de l'article" does; its turns follow."""
        if mode == discussion.MODE or discussion.starts(self, text):
            return discussion.start(self, text, state, lang)
        if discussion.active(state):
            return discussion.turn(self, text, state, lang)
        if state.discussion and self.matches("recap", plain(text)):  # the recap of a discussion that ended
            return discussion.summary(self, state, lang or state.lang or self.article.lang)
        return compose(self, self._decide(text, state, lang), state)



@lru_cache(maxsize=1024)
def _search(patterns: tuple[re.Pattern, ...]) -> tuple[re.Pattern, frozenset[str]]:
    """A move's patterns as one search, with the words they spell (none: always searched). Cached: every
    article that does not write its own patterns for a move shares the base rules' search."""
    spelt = [literal_words(p.pattern) for p in patterns]
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns)), \
        frozenset().union(*spelt) if all(spelt) else frozenset()


@lru_cache(maxsize=1024)
def _words(text: str) -> frozenset[str]:
    """The words of a text in plain form: one message is tested against many moves."""
    return frozenset(text.split())


def _other_part(ranked: list[Ranked], first: Passage) -> list[Passage]:
    """A summary drawn from several parts of the article: the best passage of another part than the first's."""
    return next(([r.passage] for r in ranked if r.passage.section != first.section
                 and moves.substantive(r.passage)), [])


def _announces(passage: Passage) -> bool:
    """A short sentence that announces what the next one says ("Les employeurs se défendent.")."""
    return len(passage.text.split()) <= ANNOUNCING


def _best(ranked: list[Ranked], both: bool = False) -> list[Passage]:
    """The best passage, and a second that stands out from the rest; asked for two things ("the two
    challenges", "les deux défis", "both"), the second that speaks of them at all."""
    if not ranked:
        return []
    top, floor = ranked[0].score, ranked[-1].score  # a second quote must stand out from the rest
    ratio = 0.0 if both else SECOND_QUOTE_RATIO
    return [r.passage for i, r in enumerate(ranked[:MAX_QUOTES])
            if i == 0 or (r.score > floor and r.score > 0 and r.score >= ratio * top)]

