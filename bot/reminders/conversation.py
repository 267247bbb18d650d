"""What one conversation may do with its own registrations and reminders (database side).

Every function takes the conversation's sender id and acts only on
registrations made from that conversation, so a payload can never reach
someone else's registration. Each is one transaction, called by the actions
through `asyncio.to_thread`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List, Optional

from sqlalchemy import select

from bot.reminders import queue, scheduling
from bot.reminders.models import Reminder
from bot.reminders.settings import ReminderSettings, ReminderTime
from bot.schedules.db import session_scope
from bot.schedules.models import ClassSession, Registration
from bot.schedules.query import ClassView, load_classes


@dataclass(frozen=True)
class Booked:
    """A registration of this conversation, with its class as residents see it."""

    registration_id: int
    klass: ClassView


class ClassCancelled(Exception):
    """Reminders were asked for a class an official has cancelled: nothing is scheduled."""

    def __init__(self, klass: ClassView):
        super().__init__(klass.id)
        self.klass = klass


@dataclass(frozen=True)
class ToSay:
    """A claimed reminder this conversation should be told now."""

    kind: str
    booked: Booked


def reminder_offer(class_id: str, phone: str, now: datetime, settings: ReminderSettings) -> Optional[Booked]:
    """The registration just made, if it came through a channel and a reminder time is still ahead."""
    with session_scope() as session:
        registration = session.execute(
            select(Registration).where(Registration.class_id == class_id, Registration.phone == phone)
        ).scalar_one_or_none()
        if registration is None or not registration.channel or not registration.sender_id:
            return None
        if not scheduling.times_ahead(registration.klass.start, now, settings):
            return None
        return Booked(registration.id, load_classes(session, [class_id])[0])


def accept_reminders(registration_id: int, sender_id: str, now: datetime, settings: ReminderSettings) -> Optional[List[ReminderTime]]:
    """Schedules the reminders; the times they are for (empty when too late), None if not this conversation's
    (or no longer there: cancelled by the resident). Raises ClassCancelled, scheduling nothing, when the
    class was cancelled (an old offer's button tapped after the cancellation)."""
    with session_scope() as session:
        registration = scheduling.owned_registration(session, registration_id, sender_id)
        if registration is None or not registration.channel:
            return None
        if registration.klass.cancelled:
            raise ClassCancelled(load_classes(session, [registration.class_id])[0])
        scheduling.schedule(session, registration, now, settings)
        return scheduling.times_ahead(registration.klass.start, now, settings)


def upcoming_registrations(sender_id: str, now: datetime) -> List[Booked]:
    """This conversation's registrations for classes that have not started, soonest first."""
    with session_scope() as session:
        rows = session.execute(
            select(Registration.id, Registration.class_id)
            .join(ClassSession, ClassSession.id == Registration.class_id)
            .where(Registration.sender_id == sender_id, ClassSession.start > now)
            .order_by(ClassSession.start, Registration.id)
        ).all()
        classes = {c.id: c for c in load_classes(session, list({class_id for _, class_id in rows}))}
        return [Booked(registration_id, classes[class_id]) for registration_id, class_id in rows]


def cancel_registration(registration_id: int, sender_id: str) -> Optional[ClassView]:
    """Cancels this conversation's registration and its reminders; the class, or None if not found."""
    with session_scope() as session:
        registration = scheduling.owned_registration(session, registration_id, sender_id)
        if registration is None:
            return None
        class_id = registration.class_id
        scheduling.cancel_registration(session, registration)
        return load_classes(session, [class_id])[0]


def reminder_to_say(reminder_id: int, sender_id: str, now: datetime) -> Optional[ToSay]:
    """The claimed reminder for this conversation, stamped as said; None if it is not (or already was)."""
    with session_scope() as session:
        if not queue.mark_said(session, reminder_id, sender_id, now):
            return None
        reminder = session.get(Reminder, reminder_id)
        klass = load_classes(session, [reminder.class_id])[0]
        return ToSay(reminder.kind, Booked(reminder.registration_id, klass))
