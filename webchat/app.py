"""Assembles the web-chat server: page, static files, API, origin rules, rate limit."""
from __future__ import annotations

from typing import Optional

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from webchat import api, pages
from webchat.origins import OriginPolicy
from webchat.rasa_client import RasaClient, RasaUnavailable
from webchat.rate_limit import RateLimiter
from webchat.sender_ids import SenderIds
from webchat.settings import Settings


class RevalidatedStaticFiles(StaticFiles):
    """Static files a phone may keep, but must check (cheap 304) after an update."""

    def file_response(self, *args, **kwargs):
        response = super().file_response(*args, **kwargs)
        response.headers["Cache-Control"] = "no-cache"
        return response


def create_app(settings: Settings, rasa_transport: Optional[httpx.AsyncBaseTransport] = None) -> FastAPI:
    app = FastAPI(title="webchat", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.rasa = RasaClient(settings.rasa_url, settings.rasa_token, settings.rasa_timeout_seconds,
                                transport=rasa_transport)
    app.state.limiter = RateLimiter(settings.rate_per_minute, settings.rate_burst)
    app.state.sender_ids = SenderIds(settings.secret_key)
    app.state.origins = OriginPolicy(settings.allowed_origins)

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", RevalidatedStaticFiles(directory=pages.STATIC), name="static")
    app.add_exception_handler(api.ApiError, api.api_error_response)
    app.add_exception_handler(RasaUnavailable, api.rasa_unavailable_response)

    @app.middleware("http")
    async def common_headers(request, call_next):
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.middleware("http")(app.state.origins.guard)
    app.add_middleware(GZipMiddleware, minimum_size=800)
    # Outermost: answers preflight requests and labels allowed cross-origin answers.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.allowed_origins),
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        max_age=600,
    )

    @app.on_event("shutdown")
    async def close_rasa_client() -> None:
        await app.state.rasa.close()

    return app
