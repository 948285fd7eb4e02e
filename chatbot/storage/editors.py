"""What the editors' area keeps: editor accounts, their API tokens, and the labels they give readers' questions.

None of it belongs to a conversation: purging old conversations leaves it whole (a label keeps the
question it labels, so an evaluation file outlives the conversation it came from).
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .models import db

TOKEN_PREFIX = "cbt_"  # tells a token apart from a password or a conversation id in a log or a script


def _now() -> datetime:
    return datetime.now(UTC)


class Editor(db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # kept lower-case
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # since the last successful login
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Changes when the password does: a session opened before a password change ends with it.
    session_key: Mapped[str] = mapped_column(String(32), default=lambda: secrets.token_hex(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="editor", cascade="all, delete-orphan")

    # What Flask-Login asks of a user
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return f"{self.id}:{self.session_key}"


class ApiToken(db.Model):
    """A token for scripts. Only its SHA-256 is kept: the token itself is shown once, when made."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    editor_id: Mapped[int] = mapped_column(ForeignKey("editor.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    editor: Mapped[Editor] = relationship(back_populates="tokens")

    @staticmethod
    def make() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class Label(db.Model):
    """An editor's verdict on a reader's question: the passage that should have been quoted, or out of scope."""

    __table_args__ = (UniqueConstraint("article", "question"),)  # one label per wording: a new one replaces it

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article: Mapped[str] = mapped_column(String(80))
    question: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    passage_id: Mapped[str | None] = mapped_column(String(80))  # None: the article does not answer it
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("editor.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)

