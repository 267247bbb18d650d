"""Registering a resident for a class, safely under concurrent requests.

The capacity check and the insert happen in one transaction that first locks
the class row (a no-op UPDATE: a row lock on PostgreSQL, the write lock on
SQLite), so two residents cannot both take the last seat. A phone number can
register once per class; the unique constraint backs that up.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Optional

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from bot.nlu.normalization import fold
from bot.schedules.db import session_scope
from bot.schedules.models import ClassSession, Registration
from bot.schedules.query import ClassView, load_classes

NOT_FOUND = "not_found"
CANCELLED = "cancelled"
STARTED = "started"
FULL = "full"
DUPLICATE = "duplicate"

# What people put before their name: "dạ, tên tôi là Lan", "cháu tên Nguyễn Văn An".
_NAME_PREFIXES = sorted(
    (
        "da", "vang", "ho va ten", "ho ten", "ten", "ten la", "ten cua toi la", "ten cua toi",
        "ten toi la", "ten toi", "ten em la", "ten em", "ten chau la", "ten chau", "ten bac la",
        "toi ten la", "toi ten", "toi la", "em ten la", "em ten", "em la", "chau ten la",
        "chau ten", "chau la", "bac ten la", "bac ten", "bac la", "minh ten la", "minh la",
        "tui ten la", "tui la", "nguoi hoc la", "nguoi di hoc la",
    ),
    key=len,
    reverse=True,
)
_NAME_CHARS = re.compile(r"^[^\W\d_]+(?:[ '\-.][^\W\d_]+)*$")


class RegistrationRefused(Exception):
    """Why a registration cannot be made (one of the reason constants)."""

    def __init__(self, reason: str, klass: Optional[ClassView] = None):
        super().__init__(reason)
        self.reason = reason
        self.klass = klass


def clean_name(text: str) -> Optional[str]:
    """The person's name from a reply, or None if it does not look like one."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip(" .,!:;\"'")
    stripped = True
    while stripped:
        stripped = False
        folded = fold(text)  # same length as text: prefixes cut at the same place
        for prefix in _NAME_PREFIXES:
            if folded.startswith(prefix) and (len(folded) == len(prefix) or not folded[len(prefix)].isalnum()):
                text = text[len(prefix):].strip(" .,!:;-\"'")
                stripped = True
                break
    if not (2 <= len(text) <= 80) or not _NAME_CHARS.match(text) or len(text.split()) > 7:
        return None
    return " ".join(w[:1].upper() + w[1:] for w in text.split())


def open_class(class_id: str, now: datetime) -> ClassView:
    """The class if a resident can still register for it, else RegistrationRefused."""
    with session_scope() as session:
        found = load_classes(session, [class_id])
    if not found:
        raise RegistrationRefused(NOT_FOUND)
    klass = found[0]
    if klass.cancelled:
        raise RegistrationRefused(CANCELLED, klass)
    if klass.start <= now:
        raise RegistrationRefused(STARTED, klass)
    if klass.is_full:
        raise RegistrationRefused(FULL, klass)
    return klass


def is_registered(class_id: str, phone: str) -> bool:
    with session_scope() as session:
        statement = select(func.count()).where(Registration.class_id == class_id, Registration.phone == phone)
        return session.execute(statement).scalar_one() > 0


def register(
    class_id: str, name: str, phone: str, now: datetime, sender_id: Optional[str] = None, channel: Optional[str] = None
) -> ClassView:
    """Stores a registration, or raises RegistrationRefused (full, duplicate, started ...).

    `sender_id` and `channel` (the conversation and the channel it came through)
    are what reminders need to reach the resident later.
    """
    try:
        with session_scope() as session:
            locked = session.execute(
                update(ClassSession).where(ClassSession.id == class_id).values(capacity=ClassSession.capacity)
            )
            if locked.rowcount == 0:
                raise RegistrationRefused(NOT_FOUND)
            klass = load_classes(session, [class_id])[0]
            if klass.cancelled:
                raise RegistrationRefused(CANCELLED, klass)
            if klass.start <= now:
                raise RegistrationRefused(STARTED, klass)
            taken = session.execute(
                select(func.count()).where(Registration.class_id == class_id, Registration.phone == phone)
            ).scalar_one()
            if taken:
                raise RegistrationRefused(DUPLICATE, klass)
            if klass.is_full:
                raise RegistrationRefused(FULL, klass)
            session.add(Registration(class_id=class_id, name=name, phone=phone, sender_id=sender_id, channel=channel))
            session.flush()
    except IntegrityError as error:
        raise RegistrationRefused(DUPLICATE) from error
    with session_scope() as session:
        return load_classes(session, [class_id])[0]
