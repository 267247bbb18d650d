"""Password hashing with the standard library's scrypt (no extra dependency).

scrypt is memory-hard, so guessing a stolen hash on graphics cards is slow;
n=2**14, r=8 costs about 16 MiB and 0.1–0.2 s per check on the project's 2-core
machine, acceptable for a login. The parameters are stored with each hash so
they can be raised later without invalidating existing accounts.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
KEY_LENGTH = 32
MIN_LENGTH = 10


class WeakPassword(ValueError):
    """The password is too easy to guess; the message says why, in Vietnamese."""


def check_strength(password: str, name: str = "") -> None:
    """Refuses short passwords and ones that repeat the account name."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"Mật khẩu cần ít nhất {MIN_LENGTH} ký tự.")
    if name and name.lower() in password.lower():
        raise WeakPassword("Mật khẩu không được chứa tên đăng nhập.")
    if len(set(password)) < 4:
        raise WeakPassword("Mật khẩu quá đơn giản (lặp lại vài ký tự).")


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=KEY_LENGTH)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """ "scrypt$n$r$p$salt$key" with a fresh random salt."""
    salt = secrets.token_bytes(16)
    return "$".join((SCHEME, str(N), str(R), str(P), _b64(salt), _b64(_derive(password, salt, N, R, P))))


def verify_password(password: str, stored: str) -> bool:
    """True if the password matches; False for a wrong password or a malformed hash."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != SCHEME:
            return False
        derived = _derive(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(derived, base64.b64decode(key))


# Checked when the name is unknown, so a wrong name takes as long as a wrong password.
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))
