"""What a first visit to a page costs: the page and everything it loads, gzipped."""
from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser


class _Assets(HTMLParser):
    """The same-origin scripts and stylesheets a page loads."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.urls.append(attrs["href"])


def first_visit(client, path: str) -> list[tuple[str, int, int]]:
    """(url, bytes, gzipped bytes) for the page at `path` and every asset it loads, through a Flask test client."""
    rows = []
    html = client.get(path).get_data()
    rows.append((path, len(html), len(gzip.compress(html, 9))))
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    for url in parser.urls:
        body = client.get(re.sub(r"^https?://[^/]+", "", url)).get_data()
        rows.append((url, len(body), len(gzip.compress(body, 9))))
    return rows
