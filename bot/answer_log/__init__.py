"""Writes the answer log (`answer_log` table) from the actions: the one way they record what they did.

Each action that answers a resident, or fails to, awaits `record(...)`; the
feedback action awaits `record_feedback(...)`. The database work runs in a
worker thread, so the action server's event loop keeps serving other
conversations, and a database error is logged (masked) and swallowed: an
answer is never lost because the log could not be written.

The resident is known only by `user_hash(sender_id)` (bot/persistence/resident.py):
the console can count people and follow a conversation without any sender id.
"""
from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime
from typing import Any, Dict, Iterable, Optional

from rasa_sdk import Tracker
from sqlalchemy import select

from bot.answer_log.models import ANSWERED, SCAM_CHECK, AnswerLogEntry
from bot.database import session_scope
from bot.knowledge.routing import RANKING_KEY, SAFETY_KEY
from bot.masking import mask
from bot.persistence.resident import user_hash

logger = logging.getLogger(__name__)

MAX_CANDIDATES = 3
MAX_QUESTION = 1000


def _utcnow() -> datetime:
    return datetime.utcnow().replace(microsecond=0)


def typed_question(tracker: Tracker) -> str:
    """The resident's latest typed message: after a button ("/choose_article…"), the question before it."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        text = event.get("text") or ""
        if text and not text.startswith("/"):
            return text
    return (tracker.latest_message or {}).get("text") or ""


def _entry(
    tracker: Tracker,
    decision: str,
    article_id: Optional[str],
    question: Optional[str],
    scam_verdict: Optional[str],
    scam_flags: Iterable[str],
) -> AnswerLogEntry:
    parse: Dict[str, Any] = tracker.latest_message or {}
    intent = parse.get("intent") or {}
    ranking = [r for r in parse.get(RANKING_KEY) or [] if isinstance(r, dict) and "id" in r]
    safety = parse.get(SAFETY_KEY) or {}
    if scam_verdict is None and safety.get("verdict"):
        scam_verdict, scam_flags = safety["verdict"], safety.get("flags") or ()
    # A message the scam rules judged may be a pasted scam, full of links and numbers: keep only the verdict.
    text = None if decision == SCAM_CHECK or scam_verdict else mask(question if question is not None else parse.get("text") or "")
    confidence = intent.get("confidence")
    return AnswerLogEntry(
        at=_utcnow(),
        channel=tracker.get_latest_input_channel(),
        user_hash=user_hash(tracker.sender_id),
        intent=intent.get("name"),
        confidence=float(confidence) if confidence is not None else None,
        decision=decision,
        article_id=article_id,
        candidates=json.dumps([
            {"id": str(r["id"]), "confidence": round(float(r.get("confidence") or 0), 4)} for r in ranking[:MAX_CANDIDATES]
        ]),
        question=text[:MAX_QUESTION] if text is not None else None,
        scam_verdict=scam_verdict,
        scam_flags=json.dumps([str(flag) for flag in scam_flags]),
    )


def _write(entry: AnswerLogEntry) -> None:
    with session_scope() as session:
        session.add(entry)


def _mark_feedback(sender_id: str, article_id: str, helpful: bool) -> bool:
    """Puts 👍/👎 on the resident's latest answer with that article; False when there is none."""
    user = user_hash(sender_id)
    with session_scope() as session:
        entry = session.execute(
            select(AnswerLogEntry)
            .where(AnswerLogEntry.user_hash == user, AnswerLogEntry.article_id == article_id,
                   AnswerLogEntry.decision == ANSWERED)
            .order_by(AnswerLogEntry.id.desc())
            .limit(1)
        ).scalar_one_or_none()
        if entry is None:
            return False
        entry.helpful, entry.feedback_at = helpful, _utcnow()
        return True


async def _safely(work, *args: Any) -> Any:
    try:
        return await asyncio.to_thread(work, *args)
    except Exception as error:  # the log must never cost the resident an answer
        logger.warning("Answer log not written: %s", mask(f"{type(error).__name__}: {error}")[:300])
        return None


async def record(
    tracker: Tracker,
    decision: str,
    *,
    article_id: Optional[str] = None,
    question: Optional[str] = None,
    scam_verdict: Optional[str] = None,
    scam_flags: Iterable[str] = (),
) -> None:
    """Logs what the assistant did with the latest message (`question` overrides its text)."""
    try:
        entry = _entry(tracker, decision, article_id, question, scam_verdict, list(scam_flags))
    except Exception as error:
        logger.warning("Answer log entry not built: %s", type(error).__name__)
        return
    await _safely(_write, entry)


async def record_feedback(tracker: Tracker, article_id: str, helpful: bool) -> None:
    """Logs 👍 (helpful) or 👎 on the resident's latest answer with `article_id`."""
    if await _safely(_mark_feedback, tracker.sender_id, article_id, helpful) is False:
        logger.info("Feedback on %s without a logged answer to attach it to", article_id)

