"""The page's API: send a message, read this conversation's history, start over.

Browsers never reach Rasa directly. Conversation ids come only from this
server, signed (sender_ids.py): a first message without an id gets a new one
(returned with the answer, for the page to keep); a request naming an id the
server did not issue is refused with 403, so nobody can read or continue
another person's conversation, nor any Telegram or Zalo one. Intent payloads
("/…") pass only when the bot offered them as a button in this conversation
(bot/offered_payloads.py).
"""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from bot.offered_payloads import screen
from webchat.rasa_client import RasaClient, RasaUnavailable
from webchat.rate_limit import RateLimiter
from webchat.sender_ids import SenderIds
from webchat.settings import Settings

# What the person sees when something goes wrong (the page shows `detail`).
TOO_FAST = "Tin nhắn gửi hơi nhanh ạ. Xin chờ khoảng {seconds} giây rồi gửi lại."
TOO_LONG = "Tin nhắn dài quá ạ. Xin viết ngắn hơn, dưới {limit} chữ cái."
EMPTY = "Tin nhắn đang trống ạ."
RASA_DOWN = "Trợ lý đang bận hoặc đang khởi động ạ. Xin thử lại sau ít phút."
UNKNOWN_CONVERSATION = "Cuộc trò chuyện này không còn dùng được ạ. Xin gửi lại tin nhắn để bắt đầu cuộc mới."
SENDER = "sender"  # `reason` of a refused id: the page then asks for a new one


class ApiError(Exception):
    def __init__(self, status: int, detail: str, retry_after: Optional[int] = None, reason: Optional[str] = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.retry_after, self.reason = status, detail, retry_after, reason


def api_error_response(_request: Request, error: ApiError) -> JSONResponse:
    body = {"detail": error.detail}
    headers = {}
    if error.retry_after is not None:
        body["retry_after"] = error.retry_after
        headers["Retry-After"] = str(error.retry_after)
    if error.reason is not None:
        body["reason"] = error.reason
    return JSONResponse(body, status_code=error.status, headers=headers)


def rasa_unavailable_response(request: Request, _error: RasaUnavailable) -> JSONResponse:
    return api_error_response(request, ApiError(502, RASA_DOWN))


class SenderBody(BaseModel):
    # The signed id this server issued ("" only on a conversation's first message).
    sender: str = ""


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


def _conversation(body: SenderBody, request: Request) -> str:
    """The Rasa sender id of a signed id this server issued; 403 for anything else."""
    ids: SenderIds = request.app.state.sender_ids
    conversation = ids.conversation(body.sender)
    if conversation is None:
        raise ApiError(403, UNKNOWN_CONVERSATION, reason=SENDER)
    return conversation


async def _checked_text(body: MessageBody, conversation: str, rasa: RasaClient, settings: Settings) -> str:
    text = body.message.strip()
    if len(text) > settings.max_message_chars:
        raise ApiError(413, TOO_LONG.format(limit=settings.max_message_chars))
    text = await screen(text, lambda: rasa.offers(conversation), conversation, always=(settings.welcome_payload,))
    if not text:
        raise ApiError(400, EMPTY)
    return text


@router.post("/messages")
async def send_message(body: MessageBody, request: Request) -> dict:
    """One message; without an id it starts a new conversation, whose id comes back as `sender`."""
    rasa = _rasa(request)
    if not body.sender:
        body = body.copy(update={"sender": request.app.state.sender_ids.issue()})
    conversation = _conversation(body, request)
    text = await _checked_text(body, conversation, rasa, _settings(request))
    return {"sender": body.sender, "messages": await rasa.send(conversation, text)}


@router.post("/history")
async def history(body: SenderBody, request: Request) -> dict:
    return {"messages": await _rasa(request).history(_conversation(body, request))}


@router.post("/reset", status_code=204)
async def reset(body: SenderBody, request: Request) -> Response:
    await _rasa(request).restart(_conversation(body, request))
    return Response(status_code=204)
