"""The editors' area in a real Chromium, over a seeded week of readers' conversations: an editor logs in,
sees the questions-per-day chart, the refused questions grouped, a reader's "not useful" with its
comment; exports the turns as CSV; labels two refused questions and downloads an evaluation file that
`chatbot eval` runs. Every page passes axe with no serious or critical violation; screenshots of each."""
from __future__ import annotations

import csv
import json
from datetime import UTC, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from seeding import seed

from conftest import ARTICLE, ARTIFACTS, make_editor
from conftest import EDITOR_EMAIL as EMAIL
from conftest import EDITOR_PASSWORD as PASSWORD

COMMENT = "Je voulais le prix de l'abonnement, pas un passage sur l'accès."


@pytest.fixture
def week(live_app, live_server):
    """A week of conversations, and one reader's "not useful" with a comment, made through the API."""
    seed(live_app, ARTICLE, 120, days=7)
    client = live_app.test_client()
    asked = client.post("/api/v1/chat", json={"message": "Qui a accès à l'IA générative ?"}).get_json()
    client.post(f"/api/v1/conversations/{asked['conversation_id']}/turns/1/feedback",
                json={"useful": False, "comment": COMMENT})
    make_editor(live_app)
    return live_server


def _axe(page, what: str) -> None:
    serious = [(v["id"], [n["target"] for n in v["nodes"]][:3])
               for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], what


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"editor-{name}.png"), full_page=True)


def test_an_editor_follows_what_readers_asked_and_turns_it_into_an_evaluation_file(page, week, live_app, tmp_path):
    page.goto(week.url + "/admin/questions")
    assert "/admin/login" in page.url, "an anonymous visitor is sent to the login"
    _axe(page, "the login page")
    page.fill("#email", EMAIL)
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    assert "incorrect" in page.locator("#login-error").inner_text()
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/questions")

    page.click("nav >> text=Vue d'ensemble")
    chart = page.locator("#per-day-chart")
    assert chart.locator("rect.answered").count() == 7, "one bar a day for the seeded week"
    heights = [float(h) for h in chart.locator("rect.answered")
               .evaluate_all("rects => rects.map(r => r.getAttribute('height'))")]
    assert sum(h > 0 for h in heights) >= 6, heights
    assert chart.locator("rect.refused").count() == 7
    assert page.locator("#share-chart circle.share-point").count() >= 6
    total = int(page.locator(".figures li").first.locator("strong").inner_text())
    assert total > 300
    _shot(page, "overview")
    _axe(page, "the overview")

    page.click("nav >> text=Refus et doutes")
    groups = page.locator("#refused-title ~ ol .group")
    assert groups.count() >= 10
    first = groups.nth(0)
    assert int(first.locator(".count").inner_text()) >= 2, "similar refused questions are counted together"
    first_question = first.locator(".group-head q").inner_text()
    passage = first.locator("select option").nth(3)  # the article's first passage after the two choices
    first.locator("select").select_option(passage.get_attribute("value"))
    first.locator("button", has_text="Enregistrer").click()
    assert "Étiquette enregistrée" in page.locator(".notice").inner_text()
    second = page.locator("#refused-title ~ ol .group").nth(1)
    second_question = second.locator(".group-head q").inner_text()
    second.locator("select").select_option("out")
    second.locator("button", has_text="Enregistrer").click()
    assert page.locator("#refused-title ~ ol .group .badge").count() == 2, "both groups show their label"
    _shot(page, "questions")
    _axe(page, "the refused questions")

    page.click("nav >> text=Avis des lecteurs")
    assert COMMENT in page.locator("#feedback-title ~ ol").inner_text()
    _shot(page, "feedback")
    _axe(page, "the readers' feedback")

    page.click("nav >> text=Mots inconnus")
    assert page.locator("table.data tbody tr").count() >= 5
    _axe(page, "the unknown words")

    page.click("nav >> text=Exports")
    with page.expect_download() as exported:
        page.click("#export-csv")
    path = tmp_path / "turns.csv"
    exported.value.save_as(path)
    rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == total and any(r["comment"] == COMMENT for r in rows)
    assert {r["created_at"][:10] for r in rows} <= {d.isoformat() for d in _week()}

    with page.expect_download() as downloaded:
        page.click("#export-eval")
    evaluation = tmp_path / "evaluation.jsonl"
    downloaded.value.save_as(evaluation)
    items = [json.loads(line) for line in evaluation.read_text(encoding="utf-8").splitlines()]
    assert [item["text"] for item in items] == [first_question, second_question]
    assert items[1]["expect"] == "fallback" and isinstance(items[0]["expect"], list)
    _shot(page, "export")
    _axe(page, "the exports")
    result = live_app.test_cli_runner().invoke(args=["chatbot", "eval", str(evaluation), "--article", ARTICLE,
                                                     "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["total"] == 2

    page.click("nav >> text=Testeur")
    page.fill("#text", "Qui a accès à l'IA ?")
    page.click("button.send")
    assert "access" in page.locator(".verdict").inner_text()
    _axe(page, "the tester")

    page.click("text=Se déconnecter")
    page.goto(week.url + "/admin/")
    assert "/admin/login" in page.url


def _week():
    from datetime import timedelta

    today = datetime.now(UTC).date()
    return [today - timedelta(days=n) for n in range(8)]


def test_the_editors_pages_fit_a_phone(browser, week):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(week.url + "/admin/login")
    page.fill("#email", EMAIL)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")  # the editor the week's fixture made
    for path in ("/admin/", "/admin/questions"):
        page.goto(week.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways on a phone"
        _shot(page, "phone" + path.replace("/", "-").rstrip("-"))
        _axe(page, f"{path} on a phone")
    context.close()
