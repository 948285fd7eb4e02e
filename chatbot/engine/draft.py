"""A starting rule file for an article: what `derive` draws from its text, written out as TOML.

An editor starts from this rather than from a blank page. Served as it is, it answers exactly as the
article does with no rule file; each part is commented with what to change to make it better.
"""
from __future__ import annotations

import json
from collections import Counter

from . import discussion
from .article import Article
from .derive import derived_rules
from .rules import Rules
from .shared import Shared
from .text import fold

FRAME_WORDS = 8  # words of a passage that name it in a drafted rule file
HEADER = """\
# Rules for "{title}", drafted from its text by `flask --app wsgi chatbot draft-rules {slug}`.
#
# As drafted, they answer as the article does with no rule file: each section is an intent that
# answers from it, recognised by the words the section uses more than the rest of the article.
# Make them better (docs/rules.md shows how, and `flask --app wsgi chatbot eval` measures it):
#   - give each concept the other words readers use for it, and its words in the other language;
#   - drop a concept that names no subject of its own, and weigh up those that matter most;
#   - write the answers' framing sentences, the prompts and suggestions as questions of your own.
"""


def draft_rules(article: Article, common: Shared) -> str:
    """The rule file `derive` would serve for `article`, as commented TOML."""
    rules = derived_rules(article, Rules(), common)
    names = _readable_names(rules, common)
    out = [HEADER.format(title=article.title, slug=article.slug)]
    if rules.starters:
        out.append("# The questions offered to a reader who has not asked anything yet.\n[starters]")
        out += [f"{lang} = {_toml(list(texts))}" for lang, texts in rules.starters.items()]
        out.append("")
    out.append("# Concepts: the words, in each language, that name one thing the article speaks of.")
    for name, concept in rules.concepts.items():
        out.append(f"[concepts.{_key(names[name])}]")
        out += [f"{lang} = {_toml(list(terms))}" for lang, terms in concept.terms.items() if terms]
    out.append("")
    for intent in rules.intents.values():
        title = next((s.title for s in article.sections if s.id in intent.sections), intent.name)
        out.append(f"# Questions about \"{title}\": answered from {', '.join(intent.sections)}.")
        out.append(f"[intents.{intent.name}]")
        out.append(f"sections = {_toml(list(intent.sections))}")
        weights = ", ".join(f"{_key(names.get(c, c))} = {w:g}" for c, w in intent.concepts.items())
        out.append(f"concepts = {{ {weights} }}")
        out.append(f"reads = {intent.reads:g}  # how much the words its passages share with a question count")
        if intent.examples:
            out.append(f"examples = {_toml(list(intent.examples))}")
        out.append(f"answer = {{ {', '.join(f'{lang} = {_toml(text)}' for lang, text in intent.answer.items())} }}")
        out += [f"prompts.{lang} = {_toml(list(texts))}" for lang, texts in intent.prompts.items()]
        out += [f"suggestions.{lang} = {_toml(list(texts))}" for lang, texts in intent.suggestions.items() if texts]
        out.append("")
    out += _discussion(article)
    return "\n".join(out)


def _discussion(article: Article) -> list[str]:
    """The guided discussion as served by default, commented out: what an editor may write instead."""
    parts = discussion.outline(article)
    out = ["# The guided discussion (\"Discuter de l'article\") goes through these parts, in this order, each",
           "# opened by a passage, named by a few of its words. Uncomment to choose them, to write each part's",
           "# question, and the passages that support it or challenge it (docs/rules.md shows how).",
           "# [discussion]", f"# order = {_toml([section.id for section, _, _ in parts])}"]
    for section, frame, _ in parts:
        words = " ".join(frame.text.split()[:FRAME_WORDS])
        out += ["#", f"# [discussion.parts.{section.id}]", f"# frame = {_toml(words)}",
                '# prompts = { fr = ["…"], en = ["…"] }', '# support = ["…"]', '# challenge = ["…"]']
    return out + [""]


def _readable_names(rules: Rules, common: Shared) -> dict[str, str]:
    """A name an editor can read for each drawn concept: its commonest word, unless another concept has it."""
    taken = set(common.rules.concepts)
    names = {}
    for name, concept in rules.concepts.items():
        words = Counter(fold(w).replace(" ", "_") for terms in concept.terms.values() for w in terms)
        readable = min(words, key=lambda w: (-words[w], len(w), w)) if words else name.split(":")[-1]
        while readable in taken:
            readable += "_"
        taken.add(readable)
        names[name] = readable
    return names


def _key(name: str) -> str:
    return name if name.replace("_", "").replace("-", "").isalnum() and name.isascii() else _toml(name)


def _toml(value) -> str:
    """A TOML string or array of strings (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)
