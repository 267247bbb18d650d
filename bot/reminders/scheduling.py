"""Creating, moving and cancelling reminders, inside the caller's transaction.

Called by the dialogue (the resident accepts the offer, cancels a
registration), by the timetable import (a class moves) and by
bot.schedules.cancellation (an official cancels or reinstates a class). Every change to a
reminder that a worker might be sending at the same moment is a conditional
UPDATE on `status = 'pending'`, so a claimed reminder is never rewritten.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, List, Optional

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.reminders.models import (
    CANCELLED, CLASS_CANCELLED, CLASS_CHANGED, PENDING, SENDING, SENT, RegistrationCancellation, Reminder,
)
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
    """Pending reminders for every time still ahead (once per kind; none for a cancelled class);
    returns the times scheduled."""
    klass: ClassSession = registration.klass
    if klass.cancelled:
        return []
    existing = set(
        session.execute(select(Reminder.kind).where(Reminder.registration_id == registration.id)).scalars()
    )
    scheduled = []
    for time in times_ahead(klass.start, now, settings):
        if time.kind in existing:
            continue
        session.add(_reminder(registration, klass, time.kind, klass.start - time.before))
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
    return _queue_notices(session, klass, CLASS_CHANGED, now, _reachable(session, klass))


def class_cancelled(session: Session, klass: ClassSession, now: datetime) -> int:
    """After an official cancelled a class: cancels its pending reminders and queues one
    cancellation notice to every resident registered through the assistant. Returns the number of notices."""
    _cancel_pending(session, klass.id)
    return _queue_notices(session, klass, CLASS_CANCELLED, now, _reachable(session, klass))


def class_reinstated(session: Session, klass: ClassSession, now: datetime, settings: ReminderSettings) -> int:
    """After a cancelled class was reinstated: a cancellation notice not yet said is dropped; those who
    were told get a notice with the class's time and place; whoever accepted reminders gets the
    times still ahead again (a reminder already said is not said twice). Returns the number of notices."""
    told = set(session.execute(
        select(Reminder.registration_id).where(
            Reminder.class_id == klass.id, Reminder.kind == CLASS_CANCELLED, Reminder.status.in_((SENDING, SENT))
        )
    ).scalars())
    _cancel_pending(session, klass.id)
    kinds = [t.kind for t in settings.times]
    reminded = session.execute(
        select(Reminder.registration_id, Reminder.kind, Reminder.status, Reminder.class_start)
        .where(Reminder.class_id == klass.id, Reminder.kind.in_(kinds))
    ).all()
    accepted = {registration_id for registration_id, _, _, _ in reminded}
    kept = {
        (registration_id, kind) for registration_id, kind, status, start in reminded
        if status in (SENDING, SENT) and start == klass.start
    }
    registrations = list(_reachable(session, klass))
    for registration in registrations:
        if registration.id not in accepted:
            continue
        for time in times_ahead(klass.start, now, settings):
            if (registration.id, time.kind) not in kept:
                session.add(_reminder(registration, klass, time.kind, klass.start - time.before))
    return _queue_notices(session, klass, CLASS_CHANGED, now, [r for r in registrations if r.id in told])


def _cancel_pending(session: Session, class_id: str) -> None:
    session.execute(
        update(Reminder).where(Reminder.class_id == class_id, Reminder.status == PENDING).values(status=CANCELLED)
    )


def _reachable(session: Session, klass: ClassSession) -> Iterable[Registration]:
    """The class's registrations made through the assistant (a channel to write back to)."""
    return session.execute(
        select(Registration).where(
            Registration.class_id == klass.id, Registration.channel.isnot(None), Registration.sender_id.isnot(None)
        )
    ).scalars()


def _reminder(registration: Registration, klass: ClassSession, kind: str, due_at: datetime) -> Reminder:
    return Reminder(
        class_id=klass.id, registration_id=registration.id, channel=registration.channel,
        recipient_id=registration.sender_id, kind=kind, due_at=due_at, status=PENDING, class_start=klass.start,
    )


def _queue_notices(session: Session, klass: ClassSession, kind: str, now: datetime, registrations: Iterable[Registration]) -> int:
    """One notice of `kind`, due now, per registration; none for a class that has started."""
    if klass.start <= now:
        return 0
    notices = 0
    for registration in registrations:
        session.add(_reminder(registration, klass, kind, now))
        notices += 1
    session.flush()
    return notices
