"""Reads the conversations from Rasa's SQL tracker store (the `events` table).

Only SQLAlchemy is used, never Rasa, so the console starts in a second and
stays small. One ordered pass over a period's events turns them into facts
the pages count:

- a *message* is a `user` event (text, intent, channel, article ranking);
- an *answer* is the `kb_article` slot set by `action_answer_question`
  (step-by-step navigation re-sets the slot and must not count again);
- *feedback* is the `kb_feedback` slot ({"article", "helpful"}), tied to the
  question whose answer it judged;
- a *scam check* is the `scam_check` slot ({"verdict", "flags"}) set by
  `action_check_message` (the checked message itself is never read here);
- a *conversation* starts at a resident's first message after Rasa's
  `session_started` (or the first message of the period).
"""
from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, Iterator, List, Optional, Tuple

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, and_, create_engine, inspect, or_, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from console.periods import Period, to_local

logger = logging.getLogger(__name__)

KB_INTENT = "faq"
ANSWER_ACTION = "action_answer_question"
ARTICLE_SLOT = "kb_article"
FEEDBACK_SLOT = "kb_feedback"
SCAM_CHECK_SLOT = "scam_check"

# Rasa 3.6 SQLTrackerStore's table; a slot event keeps the slot's name in action_name.
EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


@dataclass(frozen=True)
class Message:
    """What a resident typed (or tapped), as the NLU understood it."""

    sender_id: str
    at: datetime
    text: str
    intent: Optional[str]
    channel: Optional[str]
    ranking: Tuple[Dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Answer:
    """An article the assistant answered with, and the question it answered."""

    sender_id: str
    at: datetime
    article_id: str
    question: Optional[Message]


@dataclass(frozen=True)
class Feedback:
    """👍 or 👎 on an article, with the question whose answer was judged (if in the period)."""

    sender_id: str
    at: datetime
    article_id: str
    helpful: bool
    question: Optional[Message]


@dataclass(frozen=True)
class ScamCheck:
    """A pasted message the assistant checked: its verdict and the red flags found."""

    sender_id: str
    at: datetime
    verdict: str
    flags: Tuple[str, ...]


@dataclass(frozen=True)
class Conversation:
    """A conversation: who, when it started, through which channel."""

    sender_id: str
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


@dataclass
class _Sender:
    """What the pass remembers about one conversation while reading it in order."""

    last_action: Optional[str] = None
    last_question: Optional[Message] = None
    answered: Dict[str, Optional[Message]] = field(default_factory=dict)
    new_session: bool = True


_engines: Dict[str, Engine] = {}
_lock = threading.Lock()


def _engine(url: str) -> Engine:
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            options: Dict[str, Any] = {"future": True, "pool_pre_ping": True}
            if make_url(url).get_backend_name() == "sqlite":
                options["connect_args"] = {"check_same_thread": False, "timeout": 15}
            engine = _engines[url] = create_engine(url, **options)
        return engine


def _json(raw: Optional[str]) -> Dict[str, Any]:
    try:
        data = json.loads(raw or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class TrackerReader:
    """Read-only access to one tracker store."""

    def __init__(self, url: str) -> None:
        self.url = url

    def available(self) -> bool:
        """False until Rasa has stored a first conversation (or if the database is unreachable)."""
        try:
            with _engine(self.url).connect() as connection:
                return inspect(connection).has_table("events")
        except SQLAlchemyError:
            logger.exception("Cannot reach the tracker store")
            return False

    def _rows(self, *conditions: Any) -> Iterator[Any]:
        if not self.available():
            return
        statement = select(EVENTS).where(*conditions).order_by(EVENTS.c.sender_id, EVENTS.c.id)
        with _engine(self.url).connect() as connection:
            yield from connection.execution_options(stream_results=True, yield_per=2000).execute(statement)

    def activity(self, period: Period) -> Activity:
        """Messages, answers, feedback and conversations of the period, in one pass."""
        kinds = or_(
            EVENTS.c.type_name.in_(("user", "session_started")),
            and_(EVENTS.c.type_name == "action", EVENTS.c.action_name != "action_listen"),
            and_(EVENTS.c.type_name == "slot", EVENTS.c.action_name.in_((ARTICLE_SLOT, FEEDBACK_SLOT, SCAM_CHECK_SLOT))),
        )
        rows = self._rows(EVENTS.c.timestamp >= period.start, EVENTS.c.timestamp < period.end, kinds)
        activity = Activity()
        senders: Dict[str, _Sender] = {}
        for row in rows:
            state = senders.setdefault(row.sender_id, _Sender())
            _read(row, state, activity)
        return activity

    def feedback_totals(self) -> Dict[str, Tuple[int, int]]:
        """(👍, 👎) per article since the tracker store began."""
        totals: Dict[str, List[int]] = {}
        for row in self._rows(EVENTS.c.type_name == "slot", EVENTS.c.action_name == FEEDBACK_SLOT):
            value = _json(row.data).get("value")
            if isinstance(value, dict) and value.get("article"):
                counts = totals.setdefault(str(value["article"]), [0, 0])
                counts[0 if value.get("helpful") else 1] += 1
        return {article: (up, down) for article, (up, down) in totals.items()}


def _message(row: Any, data: Dict[str, Any]) -> Message:
    parse = data.get("parse_data") or {}
    ranking = parse.get("article_ranking") or []
    return Message(
        sender_id=row.sender_id,
        at=to_local(row.timestamp),
        text=str(data.get("text") or ""),
        intent=row.intent_name or (parse.get("intent") or {}).get("name"),
        channel=data.get("input_channel"),
        ranking=tuple(r for r in ranking if isinstance(r, dict) and "id" in r and "confidence" in r),
    )


def _read(row: Any, state: _Sender, activity: Activity) -> None:
    """Applies one event (in conversation order) to the sender's state and the activity."""
    if row.type_name == "session_started":
        state.new_session = True
    elif row.type_name == "action":
        state.last_action = row.action_name
    elif row.type_name == "user":
        message = _message(row, _json(row.data))
        activity.messages.append(message)
        if state.new_session:
            activity.conversations.append(Conversation(row.sender_id, message.at, message.channel))
            state.new_session = False
        if message.intent == KB_INTENT:
            state.last_question = message
    elif row.type_name == "slot":
        value = _json(row.data).get("value")
        at = to_local(row.timestamp)
        if row.action_name == ARTICLE_SLOT and value and state.last_action == ANSWER_ACTION:
            activity.answers.append(Answer(row.sender_id, at, str(value), state.last_question))
            state.answered[str(value)] = state.last_question
        elif row.action_name == SCAM_CHECK_SLOT and isinstance(value, dict) and value.get("verdict"):
            flags = tuple(str(f) for f in value.get("flags") or ())
            activity.scam_checks.append(ScamCheck(row.sender_id, at, str(value["verdict"]), flags))
        elif row.action_name == FEEDBACK_SLOT and isinstance(value, dict) and value.get("article"):
            article = str(value["article"])
            activity.feedback.append(Feedback(row.sender_id, at, article, bool(value.get("helpful")), state.answered.get(article)))
