"""The chat page in a real Chromium: asking, quotes and their links, suggestions, history,
keyboard use, no JavaScript, hostile input, plain-words errors, accessibility, screenshots."""
from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ARTICLE, ARTIFACTS

QUESTION = "Combien de CO2 produit l'entraînement d'un modèle ?"


def ask(page, text: str, replies_before: int | None = None):
    """Type a question, press Enter, wait for the bot's answer; return the new bot message."""
    bots = page.locator(".msg-bot")
    count = bots.count() if replies_before is None else replies_before
    page.fill("#message", text)
    page.press("#message", "Enter")
    page.wait_for_function("n => document.querySelectorAll('.msg-bot').length > n", arg=count)
    return bots.nth(count)


def test_asking_shows_the_quote_with_its_section_and_link(page, live_server):
    page.goto(live_server.url)
    reply = ask(page, QUESTION)
    quote = reply.locator("blockquote").first
    assert "284 tonnes" in quote.inner_text()
    assert "L'impact environnemental" in reply.locator("figcaption").first.inner_text()
    link = reply.locator("a.quote-link").first
    assert re.search(rf"/articles/{ARTICLE}#environnement-\d$", link.get_attribute("href"))
    assert reply.locator(".prompt").inner_text().strip().endswith("?")
    assert page.locator(".msg-user").last.inner_text().strip().endswith(QUESTION)


def test_following_a_quote_link_shows_the_passage_highlighted(page, context, live_server):
    page.goto(live_server.url)
    reply = ask(page, QUESTION)
    with context.expect_page() as opened:
        reply.locator("a.quote-link").first.click()
    article = opened.value
    article.wait_for_load_state()
    passage_id = urlsplit(article.url).fragment
    passage = article.locator(f"#{passage_id}")
    assert "284 tonnes" in passage.inner_text()
    highlighted = passage.evaluate("el => getComputedStyle(el).backgroundColor")
    plain = article.locator(".passage:not(:target)").first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert highlighted != plain
    assert passage.is_visible()


def test_a_suggestion_sends_itself_and_only_the_latest_replys_stay_active(page, live_server):
    page.goto(live_server.url)
    reply = ask(page, "Quel est l'impact environnemental de l'IA ?")
    chip = reply.locator(".chip").first
    text = chip.inner_text()
    chip.click()
    page.wait_for_function("() => document.querySelectorAll('.msg-bot').length > 2")
    assert page.locator(".msg-user").last.inner_text().strip().endswith(text)
    assert chip.is_visible() and chip.is_disabled(), "an earlier reply's suggestion stays, inactive"
    latest = page.locator(".msg-bot").last.locator(".chip")
    assert latest.count() and all(latest.nth(i).is_enabled() for i in range(latest.count()))
    page.reload()  # ...and so after a reload, from the conversation's history
    page.wait_for_function("() => document.querySelectorAll('.msg-bot').length > 2")
    assert page.locator(".msg-bot").nth(1).locator(".chip").first.is_disabled()
    assert page.locator(".msg-bot").last.locator(".chip").first.is_enabled()


def test_the_conversation_survives_a_reload(page, live_server):
    page.goto(live_server.url)
    ask(page, QUESTION)
    ask(page, "pourquoi ?")
    page.reload()
    page.wait_for_function("() => document.querySelectorAll('.msg-user').length == 2")
    assert "284 tonnes" in page.locator(".log").inner_text()
    ask(page, "continue")
    assert page.locator(".msg-user").count() == 3
    page.click("#new")
    assert page.locator(".msg-user").count() == 0
    page.reload()
    page.wait_for_timeout(300)
    assert page.locator(".msg-user").count() == 0


def test_the_chat_works_by_keyboard_alone(page, live_server):
    page.goto(live_server.url)
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("Qui a écrit cette tribune ?")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.msg-bot').length > 1")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'message'")
    for _ in range(40):  # Tab forward until a suggestion of the reply has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('chip') && "
                         "document.activeElement.closest('.msg-bot') !== document.querySelector('.welcome')"):
            break
    else:
        pytest.fail("no suggestion of the reply could be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused control shows a visible focus"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.msg-bot').length > 2")


def test_without_javascript_the_form_posts_and_the_conversation_shows_again(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server.url)
        page.fill("#message", QUESTION)
        page.click("button.send")
        page.wait_for_load_state()
        assert "c=" in page.url
        assert "284 tonnes" in page.locator(".msg-bot").last.inner_text()
        page.locator(".msg-bot").last.locator(".chip").first.click()
        page.wait_for_load_state()
        assert page.locator(".msg-user").count() == 2
        page.fill("#message", "et la conclusion ?")
        page.click("button.send")
        page.wait_for_load_state()
        assert page.locator(".msg-user").count() == 3
        assert "En somme" in page.locator(".msg-bot").last.inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_hostile_markup_shows_literally_and_runs_nothing(browser, live_server, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hostile = "<img src=x onerror=alert(1)>"
    try:
        page.goto(live_server.url)
        page.fill("#message", hostile)
        page.click("button.send")
        page.wait_for_function("() => document.querySelectorAll('.msg-user').length > 0")
        page.wait_for_timeout(300)
        assert page.locator(".msg-user .msg-text").last.inner_text() == hostile
        assert page.locator(".log img").count() == 0
        assert dialogs == []
    finally:
        context.close()


@pytest.mark.parametrize("status, body, words", [
    (429, {"status": 429, "detail": "60 per 1 minute"}, "attendez un instant"),
    (422, {"status": 422, "detail": "'message' must be at most 1000 characters long."}, "trop long"),
    (500, {"status": 500, "detail": "Internal Server Error"}, "Le serveur ne répond pas"),
    (503, {"status": 503, "detail": "The database is unavailable"}, "Le serveur ne répond pas"),
    (409, {"status": 409, "detail": "This conversation has reached its limit of 200 turns."}, "commencez-en"),
])
def test_api_errors_are_shown_in_plain_words(page, live_server, status, body, words):
    page.route("**/api/v1/chat", lambda route: route.fulfill(
        status=status, content_type="application/problem+json", body=json.dumps(body)))
    page.goto(live_server.url)
    page.fill("#message", "bonjour")
    page.press("#message", "Enter")
    error = page.locator("#error")
    error.wait_for(state="visible")
    assert words in error.inner_text()
    assert page.locator("#typing").is_hidden()
    assert page.locator("button.send").is_enabled()


def test_a_network_failure_is_shown_in_plain_words(page, live_server):
    page.route("**/api/v1/chat", lambda route: route.abort())
    page.goto(live_server.url)
    page.fill("#message", "bonjour")
    page.press("#message", "Enter")
    page.locator("#error").wait_for(state="visible")
    assert "Connexion impossible" in page.locator("#error").inner_text()


def test_a_lost_answer_is_asked_again_with_the_same_key_and_stored_once(page, live_server):
    keys = []

    def lose_the_first_answer(route):
        keys.append(route.request.headers.get("idempotency-key"))
        response = route.fetch()  # the server answers and stores the turn...
        if len(keys) == 1:
            route.abort()  # ...but the answer never reaches the reader
        else:
            route.fulfill(response=response)

    page.route("**/api/v1/chat", lose_the_first_answer)
    page.goto(live_server.url)
    reply = ask(page, QUESTION)
    assert "284 tonnes" in reply.inner_text()
    assert len(keys) == 2 and keys[0] == keys[1] and re.fullmatch(r"[0-9a-f]{32}", keys[0])
    conversation = page.evaluate("() => localStorage.getItem(Object.keys(localStorage)[0])")
    turns = page.request.get(f"{live_server.url}/api/v1/conversations/{conversation}").json()["turns"]
    assert [t["message"] for t in turns] == [QUESTION]


def test_a_typing_indicator_shows_while_waiting(page, live_server):
    held = []
    page.route("**/api/v1/chat", lambda route: held.append(route))
    page.goto(live_server.url)
    page.fill("#message", QUESTION)
    page.press("#message", "Enter")
    page.wait_for_function("() => !document.getElementById('typing').hidden")
    page.wait_for_timeout(100)
    held[0].continue_()
    page.wait_for_function("() => document.getElementById('typing').hidden")


def test_the_interface_speaks_english_when_the_browser_prefers_it(browser, live_server):
    context = browser.new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"})
    page = context.new_page()
    try:
        page.goto(live_server.url)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator("button.send").inner_text() == "Send"
        reply = ask(page, "How much CO2 does training a model emit?")
        assert "the article" in reply.locator(".msg-text").first.inner_text()
    finally:
        context.close()


def test_pages_load_nothing_from_another_origin(page, live_server):
    origins = set()
    page.on("request", lambda request: origins.add("{0.scheme}://{0.netloc}".format(urlsplit(request.url))))
    page.goto(live_server.url)
    ask(page, QUESTION)
    page.goto(f"{live_server.url}/articles/{ARTICLE}")
    assert origins <= {live_server.url, "data://"}


@pytest.mark.parametrize("path", ["/", f"/articles/{ARTICLE}#environnement-3"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(browser, live_server, path, scheme):
    context = browser.new_context(color_scheme=scheme, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server.url + path)
        if path == "/":
            ask(page, QUESTION)
        results = Axe().run(page)
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
    finally:
        context.close()


@pytest.mark.parametrize("width, height", [(320, 640), (360, 740), (1280, 800)])
def test_screenshots_at_phone_and_desktop_sizes(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server.url)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"chat-{width}x{height}-welcome.png"))
        ask(page, "Quel est l'impact environnemental de l'IA ?")
        page.wait_for_timeout(700)  # let the smooth scroll to the reply end
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, "nothing is wider than the screen"
        page.screenshot(path=str(ARTIFACTS / f"chat-{width}x{height}-reply.png"))
        page.goto(f"{live_server.url}/articles/{ARTICLE}#acces-3")
        page.screenshot(path=str(ARTIFACTS / f"article-{width}x{height}.png"))
    finally:
        context.close()
