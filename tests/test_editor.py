"""The editors' area: nothing in it without a login or a token, a lockout after repeated failures,
accounts and tokens made on the command line, and insights, labels and exports that tell an editor
what readers asked — on SQLite and on PostgreSQL."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import update
from test_openapi import assert_documented, openapi

from chatbot.editor import accounts
from chatbot.storage.editors import Editor
from chatbot.storage.models import Turn, db
from conftest import ARTICLE, csrf, log_in, make_editor
from conftest import EDITOR_EMAIL as EMAIL
from conftest import EDITOR_PASSWORD as PASSWORD


def english(app):
    """A test client whose browser asks for English pages."""
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def text(response) -> str:
    return unescape(response.get_data(as_text=True))


def make_token(app, email: str = EMAIL) -> str:
    result = app.test_cli_runner().invoke(args=["chatbot", "create-token", email])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[0]


def admin_routes(app) -> list[tuple[str, str]]:
    """Every route of the editors' area and its admin API, with sample values for its variables."""
    samples = {"conversation_id": "abcdefghijklmnop", "kind": "csv"}
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/admin", "/api/v1/admin")) and rule.endpoint != "editor.login":
            path = rule.rule
            for name in rule.arguments:
                path = path.replace(f"<{name}>", samples[name]).replace(f"<any(csv, json):{name}>", samples[name])
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                routes.append((method, path))
    return routes


def test_every_page_of_the_editors_area_sends_an_anonymous_visitor_to_the_login(app):
    client = english(app)
    routes = [r for r in admin_routes(app) if r[1].startswith("/admin")]
    assert len(routes) >= 11, routes  # overview, questions, feedback, words, export, downloads, labels, tester...
    for method, path in routes:
        response = client.open(path, method=method, data={"csrf_token": csrf(client)} if method == "POST" else None)
        assert response.status_code == 302, (method, path, response.status_code)
        assert response.headers["Location"].startswith("/admin/login?next="), (method, path)
        assert b"Refus" not in response.data and b"fallback" not in response.data


@pytest.mark.parametrize("authorization", [None, "Bearer", "Bearer cbt_not-a-token", "Basic ZWRpdG9yOnB3",
                                           "Token {token}", "Bearer {token}x"])
def test_the_admin_api_answers_401_problem_json_without_a_live_token(app, authorization):
    make_editor(app)
    token = make_token(app)
    headers = {"Authorization": authorization.format(token=token)} if authorization else {}
    for method, path in [r for r in admin_routes(app) if r[1].startswith("/api/")]:
        response = app.test_client().open(path, method=method, headers=headers)
        assert response.status_code == 401, (path, authorization)
        assert_documented(openapi(app.test_client()), path.removeprefix("/api/v1"), method.lower(), response)
        assert response.mimetype == "application/problem+json"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert "create-token" in response.get_json()["detail"]


def test_a_token_opens_the_insights_until_it_is_revoked(app):
    make_editor(app)
    token = make_token(app)
    client = english(app)
    client.post("/api/v1/chat", json={"message": "Combien coûte un abonnement Netflix ?"})
    answer = client.get(f"/api/v1/admin/insights?article={ARTICLE}", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    data = answer.get_json()
    assert data["summary"]["questions"] == 1 and data["summary"]["refused"] == 1
    assert data["refused"]["groups"][0]["text"] == "Combien coûte un abonnement Netflix ?"
    bad = client.get("/api/v1/admin/insights?days=0", headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 422 and "days" in bad.get_json()["detail"]
    unknown = client.get("/api/v1/admin/insights?article=nope", headers={"Authorization": f"Bearer {token}"})
    assert unknown.status_code == 422 and "nope" in unknown.get_json()["detail"]

    number = re.search(r"revoke-token (\d+)", app.test_cli_runner().invoke(
        args=["chatbot", "create-token", EMAIL]).output).group(1)
    revoked = app.test_cli_runner().invoke(args=["chatbot", "revoke-token", token])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert client.get("/api/v1/admin/insights", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert app.test_cli_runner().invoke(args=["chatbot", "revoke-token", number]).exit_code == 0


def test_an_editor_logs_in_sees_the_area_and_logs_out(app):
    make_editor(app)
    client = english(app)
    page = client.get("/admin/questions?days=30")
    assert page.status_code == 302
    logged = log_in(client, email="  Editor@Example.org ", path=page.headers["Location"])
    assert logged.status_code == 303 and logged.headers["Location"] == "/admin/questions?days=30"
    overview = client.get("/admin/")
    assert overview.status_code == 200 and EMAIL in text(overview)
    assert overview.headers["Cache-Control"] == "no-store"
    out = client.post("/admin/logout", data={"csrf_token": csrf(client, "/admin/")})
    assert out.status_code == 303
    assert client.get("/admin/").status_code == 302


def test_the_login_goes_only_to_pages_of_the_area_after_it(sqlite_app):
    make_editor(sqlite_app)
    client = english(sqlite_app)
    token = csrf(client)
    for target in ("https://evil.example/", "//evil.example/admin", "/chat/x"):
        response = client.post(f"/admin/login?next={target}", data={"email": EMAIL, "password": PASSWORD,
                                                                   "csrf_token": token})
        assert response.headers["Location"] == "/admin/", target
        client.post("/admin/logout", data={"csrf_token": csrf(client, "/admin/")})
        token = csrf(client)


def test_a_wrong_password_is_refused_and_the_account_locks_after_repeated_failures(app):
    make_editor(app)
    client = english(app)
    token = csrf(client)
    for _ in range(accounts.MAX_FAILED - 1):
        wrong = log_in(client, password="not the password", token=token)
        assert wrong.status_code == 401 and "Wrong e-mail address or password" in text(wrong)
    unknown = log_in(client, email="nobody@example.org", token=token)
    assert unknown.status_code == 401 and "Wrong e-mail address or password" in text(unknown)
    locking = log_in(client, password="still not it", token=token)
    assert "locked" in text(locking)
    right_but_locked = log_in(client, token=token)  # the right password no longer opens it, for a while
    assert right_but_locked.status_code == 401 and "Try again in 15 min" in text(right_but_locked)
    assert client.get("/admin/").status_code == 302

    with app.app_context():  # the lock's time runs out
        db.session.execute(update(Editor).values(locked_until=datetime.now(UTC) - timedelta(seconds=1)))
        db.session.commit()
    assert log_in(client, token=token).status_code == 303
    assert client.get("/admin/").status_code == 200


def test_the_login_form_needs_its_token(sqlite_app):
    make_editor(sqlite_app)
    client = english(sqlite_app)
    client.get("/admin/login")
    refused = client.post("/admin/login", data={"email": EMAIL, "password": PASSWORD})
    assert refused.status_code == 303 and refused.headers["Location"] == "/admin/login"
    assert client.get("/admin/").status_code == 302


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(sqlite_app):
    make_editor(sqlite_app)
    client = english(sqlite_app)
    log_in(client)
    assert client.get("/admin/").status_code == 200
    reset = sqlite_app.test_cli_runner().invoke(args=["chatbot", "create-editor", EMAIL, "--reset-password"],
                                                input="another long password\n")
    assert reset.exit_code == 0, reset.output
    assert client.get("/admin/").status_code == 302


def test_accounts_are_made_on_the_command_line_with_clear_errors(sqlite_app):
    runner = sqlite_app.test_cli_runner()
    made = runner.invoke(args=["chatbot", "create-editor", EMAIL], input=PASSWORD + "\n")
    assert made.exit_code == 0 and "/admin/login" in made.output
    again = runner.invoke(args=["chatbot", "create-editor", EMAIL], input=PASSWORD + "\n")
    assert again.exit_code == 1 and "exists already" in again.output
    short = runner.invoke(args=["chatbot", "create-editor", "other@example.org"], input="short\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    bad = runner.invoke(args=["chatbot", "create-editor", "not-an-address"], input=PASSWORD + "\n")
    assert bad.exit_code == 1 and "not an e-mail address" in bad.output
    nobody = runner.invoke(args=["chatbot", "create-token", "nobody@example.org"])
    assert nobody.exit_code == 1 and "no editor" in nobody.output
    assert runner.invoke(args=["chatbot", "revoke-token", "cbt_unknown"]).exit_code == 1
    with sqlite_app.app_context():
        stored = accounts.find_editor(EMAIL)
        assert PASSWORD not in stored.password_hash and stored.password_hash.startswith("scrypt:")


def test_the_old_tester_address_leads_to_the_tester_behind_the_login(sqlite_app):
    client = english(sqlite_app)
    moved = client.get("/tester?text=bonjour")
    assert moved.status_code == 301 and moved.headers["Location"] == "/admin/tester?text=bonjour"
    assert client.get("/admin/tester?text=bonjour").status_code == 302
    make_editor(sqlite_app)
    log_in(client)
    page = text(client.get("/admin/tester?text=Qui+a+accès+à+l'IA+?"))
    assert "access" in page and "Tester" in page


# -- insights ------------------------------------------------------------------

def _readers(client) -> dict:
    """A few readers: refused questions worded alike, an answer found not useful, a guided discussion."""
    def chat(*messages, mode=None):
        conversation = None
        turns = []
        for i, message in enumerate(messages):
            body = {"message": message, **({"conversation_id": conversation} if conversation else {})}
            if mode and i == 0:
                body["mode"] = mode
            data = client.post("/api/v1/chat", json=body).get_json()
            conversation = data["conversation_id"]
            turns.append(data)
        return conversation, turns

    chat("Combien coûte un abonnement Netflix ?")
    chat("combien coute l'abonnement netflix")
    chat("Combien coûte un abonnement à Netflix ?")
    chat("Quelle est la recette de la tarte tatin ?")
    helped, _ = chat("Qui a accès à l'IA générative ?")
    client.post(f"/api/v1/conversations/{helped}/turns/1/feedback",
                json={"useful": False, "comment": "Je voulais des chiffres par pays."})
    chat("Discutons de l'article", "Je suis d'accord", mode="discussion")
    return {"helped": helped}


def test_insights_count_refusals_group_wordings_and_show_comments(app):
    client = english(app)
    _readers(client)
    make_editor(app)
    token = make_token(app)
    response = client.get("/api/v1/admin/insights?days=7", headers={"Authorization": f"Bearer {token}"})
    assert_documented(openapi(client), "/admin/insights", "get", response)  # the OpenAPI document tells the truth
    data = response.get_json()
    summary = data["summary"]
    assert summary["questions"] == 7 and summary["conversations"] == 6 and summary["not_useful"] == 1
    assert summary["refused"] == 4 and summary["refused_share"] == round(4 / 7, 3)
    today = datetime.now(UTC).date().isoformat()
    assert data["per_day"][-1] == {"day": today, "questions": 7, "refused": 4, "refused_share": round(4 / 7, 3)}
    assert len(data["per_day"]) == 7 and sum(d["questions"] for d in data["per_day"]) == 7
    groups = data["refused"]["groups"]
    assert groups[0]["count"] == 3 and len(groups[0]["wordings"]) == 3  # three wordings of one question
    assert groups[1]["count"] == 1 and "tatin" in groups[1]["text"]
    assert data["not_useful"][0]["comment"] == "Je voulais des chiffres par pays."
    assert {"fallback", "access"} <= {row["intent"] for row in data["intents"]}
    words = {row["word"]: row for row in data["unexplained_words"]}
    assert words["netflix"]["count"] == 3 and words["netflix"]["refused"] == 3
    assert data["stances"] and data["stances"][0]["agree"] == 1
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    empty = client.get(f"/api/v1/admin/insights?from={yesterday}&to={yesterday}",
                       headers={"Authorization": f"Bearer {token}"}).get_json()
    assert empty["summary"]["questions"] == 0 and empty["per_day"] == [
        {"day": yesterday, "questions": 0, "refused": 0, "refused_share": 0.0}]


def test_the_pages_show_the_insights_to_a_logged_in_editor(app):
    client = english(app)
    _readers(client)
    make_editor(app)
    log_in(client)
    overview = text(client.get("/admin/"))
    assert '<svg id="per-day-chart"' in overview and "<strong>7</strong> questions" in overview
    assert "Je suis d'accord" not in overview and "fallback" in overview
    questions = text(client.get("/admin/questions"))
    assert "Combien coûte un abonnement Netflix ?" in questions and "Wordings (3)" in questions
    feedback = text(client.get("/admin/feedback"))
    assert "Je voulais des chiffres par pays." in feedback
    assert "netflix" in text(client.get("/admin/words"))
    bad = text(client.get("/admin/?from=2026-13-01", follow_redirects=True))
    assert "A period runs from one date to another (YYYY-MM-DD)" in bad
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fr"
    assert "Le début de la période vient après sa fin." in text(
        client.get("/admin/?from=2026-02-01&to=2026-01-01", follow_redirects=True))


def test_exports_give_every_turn_of_the_period_with_its_feedback(app):
    client = english(app)
    seen = _readers(client)
    make_editor(app)
    log_in(client)
    response = client.get(f"/admin/export/turns.csv?article={ARTICLE}&days=7")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 7
    voted = next(r for r in rows if r["conversation_id"] == seen["helped"])
    assert voted["useful"] == "False" and voted["comment"] == "Je voulais des chiffres par pays."
    as_json = json.loads(client.get("/admin/export/turns.json?days=7").get_data(as_text=True))
    assert len(as_json["turns"]) == 7 and as_json["article"] == ARTICLE
    with app.app_context():
        db.session.execute(update(Turn).values(created_at=datetime.now(UTC) - timedelta(days=10)))
        db.session.commit()
    old = json.loads(client.get("/admin/export/turns.json?days=7").get_data(as_text=True))
    assert old["turns"] == []


def test_labelled_questions_make_an_evaluation_file_the_eval_command_runs(app, tmp_path):
    client = english(app)
    _readers(client)
    make_editor(app)
    log_in(client)
    token = csrf(client, "/admin/questions")
    with app.app_context():
        from chatbot.articles import get_bot
        passage = next(p for p in get_bot(ARTICLE).article.passages if "accès" in p.text)
    labelled = client.post("/admin/labels", data={
        "csrf_token": token, "article": ARTICLE, "question": "Qui a accès à l'IA générative ?", "lang": "fr",
        "passage": passage.id, "back": "/admin/feedback#feedback-1"})
    assert labelled.status_code == 303 and labelled.headers["Location"] == "/admin/feedback#feedback-1"
    client.post("/admin/labels", data={"csrf_token": token, "article": ARTICLE, "lang": "fr",
                                       "question": "Quelle est la recette de la tarte tatin ?", "passage": "out"})
    bad = client.post("/admin/labels", data={"csrf_token": token, "article": ARTICLE, "lang": "fr",
                                             "question": "Quoi ?", "passage": "no-such-passage"},
                      follow_redirects=True)
    assert "cannot be saved" in text(bad)
    assert "<span class=\"badge\">labelled</span>" in text(client.get("/admin/questions"))

    download = client.get(f"/admin/export/evaluation.jsonl?article={ARTICLE}")
    lines = [json.loads(line) for line in download.get_data(as_text=True).splitlines()]
    assert [(line["text"], line["expect"]) for line in lines] == [
        ("Qui a accès à l'IA générative ?", [passage.text]),
        ("Quelle est la recette de la tarte tatin ?", "fallback")]
    path = tmp_path / "readers.jsonl"
    path.write_bytes(download.data)
    result = app.test_cli_runner().invoke(args=["chatbot", "eval", str(path), "--article", ARTICLE, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["total"] == 2

    client.post("/admin/labels", data={"csrf_token": token, "article": ARTICLE, "lang": "fr",
                                       "question": "Quelle est la recette de la tarte tatin ?", "passage": ""})
    assert len(client.get("/admin/export/evaluation.jsonl").get_data(as_text=True).splitlines()) == 1


def test_an_editor_reads_a_readers_conversation(sqlite_app):
    client = english(sqlite_app)
    seen = _readers(client)
    make_editor(sqlite_app)
    log_in(client)
    page = text(client.get(f"/admin/conversations/{seen['helped']}?turn=1"))
    assert "Qui a accès à l'IA générative ?" in page and "Je voulais des chiffres par pays." in page
    assert client.get("/admin/conversations/nope-nope-nope").status_code == 404
