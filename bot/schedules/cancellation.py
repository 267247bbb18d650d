"""Cancelling a class, and taking the cancellation back, from the import or the console.

A cancelled class keeps its row and its registrations, so that reinstating it
brings everything back; meanwhile residents are never offered it (the
schedule search skips it, registration refuses it) and its reminders stop.
Only a change of state does anything: cancelling a class that is already
cancelled (the same import run twice, a second click) queues no second notice.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.reminders import scheduling
from bot.reminders.settings import ReminderSettings
from bot.schedules.db import session_scope
from bot.schedules.models import ClassSession

REASON_LIMIT = 300


def cancel(session: Session, klass: ClassSession, reason: str, now: datetime) -> int:
    """Marks the class cancelled and queues one notice per resident registered through the
    assistant; returns the number of notices (0 when it was cancelled already: only the reason changes)."""
    klass.cancel_reason = reason[:REASON_LIMIT]
    if klass.cancelled:
        return 0
    klass.cancelled_at = datetime.utcnow().replace(microsecond=0)
    session.flush()
    return scheduling.class_cancelled(session, klass, now)


def reinstate(session: Session, klass: ClassSession, now: datetime, settings: ReminderSettings) -> int:
    """Takes the cancellation back and reschedules the reminders; returns the number of notices
    to residents who had been told it was cancelled (0 when it was not cancelled)."""
    if not klass.cancelled:
        return 0
    klass.cancelled_at = None
    klass.cancel_reason = ""
    session.flush()
    return scheduling.class_reinstated(session, klass, now, settings)


def _locked(session: Session, class_id: str) -> Optional[ClassSession]:
    """The class, after a no-op UPDATE that locks its row (two officials clicking at once queue one notice)."""
    touched = session.execute(
        update(ClassSession).where(ClassSession.id == class_id).values(capacity=ClassSession.capacity)
    ).rowcount
    return session.get(ClassSession, class_id, populate_existing=True) if touched else None


def cancel_class(class_id: str, reason: str, now: datetime) -> Optional[int]:
    """`cancel` in its own transaction; None when there is no such class."""
    with session_scope() as session:
        klass = _locked(session, class_id)
        return None if klass is None else cancel(session, klass, reason, now)


def reinstate_class(class_id: str, now: datetime, settings: ReminderSettings) -> Optional[int]:
    """`reinstate` in its own transaction; None when there is no such class."""
    with session_scope() as session:
        klass = _locked(session, class_id)
        return None if klass is None else reinstate(session, klass, now, settings)
