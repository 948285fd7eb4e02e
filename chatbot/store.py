"""Storage: the few operations the views need.

Views never touch the session; every write commits here.
"""
from __future__ import annotations

from sqlalchemy import select

from .engine import ConversationState, Reply
from .models import Conversation, Turn, db


def get_conversation(conversation_id: str, lock: bool = False) -> Conversation | None:
    """A conversation by id; `lock` holds its row until commit, so concurrent turns queue up."""
    query = select(Conversation).where(Conversation.id == conversation_id)
    if lock:
        query = query.with_for_update()
    return db.session.execute(query).scalar_one_or_none()


def new_conversation(article: str) -> Conversation:
    conversation = Conversation(article=article, state={})
    db.session.add(conversation)
    return conversation


def add_turn(conversation: Conversation, message: str, reply: Reply, reply_json: dict,
             state: ConversationState) -> Turn:
    """Store one answered turn and the conversation's new state, in one commit."""
    turn = Turn(
        conversation=conversation,
        user_text=message,
        reply_text=reply.text,
        reply=reply_json,
        intent=reply.intent,
        confidence=reply.confidence,
        passage_ids=[q.passage_id for q in reply.quotes],
        lang=reply.lang,
    )
    conversation.state = state.to_dict()
    db.session.add(turn)
    db.session.commit()
    return turn


def delete_conversation(conversation: Conversation) -> None:
    db.session.delete(conversation)
    db.session.commit()


def rollback() -> None:
    db.session.rollback()
