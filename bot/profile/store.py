"""Reads and writes a resident's profile in the assistant's database (ASSISTANT_DB).

Blocking (SQLAlchemy): async actions call these through `asyncio.to_thread`.
Rows are keyed by an HMAC of the sender id, so the table alone never tells
which Telegram chat or Zalo account a preference belongs to; the key is
`PROFILE_SECRET_KEY` (the same on every action server) or a random one kept
in var/profile-secret.key.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from sqlalchemy.exc import IntegrityError

from bot.database import session_scope
from bot.knowledge.address import address_forms
from bot.persistence.secret_key import signing_key
from bot.profile.levels import LEVELS
from bot.profile.models import UserProfile

KEY_VARIABLE = "PROFILE_SECRET_KEY"
KEY_FILE = Path(__file__).resolve().parents[2] / "var" / "profile-secret.key"
_PURPOSE = b"user-profile\x00"  # a hash made for another purpose never matches a profile key


@dataclass(frozen=True)
class Profile:
    """What is remembered; None where the resident has not said yet."""

    level: Optional[str] = None
    address_form: Optional[str] = None


@functools.lru_cache(maxsize=1)
def _key() -> bytes:
    return signing_key(KEY_VARIABLE, KEY_FILE)


def user_key(sender_id: str) -> str:
    """The row key of a sender: HMAC-SHA256 of the id, hex."""
    return hmac.new(_key(), _PURPOSE + sender_id.encode("utf-8"), hashlib.sha256).hexdigest()


def load_profile(sender_id: str) -> Profile:
    """The remembered profile, or an empty one for someone new."""
    with session_scope() as session:
        row = session.get(UserProfile, user_key(sender_id))
        if row is None:
            return Profile()
        return Profile(level=row.level, address_form=row.address_form)


def save_profile(sender_id: str, level: Optional[str] = None, address_form: Optional[str] = None) -> None:
    """Remembers the given level and/or address form; the other keeps its value."""
    if level is not None and level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    if address_form is not None and address_form not in address_forms():
        raise ValueError(f"unknown address form {address_form!r}")
    key = user_key(sender_id)
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
