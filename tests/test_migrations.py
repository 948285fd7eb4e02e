"""The schema comes from migrations: an empty database is upgraded, downgraded and upgraded again;
the migrations make exactly what the models describe; the app itself never creates a table."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from chatbot import create_app
from chatbot.storage.database import upgrade_schema
from chatbot.storage.models import Conversation, Turn, db
from conftest import ARTICLE, drop_schema

ROOT = Path(__file__).resolve().parent.parent
TABLES = {"conversation", "turn"}
QUESTION = "Quel est l'impact environnemental de l'IA ?"


def tables(app) -> set[str]:
    with app.app_context():
        names = set(inspect(db.engine).get_table_names())
        db.engine.dispose()
        return names


def differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), db.metadata)


def test_an_empty_database_is_upgraded_downgraded_and_upgraded_again(app):
    drop_schema(app)
    assert tables(app) == set()
    upgrade_schema(app)
    assert tables(app) >= TABLES
    assert differences(app) == []  # the models and the migrations agree, column for column
    with app.app_context():
        downgrade(revision="base")
        db.engine.dispose()
    assert tables(app) & TABLES == set()
    upgrade_schema(app)
    assert differences(app) == []
    assert app.test_client().post("/api/v1/chat", json={"message": QUESTION}).status_code == 200


def test_upgrading_an_up_to_date_database_changes_nothing(client, app):
    conversation = client.post("/api/v1/chat", json={"message": QUESTION}).get_json()["conversation_id"]
    upgrade_schema(app)
    assert len(client.get(f"/api/v1/conversations/{conversation}").get_json()["turns"]) == 1


def test_the_app_never_creates_tables_itself(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/empty.db"})
    app.test_client().get("/")
    response = app.test_client().post("/api/v1/chat", json={"message": QUESTION})
    assert response.status_code == 503  # the schema was never upgraded: unavailable, not a traceback
    assert tables(app) == set()


def test_a_database_made_before_migrations_is_adopted_and_its_turns_numbered(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/old.db"})
    with app.app_context():
        upgrade(revision="0001")  # the tables as the app used to create them itself...
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))  # ...with no trace of migrations
            connection.execute(text("INSERT INTO conversation VALUES ('old', :slug, '{}', :now, :now)"),
                               {"slug": ARTICLE, "now": "2026-01-01 00:00:00"})
            for message in ("Bonjour", "Et l'énergie ?"):
                connection.execute(text(
                    "INSERT INTO turn (conversation_id, user_text, reply_text, reply, intent, confidence, passage_ids,"
                    " lang, created_at) VALUES ('old', :message, '', '{}', 'greeting', 1, '[]', 'fr', :now)"),
                    {"message": message, "now": "2026-01-01 00:00:00"})
        db.engine.dispose()
    upgrade_schema(app)
    assert differences(app) == []
    app.test_client().post("/api/v1/chat", json={"message": QUESTION, "conversation_id": "old"})
    with app.app_context():
        numbers = db.session.execute(select(Turn.user_text, Turn.number).order_by(Turn.id)).all()
        assert numbers == [("Bonjour", 1), ("Et l'énergie ?", 2), (QUESTION, 3)]
        assert db.session.get(Conversation, "old").turn_count == 3


def test_servers_upgrading_at_the_same_moment_take_turns(app):
    drop_schema(app)
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "db", "upgrade"]
    starts = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for _ in range(4)]
    for start in starts:
        output = start.communicate(timeout=120)[0]
        assert start.returncode == 0, output  # one upgrades; the others wait, then find nothing to do
    assert differences(app) == []
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
