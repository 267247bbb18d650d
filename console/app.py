"""The FastAPI application factory.

    uvicorn --factory console.app:create_app     (what `python -m console` runs)

Every router except the login page is included with `require_login` and
`csrf_protect`, so a new page is protected without remembering to.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Mapping, Optional

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from bot.knowledge.store import Article, articles
from console.rasa_api import Parser, RasaParser
from console.auth import NotLoggedIn, login_url, require_login
from console.config import Settings
from console.csrf import CSRFError, csrf_protect
from console.pages import classes, coverage, indicators, login, unanswered
from console.queries.answer_log import AnswerLogReader
from console.security import SecurityHeaders
from console.sessions import SessionMiddleware
from console.web import render

logger = logging.getLogger(__name__)
STATIC = Path(__file__).with_name("static")
PROTECTED = (coverage.router, unanswered.router, indicators.router, classes.router)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def create_app(
    settings: Optional[Settings] = None,
    parser: Optional[Parser] = None,
    article_source: Callable[[], Mapping[str, Article]] = articles,
) -> FastAPI:
    """The console, reading the sources the settings name (from the environment by default)."""
    settings = settings or Settings.from_env()
    app = FastAPI(title="Bảng điều khiển cán bộ", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.reader = AnswerLogReader()
    app.state.parser = parser or RasaParser(settings.rasa_url, settings.rasa_token)
    app.state.articles = article_source

    app.include_router(login.router)
    for router in PROTECTED:
        app.include_router(router, dependencies=[Depends(require_login), Depends(csrf_protect)])
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    @app.exception_handler(NotLoggedIn)
    async def not_logged_in(request: Request, error: NotLoggedIn):
        if _wants_json(request):
            return JSONResponse({"detail": "Cần đăng nhập."}, status_code=401)
        return RedirectResponse(login_url(error.next_path), status_code=303)

    @app.exception_handler(CSRFError)
    async def bad_csrf(request: Request, error: CSRFError):
        logger.warning("Refused %s %s: missing or wrong CSRF token", request.method, request.url.path)
        message = "Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang rồi thử lại."
        if _wants_json(request):
            return JSONResponse({"detail": message}, status_code=403)
        return render(request, "error.html", {"title": "Không thực hiện được", "message": message}, 403)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: HTTPException):
        if _wants_json(request):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        message = error.detail if error.status_code != 404 or error.detail != "Not Found" else "Không có trang này."
        return render(request, "error.html", {"title": f"Lỗi {error.status_code}", "message": message}, error.status_code)

    # Added innermost first. Outermost: the proxy's word on scheme and client
    # (only from trusted proxies), then headers on every response, then the session.
    app.add_middleware(SessionMiddleware, secret_key=settings.secret_key,
                       max_age_seconds=settings.session_hours * 3600, always_secure=settings.secure_cookies)
    app.add_middleware(SecurityHeaders)
    if settings.trusted_proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies))
    return app
