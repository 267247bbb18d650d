"""Protection against cross-site request forgery for every form and API call.

Each session carries a random token; every page puts it in its forms (a hidden
`csrf_token` field) and scripts send it as the `X-CSRF-Token` header. A
request that changes anything (any method but GET/HEAD/OPTIONS) without the
session's token is refused before the route runs. Another site can make the
browser send the cookie, but cannot read the page to learn the token.
"""
from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request

from console.sessions import session_of

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class CSRFError(Exception):
    """The request lacks the session's CSRF token."""


def csrf_token(request: Request) -> str:
    """The session's token, created on first use."""
    session = session_of(request)
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


async def csrf_protect(request: Request) -> None:
    """FastAPI dependency: refuses an unsafe request without the right token."""
    if request.method in SAFE_METHODS:
        return
    expected = session_of(request).get("csrf")
    sent = request.headers.get(HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(_FORM_TYPES):
        # the parsed form is cached on the request, so the route reads it again for free
        value = (await request.form()).get(FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CSRFError()
