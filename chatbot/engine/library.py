"""Loading every article of a content folder: one Bot per article, keyed by slug.

A content folder holds one sub-folder per article, named by its slug, with
`article.md` and `rules.toml`. The engine's own `base.toml` (small talk,
dialogue moves, shared texts) lies under every article's rules.
"""
from __future__ import annotations

import re
from pathlib import Path

from .article import load_article
from .bot import Bot
from .errors import ContentError
from .rules import load_rules
from .shared import Shared, shared

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "content"


def load_bot(folder: Path, common: Shared | None = None) -> Bot:
    """One article folder -> a Bot; raises ContentError on any mistake."""
    slug = folder.name
    if not SLUG.match(slug):
        raise ContentError(str(folder), 1, f"'{slug}' is not a valid slug (lower-case letters, digits and dashes)")
    for name in ("article.md", "rules.toml"):
        if not (folder / name).is_file():
            raise ContentError(str(folder / name), 1, "missing file")
    article = load_article(folder / "article.md", slug)
    common = common or shared()
    return Bot(article, common.rules.merged(load_rules(folder / "rules.toml")), common)


class Library:
    """Every article the server answers about, in slug order."""

    def __init__(self, bots: dict[str, Bot]):
        self.bots = bots

    @classmethod
    def load(cls, content_dir: Path | str | None = None) -> Library:
        root = Path(content_dir) if content_dir else DEFAULT_CONTENT
        if not root.is_dir():
            raise ContentError(str(root), 1, "content folder not found")
        folders = sorted(p for p in root.iterdir() if p.is_dir() and (p / "article.md").exists())
        if not folders:
            raise ContentError(str(root), 1, "no article folder (a folder with article.md) found")
        common = shared()
        return cls({f.name: load_bot(f, common) for f in folders})

    def get(self, slug: str) -> Bot | None:
        return self.bots.get(slug)

    @property
    def slugs(self) -> list[str]:
        return list(self.bots)
