"""Loading every article of a content folder: one Bot per article, keyed by slug.

A content folder holds one sub-folder per article, named by its slug, with
`article.md` and, optionally, `rules.toml`. The engine's own `base.toml` (small
talk, dialogue moves, shared texts) lies under every article's rules, and the
rules `derive` draws from the article itself for the sections its rule file
does not cover (for all of them, without one) lie between the two.

Loading reads and checks every file. An article with a mistake is left out, its
`path:line: what is wrong` kept in `errors`, and the others are served; only a
folder where no article loads stops the start-up. An article's bot (the indexes
built from its text and rules) is built when the article is first asked about,
and kept. A server with a thousand articles starts
in seconds and holds the bots of the articles its readers ask about.
"""
from __future__ import annotations

import gc
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import discussion
from .article import Article, load_article
from .bot import Bot
from .derive import derived_rules
from .errors import ContentError
from .rules import Rules, check_references, load_rules
from .shared import Shared, shared

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
DEFAULT_CONTENT = Path(__file__).resolve().parent.parent / "content"


def read_article(folder: Path, common: Shared) -> tuple[Article, Rules]:
    """One article folder -> its article and its own rules, checked; raises ContentError on any mistake."""
    slug = folder.name
    if not SLUG.match(slug):
        raise ContentError(str(folder), 1, f"'{slug}' is not a valid slug (lower-case letters, digits and dashes)")
    if not (folder / "article.md").is_file():
        raise ContentError(str(folder / "article.md"), 1, "missing file")
    article = load_article(folder / "article.md", slug)
    rules = load_rules(folder / "rules.toml") if (folder / "rules.toml").exists() else Rules()
    check_references(common.rules.merged(rules), {s.id for s in article.sections})
    discussion.check(rules.discussion, article)
    return article, rules


def article_rules(article: Article, own: Rules, common: Shared) -> Rules:
    """What a bot answers with: the base rules, under those drawn from the article, under its own."""
    return common.rules.merged(derived_rules(article, own, common)).merged(own)


def load_bot(folder: Path, common: Shared | None = None) -> Bot:
    """One article folder -> a Bot; raises ContentError on any mistake."""
    common = common or shared()
    article, rules = read_article(folder, common)
    return Bot(article, article_rules(article, rules, common), common)


def _stamps(root: Path) -> dict[str, tuple]:
    """Each article folder's files as they stand (size and time of change): what tells a change."""
    stamps = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = []
        for name in ("article.md", "rules.toml"):
            try:
                stat = (folder / name).stat()
                files.append((stat.st_mtime_ns, stat.st_size))
            except FileNotFoundError:
                files.append(None)
        if files[0] is not None:
            stamps[folder.name] = tuple(files)
    return stamps


def _read(root: Path, slugs, common: Shared) -> tuple[dict[str, tuple[Article, Rules]], dict[str, ContentError]]:
    """The articles of these folders, and the mistakes of those left out."""
    articles, errors = {}, {}
    with _collecting_paused():
        for slug in slugs:
            try:
                articles[slug] = read_article(root / slug, common)
            except ContentError as error:
                errors[slug] = error
    return articles, errors


@contextmanager
def _collecting_paused() -> Iterator[None]:
    """Loading makes many objects that all live on: the garbage collector, which would go over
    every one of them again and again as their number grows, waits until it is done."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Library:
    """Every article the server answers about, in slug order; each one's bot built on first use."""

    def __init__(self, articles: dict[str, tuple[Article, Rules]], common: Shared,
                 errors: dict[str, ContentError] | None = None, root: Path | None = None,
                 stamps: dict[str, tuple] | None = None, bots: dict[str, Bot] | None = None):
        self.articles = {slug: article for slug, (article, _) in articles.items()}
        self.errors = errors or {}  # the articles left out, by folder name: what is wrong with each
        self._rules = {slug: rules for slug, (_, rules) in articles.items()}  # each article's own
        self.common = common
        self.root, self.stamps = root, stamps or {}  # the content folder, and its files as they were read
        self._bots: dict[str, Bot] = dict(bots or {})
        self._building = threading.Lock()  # two readers asking at once get the same bot

    @classmethod
    def load(cls, content_dir: Path | str | None = None) -> Library:
        root = Path(content_dir) if content_dir else DEFAULT_CONTENT
        if not root.is_dir():
            raise ContentError(str(root), 1, "content folder not found")
        stamps = _stamps(root)
        if not stamps:
            raise ContentError(str(root), 1, "no article folder (a folder with article.md) found")
        with _collecting_paused():
            common = shared()
            articles, errors = _read(root, stamps, common)
        if not articles:
            raise next(iter(errors.values()))
        return cls(articles, common, errors, root, stamps)

    def reloaded(self) -> Library | None:
        """The library as its content folder now stands, or None when no file changed since it was read.

        Only the articles whose files changed are read again; the others keep their bots. An article
        that broke is left out, as at start-up; one that was removed is gone. Raises OSError when the
        folder cannot be read, and ContentError when no article in it loads: the caller keeps serving
        what it has.
        """
        if self.root is None or not self.root.is_dir():
            raise FileNotFoundError(f"content folder not found: {self.root}")
        stamps = _stamps(self.root)
        if stamps == self.stamps:
            return None
        changed = {slug: stamp for slug, stamp in stamps.items() if self.stamps.get(slug) != stamp}
        articles, errors = _read(self.root, changed, self.common)
        kept = [slug for slug in stamps if slug not in changed]
        articles.update({slug: (self.articles[slug], self._rules[slug]) for slug in kept if slug in self.articles})
        errors.update({slug: self.errors[slug] for slug in kept if slug in self.errors})
        if not articles:  # as at start-up: a folder where no article loads is not served
            raise next(iter(errors.values()), ContentError(str(self.root), 1, "no article folder found"))
        bots = {slug: bot for slug, bot in self._bots.items() if slug in kept}
        return Library(dict(sorted(articles.items())), self.common, errors, self.root, stamps, bots)

    def get(self, slug: str) -> Bot | None:
        bot = self._bots.get(slug)
        if bot is None and slug in self.articles:
            with self._building:
                bot = self._bots.get(slug)
                if bot is None:
                    rules = article_rules(self.articles[slug], self._rules[slug], self.common)
                    bot = self._bots[slug] = Bot(self.articles[slug], rules, self.common)
        return bot

    @property
    def slugs(self) -> list[str]:
        return list(self.articles)
