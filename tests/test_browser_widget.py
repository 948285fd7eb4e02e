"""The widget on a page of another origin, in a real Chromium: open, ask, quote, Escape,
persistence across page loads, hostile CSS, the JavaScript API and events, who may frame
the chat, and messages from the wrong origin."""
from __future__ import annotations

import pytest

from conftest import ARTICLE, ARTIFACTS, LiveServer, make_app

QUESTION = "Combien de CO2 produit l'entraînement d'un modèle ?"


def snippet(bot_url: str, **data) -> str:
    attributes = " ".join(f'data-{k}="{v}"' for k, v in {"article": ARTICLE, **data}.items())
    return f'<script src="{bot_url}/static/widget.js" {attributes} async></script>'


def launcher(page):
    return page.locator("chatbot-widget").locator("button.launcher")


def chat_frame(page):
    return page.frame_locator("chatbot-widget iframe")


def ask_in_widget(page, text: str):
    frame = chat_frame(page)
    frame.locator("#chat[data-ready]").wait_for(state="attached")  # typed earlier, it would post the form
    before = frame.locator(".msg-bot").count()
    frame.locator("#message").fill(text)
    frame.locator("#message").press("Enter")
    frame.locator(".msg-bot").nth(before).wait_for()
    return frame.locator(".msg-bot").nth(before)


def test_open_ask_close_with_escape_and_find_the_conversation_after_a_reload(page, live_server, host_site):
    url = host_site.page("/article", snippet(live_server.url))
    page.goto(url)
    assert page.locator("chatbot-widget iframe").count() == 0, "nothing heavy before the first open"
    launcher(page).click()
    reply = ask_in_widget(page, QUESTION)
    assert "284 tonnes" in reply.locator("blockquote").first.inner_text()
    chat_frame(page).locator("#message").press("Escape")
    panel = page.locator("chatbot-widget .panel")
    panel.wait_for(state="hidden")
    assert page.evaluate("document.querySelector('chatbot-widget').shadowRoot.activeElement.className") == "launcher"
    page.reload()
    launcher(page).click()
    chat_frame(page).locator(".msg-user").first.wait_for()
    assert QUESTION in chat_frame(page).locator(".msg-user").first.inner_text()


def test_the_launcher_survives_hostile_page_css(page, live_server, host_site):
    hostile = "<style>* { all: unset !important; } button { display: none !important; } div { display: none; }</style>"
    page.goto(host_site.page("/hostile", snippet(live_server.url), head=hostile))
    button = launcher(page)
    assert button.is_visible()
    box = button.bounding_box()
    assert box["width"] > 40 and box["height"] > 30
    assert button.evaluate("b => getComputedStyle(b).position") == "fixed"
    button.click()
    ask_in_widget(page, "Qui a écrit cette tribune ?")


def test_the_widget_css_does_not_leak_into_the_page(page, live_server, host_site):
    page.goto(host_site.page("/plain", "<button id='own'>The site's own button</button>" + snippet(live_server.url)))
    launcher(page).wait_for()
    own = page.locator("#own")
    assert own.evaluate("b => getComputedStyle(b).position") == "static"
    assert own.evaluate("b => getComputedStyle(b).borderRadius") in ("0px", "")


def test_loading_the_script_twice_makes_one_widget(page, live_server, host_site):
    page.goto(host_site.page("/twice", snippet(live_server.url) + snippet(live_server.url)))
    launcher(page).wait_for()
    page.wait_for_timeout(300)
    assert page.locator("chatbot-widget").count() == 1


def test_the_javascript_api_asks_and_reply_events_fire(page, live_server, host_site):
    page.goto(host_site.page("/api", snippet(live_server.url)))
    launcher(page).wait_for()
    page.evaluate("""() => {
        window.seen = [];
        for (const name of ['chatbot:open', 'chatbot:close', 'chatbot:reply'])
            document.addEventListener(name, e => window.seen.push([name, e.detail && e.detail.reply.intent]));
        window.Chatbot.ask("Que propose l'auteur ?");
    }""")
    page.wait_for_function("() => window.seen.some(e => e[0] === 'chatbot:reply')")
    assert page.locator("chatbot-widget .panel").is_visible()
    assert chat_frame(page).locator(".msg-user").first.inner_text().strip().endswith("Que propose l'auteur ?")
    page.evaluate("window.Chatbot.close()")
    seen = page.evaluate("window.seen")
    assert [name for name, _ in seen] == ["chatbot:open", "chatbot:reply", "chatbot:close"]
    assert seen[1][1]["name"] == "proposals"
    assert sorted(page.evaluate("Object.keys(window.Chatbot)")) == ["ask", "close", "open", "toggle"]


def test_options_set_the_language_position_title_and_greeting(page, live_server, host_site):
    url = host_site.page("/options", snippet(live_server.url, lang="en", position="left", title="Ask us",
                                             open="true", greeting="Hi! Ask about the op-ed."))
    page.goto(url)
    frame = chat_frame(page)
    frame.locator(".welcome").wait_for()
    assert "Hi! Ask about the op-ed." in frame.locator(".welcome").inner_text()
    assert frame.locator("button.send").inner_text() == "Send"
    assert launcher(page).get_attribute("aria-label") == "Close the chat", "open from the start: a click closes it"
    assert page.locator("chatbot-widget .title").inner_text() == "Ask us"
    assert launcher(page).bounding_box()["x"] < 100


@pytest.mark.parametrize("width, height, full", [(360, 740, True), (1280, 800, False)])
def test_the_panel_is_a_box_on_desktop_and_full_screen_on_phones(browser, live_server, host_site, width, height, full):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(host_site.page("/size", snippet(live_server.url)))
        launcher(page).click()
        ask_in_widget(page, QUESTION)
        page.wait_for_timeout(500)
        box = page.locator("chatbot-widget .panel").bounding_box()
        if full:
            assert (box["width"], box["height"]) == (width, height)
        else:
            assert (box["width"], box["height"]) == (380, 600)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"widget-{width}x{height}.png"))
    finally:
        context.close()


def test_a_site_not_listed_cannot_frame_the_chat(browser, tmp_path, host_site):
    app = make_app({"TESTING": True, "EMBED_ORIGINS": "https://news.example",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'locked.sqlite3'}"})
    server = LiveServer(app)
    page = browser.new_page()
    try:
        page.goto(host_site.page("/unlisted", snippet(server.url)))
        launcher(page).click()
        page.wait_for_timeout(1500)
        frame = page.locator("chatbot-widget iframe").element_handle().content_frame()
        assert frame.query_selector("#chat") is None, "the browser refused to show the framed chat"
    finally:
        page.close()
        server.stop()


def test_messages_from_another_origin_change_nothing(page, live_server, host_site):
    page.goto(host_site.page("/spoof", snippet(live_server.url)))
    launcher(page).click()
    ask_in_widget(page, QUESTION)
    page.evaluate("""() => {
        window.replies = 0;
        document.addEventListener('chatbot:reply', () => window.replies++);
        window.postMessage({type: 'chatbot:close'}, '*');
        window.postMessage({type: 'chatbot:reply', reply: {text: 'forged'}}, '*');
        window.postMessage('chatbot:close', '*');
    }""")
    page.wait_for_timeout(500)
    assert page.locator("chatbot-widget .panel").is_visible(), "a message from the page's own origin closed nothing"
    assert page.evaluate("window.replies") == 0
    # A third site frames the chat claiming the host's origin; what it posts is ignored.
    third = host_site.page("/third", f"<iframe id='f' src='{live_server.url}/embed/{ARTICLE}?origin={host_site.url}'>"
                                     "</iframe>")
    page.goto(third.replace("127.0.0.1", "localhost"))
    framed = page.frame_locator("#f")
    framed.locator("#message").wait_for()
    page.evaluate("document.getElementById('f').contentWindow.postMessage({type: 'chatbot:ask', text: 'bonjour'}, '*')")
    page.wait_for_timeout(800)
    assert framed.locator(".msg-user").count() == 0


def test_the_loader_defines_no_global_but_chatbot(page, live_server, host_site):
    page.goto(host_site.page("/globals", ""))
    before = set(page.evaluate("Object.keys(window)"))
    page.evaluate("""src => new Promise(done => {
        const script = document.createElement('script');
        script.src = src; script.dataset.article = 'x'; script.onload = done;
        document.body.appendChild(script);
    })""", f"{live_server.url}/static/widget.js")
    assert set(page.evaluate("Object.keys(window)")) - before == {"Chatbot"}


@pytest.mark.parametrize("color, expected", [("#aa3300", "rgb(170, 51, 0)"),
                                             ("red;}.launcher{display:none", "rgb(11, 87, 164)")])
def test_the_colour_option_takes_colours_only(page, live_server, host_site, color, expected):
    page.goto(host_site.page("/colour", snippet(live_server.url, color=color)))
    button = launcher(page)
    assert button.is_visible()
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == expected


def test_a_page_with_its_own_window_chatbot_still_gets_a_working_widget(page, live_server, host_site):
    own = "<script>window.Chatbot = {mine: true};</script>"
    page.goto(host_site.page("/taken", own + snippet(live_server.url)))
    launcher(page).click()
    ask_in_widget(page, QUESTION)
    assert page.evaluate("window.Chatbot.mine") is True


def test_without_data_article_the_widget_opens_the_default_article(page, live_server, host_site):
    page.goto(host_site.page("/bare", f'<script src="{live_server.url}/static/widget.js" async></script>'))
    launcher(page).click()
    assert "284 tonnes" in ask_in_widget(page, QUESTION).inner_text()


def test_the_launcher_says_close_while_the_panel_is_open(page, live_server, host_site):
    page.goto(host_site.page("/article", snippet(live_server.url)))
    button = launcher(page)
    assert button.inner_text().strip() == "Poser une question à l'article"
    button.click()
    page.locator("chatbot-widget .panel").wait_for()
    assert button.inner_text().strip() == "Fermer" and button.get_attribute("aria-expanded") == "true"
    button.click()
    page.locator("chatbot-widget .panel").wait_for(state="hidden")
    assert button.inner_text().strip() == "Poser une question à l'article"
