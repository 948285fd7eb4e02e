"""Load test: readers holding multi-turn conversations through POST /api/v1/chat at the same time,
for a minute, on SQLite and then on PostgreSQL; afterwards the turns the database holds are counted
against the answers the readers got.

    python bench/load.py [--clients 16] [--seconds 60] [--postgres URL | --sqlite-only]

The chatbot is served by gunicorn under gunicorn.conf.py, rate limits off, on a fresh SQLite file and
on a PostgreSQL database created on the server --postgres names (by default the local one) and dropped
afterwards. Each reader replays the dialogues of tests/data/realistic_dialogues.jsonl one after another, each in
a new conversation. Prints the errors by kind and whether every successful answer, and nothing else,
was stored (in total and conversation by conversation). Prints figures; asserts nothing.
"""
# ruff: noqa: E402
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # bench/http.py must not hide the standard library's http

import argparse
import http.client
import json
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import create_engine, text

from bench.server import (
    add_database_options,
    each_database,
    gunicorn_settings,
    serve,
    stop_on_sigterm,
)
from chatbot.settings import sqlalchemy_url

DIALOGUES = ROOT / "tests" / "data" / "realistic_dialogues.jsonl"
TIMEOUT = 30  # seconds a reader waits for an answer before counting a timeout


@dataclass
class Tally:
    """What the readers saw: answers per conversation, errors by kind, answer times."""
    answered: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def success(self, conversation_id: str, seconds: float) -> None:
        with self.lock:
            self.answered[conversation_id] += 1
            self.seconds.append(seconds)

    def error(self, kind: str) -> None:
        with self.lock:
            self.errors[kind] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16, help="readers at the same time (16)")
    parser.add_argument("--seconds", type=int, default=60, help="how long they go on (60)")
    add_database_options(parser)
    args = parser.parse_args()
    stop_on_sigterm()
    dialogues = [[turn["text"] for turn in json.loads(line)["turns"]]
                 for line in DIALOGUES.read_text(encoding="utf-8").splitlines() if line.strip()]

    print(f"gunicorn.conf.py: {gunicorn_settings()}; {args.clients} readers for {args.seconds} s, "
          f"replaying {len(dialogues)} dialogues of {statistics.mean(map(len, dialogues)):.1f} turns on average")
    for name, url in each_database(args):
        run(name, url, dialogues, args.clients, args.seconds)


def run(name: str, database_url: str, dialogues: list[list[str]], clients: int, seconds: int) -> None:
    tally = Tally()
    with serve("wsgi:app", database_url) as server:
        deadline = time.monotonic() + seconds
        readers = [threading.Thread(target=reader, args=(server.url, dialogues, i, deadline, tally))
                   for i in range(clients)]
        for thread in readers:
            thread.start()
        for thread in readers:
            thread.join()
    report(name, tally, seconds, stored_turns(database_url))


def reader(base: str, dialogues: list[list[str]], number: int, deadline: float, tally: Tally) -> None:
    """One reader: dialogue after dialogue, each a new conversation, until the deadline."""
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=TIMEOUT)
    index = number
    try:
        while time.monotonic() < deadline:
            conversation_id = None
            for message in dialogues[index % len(dialogues)]:
                if time.monotonic() >= deadline:
                    break
                conversation_id = turn(connection, message, conversation_id, tally)
                if conversation_id is None:
                    break  # the conversation could not start or go on: the next dialogue starts afresh
            index += 1
    except Exception as error:  # a bug of this script, not of the server: shown with the errors
        tally.error(f"reader stopped by {error!r}")
    finally:
        connection.close()


def turn(connection: http.client.HTTPConnection, message: str, conversation_id: str | None,
         tally: Tally) -> str | None:
    """Send one message; the conversation's id when it was answered, else None (the error is tallied)."""
    body = {"message": message, **({"conversation_id": conversation_id} if conversation_id else {})}
    started = time.monotonic()
    try:
        connection.request("POST", "/api/v1/chat", json.dumps(body), {"Content-Type": "application/json"})
        response = connection.getresponse()
        data = response.read()
    except TimeoutError:
        connection.close()
        tally.error("timeout")
        return None
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        tally.error(error.__class__.__name__)
        return None
    if response.status != 200:
        tally.error(f"HTTP {response.status}")
        return None
    try:
        answer = json.loads(data)
        answered_id, reply = answer["conversation_id"], answer["reply"]
    except (ValueError, KeyError, TypeError):
        tally.error("answer not the expected JSON")
        return None
    if (conversation_id and answered_id != conversation_id) or not reply.get("text"):
        tally.error("answer for another conversation, or empty")
        return None
    tally.success(answered_id, time.monotonic() - started)
    return answered_id


def stored_turns(database_url: str) -> Counter:
    """Turns stored, per conversation."""
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT conversation_id, count(*) FROM turn GROUP BY conversation_id"))
            return Counter(dict(rows.all()))
    finally:
        engine.dispose()


def report(name: str, tally: Tally, seconds: int, stored: Counter) -> None:
    answered = sum(tally.answered.values())
    times = sorted(tally.seconds) or [0.0]
    errors = ", ".join(f"{kind}: {n}" for kind, n in tally.errors.most_common()) or "none"
    differing = sum(1 for cid in set(stored) | set(tally.answered) if stored[cid] != tally.answered[cid])
    total = sum(stored.values())
    print(f"\n{name}")
    print(f"  successful responses: {answered} ({answered / seconds:.0f}/s), in {len(tally.answered)} conversations; "
          f"p50 {1000 * statistics.median(times):.0f} ms, p99 {1000 * times[int(len(times) * 0.99)]:.0f} ms")
    print(f"  errors: {sum(tally.errors.values())} ({errors})")
    print(f"  stored turns: {total}, in {len(stored)} conversations: "
          + ("equal to the successful responses" if total == answered else f"{total - answered:+d} against them"))
    print(f"  conversations whose stored turns differ from the answers their reader got: {differing}")


if __name__ == "__main__":
    main()
