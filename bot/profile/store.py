"""Reads and writes a resident's profile in the assistant's database (ASSISTANT_DB).

Blocking (SQLAlchemy): async actions call these through `asyncio.to_thread`.
Rows are keyed by the resident's keyed hash, the one the answer log uses
(`bot.persistence.resident.user_hash`, keyed by ASSISTANT_SECRET_KEY), so the table
alone never tells which Telegram chat or Zalo account a preference belongs to.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from sqlalchemy.exc import IntegrityError

from bot.persistence.resident import user_hash
from bot.database import session_scope
from bot.knowledge.address import address_forms
from bot.profile.levels import LEVELS
from bot.profile.models import UserProfile


@dataclass(frozen=True)
class Profile:
    """What is remembered; None where the resident has not said yet."""

    level: Optional[str] = None
    address_form: Optional[str] = None


def load_profile(sender_id: str) -> Profile:
    """The remembered profile, or an empty one for someone new."""
    with session_scope() as session:
        row = session.get(UserProfile, user_hash(sender_id))
        if row is None:
            return Profile()
        return Profile(level=row.level, address_form=row.address_form)


def save_profile(sender_id: str, level: Optional[str] = None, address_form: Optional[str] = None) -> None:
    """Remembers the given level and/or address form; the other keeps its value."""
    if level is not None and level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    if address_form is not None and address_form not in address_forms():
        raise ValueError(f"unknown address form {address_form!r}")
    key = user_hash(sender_id)
    for attempt in range(2):  # two first messages of one person at once: the second updates
        try:
            with session_scope() as session:
                row = session.get(UserProfile, key)
                if row is None:
                    row = UserProfile(user_key=key)
                    session.add(row)
                if level is not None:
                    row.level = level
                if address_form is not None:
                    row.address_form = address_form
            return
        except IntegrityError:
            if attempt:
                raise
