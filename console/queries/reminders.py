"""Reminder counts and attendance indicators for the classes page.

Per class: reminders waiting, sent, failed and cancelled; how many residents
were reminded at least once; how many cancelled their registration (read from
`registration_cancellations`, since a cancelled registration is deleted).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Dict, Iterable, Sequence

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from bot.reminders.models import CANCELLED, FAILED, PENDING, SENDING, SENT, RegistrationCancellation, Reminder

# "Chờ gửi" counts the reminders being sent at this moment too.
_WAITING = (PENDING, SENDING)


@dataclass(frozen=True)
class ReminderCounts:
    waiting: int = 0
    sent: int = 0
    failed: int = 0
    cancelled: int = 0
    reminded: int = 0  # residents who received at least one reminder or notice
    cancellations: int = 0  # registrations cancelled by the resident


def per_class(session: Session, class_ids: Sequence[str]) -> Dict[str, ReminderCounts]:
    """Counts for each of `class_ids` (a class without reminders gets zeros)."""
    by_status: Dict[str, Dict[str, int]] = {class_id: {} for class_id in class_ids}
    for class_id, status, count in session.execute(
        select(Reminder.class_id, Reminder.status, func.count())
        .where(Reminder.class_id.in_(class_ids))
        .group_by(Reminder.class_id, Reminder.status)
    ):
        by_status[class_id][status] = count
    reminded = dict(session.execute(
        select(Reminder.class_id, func.count(distinct(Reminder.registration_id)))
        .where(Reminder.class_id.in_(class_ids), Reminder.status == SENT)
        .group_by(Reminder.class_id)
    ).all())
    cancellations = dict(session.execute(
        select(RegistrationCancellation.class_id, func.count())
        .where(RegistrationCancellation.class_id.in_(class_ids))
        .group_by(RegistrationCancellation.class_id)
    ).all())
    return {
        class_id: ReminderCounts(
            waiting=sum(counts.get(status, 0) for status in _WAITING),
            sent=counts.get(SENT, 0),
            failed=counts.get(FAILED, 0),
            cancelled=counts.get(CANCELLED, 0),
            reminded=reminded.get(class_id, 0),
            cancellations=cancellations.get(class_id, 0),
        )
        for class_id, counts in by_status.items()
    }


def total(counts: Iterable[ReminderCounts]) -> ReminderCounts:
    """The sum over several classes."""
    counts = list(counts)
    return ReminderCounts(**{f.name: sum(getattr(c, f.name) for c in counts) for f in fields(ReminderCounts)})
