"""What a first visit to a page costs: the page and everything it loads, as they travel."""
from __future__ import annotations

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


def sent(client, url: str, encoding: str = "gzip") -> tuple[bytes, int]:
    """The body at `url`, and how many bytes of it travel to a browser that accepts `encoding`."""
    path = re.sub(r"^https?://[^/]+", "", url)
    body = client.get(path).get_data()
    return body, len(client.get(path, headers={"Accept-Encoding": encoding}).get_data())


def first_visit(client, path: str, encoding: str = "gzip") -> list[tuple[str, int, int]]:
    """(url, bytes, bytes sent) for the page at `path` and every asset it loads, through a Flask test client,
    to a browser that accepts `encoding` (`gzip`, `br`, `zstd`; `identity` for none)."""
    html, size = sent(client, path, encoding)
    rows = [(path, len(html), size)]
    parser = _Assets()
    parser.feed(html.decode("utf-8"))
    for url in parser.urls:
        body, size = sent(client, url, encoding)
        rows.append((url, len(body), size))
    return rows
