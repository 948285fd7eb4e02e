"""Editors' accounts: `flask --app wsgi chatbot create-editor EMAIL | create-token EMAIL | revoke-token TOKEN`."""
from __future__ import annotations

import sys

import click

from ..cli import group
from . import accounts


def _password(confirm: bool = True) -> str:
    """Asked for at a terminal (twice, hidden); else the first line of standard input, for scripts."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=confirm)
    return sys.stdin.readline().rstrip("\r\n")


@group.command("create-editor")
@click.argument("email")
@click.option("--reset-password", is_flag=True,
              help="Give an existing editor a new password (this also lifts a lockout and ends their sessions).")
def create_editor(email: str, reset_password: bool) -> None:
    """Make an editor account that logs in at /admin/login.

    The password is asked for at a terminal; otherwise it is read from the first line of standard
    input (`printf '%s\\n' "$PASSWORD" | flask --app wsgi chatbot create-editor EMAIL`).
    """
    try:
        if reset_password:
            editor = accounts.reset_password(email, _password())
            click.echo(f"new password set for {editor.email}")
        else:
            if accounts.find_editor(email) is not None:  # said before the password is typed in vain
                raise accounts.AccountError(f"an editor {accounts.normal_email(email)} exists already "
                                            "(pass --reset-password to give them a new one)")
            editor = accounts.create_editor(email, _password())
            click.echo(f"editor {editor.email} created: log in at /admin/login")
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None


@group.command("create-token")
@click.argument("email")
def create_token(email: str) -> None:
    """Print a new API token for editor EMAIL, for `Authorization: Bearer TOKEN` on /api/v1/admin/.

    The token is shown once and kept only as a hash: store it where the script reads it.
    """
    try:
        record, token = accounts.create_token(email)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(token)
    click.echo(f"token {record.id} for {record.editor.email}: end it with `flask --app wsgi chatbot revoke-token "
               f"{record.id}`", err=True)


@group.command("revoke-token")
@click.argument("token")
def revoke_token(token: str) -> None:
    """End an API token, given the token itself or the number create-token printed with it."""
    try:
        record = accounts.revoke_token(token)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"token {record.id} of {record.editor.email} revoked: it is refused from now on")
