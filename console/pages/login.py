"""Logging in and out. The only page reachable without a session."""
from __future__ import annotations

import logging
import math
from datetime import timedelta

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from bot.masking import mask
from console import users
from console.auth import client_address, log_in, log_out, require_login, safe_next
from console.csrf import csrf_protect
from console.sessions import session_of
from console.throttle import Limits
from console.web import render, settings

logger = logging.getLogger(__name__)
router = APIRouter()


def _limits(request: Request) -> Limits:
    config = settings(request)
    return Limits(timedelta(minutes=config.login_window_minutes), config.login_max_failures_per_name, config.login_max_failures_per_client)


@router.get("/login")
async def login_page(request: Request, next: str = "/"):
    """The login form (or straight on, if already logged in)."""
    session = session_of(request)
    if session.get("user"):
        if await run_in_threadpool(users.active_account, session["user"], session.get("epoch")):
            return RedirectResponse(safe_next(next), status_code=303)
        session.renew()  # ended elsewhere: forget it, or the login page would send the official in circles
    return render(request, "login.html", {"next": safe_next(next)})


@router.post("/login", dependencies=[Depends(csrf_protect)])
async def login(request: Request, name: str = Form(""), password: str = Form(""), next: str = Form("/")):
    """Checks the password, within the failed-login limits."""
    client = client_address(request)
    result = await run_in_threadpool(users.authenticate, name[:64], password[:1024], client, _limits(request))
    if result.account is None:
        if result.locked_for:
            minutes = max(1, math.ceil(result.locked_for.total_seconds() / 60))
            error, status = f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.", 429
            logger.warning("Login locked for %r from %s", mask(name), client)
        else:
            error, status = "Tên đăng nhập hoặc mật khẩu không đúng.", 401
            logger.info("Failed login for %r from %s", mask(name), client)  # people type phone numbers here
        response = render(request, "login.html", {"next": safe_next(next), "error": error, "name": name}, status)
        if result.locked_for:
            response.headers["Retry-After"] = str(math.ceil(result.locked_for.total_seconds()))
        return response
    log_in(request, result.account)
    logger.info("%s logged in from %s", result.account.name, client)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout", dependencies=[Depends(require_login), Depends(csrf_protect)])
async def logout(request: Request):
    """Ends the account's sessions everywhere, so a copied cookie is useless afterwards too."""
    await run_in_threadpool(users.end_sessions, request.state.account.name)
    log_out(request)
    return RedirectResponse("/login", status_code=303)
