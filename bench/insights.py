"""The editors' insight pages with 100,000 stored turns: the time of each, as an editor's browser waits for it.

    python bench/insights.py                  # SQLite, in a temporary folder
    python bench/insights.py --turns 20000    # fewer turns, for a quick look
    DATABASE_URL=postgresql://user@host/db python bench/insights.py   # PostgreSQL (its tables are replaced)

Stores real conversations over 30 days (tests/seeding.py: readers' questions answered by the bot,
votes, comments and guided discussions), logs an editor in, then asks each page for the last 7 and
the last 30 days, several times, and prints the median and the slowest time. The budget is 300 ms a
page. Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # bench/http.py must not hide the standard library's http
sys.path.insert(1, str(ROOT / "tests"))

from seeding import seed  # noqa: E402

from chatbot import create_app  # noqa: E402
from chatbot.settings import sqlalchemy_url  # noqa: E402
from chatbot.storage.database import upgrade_schema  # noqa: E402
from chatbot.storage.models import db  # noqa: E402

ARTICLE = "ia-generative-fracture-numerique"
PAGES = ("/admin/", "/admin/questions", "/admin/feedback", "/admin/words", "/admin/export")
BUDGET_MS = 300
TURNS_PER_CONVERSATION = 2.8  # what seeding stores on average


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=100_000, help="turns to store (default 100,000)")
    parser.add_argument("--runs", type=int, default=7, help="times each page is asked for (default 7)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL")
        uri = sqlalchemy_url(url) if url else f"sqlite:///{tmp}/insights.sqlite3"
        app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "RATE_LIMIT": "", "RATELIMIT_ENABLED": False,
                          "WTF_CSRF_ENABLED": False})
        _empty(app)  # a PostgreSQL database named for the bench starts empty...
        upgrade_schema(app)
        started = time.perf_counter()
        conversations = round(args.turns / TURNS_PER_CONVERSATION)
        stored = seed(app, ARTICLE, conversations, days=30,
                      progress=lambda n: print(f"\rstoring turns: {n:,}", end="", file=sys.stderr, flush=True))
        _vacuum(app)
        print(f"\rstored {stored:,} turns in {conversations:,} conversations over 30 days "
              f"({time.perf_counter() - started:.0f} s) on {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}",
              file=sys.stderr)

        runner = app.test_cli_runner()
        runner.invoke(args=["chatbot", "create-editor", "bench@example.org"], input="bench password 1234\n")
        token = runner.invoke(args=["chatbot", "create-token", "bench@example.org"]).stdout.splitlines()[0]
        client = app.test_client()
        client.post("/admin/login", data={"email": "bench@example.org", "password": "bench password 1234"})

        print(f"\n{'page':<34}{'median':>10}{'slowest':>10}   (budget {BUDGET_MS} ms)")
        worst = 0.0
        for days in (7, 30):
            for page in PAGES:
                times = _times(lambda page=page, days=days: client.get(f"{page}?article={ARTICLE}&days={days}"),
                               args.runs)
                worst = max(worst, statistics.median(times))
                print(f"{page + f'  ({days} days)':<34}{statistics.median(times):>8.0f} ms{max(times):>7.0f} ms")
            times = _times(lambda days=days: client.get(f"/api/v1/admin/insights?article={ARTICLE}&days={days}",
                                                        headers={"Authorization": f"Bearer {token}"}), args.runs)
            worst = max(worst, statistics.median(times))
            print(f"{f'API insights  ({days} days)':<34}{statistics.median(times):>8.0f} ms{max(times):>7.0f} ms")
        started = time.perf_counter()
        size = len(client.get(f"/admin/export/turns.csv?article={ARTICLE}&days=30").data)
        print(f"{'CSV export  (30 days)':<34}{(time.perf_counter() - started) * 1000:>8.0f} ms"
              f"   {size / 1e6:.1f} MB")
        print(f"\nslowest median: {worst:.0f} ms — {'within' if worst <= BUDGET_MS else 'OVER'} the budget")
        if url:
            _empty(app)  # ...and is left so


def _empty(app) -> None:
    with app.app_context():
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()


def _vacuum(app) -> None:
    """What a database that took these turns over a month has done meanwhile: PostgreSQL's autovacuum (which
    lets an index be read alone) and both databases' statistics for the planner."""
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(db.text("VACUUM ANALYZE"))
        else:
            with db.engine.begin() as connection:
                connection.execute(db.text("ANALYZE"))


def _times(ask, runs: int) -> list[float]:
    ask()  # the first asks warm the caches an editor's second visit finds warm too
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = ask()
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code}: {response.get_data(as_text=True)[:300]}")
    return times


if __name__ == "__main__":
    main()
