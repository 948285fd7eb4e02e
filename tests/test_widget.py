"""The widget without a browser: its weight, who may frame the embedded chat, the parent
origin it will talk to, and the page that builds the snippet for site owners."""
from __future__ import annotations

import gzip
import re

import pytest

from chatbot.web.weight import first_visit
from conftest import ARTICLE, make_app

WIDGET_BUDGET = 4 * 1024
EMBED_BUDGET = 30 * 1024


@pytest.fixture
def web(sqlite_app):
    return sqlite_app.test_client()


def locked_app(tmp_path, origins):
    return make_app({"TESTING": True, "EMBED_ORIGINS": origins,
                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'embed.sqlite3'}"}).test_client()


def test_the_widget_script_weighs_at_most_4_kb_gzipped(web):
    size = len(gzip.compress(web.get("/static/widget.js").get_data(), 9))
    print(f"widget.js: {size} bytes gzipped")
    assert size <= WIDGET_BUDGET


def test_the_embedded_chat_with_everything_it_loads_weighs_at_most_30_kb_gzipped(web):
    rows = first_visit(web, f"/embed/{ARTICLE}?origin=https://news.example")
    assert {url.rsplit("/", 1)[-1] for url, _, _ in rows} >= {"site.css", "chat.js", "embed.js"}
    assert sum(packed for _, _, packed in rows) <= EMBED_BUDGET


def test_any_site_may_frame_the_chat_by_default(web):
    policy = web.get(f"/embed/{ARTICLE}").headers["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "X-Frame-Options" not in web.get(f"/embed/{ARTICLE}").headers


def test_only_listed_sites_may_frame_the_chat_when_a_list_is_set(tmp_path):
    client = locked_app(tmp_path, "https://news.example https://blog.example")
    policy = client.get(f"/embed/{ARTICLE}").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://news.example https://blog.example" in policy


@pytest.mark.parametrize("origin, talks", [
    ("https://news.example", True),
    ("https://evil.example", False),
    ("javascript:alert(1)", False),
    ("https://news.example/path", False),
])
def test_the_chat_talks_only_to_a_listed_parent_origin(tmp_path, origin, talks):
    html = locked_app(tmp_path, ["https://news.example"]).get(f"/embed/{ARTICLE}", query_string={"origin": origin})
    found = re.search(r'data-parent-origin="([^"]*)"', html.get_data(as_text=True))
    assert (found.group(1) if found else None) == (origin if talks else None)


def test_the_greeting_replaces_the_welcome_as_text(web):
    html = web.get(f"/embed/{ARTICLE}", query_string={"greeting": "<b>Salut</b> !"}).get_data(as_text=True)
    assert "&lt;b&gt;Salut&lt;/b&gt; !" in html and "<b>Salut</b>" not in html


def test_the_widget_page_builds_the_snippet_from_the_form(web):
    html = web.get("/widget", query_string={"article": ARTICLE, "color": "#aa3300", "position": "left",
                                            "lang": "en"}).get_data(as_text=True)
    code = re.search(r"<code id=\"snippet\">(.*?)</code>", html, re.S).group(1)
    for attribute in (f"data-article=&#34;{ARTICLE}&#34;", "data-color=&#34;#aa3300&#34;",
                      "data-position=&#34;left&#34;", "data-lang=&#34;en&#34;", "/static/widget.js"):
        assert attribute in code
    assert re.search(r'<script src="[^"]*/static/widget\.js" data-article', html), "the live preview"
    for option in ("data-title", "data-open", "data-greeting"):
        assert option in html, "the options are documented"


@pytest.mark.parametrize("query", [{"color": "red;}</style>"}, {"position": "top"}, {"article": "nope"}])
def test_the_widget_page_ignores_bad_options(web, query):
    html = web.get("/widget", query_string=query).get_data(as_text=True)
    code = re.search(r"<code id=\"snippet\">(.*?)</code>", html, re.S).group(1)
    assert "data-color=&#34;#0b57a4&#34;" in code and "data-position=&#34;right&#34;" in code
    assert f"data-article=&#34;{ARTICLE}&#34;" in code
