"""Retention and privacy: `flask --app wsgi chatbot purge` deletes the conversations whose last turn is
older than CHATBOT_RETENTION_DAYS, with their turns, and nothing else; no table holds a reader's address.
On SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL."""
from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, func, select, update
from sqlalchemy.exc import OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

from chatbot import cli
from chatbot.settings import defaults
from chatbot.storage import store
from chatbot.storage.models import Conversation, Turn, db
from conftest import ARTICLE, make_app

OURS = {"conversation", "turn"}


def talk(client, *messages: str) -> str:
    """A conversation of these messages through the API; its id."""
    conversation_id = None
    for message in messages:
        body = {"message": message, **({"conversation_id": conversation_id} if conversation_id else {})}
        response = client.post("/api/v1/chat", json=body)
        assert response.status_code == 200, response.get_data(as_text=True)
        conversation_id = response.get_json()["conversation_id"]
    return conversation_id


def date(app, conversation_id: str, last: float, started: float | None = None) -> None:
    """Move a conversation back in time: its last turn `last` days ago, its start (and earlier turns)
    `started` days ago (`last` when not given)."""
    now = datetime.now(UTC)
    started_at, last_at = now - timedelta(days=started if started is not None else last), now - timedelta(days=last)
    with app.app_context():
        db.session.execute(update(Conversation).where(Conversation.id == conversation_id)
                           .values(created_at=started_at, updated_at=last_at))
        turns = db.session.scalars(select(Turn.id).where(Turn.conversation_id == conversation_id)
                                   .order_by(Turn.number)).all()
        db.session.execute(update(Turn).where(Turn.id.in_(turns)).values(created_at=started_at))
        db.session.execute(update(Turn).where(Turn.id == turns[-1]).values(created_at=last_at))
        db.session.commit()


def stored(app) -> dict[str, int]:
    """Each stored conversation's id and how many turns it holds."""
    with app.app_context():
        counted = db.session.execute(select(Turn.conversation_id, func.count()).group_by(Turn.conversation_id)).all()
        ids = db.session.scalars(select(Conversation.id)).all()
        db.session.rollback()
    turns = dict(counted)
    assert set(turns) <= set(ids), "no turn outlives its conversation"
    return {conversation_id: turns.get(conversation_id, 0) for conversation_id in ids}


def purge(app, *args: str):
    return app.test_cli_runner().invoke(args=["chatbot", "purge", *args])


@pytest.fixture
def dated(app):
    """Conversations of two turns each, last active 400, 366, 364 and 0 days ago, and one started 500 days
    ago whose last turn was 10 days ago; by name."""
    client = app.test_client()
    ages = {"400": (400, None), "366": (366, None), "364": (364, None), "today": (0, None), "revived": (10, 500)}
    ids = {}
    for name, (last, started) in ages.items():
        ids[name] = talk(client, "Quel est l'impact environnemental ?", "Et l'accès ?")
        date(app, ids[name], last, started)
    return ids


def test_the_retention_is_a_year_by_default():
    assert defaults()["RETENTION_DAYS"] == 365


def test_purge_deletes_exactly_the_conversations_last_active_before_the_retention(app, dated):
    result = purge(app)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"deleted 2 conversations \(4 turns\) last active before \d{4}-\d\d-\d\d \d\d:\d\d UTC "
                        r"\(365 days ago\)\n", result.output)
    assert stored(app) == {dated[name]: 2 for name in ("364", "today", "revived")}, \
        "the others are kept with every turn, even one started long ago whose last turn is recent"


def test_days_overrides_the_setting_for_one_run(app, dated):
    result = purge(app, "--days", "30")
    assert result.exit_code == 0 and "deleted 3 conversations (6 turns)" in result.output
    assert "(30 days ago)" in result.output
    assert set(stored(app)) == {dated["today"], dated["revived"]}


def test_the_retention_comes_from_chatbot_retention_days(monkeypatch, tmp_path):
    monkeypatch.setenv("CHATBOT_RETENTION_DAYS", "7")
    app = make_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'retention.sqlite3'}"})
    client = app.test_client()
    old, recent = talk(client, "bonjour"), talk(client, "bonjour")
    date(app, old, 8)
    date(app, recent, 6)
    result = purge(app)
    assert result.exit_code == 0 and "deleted 1 conversation (1 turn)" in result.output
    assert "(7 days ago)" in result.output
    assert set(stored(app)) == {recent}


def test_a_dry_run_counts_and_deletes_nothing(app, dated):
    before = stored(app)
    result = purge(app, "--dry-run")
    assert result.exit_code == 0
    assert result.output.startswith("would delete 2 conversations (4 turns) last active before ")
    assert result.output.endswith("; nothing deleted (--dry-run)\n")
    assert stored(app) == before


def test_a_retention_of_0_keeps_every_conversation(app, dated):
    before = stored(app)
    app.config["RETENTION_DAYS"] = 0
    result = purge(app)
    assert result.exit_code == 0
    assert result.output == "CHATBOT_RETENTION_DAYS is 0, which keeps every conversation: nothing deleted\n"
    app.config["RETENTION_DAYS"] = 365
    result = purge(app, "--days", "0")
    assert result.exit_code == 0 and result.output == "--days is 0, which keeps every conversation: nothing deleted\n"
    assert stored(app) == before


@pytest.mark.parametrize("days, says", [
    ("-1", "Invalid value for '--days': -1 is negative"),
    ("ten", "Invalid value for '--days': 'ten' is not a valid integer"),
    ("99999999", "Invalid value for '--days': 99999999 days go back further than the calendar"),
])
def test_bad_days_are_refused_clearly(sqlite_app, days, says):
    talk(sqlite_app.test_client(), "bonjour")
    result = purge(sqlite_app, "--days", days)
    assert result.exit_code == 2 and says in result.output
    assert len(stored(sqlite_app)) == 1


@pytest.mark.parametrize("value", ["forever", -5, 1.5, True])
def test_a_bad_retention_setting_is_refused_clearly(sqlite_app, value):
    sqlite_app.config["RETENTION_DAYS"] = value
    result = purge(sqlite_app)
    assert result.exit_code == 1
    assert f"CHATBOT_RETENTION_DAYS must be a whole number of days, 0 or more, not {value!r}" in result.output


def test_purge_deletes_in_batches_and_says_how_far_it_has_got(app, monkeypatch):
    client = app.test_client()
    old = [talk(client, "bonjour", "Qui a écrit l'article ?") for _ in range(5)]
    recent = talk(client, "bonjour")
    for conversation_id in old:  # the same moment for all: batches go on by id among equals
        with app.app_context():
            db.session.execute(update(Conversation).where(Conversation.id == conversation_id)
                               .values(updated_at=datetime(2020, 1, 1, tzinfo=UTC)))
            db.session.commit()
    cutoff = datetime.now(UTC) - timedelta(days=365)
    with app.app_context():
        assert list(store.purge(cutoff, batch=2, dry_run=True)) == [(2, 4), (2, 4), (1, 2)]
        assert len(stored(app)) == 6, "a dry run, batch after batch, deletes nothing"
    monkeypatch.setattr(cli, "PURGE_PROGRESS_SECONDS", 0)
    result = purge(app, "--batch", "2")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == ["... deleted 2 conversations so far", "... deleted 4 conversations so far",
                                          "... deleted 5 conversations so far"]
    assert result.stdout.startswith("deleted 5 conversations (10 turns) last active before ")
    assert stored(app) == {recent: 1}


def test_a_purge_the_database_stops_keeps_what_it_deleted_and_says_so(app, monkeypatch):
    client = app.test_client()
    old = [talk(client, "bonjour") for _ in range(3)]
    for conversation_id in old:
        date(app, conversation_id, 400)
    real = store.purge

    def failing(before, batch, dry_run):
        yield next(real(before, batch, dry_run))
        raise OperationalError("DELETE FROM turn", {}, Exception("server closed the connection"))
    monkeypatch.setattr(store, "purge", failing)
    result = purge(app, "--batch", "2")
    assert result.exit_code == 1
    assert ("the database failed (OperationalError: server closed the connection) after deleting 2 conversations "
            "(2 turns), which stay deleted: run it again") in result.output
    assert len(stored(app)) == 1


def test_purge_touches_nothing_but_old_conversations(app, dated):
    """Other tables (editors' accounts, their labels, whatever comes next) keep every row, old or not."""
    other = Table("purge_test_other_rows", MetaData(), Column("id", Integer, primary_key=True),
                  Column("note", String(40)), Column("created_at", DateTime(timezone=True)))
    with app.app_context():
        other.create(db.engine)
    try:
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(other.insert(), [
                {"id": 1, "note": "old", "created_at": datetime(2000, 1, 1, tzinfo=UTC)},
                {"id": 2, "note": "new", "created_at": datetime.now(UTC)}])
        before = {name: rows for name, rows in every_row(app).items() if name not in OURS}
        assert purge(app).exit_code == 0
        after = {name: rows for name, rows in every_row(app).items() if name not in OURS}
        assert after == before and len(after["purge_test_other_rows"]) == 2
        assert len(stored(app)) == 3
    finally:
        with app.app_context():
            other.drop(db.engine)


def every_row(app) -> dict[str, list[tuple]]:
    """Every row of every table in the database, by table: those of the models and any other."""
    with app.app_context():
        tables = MetaData()
        tables.reflect(bind=db.engine)
        with db.engine.connect() as connection:
            return {table.name: [tuple(row) for row in connection.execute(select(table))]
                    for table in tables.sorted_tables}


# -- no address is stored -------------------------------------------------------------------------------

REMOTE_ADDR = "203.0.113.77"
FORWARDED = ("198.51.100.99", "192.0.2.55", "2001:db8::beef")
MARKER, COMMENT = "marqueur7f3a", "commentaire7f3a"


def test_no_table_holds_a_readers_address(app):
    """Every way a reader writes (chat turns, a guided discussion, feedback, the form) is taken from an
    address, sent through a proxy; then every column of every table is searched for the addresses."""
    app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # as CHATBOT_PROXY_FIX=1 sets
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": REMOTE_ADDR, "HTTP_X_FORWARDED_FOR": ", ".join(FORWARDED[:2])})
    conversation_id = talk(client, f"Quel est l'impact environnemental ? {MARKER}", "Et l'accès ?")
    client.environ_base["HTTP_X_FORWARDED_FOR"] = f"{FORWARDED[0]}, {FORWARDED[2]}"
    discussion = client.post("/api/v1/chat", json={"message": "Discutons", "mode": "discussion"}).get_json()
    assert client.post("/api/v1/chat", json={"message": "je suis d'accord",
                                             "conversation_id": discussion["conversation_id"]}).status_code == 200
    feedback = client.post(f"/api/v1/conversations/{conversation_id}/turns/2/feedback",
                           json={"useful": False, "comment": COMMENT})
    assert feedback.status_code == 200
    page = client.get(f"/chat/{ARTICLE}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = client.post(f"/chat/{ARTICLE}", data={"message": "Qui a écrit l'article ?", "conversation_id": "",
                                                 "csrf_token": token})
    assert form.status_code == 303
    assert client.get(f"/api/v1/conversations/{conversation_id}").status_code == 200
    assert client.post("/api/v1/parse", json={"text": "bonjour"}).status_code == 200
    assert len(stored(app)) == 3

    values = [(table, _text(value)) for table, rows in every_row(app).items() for row in rows for value in row]
    assert {table for table, _ in values} >= OURS
    assert any(MARKER in text for _, text in values) and any(COMMENT in text for _, text in values), \
        "the search reads what readers wrote (so it would find an address stored beside it)"
    for address in (REMOTE_ADDR, *FORWARDED):
        assert not [table for table, text in values if address in text], f"{address} is stored"


def _text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
