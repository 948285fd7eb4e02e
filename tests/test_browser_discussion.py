"""A guided discussion in a real Chromium: on the chat page (with and without JavaScript) and in the
widget on a page of another origin, a reader answers three prompts (agreeing, disagreeing, unsure),
asks a question in between, goes through two parts of the article or more, and reads the recap;
and the words around a reply follow its language. Screenshots at phone and desktop sizes."""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_browser_widget import chat_frame, launcher, snippet

from conftest import ARTIFACTS

QUESTION = "Combien de CO2 produit l'entraînement d'un modèle ?"


def _bot_messages(where):
    return where.locator(".msg-bot")


def _send(where, text: str, chip: bool = False):
    """Answer by a quick-answer chip of the latest reply, or by typing; the bot's new message."""
    bots = _bot_messages(where)
    before = bots.count()
    if chip:
        bots.last.locator(".chip", has_text=text).click()
    else:
        where.locator("#message").fill(text)
        where.locator("#message").press("Enter")
    bots.nth(before).wait_for()
    return bots.nth(before)


def _discuss(where, start, reload=None):
    """Start a discussion, answer it three ways with a question in between, then stop; the replies.
    `reload`, when given, reloads the page midway: the discussion goes on where it stood."""
    before = _bot_messages(where).count()
    start.click()
    _bot_messages(where).nth(before).wait_for()
    opening = _bot_messages(where).nth(before)
    agree = _send(where, "Oui, d'accord", chip=True)
    disagree = _send(where, "pas vraiment")
    if reload:
        reload()
    question = _send(where, QUESTION)
    unsure = _send(where, "Je ne sais pas", chip=True)
    stop = _send(where, "on arrête")
    return opening, agree, disagree, question, unsure, stop


def _check(replies):
    opening, agree, disagree, question, unsure, stop = replies
    assert "Discutons" in opening.locator(".msg-text").inner_text() and opening.locator("blockquote").count()
    for reply in (agree, disagree, unsure):
        assert reply.locator("blockquote").count() and reply.locator(".prompt").count(), reply.inner_text()
    assert "284 tonnes" in question.locator("blockquote").first.inner_text(), "the question is answered"
    sections = {s.strip() for r in replies for s in r.locator(".quote-section").all_inner_texts()}
    assert len(sections) >= 3, f"the discussion moves through the article's parts: {sections}"
    assert stop.locator(".recap-link a").count() == 1


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 800)])
def test_a_reader_discusses_the_article_and_reads_the_recap(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url)
        page.locator("#chat[data-ready]").wait_for(state="attached")
        def reload():
            page.reload()
            page.locator("#chat[data-ready]").wait_for(state="attached")
            _bot_messages(page).nth(3).wait_for()  # the conversation so far, read again from the server

        replies = _discuss(page, page.locator(".chip-discuss"), reload)
        _check(replies)
        ARTIFACTS.mkdir(exist_ok=True)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        page.screenshot(path=str(ARTIFACTS / f"discussion-{width}x{height}.png"))
        serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == [], "the chat after a discussion"
        replies[-1].locator(".recap-link a").click()
        page.locator(".recap").wait_for()
        text = page.locator(".recap").inner_text()
        assert "Résumé de la discussion" in text and "pas vraiment" in text and "d'accord" in text
        assert page.locator(".recap blockquote").count() >= 3
        page.screenshot(path=str(ARTIFACTS / f"recap-{width}x{height}.png"), full_page=True)
        serious = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert serious == []
    finally:
        context.close()


def test_a_reader_discusses_the_article_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(live_server.url)
        before = _bot_messages(page).count()
        page.locator(".chip-discuss").click()
        page.wait_for_load_state()
        assert _bot_messages(page).count() == before + 1
        for text, chip in (("Oui, d'accord", True), ("pas vraiment", False), (QUESTION, False),
                           ("Je ne sais pas", True), ("on arrête", False)):
            if chip:
                _bot_messages(page).last.locator(".chip", has_text=text).click()
            else:
                page.locator("#message").fill(text)
                page.locator("button.send").click()
            page.wait_for_load_state()
        _check([_bot_messages(page).nth(before + i) for i in range(6)])
        older = _bot_messages(page).nth(before + 1).locator(".chip").first
        assert older.is_disabled(), "only the latest reply's quick answers are active"
        _bot_messages(page).last.locator(".recap-link a").click()
        page.wait_for_load_state()
        assert "pas vraiment" in page.locator(".recap").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 800)])
def test_a_reader_discusses_the_article_in_the_widget_on_another_site(browser, live_server, host_site, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(host_site.page("/article", snippet(live_server.url)))
        launcher(page).click()
        frame = chat_frame(page)
        frame.locator("#chat[data-ready]").wait_for(state="attached")
        replies = _discuss(frame, frame.locator(".chip-discuss"))
        _check(replies)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"widget-discussion-{width}x{height}.png"))
        link = replies[-1].locator(".recap-link a")
        assert link.get_attribute("target") == "_blank", "the recap opens beside the site, not in the panel"
        with context.expect_page() as opened:
            link.click()
        recap = opened.value
        recap.wait_for_load_state()
        assert "pas vraiment" in recap.locator(".recap").inner_text()
    finally:
        context.close()


def test_the_words_around_a_reply_follow_its_language_not_the_browsers(page, live_server):
    page.goto(live_server.url)  # a French browser...
    page.locator("#chat[data-ready]").wait_for(state="attached")
    reply = _send(page, "How much CO2 does training a model emit?")  # ...and a reader who writes English
    assert reply.get_attribute("lang") == "en"
    assert reply.locator(".prompt strong").inner_text().strip() == "Your turn:"
    assert reply.locator(".quote-link").first.inner_text().strip() == "Read in the article"
    assert page.locator("html").get_attribute("lang") == "en" and page.locator("button.send").inner_text() == "Send"
    page.reload()  # the server renders it so too
    reply = _bot_messages(page).last
    assert reply.locator(".prompt strong").inner_text().strip() == "Your turn:"
    assert page.locator("button.send").inner_text() == "Send", "the page, read again from the conversation's history"


def test_without_javascript_the_page_speaks_the_conversations_language(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="en-GB",
                                  extra_http_headers={"Accept-Language": "en-GB,en;q=0.9"})
    page = context.new_page()
    try:
        page.goto(live_server.url)
        assert page.locator("button.send").inner_text() == "Send"
        page.locator("#message").fill("Quel est l'impact environnemental de l'IA ?")  # a French reader
        page.locator("button.send").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "fr"
        assert page.locator("button.send").inner_text() == "Envoyer"
        assert page.locator(".msg-bot").last.locator(".prompt strong").inner_text().strip() == "À vous :"
    finally:
        context.close()
