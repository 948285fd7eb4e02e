"""Stored conversations and their turns."""
from __future__ import annotations

import secrets
from datetime import UTC, datetime

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    # Named constraints and indexes, so that migrations can name what they change on every database
    metadata = MetaData(naming_convention={"ix": "ix_%(column_0_label)s",
                                           "uq": "uq_%(table_name)s_%(column_0_N_name)s"})


db = SQLAlchemy(model_class=Base)


def _now() -> datetime:
    return datetime.now(UTC)


def new_conversation_id() -> str:
    """128 random bits, URL-safe: unguessable, so the id alone grants access."""
    return secrets.token_urlsafe(16)


class Conversation(db.Model):
    __table_args__ = (Index("ix_conversation_article_created_at", "article", "created_at"),)  # insights count them
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_conversation_id)
    article: Mapped[str] = mapped_column(String(80))
    state: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    # Indexed for purging old conversations
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now, index=True)
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    turns: Mapped[list[Turn]] = relationship(back_populates="conversation", order_by="Turn.id",
                                             cascade="all, delete-orphan", passive_deletes=True)

    def to_dict(self) -> dict:
        return {"conversation_id": self.id, "article": self.article, "created_at": iso(self.created_at),
                "turns": [t.to_dict() for t in self.turns]}


class Turn(db.Model):
    __table_args__ = (UniqueConstraint("conversation_id", "number"),  # two writers cannot both take turn n
                      # The editors' insights count an article's turns over a period from this index alone,
                      # without reading the turns themselves (their replies make them long)
                      Index("ix_turn_insights", "article", "created_at", "intent", "useful", "stance", "confidence",
                            "conversation_id", "unknown_words"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"))
    article: Mapped[str] = mapped_column(String(80))  # the conversation's, kept here for the editors' insights
    number: Mapped[int] = mapped_column(Integer)  # the turn's position in its conversation, from 1
    idempotency_key: Mapped[str | None] = mapped_column(String(100), unique=True)  # the client's, when it sent one
    user_text: Mapped[str] = mapped_column(Text)
    reply_text: Mapped[str] = mapped_column(Text)
    reply: Mapped[dict] = mapped_column(JSON)  # the whole reply as the API returned it
    intent: Mapped[str] = mapped_column(String(80))
    confidence: Mapped[float] = mapped_column(Float)
    passage_ids: Mapped[list] = mapped_column(JSON, default=list)
    lang: Mapped[str] = mapped_column(String(8))
    unknown_words: Mapped[str | None] = mapped_column(String(200))  # words nothing explained, space-separated
    stance: Mapped[str | None] = mapped_column(String(16))  # in a guided discussion: agree, disagree, unsure, opinion
    answered: Mapped[str | None] = mapped_column(Text)  # with a stance: the bot's question the reader answered
    useful: Mapped[bool | None] = mapped_column(Boolean)  # the reader's vote on the reply, if they gave one
    comment: Mapped[str | None] = mapped_column(Text)  # why the reply was not useful, in the reader's words
    feedback_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    conversation: Mapped[Conversation] = relationship(back_populates="turns")

    def to_dict(self) -> dict:
        feedback = None if self.useful is None else {"useful": self.useful, "comment": self.comment}
        return {"turn": self.number, "message": self.user_text, "reply": self.reply, "feedback": feedback,
                "created_at": iso(self.created_at)}


def aware(moment: datetime | None) -> datetime | None:
    """A stored moment with its time zone: SQLite hands back naive datetimes, stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else aware(moment).isoformat()
