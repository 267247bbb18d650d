"""Who is logged in: the dependency every page and API except the login page uses.

A request without a valid session is sent to the login page (a browser asking
for a page) or refused with 401 (an API call or a form post), so a route can
never be reached by forgetting a check: routers include `require_login` for
all their routes (see app.py), and a test walks every route to prove it.
"""
from __future__ import annotations

import ipaddress
from typing import Optional
from urllib.parse import urlencode

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from console import users
from console.csrf import csrf_token
from console.sessions import session_of
from console.users import Account


class NotLoggedIn(Exception):
    """The request has no valid session; `next` is where to return after logging in."""

    def __init__(self, next_path: Optional[str]) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def safe_next(path: Optional[str]) -> str:
    """A local path to return to after login; anything else (other sites) becomes "/"."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def login_url(next_path: Optional[str]) -> str:
    """The login page, remembering where the official was going."""
    target = safe_next(next_path)
    return "/login" if target == "/" else "/login?" + urlencode({"next": target})


async def require_login(request: Request) -> Account:
    """FastAPI dependency: the logged-in account, or NotLoggedIn."""
    session = session_of(request)
    name, epoch = session.get("user"), session.get("epoch")
    account = await run_in_threadpool(users.active_account, name, epoch) if name else None
    if account is None:
        if name:
            session.renew()  # the account was removed or logged out everywhere
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise NotLoggedIn(wanted if request.method == "GET" else None)
    request.state.account = account
    return account


def log_in(request: Request, account: Account) -> None:
    """Starts a fresh session (new CSRF token too) for the account."""
    session_of(request).renew(user=account.name, epoch=account.session_epoch)
    csrf_token(request)


def log_out(request: Request) -> None:
    """Forgets the session; the cookie is removed."""
    session_of(request).renew()


def client_address(request: Request) -> str:
    """The caller, for the login limits: its address as the trusted proxy reported it.

    An IPv6 caller counts as its /64 network: a subscriber is given a whole
    /64 and could otherwise try from a fresh address each time.
    """
    host = request.client.host if request.client else "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return host
