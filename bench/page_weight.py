"""First-visit weight of the pages: the chat, the article, the widget's embedded chat (each with its
CSS and JavaScript) and the widget's loader script, gzipped.

    python bench/page_weight.py

Prints figures; asserts nothing (tests/test_pages.py and tests/test_widget.py hold the budgets).
"""
from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chatbot import create_app  # noqa: E402
from chatbot.database import upgrade_schema  # noqa: E402
from chatbot.weight import first_visit  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/weight.sqlite3"})
        upgrade_schema(app)
        client = app.test_client()
        slug = app.extensions["chatbot.library"].slugs[0]
        widget = client.get("/static/widget.js").get_data()
        print(f"/static/widget.js: {len(widget) / 1024:.1f} KB, gzip {len(gzip.compress(widget, 9)) / 1024:.1f} KB")
        for path in ("/", f"/articles/{slug}", f"/embed/{slug}"):
            rows = first_visit(client, path)
            for url, raw, packed in rows:
                print(f"  {url:<50} {raw / 1024:6.1f} KB  gzip {packed / 1024:5.1f} KB")
            packed = sum(size for _, _, size in rows) / 1024
            raw = sum(size for _, size, _ in rows) / 1024
            print(f"{path}: first visit {packed:.1f} KB gzipped ({raw:.1f} KB raw)")


if __name__ == "__main__":
    main()
