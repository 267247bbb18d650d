"""The classes page: upcoming classes with their registrations, and local help contacts.

Reads the assistant's database through the schedule package's own models and
views (bot.schedules), so the page shows exactly what residents are told.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.schedules import models
from bot.schedules.contacts import Contact, from_row
from bot.schedules.phone import format_phone
from bot.schedules.query import ClassView, load_classes, views
from bot.masking import mask_phone


@dataclass(frozen=True)
class RegistrationRow:
    """A resident's registration as shown on screen (phone masked; the CSV has it in full)."""

    number: int
    name: str
    phone: str
    at: datetime


def upcoming(session: Session, now: datetime, limit: int = 200) -> List[ClassView]:
    """Classes that have not ended yet, soonest first."""
    statement = (
        select(models.ClassSession)
        .where(models.ClassSession.end >= now)
        .order_by(models.ClassSession.start, models.ClassSession.id)
        .options(selectinload(models.ClassSession.topic_links))
        .limit(limit)
    )
    return views(session, list(session.execute(statement).scalars()))


def registrations(session: Session, class_id: str) -> Optional[Tuple[ClassView, List[RegistrationRow]]]:
    """A class and its registrations, oldest first; None if there is no such class."""
    found = load_classes(session, [class_id])
    if not found:
        return None
    rows = session.execute(
        select(models.Registration)
        .where(models.Registration.class_id == class_id)
        .order_by(models.Registration.created_at, models.Registration.id)
    ).scalars()
    return found[0], [RegistrationRow(n, r.name, mask_phone(r.phone), r.created_at) for n, r in enumerate(rows, 1)]


def contacts(session: Session) -> List[Contact]:
    """Every help contact, by commune and village (commune-wide helpers first)."""
    rows = session.execute(
        select(models.Contact).order_by(models.Contact.commune, models.Contact.village, models.Contact.role, models.Contact.name)
    ).scalars()
    return [replace(from_row(c), phone=format_phone(c.phone)) for c in rows]
