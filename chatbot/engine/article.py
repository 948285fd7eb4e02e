"""Articles: Markdown with TOML front matter, split into sections and passages.

A passage is one sentence of a paragraph, kept verbatim: its text is an exact
substring of the article's plain text, so every quote can be checked.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from .errors import ContentError, read_text

REQUIRED_META = ("title", "author", "lang")
_HEADING_ID = re.compile(r"\s*\{#([a-z0-9-]+)\}\s*$")
# A sentence ends with . ! ? or … followed by a space and an upper-case letter or a quote.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"A-ZÀ-ÖØ-Þ0-9])")
_MARKDOWN = MarkdownIt("commonmark")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Passage:
    id: str
    section: str
    text: str
    paragraph: int  # index of the paragraph in the article, for rendering


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    passages: tuple[Passage, ...]


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    subtitle: str
    author: str
    source: str
    source_url: str
    lang: str
    sections: tuple[Section, ...]
    path: str
    headline: int = 0  # how many passages, at the start, are the title and subtitle

    @property
    def passages(self) -> tuple[Passage, ...]:
        return tuple(p for s in self.sections for p in s.passages)

    @property
    def text(self) -> str:
        """The plain text of the article's body: every quote is a substring of it."""
        paragraphs: dict[int, list[str]] = {}
        for p in self.passages:
            paragraphs.setdefault(p.paragraph, []).append(p.text)
        return "\n\n".join(" ".join(sentences) for sentences in paragraphs.values())

    def paragraphs(self, section: Section) -> list[list[Passage]]:
        """The section's body passages grouped by paragraph (the headline left out)."""
        grouped: dict[int, list[Passage]] = {}
        for p in section.passages:
            if p.paragraph >= self.headline:
                grouped.setdefault(p.paragraph, []).append(p)
        return list(grouped.values())


def split_sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s]


def _front_matter(source: str, path: str) -> tuple[dict, str, int]:
    lines = source.split("\n")
    if not lines or lines[0].strip() != "+++":
        raise ContentError(path, 1, "an article starts with TOML front matter between '+++' lines")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        raise ContentError(path, 1, "front matter is not closed by a '+++' line") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as e:
        line = int(m.group(1)) + 1 if (m := re.search(r"line (\d+)", str(e))) else 1
        raise ContentError(path, line, f"front matter: {e}") from None
    for key in REQUIRED_META:
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            raise ContentError(path, 1, f"front matter needs a non-empty '{key}'")
    return meta, "\n".join(lines[end + 1:]), end + 1


def _plain(inline) -> str:
    """The visible text of an inline token: link targets and emphasis marks dropped."""
    parts = []
    for child in inline.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return _SPACES.sub(" ", "".join(parts)).strip()


def _slugify(title: str) -> str:
    from .text import fold  # local: text loads stemmers, not needed to read metadata

    return re.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-") or "section"


def load_article(path: Path, slug: str) -> Article:
    """Read an article file; raise ContentError with its line on a mistake."""
    source = read_text(path)
    meta, body, offset = _front_matter(source, str(path))
    # The headline (title, then subtitle) is part of the text readers may ask about.
    headline = [line for line in (meta["title"], meta.get("subtitle", "")) if line.strip()]
    intro = [Passage(f"introduction-{i + 1}", "introduction", line.strip(), i) for i, line in enumerate(headline)]
    sections: list[tuple[str, str, list[Passage]]] = [("introduction", "Introduction", list(intro))]
    tokens = _MARKDOWN.parse(body)
    paragraph = len(intro)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            title = tokens[i + 1].content
            if m := _HEADING_ID.search(title):
                title, section_id = title[: m.start()], m.group(1)
            else:
                section_id = _slugify(title)
            if any(s[0] == section_id for s in sections):
                raise ContentError(str(path), token.map[0] + offset + 1, f"section id '{section_id}' is used twice")
            sections.append((section_id, title.strip(), []))
        elif token.type == "paragraph_open":
            section_id, _, passages = sections[-1]
            for sentence in split_sentences(_plain(tokens[i + 1])):
                passages.append(Passage(f"{section_id}-{len(passages) + 1}", section_id, sentence, paragraph))
            paragraph += 1
    built = tuple(Section(sid, title, tuple(ps)) for sid, title, ps in sections if ps)
    if paragraph == len(intro):
        raise ContentError(str(path), offset + 1, "the article has no paragraph")
    return Article(
        slug=slug,
        title=meta["title"],
        subtitle=meta.get("subtitle", ""),
        author=meta["author"],
        source=meta.get("source", ""),
        source_url=meta.get("source_url", ""),
        lang=meta["lang"],
        sections=built,
        path=str(path),
        headline=len(intro),
    )
