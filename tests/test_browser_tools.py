"""The editor's and site owner's pages in Chromium: the intent tester (behind the editors' login) and the
widget page are accessible, show hostile input literally, and the widget page previews the real widget."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ARTIFACTS, log_in_browser


@pytest.mark.parametrize("path", ["/admin/tester?text=" + quote("Qui paie pour la polution ?"), "/widget"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_or_critical_violation(browser, live_app, live_server, path, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        if path.startswith("/admin"):
            log_in_browser(page, live_server.url, live_app)
        page.goto(live_server.url + path)
        violations = Axe().run(page).response["violations"]
        assert [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")] == []
    finally:
        context.close()


def test_the_tester_shows_hostile_text_literally(page, live_app, live_server):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in_browser(page, live_server.url, live_app)
    page.goto(f"{live_server.url}/admin/tester")
    page.fill("#text", "<img src=x onerror=alert(1)> énergie")
    page.click("button.send")
    page.wait_for_selector("#understood")
    assert page.input_value("#text") == "<img src=x onerror=alert(1)> énergie"
    assert page.locator("main img").count() == 0 and dialogs == []


def test_the_tester_ranks_intents_with_bars_and_explains(page, live_app, live_server):
    log_in_browser(page, live_server.url, live_app)
    page.goto(f"{live_server.url}/admin/tester")
    page.fill("#text", "Qui paie pour la polution ?")
    page.press("#text", "Enter")
    page.wait_for_selector("#understood")
    assert page.locator("table meter").count() >= 2
    assert "polution → pollution" in page.locator(".explain").inner_text()
    assert page.locator(".passages meter").count() >= 1


def test_the_widget_page_previews_the_widget(page, live_server):
    page.goto(f"{live_server.url}/widget")
    launcher = page.locator("chatbot-widget").locator("button.launcher")
    launcher.click()
    page.frame_locator("chatbot-widget iframe").locator("#message").wait_for()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_widget_page_fits_its_controls_and_copies_the_tag(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="fr-FR",
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/widget")
        snippet = page.locator(".snippet")
        assert snippet.evaluate("el => el.scrollWidth <= el.clientWidth"), "the tag wraps instead of scrolling"
        select = page.locator("#article")
        box, viewport = select.bounding_box(), page.viewport_size
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], "the article list is not cut off"
        assert select.evaluate("el => getComputedStyle(el).borderRadius") != "0px", "form controls are styled"
        page.locator("button.copy").click()
        page.locator(".copy-line [role=status]").filter(has_text="copiée").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == snippet.inner_text().strip()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"widget-page-{width}.png"), full_page=True)
    finally:
        context.close()
