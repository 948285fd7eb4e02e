"""The README tells the truth: its settings table is the settings table, and its curl
calls give what it shows (conversation ids and host names aside).

After a change to the rules or settings, refresh the README's examples and table with
    .venv/bin/python tests/test_readme.py --update
"""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

from chatbot.settings import SETTINGS, markdown_table

README_PATH = Path(__file__).resolve().parent.parent / "README.md"
README = README_PATH.read_text(encoding="utf-8")
EXAMPLE = re.compile(r"```sh\n(curl [^`]*?)\n```\n\n```json\n(.*?)\n```", re.S)


def test_the_readme_lists_every_setting_with_its_default():
    table = README.split("<!-- settings -->")[1].split("<!-- /settings -->")[0]
    assert markdown_table() in table
    for setting in SETTINGS:
        assert f"`{setting.env}`" in table


def test_the_cli_prints_the_same_settings_table(runner):
    result = runner.invoke(args=["chatbot", "settings"])
    assert result.exit_code == 0 and result.output.strip() == markdown_table()


def _call(client, command: str, conversation_id: str | None):
    args = shlex.split(command.replace("\\\n", " ").split(" | ")[0])
    url = next(a for a in args if a.startswith("http"))
    body = json.loads(args[args.index("-d") + 1])
    if "conversation_id" in body:
        body["conversation_id"] = conversation_id
    return client.post(url.split("8000", 1)[1], json=body).get_json()


def _comparable(data):
    text = json.dumps(data, ensure_ascii=False)
    text = re.sub(r'"conversation_id": "[^"]*"', '"conversation_id": "?"', text)
    return json.loads(re.sub(r"https?://[^/\"]+/", "http://HOST/", text))


def test_the_readme_curl_examples_give_what_it_shows(sqlite_app):
    client = sqlite_app.test_client()
    examples = EXAMPLE.findall(README)
    assert len(examples) >= 3
    conversation_id = None
    for command, shown in examples:
        got = _call(client, command, conversation_id)
        conversation_id = got.get("conversation_id", conversation_id)
        assert _comparable(got) == _comparable(json.loads(shown)), command


def eval_output(runner) -> str:
    result = runner.invoke(args=["chatbot", "eval", "tests/data/dev_questions.jsonl"])
    return result.output.strip()


def test_the_readme_shows_the_eval_commands_real_output(runner, monkeypatch):
    monkeypatch.chdir(README_PATH.parent)
    shown = README.split("<!-- eval -->")[1].split("<!-- /eval -->")[0]
    assert f"```\n{eval_output(runner)}\n```" in shown


def update(tmp: Path) -> None:
    """Rewrite the README's example outputs and settings table with what the app has now."""
    from conftest import make_app

    app = make_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'readme.sqlite3'}"})
    client = app.test_client()
    text, conversation_id = README, None
    for command, shown in EXAMPLE.findall(README):
        got = _call(client, command, conversation_id)
        conversation_id = got.get("conversation_id", conversation_id)
        fresh = json.dumps(got, ensure_ascii=False, indent=2).replace("http://localhost/", "http://127.0.0.1:8000/")
        text = text.replace(f"{command}\n```\n\n```json\n{shown}\n```", f"{command}\n```\n\n```json\n{fresh}\n```")
    head, rest = text.split("<!-- eval -->")
    _, tail = rest.split("<!-- /eval -->")
    text = f"{head}<!-- eval -->\n```\n{eval_output(app.test_cli_runner())}\n```\n<!-- /eval -->{tail}"
    head, rest = text.split("<!-- settings -->")
    _, tail = rest.split("<!-- /settings -->")
    table = "\n| variable | default | meaning |\n|---|---|---|\n" + markdown_table() + "\n"
    README_PATH.write_text(f"{head}<!-- settings -->{table}<!-- /settings -->{tail}", encoding="utf-8")


if __name__ == "__main__":
    import os
    import sys
    import tempfile

    sys.path.insert(0, str(README_PATH.parent))
    os.chdir(README_PATH.parent)
    if sys.argv[1:] != ["--update"]:
        raise SystemExit("usage: python tests/test_readme.py --update")
    with tempfile.TemporaryDirectory() as tmp:
        update(Path(tmp))
