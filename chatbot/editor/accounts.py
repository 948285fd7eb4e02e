"""Editor accounts and API tokens: making them, checking a password (with a lockout), checking a token.

Passwords are hashed with Werkzeug's scrypt; tokens are kept as their SHA-256, so neither can be
read back from the database. After MAX_FAILED wrong passwords in a row an account is locked for
LOCKOUT: the right password then fails too, until the lock ends.
"""
from __future__ import annotations

import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from ..storage.editors import ApiToken, Editor
from ..storage.models import aware, db

MAX_FAILED = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Checked against when no account has the e-mail given, so that a wrong e-mail takes as long as a wrong password
_DUMMY_HASH = generate_password_hash("not a password of anyone's")


class AccountError(ValueError):
    """A request about accounts that cannot be done: said in words an operator can act on."""


class Login(NamedTuple):
    editor: Editor | None  # who logged in; None when refused
    locked_until: datetime | None = None  # when refused because the account is locked


def normal_email(email: str) -> str:
    return email.strip().lower()


def find_editor(email: str) -> Editor | None:
    return db.session.execute(select(Editor).where(Editor.email == normal_email(email))).scalar_one_or_none()


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password must have at least {MIN_PASSWORD} characters")


def create_editor(email: str, password: str) -> Editor:
    email = normal_email(email)
    if not EMAIL.match(email):
        raise AccountError(f"'{email}' is not an e-mail address")
    if find_editor(email) is not None:
        raise AccountError(f"an editor {email} exists already (pass --reset-password to give them a new one)")
    check_new_password(password)
    editor = Editor(email=email, password_hash=generate_password_hash(password))
    db.session.add(editor)
    db.session.commit()
    return editor


def reset_password(email: str, password: str) -> Editor:
    """A new password, which also lifts a lockout and ends every session opened with the old one."""
    editor = find_editor(email)
    if editor is None:
        raise AccountError(f"there is no editor {normal_email(email)}")
    check_new_password(password)
    editor.password_hash = generate_password_hash(password)
    editor.failed_logins, editor.locked_until = 0, None
    editor.session_key = secrets.token_hex(16)
    db.session.commit()
    return editor


def log_in(email: str, password: str, now: datetime | None = None) -> Login:
    """Check a password; count a failure, and lock the account after MAX_FAILED in a row."""
    now = now or datetime.now(UTC)
    editor = find_editor(email)
    if editor is None:
        check_password_hash(_DUMMY_HASH, password)
        return Login(None)
    locked_until = aware(editor.locked_until)
    if locked_until is not None and locked_until > now:
        return Login(None, locked_until)
    if not check_password_hash(editor.password_hash, password):
        editor.failed_logins += 1
        if editor.failed_logins >= MAX_FAILED:
            editor.failed_logins, editor.locked_until = 0, now + LOCKOUT
        db.session.commit()
        return Login(None, aware(editor.locked_until) if editor.locked_until else None)
    editor.failed_logins, editor.locked_until, editor.last_login_at = 0, None, now
    db.session.commit()
    return Login(editor)


def editor_for_session(user_id: str) -> Editor | None:
    """The editor a session names as `id:session_key`, unless their password changed since."""
    number, _, key = user_id.partition(":")
    if not number.isdigit():
        return None
    editor = db.session.get(Editor, int(number))
    return editor if editor is not None and editor.session_key == key else None


def create_token(email: str) -> tuple[ApiToken, str]:
    """A new API token for an editor: the stored record, and the token itself (shown once)."""
    editor = find_editor(email)
    if editor is None:
        raise AccountError(f"there is no editor {normal_email(email)} (create one with create-editor)")
    token = ApiToken.make()
    record = ApiToken(editor=editor, digest=ApiToken.digest_of(token))
    db.session.add(record)
    db.session.commit()
    return record, token


def revoke_token(token_or_id: str) -> ApiToken:
    """End a token, given the token itself or the number create-token printed with it."""
    value = token_or_id.strip()
    if value.isdigit():
        record = db.session.get(ApiToken, int(value))
    else:
        query = select(ApiToken).where(ApiToken.digest == ApiToken.digest_of(value))
        record = db.session.execute(query).scalar_one_or_none()
    if record is None:
        raise AccountError("no such token")
    if record.revoked_at is None:
        record.revoked_at = datetime.now(UTC)
        db.session.commit()
    return record


def editor_for_token(token: str) -> Editor | None:
    """The editor a live token belongs to; None for an unknown or revoked one."""
    query = select(ApiToken).where(ApiToken.digest == ApiToken.digest_of(token), ApiToken.revoked_at.is_(None))
    record = db.session.execute(query).scalar_one_or_none()
    if record is None:
        return None
    record.last_used_at = datetime.now(UTC)
    db.session.commit()
    return record.editor
