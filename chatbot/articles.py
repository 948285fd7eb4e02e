"""The articles the app serves: loaded at start-up, and read again when their files change.

Every CONTENT_RELOAD seconds at most, a request first looks whether a file of the content folder
changed (a few `stat` calls per article); if one did, that request reads the changed articles again
and swaps the new library in whole. Requests under way finish with the library they started with,
and other requests go on meanwhile: none waits, none is dropped.
"""
from __future__ import annotations

import logging
import threading
import time

from flask import Flask, current_app

from .engine import Bot, ContentError, Library

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    """Load every article. One with a mistake in its files is left out, its `path:line: message` logged,
    and the others are served; when none loads, the start-up stops with the first mistake."""
    library = Library.load(app.config["CONTENT_DIR"])
    for error in library.errors.values():
        log.error("article left out: %s", error)
    default = app.config["DEFAULT_ARTICLE"]
    if default and library.get(default) is None:
        raise ValueError(f"CHATBOT_DEFAULT_ARTICLE is '{default}', but the articles are: {', '.join(library.slugs)}")
    app.extensions["chatbot.library"] = library
    interval = float(app.config["CONTENT_RELOAD"])
    if interval > 0:
        watcher = Watcher(interval)
        app.before_request(lambda: watcher.look(current_app))


class Watcher:
    """Looks for changed content files at most every `interval` seconds; one request at a time does."""

    def __init__(self, interval: float):
        self.interval, self.due = interval, time.monotonic() + interval
        self.looking = threading.Lock()

    def look(self, app: Flask) -> None:
        if time.monotonic() < self.due or not self.looking.acquire(blocking=False):
            return
        try:
            old = app.extensions["chatbot.library"]
            new = old.reloaded()
            if new is not None:
                app.extensions["chatbot.library"] = new
                _log_changes(old, new)
        except (OSError, ContentError) as error:  # moved, unmounted, or nothing in it loads
            log.error("content folder not served as it stands, articles kept as they were: %s", error)
        except Exception:  # whatever else goes wrong, the articles already read go on being served
            log.exception("looking at the content folder failed; articles kept as they were")
        finally:
            self.due = time.monotonic() + self.interval
            self.looking.release()


def _log_changes(old: Library, new: Library) -> None:
    for slug in sorted(set(new.stamps) | set(old.stamps)):
        if old.stamps.get(slug) == new.stamps.get(slug):
            continue
        if slug in new.errors:
            log.error("article left out: %s", new.errors[slug])
        elif slug not in new.stamps:
            log.info("article removed: %s", slug)
        else:
            log.info("article %s: %s", "read again" if slug in old.stamps else "added", slug)


def library() -> Library:
    return current_app.extensions["chatbot.library"]


def default_slug() -> str:
    return current_app.config["DEFAULT_ARTICLE"] or library().slugs[0]


def get_bot(slug: str) -> Bot | None:
    return library().get(slug)
