"""Command-line tools: `flask --app wsgi chatbot check`."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from .content import library
from .settings import markdown_table

group = AppGroup("chatbot", help="Check the content the bot serves.")


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


@group.command("settings")
def settings() -> None:
    """Print every setting, its default and meaning (the README's table)."""
    click.echo(markdown_table())


def init_app(app: Flask) -> None:
    app.cli.add_command(group)
