"""The reminders table as a durable job queue shared by any number of workers.

A worker reads the due rows, then claims each with a conditional UPDATE
(`... SET status='sending' WHERE id=? AND status='pending'`): on PostgreSQL
the row lock makes a second worker wait and then match nothing, on SQLite the
database write lock does, so exactly one worker sends each reminder. A
reminder the assistant said is never said again: only one that never reached
Rasa goes back to `pending` for a retry, and a worker that dies mid-send
leaves the row `sending`, settled after `stuck_minutes` as sent (the action
had stamped it) or failed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Dict, List, Optional, Tuple

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.reminders.models import CANCELLED, CLASS_CANCELLED, FAILED, NOTICES, PENDING, SENDING, SENT, Reminder
from bot.reminders.settings import ReminderSettings
from bot.schedules.models import ClassSession

DELIVERED, UNREACHABLE, REFUSED = "delivered", "unreachable", "refused"


@dataclass(frozen=True)
class Outcome:
    """What a delivery attempt came to: delivered, unreachable (nothing was said; retry) or refused."""

    result: str
    error: Optional[str] = None


@dataclass(frozen=True)
class Job:
    """A claimed reminder, detached from the session."""

    id: int
    channel: str
    recipient_id: str
    kind: str


def settle_stuck(session: Session, now: datetime, settings: ReminderSettings) -> Dict[str, int]:
    """Ends reminders claimed longer ago than `stuck_minutes` (their worker died): sent if the
    assistant had said them, failed otherwise. Returns how many ended in each status."""
    stuck = (Reminder.status == SENDING, Reminder.claimed_at < now - timedelta(minutes=settings.worker.stuck_minutes))
    said = session.execute(update(Reminder).where(*stuck, Reminder.sent_at.isnot(None)).values(status=SENT)).rowcount
    failed = session.execute(
        update(Reminder).where(*stuck).values(status=FAILED, last_error="the worker stopped while sending")
    ).rowcount
    return {SENT: said, FAILED: failed}


def _still_wanted(reminder: Reminder, klass: ClassSession, now: datetime) -> bool:
    """Only the cancellation notice is said about a cancelled class, and never about one reinstated."""
    fits_state = klass.cancelled == (reminder.kind == CLASS_CANCELLED)
    return fits_state and reminder.registration_id is not None and klass.start == reminder.class_start and klass.start > now


def due(session: Session, now: datetime, settings: ReminderSettings) -> List[int]:
    """Ids of the pending reminders to send now, soonest first.

    Cancels those no longer wanted: the registration was cancelled, the class
    was cancelled (or reinstated, for a cancellation notice not yet said),
    moved or already started, or a later reminder for the same registration is
    due too (a worker that was down sends only the latest, not a burst).
    """
    rows = session.execute(
        select(Reminder, ClassSession)
        .join(ClassSession, ClassSession.id == Reminder.class_id)
        .where(Reminder.status == PENDING, Reminder.due_at <= now)
        .order_by(Reminder.due_at, Reminder.id)
        .limit(settings.worker.batch)
    ).all()
    latest: Dict[int, Reminder] = {}
    unwanted: List[int] = []
    for reminder, klass in rows:
        if not _still_wanted(reminder, klass, now):
            unwanted.append(reminder.id)
        elif reminder.kind not in NOTICES:
            earlier = latest.get(reminder.registration_id)
            if earlier is not None:
                unwanted.append(earlier.id)
            latest[reminder.registration_id] = reminder
    if unwanted:
        session.execute(
            update(Reminder).where(Reminder.id.in_(unwanted), Reminder.status == PENDING).values(status=CANCELLED)
        )
    skipped = set(unwanted)
    return [reminder.id for reminder, _ in rows if reminder.id not in skipped]


def claim(session: Session, reminder_id: int, now: datetime) -> Optional[Job]:
    """The reminder if this worker won it, None if another one did (or it was cancelled)."""
    won = session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == PENDING)
        .values(status=SENDING, claimed_at=now, attempts=Reminder.attempts + 1)
    ).rowcount
    if not won:
        return None
    reminder = session.get(Reminder, reminder_id)
    return Job(reminder.id, reminder.channel, reminder.recipient_id, reminder.kind)


def mark_said(session: Session, reminder_id: int, recipient_id: str, now: datetime) -> bool:
    """Stamped by the action that says the reminder: True only the first time, for its recipient."""
    return bool(session.execute(
        update(Reminder)
        .where(
            Reminder.id == reminder_id, Reminder.recipient_id == recipient_id,
            Reminder.status == SENDING, Reminder.sent_at.is_(None), Reminder.registration_id.isnot(None),
        )
        .values(sent_at=now)
    ).rowcount)


def finish(session: Session, reminder_id: int, outcome: Outcome, now: datetime, settings: ReminderSettings) -> Tuple[str, Optional[str]]:
    """Records how the delivery went; returns the reminder's new status and the error, if any.

    The action that says the reminder stamps `sent_at`: that stamp, not the
    HTTP answer, makes it sent (a timeout after the message went out must not
    resend it). One the assistant never got is retried a few times; anything
    else failed.
    """
    reminder = session.get(Reminder, reminder_id)
    if reminder.sent_at is not None:
        values = {"status": SENT, "last_error": None}
    elif outcome.result == UNREACHABLE and reminder.attempts <= settings.worker.retries:
        values = {"status": PENDING, "due_at": now + timedelta(minutes=settings.worker.retry_minutes), "last_error": outcome.error}
    else:
        error = outcome.error or ("the assistant did not say it" if outcome.result == DELIVERED else outcome.result)
        values = {"status": FAILED, "last_error": error[:300]}
    session.execute(update(Reminder).where(Reminder.id == reminder_id, Reminder.status == SENDING).values(**values))
    return values["status"], values["last_error"]
