"""The table of remembered preferences, one row per resident (keyed hash of their sender id)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, String

from bot.database import Base


def _utcnow() -> datetime:
    return datetime.utcnow().replace(microsecond=0)


class UserProfile(Base):
    """A resident's level (one of bot.profile.levels.LEVELS, or none yet) and chosen address form (a code of
    bot/knowledge/address_forms.yml, or none yet: the default "bác")."""

    __tablename__ = "user_profiles"

    user_key = Column(String(64), primary_key=True)
    level = Column(String(16), nullable=True)
    address_form = Column(String(8), nullable=True)
    updated_at = Column(DateTime, nullable=False, default=_utcnow, onupdate=_utcnow)
