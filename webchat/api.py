"""The page's API: send a message, read this sender's history, start over.

Browsers never reach Rasa directly. The browser's random id becomes the
Rasa sender `web-<id>`, so a page can only ever read web-chat
conversations it started, never another channel's. Intent payloads
("/…") pass only when the bot just offered them as a button.
"""
from __future__ import annotations

import re
from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, validator

from webchat.rasa_client import RasaClient, RasaUnavailable
from webchat.rate_limit import RateLimiter
from webchat.settings import Settings

SENDER_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# What the person sees when something goes wrong (the page shows `detail`).
TOO_FAST = "Tin nhắn gửi hơi nhanh ạ. Xin chờ khoảng {seconds} giây rồi gửi lại."
TOO_LONG = "Tin nhắn dài quá ạ. Xin viết ngắn hơn, dưới {limit} chữ cái."
EMPTY = "Tin nhắn đang trống ạ."
RASA_DOWN = "Trợ lý đang bận hoặc đang khởi động ạ. Xin thử lại sau ít phút."


class ApiError(Exception):
    def __init__(self, status: int, detail: str, retry_after: Optional[int] = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.retry_after = status, detail, retry_after


def api_error_response(_request: Request, error: ApiError) -> JSONResponse:
    body = {"detail": error.detail}
    headers = {}
    if error.retry_after is not None:
        body["retry_after"] = error.retry_after
        headers["Retry-After"] = str(error.retry_after)
    return JSONResponse(body, status_code=error.status, headers=headers)


def rasa_unavailable_response(request: Request, _error: RasaUnavailable) -> JSONResponse:
    return api_error_response(request, ApiError(502, RASA_DOWN))


class SenderBody(BaseModel):
    sender: str

    @validator("sender")
    def _random_id(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        if not SENDER_ID.match(value):
            raise ValueError("sender must be a random UUID")
        return value

    @property
    def rasa_sender(self) -> str:
        return f"web-{self.sender}"


class MessageBody(SenderBody):
    message: str


def rate_limit(request: Request) -> None:
    limiter: RateLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    wait = limiter.wait_seconds(client)
    if wait:
        raise ApiError(429, TOO_FAST.format(seconds=wait), retry_after=wait)


router = APIRouter(prefix="/api", dependencies=[Depends(rate_limit)])


def _rasa(request: Request) -> RasaClient:
    return request.app.state.rasa


def _settings(request: Request) -> Settings:
    return request.app.state.settings


async def _checked_text(body: MessageBody, rasa: RasaClient, settings: Settings) -> str:
    text = body.message.strip()
    if len(text) > settings.max_message_chars:
        raise ApiError(413, TOO_LONG.format(limit=settings.max_message_chars))
    if text.startswith("/") and text != settings.welcome_payload:
        if text not in await rasa.offered_payloads(body.rasa_sender):
            # Typed, not tapped: Rasa must read it as words, not as an intent.
            text = text.lstrip("/ ").strip()
    if not text:
        raise ApiError(400, EMPTY)
    return text


@router.post("/messages")
async def send_message(body: MessageBody, request: Request) -> dict:
    rasa = _rasa(request)
    text = await _checked_text(body, rasa, _settings(request))
    return {"messages": await rasa.send(body.rasa_sender, text)}


@router.post("/history")
async def history(body: SenderBody, request: Request) -> dict:
    return {"messages": await _rasa(request).history(body.rasa_sender)}


@router.post("/reset", status_code=204)
async def reset(body: SenderBody, request: Request) -> Response:
    await _rasa(request).restart(body.rasa_sender)
    return Response(status_code=204)
