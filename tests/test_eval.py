"""The evaluation command: accuracy by language and scope, intent metrics, confusions,
misses, JSON output and a failing exit status under a minimum accuracy."""
from __future__ import annotations

import json

import pytest

from chatbot import evaluation
from conftest import TESTS

DEV = TESTS / "data" / "dev_questions.jsonl"
DIALOGUES = TESTS / "data" / "dialogues.jsonl"


def test_the_development_questions_are_answered(runner):
    result = runner.invoke(args=["chatbot", "eval", str(DEV), "--min-accuracy", "0.97"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("accuracy: ")
    for group in ("fr in-scope", "en in-scope", "out-of-scope"):
        assert group in result.output


def test_json_output_holds_every_figure(runner):
    result = runner.invoke(args=["chatbot", "eval", str(DEV), "--json"])
    summary = json.loads(result.output)
    assert summary["overall"]["total"] == 34
    assert {"fr", "en", "in-scope", "out-of-scope"} <= set(summary["groups"])
    assert summary["overall"]["accuracy"] >= 0.97


def test_dialogues_are_scored_turn_by_turn_with_intent_metrics(runner):
    result = runner.invoke(args=["chatbot", "eval", str(DIALOGUES), "--json"])
    summary = json.loads(result.output)
    assert summary["overall"]["total"] == 10, "each turn counts"
    assert summary["intents"]["environment"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}
    assert {"why", "more", "proposals", "conclusion", "fallback"} <= set(summary["intents"])
    text = runner.invoke(args=["chatbot", "eval", str(DIALOGUES)]).output
    assert "precision" in text and "recall" in text


def test_misses_say_what_was_answered_instead(runner, tmp_path):
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "wrong", "lang": "fr", "text": "Qui a écrit cette tribune ?",
                                     "expect": ["284 tonnes"], "intent": "environment"}) + "\n", encoding="utf-8")
    result = runner.invoke(args=["chatbot", "eval", str(questions), "--min-accuracy", "0.5"])
    assert result.exit_code == 1
    assert "misses (1)" in result.output and "answered: author" in result.output
    assert "environment -> author: 1" in result.output
    assert "below the minimum" in result.output


@pytest.mark.parametrize("line, message", [("{not json", "not JSON"), ('{"id": 1}', "needs a 'text'")])
def test_a_broken_question_file_is_reported_with_its_line(runner, tmp_path, line, message):
    questions = tmp_path / "broken.jsonl"
    questions.write_text('{"id": "ok", "text": "bonjour", "expect": "fallback"}\n' + line + "\n", encoding="utf-8")
    result = runner.invoke(args=["chatbot", "eval", str(questions)])
    assert result.exit_code != 0
    assert "broken.jsonl:2: " in result.output and message in result.output


@pytest.mark.parametrize("expect, quoted, ok", [
    (["284 tonnes"], "… produire environ 284 tonnes d'émissions …", True),
    (["Raphaël Maurel"], "Le juriste RAPHAEL MAUREL a publié", True),
    (["l’inégalité"], "l'inégalité d'accès", True),
    (["284 tonnes"], "quelque chose d'autre", False),
    ("fallback", "", True),
    ("fallback", "une citation", False),
    (["a"], "a" * 801, False),
])
def test_the_scoring_rule(expect, quoted, ok):
    assert evaluation.judge(expect, quoted) is ok


def test_through_the_api_the_figures_are_the_engines(runner):
    engine = json.loads(runner.invoke(args=["chatbot", "eval", str(DIALOGUES), "--json"]).output)
    api = json.loads(runner.invoke(args=["chatbot", "eval", str(DIALOGUES), "--json", "--api"]).output)
    assert api["overall"] == engine["overall"]
    assert api["misses"] == engine["misses"]


def test_a_running_server_is_asked_and_its_rate_limit_waited_out(runner, tmp_path):
    from conftest import LiveServer, make_app

    server = LiveServer(make_app({"TESTING": True, "RATE_LIMIT": "4 per second",
                                    "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'served.sqlite3'}"}))
    try:
        result = runner.invoke(args=["chatbot", "eval", str(DIALOGUES), "--url", server.url])
    finally:
        server.stop()
    assert result.exit_code == 0, result.output
    assert "accuracy: 100.0% (10/10)" in result.output
    assert "rate limited by the server: waiting" in result.output  # four per second: the limit was met


def test_an_unreachable_server_is_a_clear_error(runner):
    result = runner.invoke(args=["chatbot", "eval", str(DIALOGUES), "--url", "http://127.0.0.1:9"])
    assert result.exit_code != 0 and "127.0.0.1:9/api/v1/chat" in result.output
