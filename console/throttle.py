"""Slows down password guessing: too many failed logins lock a name or an address.

Failures are rows in the database, so the limit holds across workers and
restarts. A name is locked after `per_name` failures within the window (an
attacker trying many passwords for one official), an address after
`per_client` (one machine trying many names). A successful login clears the
name's failures. Times are real UTC time, never the console's pinned clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from console.db import LoginFailure


@dataclass(frozen=True)
class Limits:
    """How many failures are allowed in how long."""

    window: timedelta
    per_name: int
    per_client: int


def _wait(times: List[datetime], limit: int, window: timedelta, now: datetime) -> Optional[timedelta]:
    """How long until fewer than `limit` of these failures are inside the window."""
    if len(times) < limit:
        return None
    unlocks_at = sorted(times)[-limit] + window
    return unlocks_at - now if unlocks_at > now else None


def locked_for(session: Session, name: str, client: str, limits: Limits, now: datetime) -> Optional[timedelta]:
    """How long this name or address must wait before trying again, or None."""
    since = now - limits.window
    by_name = list(session.execute(select(LoginFailure.at).where(LoginFailure.name == name, LoginFailure.at > since)).scalars())
    by_client = list(session.execute(select(LoginFailure.at).where(LoginFailure.client == client, LoginFailure.at > since)).scalars())
    waits = [w for w in (_wait(by_name, limits.per_name, limits.window, now), _wait(by_client, limits.per_client, limits.window, now)) if w]
    return max(waits) if waits else None


def record_failure(session: Session, name: str, client: str, limits: Limits, now: datetime) -> None:
    """Counts one failure, and forgets failures long past the window."""
    session.add(LoginFailure(name=name[:64], client=client[:64], at=now))
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - 4 * limits.window))


def clear(session: Session, name: str) -> None:
    """A successful login: the name starts afresh (the address's count stays)."""
    session.execute(delete(LoginFailure).where(LoginFailure.name == name))
