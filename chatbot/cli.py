"""Command-line tools: `flask --app wsgi chatbot check | eval FILE | settings`."""
from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from . import evaluation
from .articles import default_slug, library
from .settings import markdown_table

group = AppGroup("chatbot", help="Check the content, measure understanding, list settings.")


@group.command("check")
def check() -> None:
    """Load every article and rule file and report what was found.

    A mistake stops the app before this runs, with `path:line: what is wrong`
    on standard error and exit status 1.
    """
    for slug, bot in library().bots.items():
        a = bot.article
        answers = sum(i.kind == "answer" for i in bot.intents)
        click.echo(f"{slug}: {len(a.sections)} sections, {len(a.passages)} passages, "
                   f"{len(bot.rules.concepts)} concepts, {answers} answer intents - ok")


@group.command("eval")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--article", help="Article slug (the default article when omitted).")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.option("--min-accuracy", type=click.FloatRange(0, 1), help="Exit with status 1 below this accuracy (0-1).")
def evaluate(path: Path, article: str | None, as_json: bool, min_accuracy: float | None) -> None:
    """Score the bot on a JSONL file of questions: accuracy, intent F1, confusions and misses."""
    bot = library().get(article or default_slug())
    if bot is None:
        raise click.BadParameter(f"no article '{article}' (the articles are: {', '.join(library().slugs)})")
    try:
        summary = evaluation.summarise(evaluation.run(bot, evaluation.load(path)))
    except evaluation.QuestionFileError as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(summary, ensure_ascii=False, indent=2) if as_json else evaluation.report(summary))
    accuracy = summary["overall"]["accuracy"] or 0.0
    if min_accuracy is not None and accuracy < min_accuracy:
        click.echo(f"accuracy {accuracy:.1%} is below the minimum {min_accuracy:.1%}", err=True)
        raise SystemExit(1)


@group.command("settings")
def settings() -> None:
    """Print every setting, its default and meaning (the README's table)."""
    click.echo(markdown_table())


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
