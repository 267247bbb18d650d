"""A fake Telegram Bot API: the methods the connector uses, recorded, with failures on demand.

Like Telegram it checks the token in the URL (`/bot<token>/<method>`), the
64-byte callback data and 4096-character text limits, remembers the webhook
and its secret from `setWebhook`, and delivers updates to that webhook with the
secret header. Tests and demos can make a method fail: 429 with retry_after,
a slow answer (timeout) or a 400 error.

Demo: start it, point the assistant at it (TELEGRAM_API_BASE_URL), register
the webhook with `make telegram-webhook`, then play the resident:

    python -m tests.fakes.telegram_api --port 8081 --token 123456:TEST-TOKEN
    curl -d '{"chat_id": 1, "text": "/start"}' 127.0.0.1:8081/_fake/user_says
    curl -d '{"chat_id": 1, "title": "VNeID"}' 127.0.0.1:8081/_fake/user_taps
    curl -d '{"method": "sendMessage", "kind": "retry_after", "retry_after": 3}' 127.0.0.1:8081/_fake/fail
    curl 127.0.0.1:8081/_fake/calls
"""
from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any, Deque, Dict, List, Optional

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Trợ lý", "username": "BinhDanTestBot",
            "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}


@dataclass
class Failure:
    kind: str  # "retry_after", "timeout" or "error"
    retry_after: int = 1
    seconds: float = 0.0
    code: int = 400
    description: str = "Bad Request: injected failure"


@dataclass
class Call:
    method: str
    params: Dict[str, Any]
    at: float
    ok: bool


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _error(code: int, description: str, **parameters: Any) -> JSONResponse:
    body: Dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        body["parameters"] = parameters
    return JSONResponse(body, status_code=code)


class FakeTelegram:
    """The fake's state, plus helpers that act as the person chatting."""

    def __init__(self, token: str = "123456:TEST-TOKEN") -> None:
        self.token = token
        self.calls: List[Call] = []
        self.webhook: Dict[str, Any] = {}
        self._failures: Dict[str, Deque[Failure]] = defaultdict(deque)
        self._lock = threading.Lock()
        self._message_ids = itertools.count(1000)
        self._update_ids = itertools.count(1)
        self.app = self._build_app()

    # --- test control -------------------------------------------------------
    def fail(self, method: str, failure: Failure, times: int = 1) -> None:
        with self._lock:
            self._failures[method].extend([failure] * times)

    def sent(self, chat_id: Optional[int] = None) -> List[Dict[str, Any]]:
        """Messages delivered by sendMessage (optionally to one chat), oldest first."""
        return [c.params for c in self.calls_to("sendMessage")
                if chat_id is None or int(c.params["chat_id"]) == chat_id]

    def calls_to(self, method: str) -> List[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and c.ok]

    # --- acting as Telegram towards the webhook -----------------------------
    def deliver(self, update: Dict[str, Any], secret: Optional[str] = "registered", url: Optional[str] = None) -> httpx.Response:
        """POSTs an update to the registered webhook with its secret, as Telegram does."""
        return httpx.post(url or self.webhook["url"], json=update, headers=self._secret_header(secret), timeout=10)

    def _secret_header(self, secret: Optional[str]) -> Dict[str, str]:
        secret = self.webhook.get("secret_token") if secret == "registered" else secret
        return {SECRET_HEADER: secret} if secret is not None else {}

    async def _deliver_soon(self, update: Dict[str, Any]) -> Dict[str, Any]:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(self.webhook["url"], json=update, headers=self._secret_header("registered"))
        return {"webhook_status": response.status_code, "update": update}

    def update(self, **content: Any) -> Dict[str, Any]:
        return {"update_id": next(self._update_ids), **content}

    def message(self, chat_id: int, chat_type: str = "private", **content: Any) -> Dict[str, Any]:
        user = {"id": chat_id if chat_type == "private" else 777, "is_bot": False, "first_name": "Bác", "language_code": "vi"}
        chat = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = "Bác"
        else:
            chat["title"] = "Nhóm thôn Đông"
        return {"message_id": next(self._message_ids), "date": int(time.time()), "chat": chat, "from": user, **content}

    def text_update(self, chat_id: int, text: str, chat_type: str = "private") -> Dict[str, Any]:
        return self.update(message=self.message(chat_id, chat_type, text=text))

    def tap_update(self, chat_id: int, sent_message: Dict[str, Any], title: str) -> Dict[str, Any]:
        """A callback query for the button labelled `title` on a message the bot sent."""
        markup = sent_message["reply_markup"]
        data = next(b["callback_data"] for row in markup["inline_keyboard"] for b in row if b["text"] == title)
        message = self.message(chat_id, text=sent_message["text"], reply_markup=markup)
        message["from"] = BOT_USER
        return self.update(callback_query={"id": str(next(self._message_ids)), "from": {"id": chat_id, "is_bot": False, "first_name": "Bác"},
                                           "chat_instance": "ci-1", "data": data, "message": message})

    # --- the Bot API --------------------------------------------------------
    def _build_app(self) -> FastAPI:
        app = FastAPI(title="Fake Telegram Bot API")

        @app.api_route("/bot{token}/{method}", methods=["GET", "POST"])
        async def bot_method(token: str, method: str, request: Request) -> JSONResponse:
            if token != self.token:
                return _error(401, "Unauthorized")
            params = await self._params(request)
            with self._lock:
                failure = self._failures[method].popleft() if self._failures[method] else None
            if failure is not None:
                return await self._failure(method, params, failure)
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                return _error(404, "Not Found")
            result = handler(params)
            if isinstance(result, JSONResponse):
                self._record(method, params, ok=False)
                return result
            self._record(method, params, ok=True)
            return JSONResponse({"ok": True, "result": result})

        @app.get("/_fake/calls")
        async def calls() -> List[Dict[str, Any]]:
            return [c.__dict__ for c in self.calls]

        @app.post("/_fake/fail")
        async def fail(request: Request) -> Dict[str, bool]:
            """{"method": "sendMessage", "kind": "retry_after", "retry_after": 3, "times": 1}"""
            body = await request.json()
            times = int(body.pop("times", 1))
            self.fail(body.pop("method"), Failure(**body), times)
            return {"ok": True}

        @app.post("/_fake/user_says")
        async def user_says(request: Request) -> Dict[str, Any]:
            """{"chat_id": 1, "text": "cai vneid the nao"}: a person writes to the bot."""
            body = await request.json()
            return await self._deliver_soon(self.text_update(int(body["chat_id"]), str(body["text"])))

        @app.post("/_fake/user_taps")
        async def user_taps(request: Request) -> Dict[str, Any]:
            """{"chat_id": 1, "title": "VNeID"}: taps that button on the newest message showing it."""
            body = await request.json()
            chat_id, title = int(body["chat_id"]), str(body["title"])
            shown = [m for m in self.sent(chat_id)
                     if any(b["text"] == title for row in (m.get("reply_markup") or {}).get("inline_keyboard", []) for b in row)]
            if not shown:
                return {"error": f"no message to chat {chat_id} shows a button {title!r}"}
            return await self._deliver_soon(self.tap_update(chat_id, shown[-1], title))

        return app

    @staticmethod
    async def _params(request: Request) -> Dict[str, Any]:
        if request.headers.get("content-type", "").startswith("application/json"):
            raw = await request.json()
        else:
            raw = dict((await request.form()).items()) or dict(request.query_params)
        params = {}
        for key, value in raw.items():
            if isinstance(value, str) and value[:1] in "[{":
                try:
                    value = json.loads(value)
                except json.JSONDecodeError:
                    pass
            params[key] = value
        return params

    def _record(self, method: str, params: Dict[str, Any], ok: bool) -> None:
        with self._lock:
            self.calls.append(Call(method, params, time.monotonic(), ok))

    async def _failure(self, method: str, params: Dict[str, Any], failure: Failure) -> JSONResponse:
        self._record(method, params, ok=False)
        if failure.kind == "retry_after":
            return _error(429, f"Too Many Requests: retry after {failure.retry_after}", retry_after=failure.retry_after)
        if failure.kind == "timeout":
            await asyncio.sleep(failure.seconds)
            return _error(502, "Bad Gateway")
        return _error(failure.code, failure.description)

    def _m_getMe(self, params: Dict[str, Any]) -> Any:
        return BOT_USER

    def _m_sendMessage(self, params: Dict[str, Any]) -> Any:
        text = str(params.get("text") or "")
        if not text.strip():
            return _error(400, "Bad Request: message text is empty")
        if _utf16_length(text) > 4096:
            return _error(400, "Bad Request: message is too long")
        for row in (params.get("reply_markup") or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                    return _error(400, "Bad Request: BUTTON_DATA_INVALID")
        chat_id = int(params["chat_id"])
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "chat": {"id": chat_id, "type": "private"},
                   "from": BOT_USER, "text": text}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def _m_answerCallbackQuery(self, params: Dict[str, Any]) -> Any:
        return True if params.get("callback_query_id") else _error(400, "Bad Request: query is too old")

    def _m_setWebhook(self, params: Dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        if url and not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            return _error(400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
        self.webhook = {"url": url, "secret_token": params.get("secret_token"), "allowed_updates": params.get("allowed_updates"),
                        "max_connections": params.get("max_connections")}
        return True

    def _m_deleteWebhook(self, params: Dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    def _m_getWebhookInfo(self, params: Dict[str, Any]) -> Any:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False, "pending_update_count": 0,
                "allowed_updates": self.webhook.get("allowed_updates") or []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    args = parser.parse_args()
    import uvicorn

    print(f"Fake Telegram on http://127.0.0.1:{args.port}; set TELEGRAM_API_BASE_URL=http://127.0.0.1:{args.port}/bot")
    uvicorn.run(FakeTelegram(args.token).app, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
