"""First-visit weight of the pages: the chat, the article, the widget's embedded chat (each with its
CSS and JavaScript) and the widget's loader script, as they travel to a browser that accepts no
compression (what always travelled before the app compressed), gzip, Brotli or zstd.

    python bench/page_weight.py

Prints figures; asserts nothing (tests/test_pages.py and tests/test_widget.py hold the budgets).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)  # bench/http.py must not hide the standard library's http

from chatbot import create_app  # noqa: E402
from chatbot.storage.database import upgrade_schema  # noqa: E402
from chatbot.web.weight import first_visit, sent  # noqa: E402

ENCODINGS = {"identity": "none", "gzip": "gzip", "br": "brotli", "zstd": "zstd"}  # none: what travelled before
WIDTH = 62


def _kb(size: int) -> str:
    return f"{size / 1024:7.1f} KB"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/weight.sqlite3"})
        upgrade_schema(app)
        client = app.test_client()
        slug = app.extensions["chatbot.library"].slugs[0]
        print(f"{'':<{WIDTH}}" + "".join(f"{label:>10}" for label in ENCODINGS.values()))
        print(f"{'/static/widget.js':<{WIDTH}}"
              + "".join(_kb(sent(client, "/static/widget.js", name)[1]) for name in ENCODINGS))
        for path in ("/", f"/articles/{slug}", f"/embed/{slug}"):
            visits = {name: first_visit(client, path, name) for name in ENCODINGS}
            for i, (url, _, _) in enumerate(visits["identity"]):
                print(f"  {url:<{WIDTH - 2}}" + "".join(_kb(visits[name][i][2]) for name in ENCODINGS))
            print(f"{path + ': first visit':<{WIDTH}}"
                  + "".join(_kb(sum(size for _, _, size in visits[name])) for name in ENCODINGS))


if __name__ == "__main__":
    main()
