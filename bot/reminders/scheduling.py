"""Creating, moving and cancelling reminders, inside the caller's transaction.

Called by the dialogue (the resident accepts the offer, cancels a
registration) and by the timetable import (a class moves). Every change to a
reminder that a worker might be sending at the same moment is a conditional
UPDATE on `status = 'pending'`, so a claimed reminder is never rewritten.
"""
from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.reminders.models import CANCELLED, CLASS_CHANGED, PENDING, RegistrationCancellation, Reminder
from bot.reminders.settings import ReminderSettings, ReminderTime
from bot.schedules.models import ClassSession, Registration


def times_ahead(start: datetime, now: datetime, settings: ReminderSettings) -> List[ReminderTime]:
    """The configured reminder times that are still in the future for a class starting at `start`."""
    return [t for t in settings.times if start - t.before > now]


def owned_registration(session: Session, registration_id: int, sender_id: str) -> Optional[Registration]:
    """The registration if it was made in this conversation (a resident acts only on their own)."""
    registration = session.get(Registration, registration_id)
    if registration is None or registration.sender_id != sender_id:
        return None
    return registration


def schedule(session: Session, registration: Registration, now: datetime, settings: ReminderSettings) -> List[ReminderTime]:
    """Pending reminders for every time still ahead (once per kind); returns the times scheduled."""
    klass: ClassSession = registration.klass
    existing = set(
        session.execute(select(Reminder.kind).where(Reminder.registration_id == registration.id)).scalars()
    )
    scheduled = []
    for time in times_ahead(klass.start, now, settings):
        if time.kind in existing:
            continue
        session.add(Reminder(
            class_id=klass.id, registration_id=registration.id, channel=registration.channel,
            recipient_id=registration.sender_id, kind=time.kind, due_at=klass.start - time.before,
            status=PENDING, class_start=klass.start,
        ))
        scheduled.append(time)
    session.flush()
    return scheduled


def cancel_registration(session: Session, registration: Registration) -> None:
    """Frees the seat, cancels the registration's pending reminders and records that it was cancelled
    (in UTC, like the registration's own `created_at`)."""
    session.execute(
        update(Reminder)
        .where(Reminder.registration_id == registration.id, Reminder.status == PENDING)
        .values(status=CANCELLED)
    )
    session.add(RegistrationCancellation(
        class_id=registration.class_id, channel=registration.channel,
        registered_at=registration.created_at, cancelled_at=datetime.utcnow().replace(microsecond=0),
    ))
    session.delete(registration)
    session.flush()


def class_moved(session: Session, klass: ClassSession, now: datetime, settings: ReminderSettings) -> int:
    """After a class's time or place changed: moves its pending reminders and queues a notice
    to every resident registered through the assistant. Returns the number of notices."""
    pending = list(session.execute(
        select(Reminder).where(Reminder.class_id == klass.id, Reminder.status == PENDING)
    ).scalars())
    for reminder in pending:
        time = settings.time(reminder.kind)
        due = klass.start - time.before if time else None
        if due is None or due <= now:  # a superseded notice, a removed kind, or a moment already past
            values = {"status": CANCELLED}
        else:
            values = {"due_at": due, "class_start": klass.start}
        session.execute(
            update(Reminder).where(Reminder.id == reminder.id, Reminder.status == PENDING).values(**values)
        )
    if klass.start <= now:
        return 0
    registrations = session.execute(
        select(Registration).where(
            Registration.class_id == klass.id, Registration.channel.isnot(None), Registration.sender_id.isnot(None)
        )
    ).scalars()
    notices = 0
    for registration in registrations:
        session.add(Reminder(
            class_id=klass.id, registration_id=registration.id, channel=registration.channel,
            recipient_id=registration.sender_id, kind=CLASS_CHANGED, due_at=now,
            status=PENDING, class_start=klass.start,
        ))
        notices += 1
    session.flush()
    return notices
