"""Reads the answer log (`answer_log` in the assistant's database) for the console's reports.

The action server writes one row per resident message it answered or could
not answer (`bot.answer_log`): a stable table of the project's own, so the
console no longer depends on Rasa's private tracker tables. One ordered pass
over a period's rows turns them into the facts the pages count:

- every row is a *message* (already masked; None for a message sent to the
  scam checker, whose text is never kept);
- an *answer* is a row answered from an article;
- *feedback* is the 👍/👎 put on an answer's row;
- a *scam check* is a row of the scam checker, with its verdict and flags;
- a *conversation* is a resident's run of messages with no pause of an hour
  or more (Rasa's session expiry in domain/core.yml), or the period's first.

Residents are known only by the log's keyed hash of their sender id.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Dict, Iterator, List, Optional, Tuple

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.answer_log.models import ANSWERED, SCAM_CHECK, AnswerLogEntry
from bot.database import session_scope
from console.periods import Period, utc_to_local

logger = logging.getLogger(__name__)

SESSION_GAP = timedelta(minutes=60)


@dataclass(frozen=True)
class Message:
    """What a resident typed (or tapped), and what the assistant did with it."""

    user: str
    at: datetime
    text: str
    intent: Optional[str]
    channel: Optional[str]
    decision: str
    candidates: Tuple[str, ...] = ()  # the ranker's best articles, best first


@dataclass(frozen=True)
class Answer:
    """An article the assistant answered with, and the question it answered."""

    user: str
    at: datetime
    article_id: str
    question: Message


@dataclass(frozen=True)
class Feedback:
    """👍 or 👎 on an answer, with the question whose answer was judged."""

    user: str
    at: datetime
    article_id: str
    helpful: bool
    question: Message


@dataclass(frozen=True)
class ScamCheck:
    """A pasted message the assistant checked: its verdict and the red flags found."""

    user: str
    at: datetime
    verdict: str
    flags: Tuple[str, ...]


@dataclass(frozen=True)
class Conversation:
    """A conversation: who, when it started, through which channel."""

    user: str
    started: datetime
    channel: Optional[str]


@dataclass
class Activity:
    """Everything that happened in a period."""

    messages: List[Message] = field(default_factory=list)
    answers: List[Answer] = field(default_factory=list)
    feedback: List[Feedback] = field(default_factory=list)
    conversations: List[Conversation] = field(default_factory=list)
    scam_checks: List[ScamCheck] = field(default_factory=list)


def _json_list(raw: Optional[str]) -> List[Any]:
    try:
        value = json.loads(raw or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def _utc(moment: float) -> datetime:
    return datetime.fromtimestamp(moment, timezone.utc).replace(tzinfo=None)


class AnswerLogReader:
    """Read-only access to the answer log of the current assistant database."""

    def available(self) -> bool:
        """False until the assistant has logged a first message (or if the database is unreachable)."""
        try:
            with session_scope() as session:
                return session.execute(select(AnswerLogEntry.id).limit(1)).first() is not None
        except SQLAlchemyError:
            logger.exception("Cannot read the answer log")
            return False

    def _rows(self, period: Period) -> Iterator[AnswerLogEntry]:
        statement = (
            select(AnswerLogEntry)
            .where(AnswerLogEntry.at >= _utc(period.start), AnswerLogEntry.at < _utc(period.end))
            .order_by(AnswerLogEntry.user_hash, AnswerLogEntry.id)
            .execution_options(yield_per=2000)
        )
        with session_scope() as session:
            yield from session.execute(statement).scalars()

    def activity(self, period: Period) -> Activity:
        """Messages, answers, feedback, scam checks and conversations of the period, in one pass."""
        activity = Activity()
        last_seen: Dict[str, datetime] = {}
        for row in self._rows(period):
            _read(row, activity, last_seen)
        return activity

    def feedback_totals(self) -> Dict[str, Tuple[int, int]]:
        """(👍, 👎) per article since the log began."""
        statement = (
            select(AnswerLogEntry.article_id, AnswerLogEntry.helpful, func.count())
            .where(AnswerLogEntry.helpful.is_not(None), AnswerLogEntry.article_id.is_not(None))
            .group_by(AnswerLogEntry.article_id, AnswerLogEntry.helpful)
        )
        totals: Dict[str, List[int]] = {}
        with session_scope() as session:
            for article, helpful, count in session.execute(statement):
                totals.setdefault(article, [0, 0])[0 if helpful else 1] += count
        return {article: (up, down) for article, (up, down) in totals.items()}


def _read(row: AnswerLogEntry, activity: Activity, last_seen: Dict[str, datetime]) -> None:
    """Adds one row (rows come per resident, in order) to the activity."""
    at = utc_to_local(row.at)
    candidates = tuple(str(c["id"]) for c in _json_list(row.candidates) if isinstance(c, dict) and "id" in c)
    message = Message(row.user_hash, at, row.question or "", row.intent, row.channel, row.decision, candidates)
    activity.messages.append(message)
    previous = last_seen.get(row.user_hash)
    if previous is None or at - previous >= SESSION_GAP:
        activity.conversations.append(Conversation(row.user_hash, at, row.channel))
    last_seen[row.user_hash] = at
    if row.decision == ANSWERED and row.article_id:
        activity.answers.append(Answer(row.user_hash, at, row.article_id, message))
        if row.helpful is not None:
            judged = utc_to_local(row.feedback_at) or at
            activity.feedback.append(Feedback(row.user_hash, judged, row.article_id, bool(row.helpful), message))
    if row.decision == SCAM_CHECK and row.scam_verdict:
        flags = tuple(str(flag) for flag in _json_list(row.scam_flags))
        activity.scam_checks.append(ScamCheck(row.user_hash, at, row.scam_verdict, flags))
