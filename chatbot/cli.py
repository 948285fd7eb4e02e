"""Command-line tools: `flask --app wsgi chatbot COMMAND`, COMMAND being check, eval FILE, draft-rules SLUG,
new-article SLUG, settings or purge."""
from __future__ import annotations

import json
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.exc import SQLAlchemyError

from . import evaluation
from .articles import default_slug, library
from .engine.draft import draft_rules
from .engine.library import DEFAULT_CONTENT, SLUG
from .settings import markdown_table
from .storage import store
from .storage.database import DatabaseHung

RATE_LIMITED_TRIES = 20  # a server's rate limit is waited out this many times per question
PURGE_PROGRESS_SECONDS = 5.0  # a long purge says how far it has got this often

group = AppGroup("chatbot", help="Check the content, measure understanding, list settings, purge old conversations.")


@group.command("check")
def check() -> None:
    """Load every article and rule file and report what was found.

    An article with a mistake is reported as `path:line: what is wrong`, and the command then exits
    with status 1 (the server leaves such an article out and serves the others).
    """
    for slug in library().slugs:
        bot = library().get(slug)
        a = bot.article
        answers = sum(i.kind == "answer" for i in bot.intents)
        click.echo(f"{slug}: {len(a.sections)} sections, {len(a.passages)} passages, "
                   f"{len(bot.rules.concepts)} concepts, {answers} answer intents - ok")
    for slug, error in library().errors.items():
        click.echo(f"{slug}: left out - {error}", err=True)
    if library().errors:
        raise SystemExit(1)


@group.command("eval")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--article", help="Article slug (the default article when omitted).")
@click.option("--api", "through_api", is_flag=True,
              help="Ask through POST /api/v1/chat, as a client would (in-process, in a throwaway database).")
@click.option("--url", help="Ask the server running at this address (e.g. http://127.0.0.1:8000) through its API.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--min-accuracy", type=click.FloatRange(0, 1), help="Exit with status 1 below this accuracy (0-1).")
def evaluate(path: Path, article: str | None, through_api: bool, url: str | None, as_json: bool,
             min_accuracy: float | None) -> None:
    """Score the bot on a JSONL file of questions: accuracy, intent F1, confusions and misses."""
    slug = article or default_slug()
    if library().get(slug) is None:
        raise click.BadParameter(f"no article '{article}' (the articles are: {', '.join(library().slugs)})")
    try:
        items = evaluation.load(path)
        if url:
            outcomes = evaluation.replay(evaluation.api(_http_post(url), slug), items)
        elif through_api:
            with tempfile.TemporaryDirectory() as folder:
                outcomes = evaluation.replay(evaluation.api(_in_process_post(folder), slug), items)
        else:
            outcomes = evaluation.run(library().get(slug), items)
    except evaluation.QuestionFileError as error:
        raise click.ClickException(str(error)) from None
    summary = evaluation.summarise(outcomes)
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else evaluation.report(summary))
    accuracy = summary["overall"]["accuracy"] or 0.0
    if min_accuracy is not None and accuracy < min_accuracy:
        click.echo(f"accuracy {accuracy:.1%} is below the minimum {min_accuracy:.1%}", err=True)
        raise SystemExit(1)


def _in_process_post(folder: str):
    """POST /api/v1/chat on a copy of this app with its own database in `folder` and no rate limit."""
    from . import create_app
    from .storage.database import upgrade_schema

    app = create_app({**current_app.config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/eval.sqlite3",
                      "RATE_LIMIT": "", "RATELIMIT_ENABLED": False})
    upgrade_schema(app)
    client = app.test_client()

    def post(body: dict) -> dict:
        response = client.post("/api/v1/chat", json=body)
        if response.status_code != 200:
            raise click.ClickException(f"POST /api/v1/chat answered {response.status_code}: {response.get_data(True)}")
        return response.get_json()
    return post


def _http_post(url: str):
    """POST /api/v1/chat on a running server, waiting as its rate limit asks (429 and Retry-After)."""
    endpoint = url.rstrip("/") + "/api/v1/chat"

    def post(body: dict) -> dict:
        request = urllib.request.Request(endpoint, data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        for _ in range(RATE_LIMITED_TRIES):
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return json.load(response)
            except urllib.error.HTTPError as error:
                if error.code != 429:
                    raise click.ClickException(f"{endpoint}: {error}") from None
                wait = min(int(error.headers.get("Retry-After", "5") or 5), 60)
                click.echo(f"rate limited by the server: waiting {wait} s", err=True)
                time.sleep(wait)
            except (urllib.error.URLError, OSError) as error:
                raise click.ClickException(f"{endpoint}: {error}") from None
        raise click.ClickException(f"{endpoint}: still rate limited after {RATE_LIMITED_TRIES} tries")
    return post


@group.command("draft-rules")
@click.argument("slug")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the draft instead of writing it.")
@click.option("--force", is_flag=True, help="Write over the article's rules.toml if it has one.")
def draft(slug: str, to_stdout: bool, force: bool) -> None:
    """Draft a commented rules.toml for article SLUG from its text, in its folder.

    As drafted, the rules answer as the article does with no rule file; edit them to make it better.
    """
    bot = library().get(slug)
    if bot is None:
        known = ", ".join(library().slugs)
        raise click.BadParameter(f"no article '{slug}' is served (the articles are: {known})", param_hint="SLUG")
    text = draft_rules(bot.article, library().common)
    if to_stdout:
        click.echo(text, nl=False)
        return
    target = Path(bot.article.path).parent / "rules.toml"
    if target.exists() and not force:
        raise click.ClickException(f"{target} exists: pass --force to write over it, or --stdout to read the draft")
    target.write_text(text, encoding="utf-8")
    click.echo(f"wrote {target}; check it with `flask --app wsgi chatbot check`")


ARTICLE_TEMPLATE = """\
+++
# The article's details; every one is shown to readers.
title = "The article's title"
subtitle = "One sentence under the title"
author = "Its author"
source = "Where it was published"
source_url = "https://example.org/where-it-was-published"
lang = "{lang}"  # fr or en: the language of the text
+++

The opening paragraph: who writes, and what the article argues. Each paragraph is split into
sentences, and each sentence can be quoted on its own: write whole sentences.

## The first part's title {{#first-part}}

Each `##` heading starts a section; `{{#an-id}}` gives it the id its links and rules use.

## The second part's title {{#second-part}}

Serve the article as it is (no rules.toml is needed), then draft rules for it with
`flask --app wsgi chatbot draft-rules {slug}`.
"""


@group.command("new-article")
@click.argument("slug")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="The article's language.")
def new_article(slug: str, lang: str) -> None:
    """Make the folder of a new article SLUG in the content folder, with a commented article.md to fill in."""
    if not SLUG.match(slug):
        raise click.BadParameter("lower-case letters, digits and dashes, starting with a letter or digit",
                                 param_hint="SLUG")
    folder = Path(current_app.config["CONTENT_DIR"] or DEFAULT_CONTENT) / slug
    if folder.exists():
        raise click.ClickException(f"{folder} exists already")
    folder.mkdir(parents=True)
    (folder / "article.md").write_text(ARTICLE_TEMPLATE.format(lang=lang, slug=slug), encoding="utf-8")
    reload = float(current_app.config["CONTENT_RELOAD"])
    when = f"within {reload:g} s of each save" if reload > 0 else "once the server starts again"
    click.echo(f"wrote {folder / 'article.md'}: fill it in; a running server serves it {when}")


@group.command("settings")
def settings() -> None:
    """Print every setting, its default and meaning (the README's table)."""
    click.echo(markdown_table())


@group.command("purge")
@click.option("--days", type=int, help="Delete the conversations whose last turn is older than this many days, "
              "instead of CHATBOT_RETENTION_DAYS; 0 deletes nothing.")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted, and delete nothing.")
@click.option("--batch", type=click.IntRange(1, 10_000), default=1000, show_default=True,
              help="Conversations deleted per transaction.")
def purge(days: int | None, dry_run: bool, batch: int) -> None:
    """Delete the conversations whose last turn is older than CHATBOT_RETENTION_DAYS days, with their turns.

    Nothing else is deleted. Each batch is committed on its own, so a purge stopped halfway keeps what it
    deleted and the next run goes on. Run it daily (the README says how).
    """
    if days is None:
        days, source = _retention_days(), "CHATBOT_RETENTION_DAYS"
    elif days < 0:
        raise click.BadParameter(f"{days} is negative: give the days a conversation is kept after its last "
                                 "turn, 0 or more (0 keeps them all)", param_hint="'--days'")
    else:
        source = "--days"
    if days == 0:
        click.echo(f"{source} is 0, which keeps every conversation: nothing deleted")
        return
    try:
        cutoff = datetime.now(UTC) - timedelta(days=days)
    except OverflowError:
        raise click.BadParameter(f"{days} days go back further than the calendar", param_hint="'--days'") from None
    verb = "would delete" if dry_run else "deleted"
    conversations = turns = 0
    said = time.monotonic()
    try:
        for done in store.purge(cutoff, batch, dry_run):
            conversations, turns = conversations + done.conversations, turns + done.turns
            if time.monotonic() - said >= PURGE_PROGRESS_SECONDS:
                click.echo(f"... {verb} {_many(conversations, 'conversation')} so far", err=True)
                said = time.monotonic()
    except (SQLAlchemyError, DatabaseHung) as error:
        cause = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        so_far = f"{_many(conversations, 'conversation')} ({_many(turns, 'turn')})"
        reached = f"counting {so_far}" if dry_run else f"deleting {so_far}, which stay deleted"
        raise click.ClickException(
            f"the database failed ({error.__class__.__name__}: {cause}) after {reached}: run it again, with a "
            "smaller --batch (or a larger CHATBOT_DATABASE_TIMEOUT) if a batch took too long") from None
    what = f"{_many(conversations, 'conversation')} ({_many(turns, 'turn')})"
    click.echo(f"{verb} {what} last active before {cutoff:%Y-%m-%d %H:%M} UTC ({days} days ago)"
               + ("; nothing deleted (--dry-run)" if dry_run else ""))


def _retention_days() -> int:
    value = current_app.config["RETENTION_DAYS"]
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise click.ClickException(f"CHATBOT_RETENTION_DAYS must be a whole number of days, 0 or more, not {value!r}")
    return value


def _many(count: int, thing: str) -> str:
    return f"{count:,} {thing}{'' if count == 1 else 's'}"


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
