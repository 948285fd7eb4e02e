"""Feedback on replies and erasing a conversation, in a real Chromium: the vote buttons on the chat page
with and without JavaScript and in the widget on another site, "not useful" with a comment, the votes
shown again after a reload, errors in plain words, erasing, accessibility, screenshots."""
from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ARTICLE, ARTIFACTS

QUESTION = "Combien de CO2 produit l'entraînement d'un modèle ?"
COMMENT = "Je voulais le chiffre de l'usage, pas de l'entraînement."


def ask(where, text: str):
    """Type a question, press Enter, wait for the bot's answer; return the new bot message."""
    where.locator("#chat[data-ready]").wait_for(state="attached")
    bots = where.locator(".msg-bot")
    before = bots.count()
    where.locator("#message").fill(text)
    where.locator("#message").press("Enter")
    bots.nth(before).wait_for()
    return bots.nth(before)


def button(reply, name: str):
    return reply.get_by_role("button", name=name, exact=True)


def pressed(reply) -> list[str]:
    """The vote buttons the reader sees pressed."""
    buttons = reply.locator(".feedback button[aria-pressed=true]")
    return [buttons.nth(i).inner_text().replace("✓", "").strip() for i in range(buttons.count())]


def stored(page, server_url: str, conversation_id: str) -> list:
    turns = page.request.get(f"{server_url}/api/v1/conversations/{conversation_id}").json()["turns"]
    return [turn["feedback"] for turn in turns]


def conversation_id(page) -> str:
    return page.evaluate(f"localStorage.getItem('chatbot:conversation:{ARTICLE}')")


def serious_violations(page) -> list:
    results = Axe().run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_a_vote_and_a_comment_are_sent_shown_and_found_again_after_a_reload(page, live_server):
    page.goto(live_server.url)
    assert page.locator(".welcome .feedback").count() == 0, "no vote on the welcome message"
    reply = ask(page, QUESTION)
    group = reply.get_by_role("group", name="Cette réponse vous a-t-elle aidé ?")
    assert group.is_visible()
    assert pressed(reply) == [] and reply.locator("textarea").is_hidden()

    button(reply, "Utile").click()
    status = reply.get_by_role("status")
    status.filter(has_text="Merci pour votre avis.").wait_for()
    assert pressed(reply) == ["Utile"]
    assert stored(page, live_server.url, conversation_id(page)) == [{"useful": True, "comment": None}]

    button(reply, "Pas utile").click()  # the reader changes their mind
    comment = reply.get_by_label("Qu'est-ce qui n'allait pas ? (facultatif)")
    comment.wait_for()
    assert pressed(reply) == ["Pas utile"]
    assert comment.get_attribute("maxlength") == "1000"
    comment.fill(COMMENT)
    button(reply, "Envoyer le commentaire").click()
    status.filter(has_text="Merci, votre commentaire est enregistré.").wait_for()
    assert stored(page, live_server.url, conversation_id(page)) == [{"useful": False, "comment": COMMENT}]

    second = ask(page, "pourquoi ?")
    button(second, "Utile").click()
    second.get_by_role("status").filter(has_text="Merci").wait_for()

    page.reload()  # the conversation comes back from the API, votes and comment with it
    page.locator(".msg-bot").nth(2).wait_for()
    first, second = page.locator(".msg-bot").nth(1), page.locator(".msg-bot").nth(2)
    assert pressed(first) == ["Pas utile"] and pressed(second) == ["Utile"]
    assert first.locator("textarea").input_value() == COMMENT and first.locator("textarea").is_visible()
    assert second.locator("textarea").is_hidden()
    assert first.get_by_role("status").inner_text() == "", "thanks are for a vote just given"
    button(first, "Utile").click()  # and it can still be changed
    first.get_by_role("status").filter(has_text="Merci").wait_for()
    assert first.locator("textarea").is_hidden()
    assert stored(page, live_server.url, conversation_id(page))[0] == {"useful": True, "comment": None}


def test_the_vote_buttons_work_by_keyboard_and_show_their_focus(page, live_server):
    page.goto(live_server.url)
    reply = ask(page, QUESTION)
    button(reply, "Pas utile").focus()
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    reply.get_by_role("status").filter(has_text="Merci").wait_for()
    page.keyboard.press("Tab")  # from the vote straight to its comment field
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type("Trop court.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    reply.get_by_role("status").filter(has_text="commentaire est enregistré").wait_for()
    assert stored(page, live_server.url, conversation_id(page)) == [{"useful": False, "comment": "Trop court."}]


def test_the_vote_buttons_speak_the_replys_language(page, live_server):
    page.goto(live_server.url)  # a French page...
    reply = ask(page, "How much CO2 does training a model emit?")  # ...an English reply
    assert reply.get_by_role("group", name="Did this answer help you?").is_visible()
    button(reply, "Not useful").click()
    reply.get_by_role("status").filter(has_text="Thank you for your feedback.").wait_for()
    assert reply.get_by_label("What was wrong with it? (optional)").is_visible()


@pytest.mark.parametrize("failure, words", [
    ({"status": 500}, "Le serveur ne répond pas"),
    ({"status": 429}, "attendez un instant"),
    ({"status": 404}, "n'existe plus"),
    (None, "Connexion impossible"),
])
def test_a_vote_that_fails_says_so_in_plain_words_and_shows_no_vote(page, live_server, failure, words):
    def fail(route):
        if failure is None:
            route.abort()
        else:
            route.fulfill(status=failure["status"], content_type="application/problem+json",
                          body=json.dumps({"status": failure["status"], "detail": "no"}))

    page.route("**/feedback", fail)
    page.goto(live_server.url)
    reply = ask(page, QUESTION)
    button(reply, "Utile").click()
    error = page.locator("#error")
    error.wait_for(state="visible")
    assert words in error.inner_text()
    assert pressed(reply) == [] and reply.get_by_role("status").inner_text() == ""
    assert button(reply, "Utile").is_enabled(), "the reader can try again"


def test_without_javascript_the_vote_forms_post_and_the_page_shows_the_vote(browser, live_server):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server.url)
        page.fill("#message", QUESTION)
        page.click("button.send")
        page.wait_for_load_state()
        reply = page.locator(".msg-bot").last
        assert reply.locator("textarea").is_hidden()
        button(reply, "Pas utile").click()
        page.wait_for_load_state()
        assert page.url.endswith("#turn-1")
        reply = page.locator("#turn-1")
        assert pressed(reply) == ["Pas utile"]
        assert reply.get_by_role("status").inner_text() == "Merci pour votre avis."
        reply.get_by_label("Qu'est-ce qui n'allait pas ? (facultatif)").fill(COMMENT)
        button(reply, "Envoyer le commentaire").click()
        page.wait_for_load_state()
        reply = page.locator("#turn-1")
        assert reply.get_by_role("status").inner_text() == "Merci, votre commentaire est enregistré."
        page.reload()
        reply = page.locator("#turn-1")
        assert pressed(reply) == ["Pas utile"] and reply.locator("textarea").input_value() == COMMENT
        assert reply.get_by_role("status").inner_text() == ""
        conversation = page.url.split("c=")[1].split("#")[0]
        assert stored(page, live_server.url, conversation) == [{"useful": False, "comment": COMMENT}]

        page.locator("#erase summary").click()  # erasing, without JavaScript too
        assert "supprimées du serveur" in page.locator("#erase").inner_text()
        page.get_by_role("button", name="Effacer définitivement").click()
        page.wait_for_load_state()
        assert page.locator("#notice").inner_text() == "Conversation effacée."
        assert page.locator(".msg-user").count() == 0 and "c=" not in page.url
        assert page.request.get(f"{live_server.url}/api/v1/conversations/{conversation}").status == 404
    finally:
        context.close()


def test_erasing_the_conversation_deletes_it_and_starts_afresh(page, live_server):
    page.goto(live_server.url)
    assert page.locator("#erase").is_hidden(), "nothing to erase yet"
    ask(page, QUESTION)
    conversation = conversation_id(page)
    page.locator("#erase summary").click()
    assert page.locator("#erase-what").is_visible()
    page.get_by_role("button", name="Effacer définitivement").click()
    page.locator("#notice").filter(has_text="Conversation effacée.").wait_for()
    assert page.locator(".msg-user").count() == 0 and page.locator(".msg-bot").count() == 1, "the welcome alone"
    assert page.locator(".welcome .chip").first.is_enabled(), "the starters can be clicked again"
    assert page.locator("#erase").is_hidden()
    assert page.request.get(f"{live_server.url}/api/v1/conversations/{conversation}").status == 404
    page.reload()
    page.wait_for_timeout(300)
    assert page.locator(".msg-user").count() == 0
    ask(page, "Que propose l'auteur ?")  # a new conversation
    assert conversation_id(page) not in (None, conversation)


def widget(page, live_server, host_site):
    snippet = f'<script src="{live_server.url}/static/widget.js" data-article="{ARTICLE}" async></script>'
    page.goto(host_site.page("/article", snippet))
    page.locator("chatbot-widget").locator("button.launcher").click()
    return page.frame_locator("chatbot-widget iframe")


def test_in_the_widget_a_reader_votes_comments_and_erases(page, live_server, host_site):
    frame = widget(page, live_server, host_site)
    reply = ask(frame, QUESTION)
    button(reply, "Pas utile").click()
    reply.get_by_role("status").filter(has_text="Merci").wait_for()
    reply.get_by_label("Qu'est-ce qui n'allait pas ? (facultatif)").fill(COMMENT)
    button(reply, "Envoyer le commentaire").click()
    reply.get_by_role("status").filter(has_text="commentaire est enregistré").wait_for()
    conversation = frame.locator("#chat").evaluate(f"() => localStorage.getItem('chatbot:conversation:{ARTICLE}')")
    assert stored(page, live_server.url, conversation) == [{"useful": False, "comment": COMMENT}]
    assert page.context.cookies(live_server.url) == [], "the widget sets no cookie"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "feedback-widget.png"))

    page.reload()  # the conversation carries on across page loads, votes with it
    frame = widget(page, live_server, host_site)
    reply = frame.locator(".msg-bot").nth(1)
    reply.wait_for()
    assert pressed(reply) == ["Pas utile"] and reply.locator("textarea").input_value() == COMMENT

    frame.locator("#erase summary").click()
    frame.get_by_role("button", name="Effacer définitivement").click()
    frame.locator("#notice").filter(has_text="Conversation effacée.").wait_for()
    assert frame.locator(".msg-user").count() == 0
    assert page.request.get(f"{live_server.url}/api/v1/conversations/{conversation}").status == 404
    assert frame.locator("#error").is_hidden()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation_in_the_votes_and_erasing(browser, live_server, scheme):
    context = browser.new_context(color_scheme=scheme, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server.url)
        first = ask(page, QUESTION)
        button(first, "Pas utile").click()
        first.get_by_role("status").filter(has_text="Merci").wait_for()
        second = ask(page, "pourquoi ?")
        button(second, "Utile").click()
        second.get_by_role("status").filter(has_text="Merci").wait_for()
        page.locator("#erase summary").click()
        assert serious_violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 800)])
def test_screenshots_of_the_votes_at_phone_and_desktop_sizes(browser, live_server, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(live_server.url)
        reply = ask(page, "Quel est l'impact environnemental de l'IA ?")
        page.wait_for_timeout(700)  # the reader reads the reply (and its smooth scroll ends)...
        button(reply, "Pas utile").click()
        reply.get_by_role("status").filter(has_text="Merci").wait_for()
        page.wait_for_timeout(700)  # ...and the comment field is scrolled into view
        reply.locator("textarea").fill(COMMENT)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        box, composer = reply.locator(".vote-comment").bounding_box(), page.locator(".composer").bounding_box()
        assert box["y"] + box["height"] <= composer["y"], "the comment field is not hidden behind the message box"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"feedback-{width}x{height}.png"))
    finally:
        context.close()
