"""The answer log's table: one row per resident message the assistant answered or could not answer.

It is the console's stable source for its reports, written by the action
server (`bot.answer_log.record`), instead of Rasa's private tracker tables.
It holds no raw personal data: the resident is a keyed hash of the sender id,
the question is masked (`bot.masking`), and a message sent to the scam
checker is never kept, only its verdict and red flags.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, Index, Integer, String, Text

from bot.database import Base

# What the assistant did with the message.
ANSWERED = "answered"  # answered from a knowledge article
CLARIFIED = "clarified"  # asked which of a few articles was meant
DECLINED = "declined"  # a knowledge question it was not sure enough to answer
FALLBACK = "fallback"  # did not understand the message
OUT_OF_SCOPE = "out_of_scope"  # understood, but not something it helps with
SMALL_TALK = "small_talk"  # greetings, thanks, "are you a bot?"
SCAM_CHECK = "scam_check"  # gave a verdict on a pasted message
SCHEDULE = "schedule"  # answered a question about the class timetable
SCHEDULE_UNAVAILABLE = "schedule_unavailable"  # could not read the timetable
DECISIONS = (ANSWERED, CLARIFIED, DECLINED, FALLBACK, OUT_OF_SCOPE, SMALL_TALK, SCAM_CHECK, SCHEDULE, SCHEDULE_UNAVAILABLE)


class AnswerLogEntry(Base):
    """One message and what the assistant did with it."""

    __tablename__ = "answer_log"
    __table_args__ = (Index("ix_answer_log_user_article", "user_hash", "article_id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime, nullable=False, index=True)  # naive UTC, second precision
    channel = Column(String(32), nullable=True)  # rest, telegram, zalo, socketio, ...
    user_hash = Column(String(64), nullable=False)  # HMAC of the sender id, never the id itself
    intent = Column(String(64), nullable=True)
    confidence = Column(Float, nullable=True)  # the intent's
    decision = Column(String(24), nullable=False, index=True)
    article_id = Column(String(64), nullable=True)  # the article answered with
    candidates = Column(Text, nullable=False, default="[]")  # JSON [{"id", "confidence"}], best first
    question = Column(Text, nullable=True)  # masked; None for a message sent to the scam checker
    scam_verdict = Column(String(16), nullable=True)
    scam_flags = Column(Text, nullable=False, default="[]")  # JSON list of red-flag names
    helpful = Column(Boolean, nullable=True)  # 👍 True / 👎 False on this answer
    feedback_at = Column(DateTime, nullable=True)
