"""Tables of the reminder feature: the reminders themselves, and cancelled registrations.

A reminder is one message due at one moment for one registration. Its
`status` moves pending -> sending (claimed by exactly one worker, by a
conditional UPDATE) -> sent or failed; `cancelled` when the registration or
the class is cancelled, or the class moves so that the moment has passed. `class_start`
keeps the start the reminder was computed from, so a worker never sends a
reminder for a time the class no longer has.

A cancelled registration is deleted (its seat is free again and the phone
number may register again); `registration_cancellations` keeps only when and
through which channel (UTC, like `registrations.created_at`), for the
officials' attendance indicators.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, String

from bot.database import Base

PENDING, SENDING, SENT, FAILED, CANCELLED = "pending", "sending", "sent", "failed", "cancelled"
STATUSES = (PENDING, SENDING, SENT, FAILED, CANCELLED)
# A kind is a configured reminder time (reminders.yml) or one of these notices: the class moved
# (or was reinstated after a cancellation notice), or the class was cancelled.
CLASS_CHANGED = "class_changed"
CLASS_CANCELLED = "class_cancelled"
NOTICES = (CLASS_CHANGED, CLASS_CANCELLED)


def _utcnow() -> datetime:
    return datetime.utcnow().replace(microsecond=0)


class Reminder(Base):
    """One message to one resident about one class, due at `due_at` (local time)."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_status_due", "status", "due_at"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    class_id = Column(String(64), ForeignKey("classes.id", ondelete="CASCADE"), nullable=False, index=True)
    registration_id = Column(Integer, ForeignKey("registrations.id", ondelete="SET NULL"), nullable=True, index=True)
    channel = Column(String(32), nullable=False)
    recipient_id = Column(String(200), nullable=False)
    kind = Column(String(20), nullable=False)
    due_at = Column(DateTime, nullable=False)
    status = Column(String(12), nullable=False, default=PENDING)
    attempts = Column(Integer, nullable=False, default=0)
    claimed_at = Column(DateTime, nullable=True)
    sent_at = Column(DateTime, nullable=True)
    class_start = Column(DateTime, nullable=False)
    last_error = Column(String(300), nullable=True)
    created_at = Column(DateTime, nullable=False, default=_utcnow)


class RegistrationCancellation(Base):
    """That a resident cancelled a registration: no name, no phone number."""

    __tablename__ = "registration_cancellations"

    id = Column(Integer, primary_key=True, autoincrement=True)
    class_id = Column(String(64), ForeignKey("classes.id", ondelete="CASCADE"), nullable=False, index=True)
    channel = Column(String(32), nullable=True)
    registered_at = Column(DateTime, nullable=False)
    cancelled_at = Column(DateTime, nullable=False)
