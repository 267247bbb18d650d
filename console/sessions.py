"""Sessions in a signed cookie (HMAC-SHA256 from the standard library).

The cookie holds only the account name, its session epoch, the CSRF token and
the time it was issued; it is signed, not encrypted, so it holds nothing
secret. A server-side check of the epoch (see auth.py) lets a password change
or `logout-all` end every session at once. HttpOnly and SameSite=Lax keep
scripts and other sites away from it. Secure is decided per request: on when
the request came over HTTPS, directly or through a trusted reverse proxy that
says so in X-Forwarded-Proto (app.py believes only the configured proxies), so
a cookie issued to an HTTPS visitor is never sent back over plain HTTP, while
`make console` on http://127.0.0.1 still works. `CONSOLE_SECURE_COOKIES=1`
forces it on for every request.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from http.cookies import SimpleCookie
from typing import Any, Dict, Optional

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "console_session"
_PURPOSE = b"console-session\x00"


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(data: Dict[str, Any], key: bytes, issued_at: Optional[float] = None) -> str:
    """The cookie value for this session data."""
    body = dict(data, iat=int(issued_at if issued_at is not None else time.time()))
    payload = _b64encode(json.dumps(body, separators=(",", ":"), sort_keys=True).encode())
    signature = hmac.new(key, _PURPOSE + payload.encode(), hashlib.sha256).digest()
    return f"{payload}.{_b64encode(signature)}"


def unsign(value: str, key: bytes, max_age_seconds: float) -> Optional[Dict[str, Any]]:
    """The session data, or None if the cookie was altered, malformed or is too old."""
    try:
        payload, signature = value.split(".")
        expected = hmac.new(key, _PURPOSE + payload.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _b64decode(signature)):
            return None
        data = json.loads(_b64decode(payload))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("iat"), int):
        return None
    if time.time() - data["iat"] > max_age_seconds:
        return None
    return data


class Session(dict):
    """The session data of one request; remembers whether it must be sent back."""

    def __init__(self, data: Optional[Dict[str, Any]] = None, issued_at: Optional[int] = None) -> None:
        super().__init__(data or {})
        self.issued_at = issued_at
        self.modified = False

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self.modified = True

    def renew(self, **values: Any) -> None:
        """Replaces everything (after login or logout), so nothing from before survives."""
        self.clear()
        self.update(values)
        self.issued_at = None
        self.modified = True


def session_of(connection: HTTPConnection) -> Session:
    """The session the middleware attached to this request."""
    return connection.scope["console_session"]


HTTPS_SCHEMES = frozenset({"https", "wss"})


def came_over_https(scope: Scope) -> bool:
    """True when the request (as the trusted proxy reported it) used HTTPS."""
    return scope.get("scheme") in HTTPS_SCHEMES


class SessionMiddleware:
    """Reads the session cookie before the app runs and writes it back if it changed."""

    def __init__(self, app: ASGIApp, secret_key: bytes, max_age_seconds: float, always_secure: bool = False) -> None:
        self.app = app
        self.key = secret_key
        self.max_age = max_age_seconds
        self.always_secure = always_secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = self._load(scope)
        scope["console_session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session.modified:
                headers = MutableHeaders(scope=message)
                secure = self.always_secure or came_over_https(scope)
                headers.append("Set-Cookie", self._cookie(session, secure))
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _load(self, scope: Scope) -> Session:
        raw = HTTPConnection(scope).cookies.get(COOKIE)
        data = unsign(raw, self.key, self.max_age) if raw else None
        if not data:
            return Session()
        issued_at = data.pop("iat")
        return Session(data, issued_at)

    def _cookie(self, session: Session, secure: bool) -> str:
        cookie: SimpleCookie = SimpleCookie()
        if session:
            cookie[COOKIE] = sign(dict(session), self.key, session.issued_at)
            cookie[COOKIE]["max-age"] = int(self.max_age)
        else:
            cookie[COOKIE] = ""
            cookie[COOKIE]["max-age"] = 0
        morsel = cookie[COOKIE]
        morsel["path"] = "/"
        morsel["httponly"] = True
        morsel["samesite"] = "Lax"
        if secure:
            morsel["secure"] = True
        return morsel.OutputString()
