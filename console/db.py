"""The console's own tables, kept in the assistant's database (ASSISTANT_DB).

Accounts, failed logins (for rate limiting across workers and restarts) and
the officials' decisions about unanswered messages live next to the classes,
so a deployment has one database to back up. Their schema comes from the
assistant database's migrations (`bot/migrations`); the assistant itself never
reads them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from bot.database import Base, session_scope

__all__ = ["Base", "session_scope", "User", "LoginFailure", "Decision", "DecidedMessage", "utcnow"]


class User(Base):
    """An official who may use the console. `session_epoch` changes to end every session."""

    __tablename__ = "console_users"

    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String(64), nullable=False, unique=True)
    password_hash = Column(String(300), nullable=False)
    session_epoch = Column(Integer, nullable=False, default=1)
    created_at = Column(DateTime, nullable=False)
    last_login_at = Column(DateTime, nullable=True)


class LoginFailure(Base):
    """One failed login, by the name tried and the client's address."""

    __tablename__ = "console_login_failures"

    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String(64), nullable=False, index=True)
    client = Column(String(64), nullable=False, index=True)
    at = Column(DateTime, nullable=False, index=True)


class Decision(Base):
    """What an official said about a group of unanswered messages.

    kind "article": the messages are questions article `article_id` answers
    (their phrasings went to the review file); kind "new_question": the
    catalogue needs a new question (exported as a list).
    """

    __tablename__ = "console_decisions"

    id = Column(Integer, primary_key=True, autoincrement=True)
    kind = Column(String(16), nullable=False, index=True)
    article_id = Column(String(64), nullable=True)
    text = Column(Text, nullable=False)
    examples = Column(Text, nullable=False, default="[]")  # JSON list of masked texts
    asked = Column(Integer, nullable=False, default=0)
    users = Column(Integer, nullable=False, default=0)
    first_seen = Column(DateTime, nullable=True)
    last_seen = Column(DateTime, nullable=True)
    note = Column(Text, nullable=False, default="")
    decided_by = Column(String(64), nullable=False)
    decided_at = Column(DateTime, nullable=False)
    messages = relationship("DecidedMessage", back_populates="decision", cascade="all, delete-orphan")


class DecidedMessage(Base):
    """A message text (its grouping key) already dealt with, so it leaves the open list."""

    __tablename__ = "console_decided_messages"

    key = Column(String(500), primary_key=True)
    decision_id = Column(Integer, ForeignKey("console_decisions.id", ondelete="CASCADE"), nullable=False)
    decision = relationship("Decision", back_populates="messages")


def utcnow() -> datetime:
    """Naive UTC, second precision: how the console stamps its own rows."""
    return datetime.utcnow().replace(microsecond=0)
