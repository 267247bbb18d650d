"""A fake Zalo OA API: consultation messages and token refresh, recorded, with failures on demand.

Like Zalo it answers HTTP 200 with an `error` code: -216 for an unknown or
expired access token; it accepts a refresh token once, checks the app's
`secret_key` header, limits buttons to 5 and query payloads to 1000
characters. It also acts as Zalo towards the webhook: events are signed with
mac = sha256(app_id + body + timestamp + OA secret key).

Demo: start it (it prints the ZALO_* variables to give the assistant), then
play the resident:

    python -m tests.fakes.zalo_api --port 8082 --webhook http://127.0.0.1:5005/webhooks/zalo/webhook
    curl -d '{"user_id": "u1"}' 127.0.0.1:8082/_fake/follow
    curl -d '{"user_id": "u1", "text": "cai vneid the nao"}' 127.0.0.1:8082/_fake/user_says
    curl -X POST 127.0.0.1:8082/_fake/expire_token
    curl -d '{"kind": "error", "error": -230}' 127.0.0.1:8082/_fake/fail
    curl 127.0.0.1:8082/_fake/messages
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import itertools
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Any, Deque, Dict, List, Optional, Tuple

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

SIGNATURE_HEADER = "X-ZEvent-Signature"
QUERY_TYPES = ("oa.query.show", "oa.query.hide")
BUTTON_TYPES = QUERY_TYPES + ("oa.open.url", "oa.open.phone")


@dataclass
class Failure:
    kind: str  # "error" (Zalo error code) or "timeout" (answer late, then fail)
    error: int = -201
    message: str = "injected failure"
    seconds: float = 0.0


class FakeZalo:
    def __init__(self, app_id: str = "1234567890", app_secret: str = "app-secret", oa_secret_key: str = "oa-secret-key",
                 oa_id: str = "579745863508352884") -> None:
        self.app_id = app_id
        self.app_secret = app_secret
        self.oa_secret_key = oa_secret_key
        self.oa_id = oa_id
        self.access_token = "access-0"
        self.refresh_token = "refresh-0"
        self.used_refresh_tokens: List[str] = []
        self.messages: List[Dict[str, Any]] = []  # delivered: {"user_id", "message", "at"}
        self.rejected: List[Dict[str, Any]] = []  # requests answered with an error
        self.refreshes = 0
        self.webhook_url: Optional[str] = None
        self._failures: Deque[Failure] = deque()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self.app = self._build_app()

    # --- test control -------------------------------------------------------
    def fail(self, failure: Failure, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([failure] * times)

    def expire_access_token(self) -> None:
        """The next message gets -216, as after ~25 hours."""
        self.access_token = "expired-" + secrets.token_hex(4)

    def sent_to(self, user_id: str) -> List[Dict[str, Any]]:
        return [m["message"] for m in list(self.messages) if m["user_id"] == user_id]

    # --- acting as Zalo towards the webhook ---------------------------------
    def event(self, event_name: str, user_id: str, **fields: Any) -> Dict[str, Any]:
        event = {"app_id": self.app_id, "event_name": event_name, "timestamp": str(int(time.time() * 1000)),
                 "user_id_by_app": "app-" + user_id, **fields}
        if event_name == "follow":
            event.setdefault("follower", {"id": user_id})
            event.setdefault("oa_id", self.oa_id)
        elif event_name.startswith("oa_send_"):
            event.setdefault("sender", {"id": self.oa_id})
            event.setdefault("recipient", {"id": user_id})
        else:
            event.setdefault("sender", {"id": user_id})
            event.setdefault("recipient", {"id": self.oa_id})
        return event

    def text_event(self, user_id: str, text: str, msg_id: Optional[str] = None) -> Dict[str, Any]:
        return self.event("user_send_text", user_id, message={"text": text, "msg_id": msg_id or f"m{next(self._ids)}"})

    def sign(self, body: bytes, event: Dict[str, Any], secret: Optional[str] = None) -> str:
        digest = hashlib.sha256(
            (str(event["app_id"])).encode() + body + str(event["timestamp"]).encode() + (secret or self.oa_secret_key).encode()
        ).hexdigest()
        return f"mac={digest}"

    def deliver(self, event: Dict[str, Any], signature: Optional[str] = "valid", body: Optional[bytes] = None,
                url: Optional[str] = None) -> httpx.Response:
        """POSTs an event to the webhook signed as Zalo signs it (or with `signature` as given)."""
        body, headers = self._signed(event, signature, body)
        return httpx.post(url or self.webhook_url or "", content=body, headers=headers, timeout=10)

    def _signed(self, event: Dict[str, Any], signature: Optional[str] = "valid",
                body: Optional[bytes] = None) -> Tuple[bytes, Dict[str, str]]:
        body = body if body is not None else json.dumps(event, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if signature == "valid":
            signature = self.sign(body, event)
        if signature is not None:
            headers[SIGNATURE_HEADER] = signature
        return body, headers

    async def _deliver_soon(self, event: Dict[str, Any]) -> Dict[str, Any]:
        body, headers = self._signed(event)
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(self.webhook_url or "", content=body, headers=headers)
        return {"webhook_status": response.status_code, "event": event}

    # --- the OA API -----------------------------------------------------------
    def _build_app(self) -> FastAPI:
        app = FastAPI(title="Fake Zalo OA API")

        @app.post("/v3.0/oa/message/cs")
        async def message_cs(request: Request) -> JSONResponse:
            body = await request.json()
            with self._lock:
                failure = self._failures.popleft() if self._failures else None
            if failure is not None:
                self.rejected.append({"body": body, "failure": failure.kind})
                if failure.kind == "timeout":
                    await asyncio.sleep(failure.seconds)
                    return JSONResponse({"error": -32, "message": "late answer"})
                return JSONResponse({"error": failure.error, "message": failure.message})
            if request.headers.get("access_token") != self.access_token:
                self.rejected.append({"body": body, "error": -216})
                return JSONResponse({"error": -216, "message": "Access token is invalid"})
            problem = self._invalid_message(body)
            if problem:
                self.rejected.append({"body": body, "error": -201})
                return JSONResponse({"error": -201, "message": problem})
            user_id = body["recipient"]["user_id"]
            self.messages.append({"user_id": user_id, "message": body["message"], "at": time.monotonic()})
            return JSONResponse({"error": 0, "message": "Success", "data": {"message_id": f"oa-{next(self._ids)}", "user_id": user_id}})

        @app.post("/v4/oa/access_token")
        async def refresh(request: Request) -> JSONResponse:
            form = await request.form()
            if request.headers.get("secret_key") != self.app_secret or form.get("app_id") != self.app_id:
                return JSONResponse({"error": -14002, "error_name": "Invalid app", "error_reason": "Invalid secret key or app id"})
            if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token:
                return JSONResponse({"error": -14014, "error_name": "Invalid parameter", "error_reason": "Invalid refresh token"})
            self.used_refresh_tokens.append(self.refresh_token)
            self.refreshes += 1
            self.access_token = f"access-{self.refreshes}"
            self.refresh_token = f"refresh-{self.refreshes}"
            return JSONResponse({"access_token": self.access_token, "refresh_token": self.refresh_token, "expires_in": "90000"})

        @app.get("/_fake/messages")
        async def messages() -> List[Dict[str, Any]]:
            return list(self.messages)

        @app.post("/_fake/fail")
        async def fail(request: Request) -> Dict[str, bool]:
            """{"kind": "error", "error": -230, "times": 1} or {"kind": "timeout", "seconds": 15}"""
            body = await request.json()
            times = int(body.pop("times", 1))
            self.fail(Failure(**body), times)
            return {"ok": True}

        @app.post("/_fake/expire_token")
        async def expire() -> Dict[str, bool]:
            self.expire_access_token()
            return {"ok": True}

        @app.post("/_fake/user_says")
        async def user_says(request: Request) -> Dict[str, Any]:
            """{"user_id": "u1", "text": "cai vneid the nao"}: a person writes (or taps: text = the payload)."""
            body = await request.json()
            return await self._deliver_soon(self.text_event(str(body["user_id"]), str(body["text"])))

        @app.post("/_fake/follow")
        async def follow(request: Request) -> Dict[str, Any]:
            body = await request.json()
            return await self._deliver_soon(self.event("follow", str(body["user_id"])))

        return app

    @staticmethod
    def _invalid_message(body: Any) -> Optional[str]:
        try:
            user_id = body["recipient"]["user_id"]
            message = body["message"]
        except (KeyError, TypeError):
            return "recipient.user_id and message are required"
        if not user_id:
            return "recipient.user_id is empty"
        if "text" in message and "attachment" not in message:
            return None if str(message["text"]).strip() else "message.text is empty"
        payload = (message.get("attachment") or {}).get("payload") or {}
        buttons = payload.get("buttons") or []
        if not payload.get("text") or not buttons:
            return "a button template needs text and buttons"
        if len(buttons) > 5:
            return "at most 5 buttons"
        for button in buttons:
            if button.get("type") not in BUTTON_TYPES:
                return f"unknown button type {button.get('type')!r}"
            if button["type"] in QUERY_TYPES and not (isinstance(button.get("payload"), str) and len(button["payload"]) <= 1000):
                return "a query button needs a payload of at most 1000 characters"
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--webhook", default="http://127.0.0.1:5005/webhooks/zalo/webhook")
    args = parser.parse_args()
    import uvicorn

    fake = FakeZalo()
    fake.webhook_url = args.webhook
    print(f"Fake Zalo on http://127.0.0.1:{args.port}: ZALO_APP_ID={fake.app_id} ZALO_APP_SECRET={fake.app_secret} "
          f"ZALO_OA_SECRET_KEY={fake.oa_secret_key} ZALO_ACCESS_TOKEN={fake.access_token} ZALO_REFRESH_TOKEN={fake.refresh_token} "
          f"ZALO_API_BASE_URL=http://127.0.0.1:{args.port} ZALO_OAUTH_BASE_URL=http://127.0.0.1:{args.port}")
    uvicorn.run(fake.app, host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
