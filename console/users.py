"""Officials' accounts: created from the command line, checked at login.

There is no sign-up page: an administrator creates each account with
`python -m console.cli create-user NAME`, so only people the commune trusts
can see residents' messages. Changing a password ends every open session.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import List, Optional

from sqlalchemy import select

from console import throttle
from console.db import User, session_scope, utcnow
from console.passwords import DUMMY_HASH, check_strength, hash_password, verify_password

NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")


class AccountError(ValueError):
    """An account cannot be created or changed; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Account:
    """What the rest of the console knows about an official."""

    name: str
    session_epoch: int
    created_at: datetime
    last_login_at: Optional[datetime]


@dataclass(frozen=True)
class LoginResult:
    """The outcome of a login attempt: an account, a lock, or neither (wrong)."""

    account: Optional[Account] = None
    locked_for: Optional[timedelta] = None


def normalise_name(name: str) -> str:
    """Names are case-insensitive and never carry spaces around them."""
    return name.strip().lower()


def _account(user: User) -> Account:
    return Account(user.name, user.session_epoch, user.created_at, user.last_login_at)


def create_user(name: str, password: str) -> Account:
    """A new account; refuses bad names, weak passwords and existing names."""
    name = normalise_name(name)
    if not NAME_PATTERN.match(name):
        raise AccountError("Tên đăng nhập gồm 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.")
    try:
        check_strength(password, name)
    except ValueError as weak:
        raise AccountError(str(weak)) from weak
    with session_scope() as session:
        if session.execute(select(User).where(User.name == name)).scalar_one_or_none():
            raise AccountError(f"Tài khoản {name} đã có.")
        user = User(name=name, password_hash=hash_password(password), session_epoch=1, created_at=utcnow())
        session.add(user)
        session.flush()
        return _account(user)


def _existing(session, name: str) -> User:
    user = session.execute(select(User).where(User.name == normalise_name(name))).scalar_one_or_none()
    if user is None:
        raise AccountError(f"Không có tài khoản {normalise_name(name)}.")
    return user


def set_password(name: str, password: str) -> None:
    """Replaces the password and ends the account's open sessions."""
    try:
        check_strength(password, normalise_name(name))
    except ValueError as weak:
        raise AccountError(str(weak)) from weak
    with session_scope() as session:
        user = _existing(session, name)
        user.password_hash = hash_password(password)
        user.session_epoch += 1


def end_sessions(name: str) -> None:
    """Logs the account out everywhere (e.g. a lost phone)."""
    with session_scope() as session:
        _existing(session, name).session_epoch += 1


def delete_user(name: str) -> None:
    """Removes the account; its decisions keep the name they were made under."""
    with session_scope() as session:
        session.delete(_existing(session, name))


def list_users() -> List[Account]:
    """Every account, by name."""
    with session_scope() as session:
        return [_account(u) for u in session.execute(select(User).order_by(User.name)).scalars()]


def active_account(name: str, epoch: int) -> Optional[Account]:
    """The account of a session, if it still exists and the session was not ended."""
    with session_scope() as session:
        user = session.execute(select(User).where(User.name == name)).scalar_one_or_none()
        if user is None or user.session_epoch != epoch:
            return None
        return _account(user)


# Checking and counting an attempt is one step, so parallel guesses queue here
# instead of all passing the check while the slow password hashes run.
_attempt_lock = threading.Lock()


def authenticate(name: str, password: str, client: str, limits: throttle.Limits) -> LoginResult:
    """Checks a login, unless the name or address is locked by earlier failures.

    The attempt is counted as a failure before the password is checked (scrypt
    takes a tenth of a second, long enough for many parallel guesses), and
    forgiven if the password is right.
    """
    name = normalise_name(name)
    now = utcnow()
    with _attempt_lock, session_scope() as session:
        wait = throttle.locked_for(session, name, client, limits, now)
        if wait:
            return LoginResult(locked_for=wait)
        throttle.record_failure(session, name, client, limits, now)
        stored_hash = session.execute(select(User.password_hash).where(User.name == name)).scalar_one_or_none()
    if not verify_password(password, stored_hash or DUMMY_HASH) or stored_hash is None:
        return LoginResult()
    with session_scope() as session:
        throttle.clear(session, name)
        user = session.execute(select(User).where(User.name == name)).scalar_one()
        user.last_login_at = now
        return LoginResult(account=_account(user))
