"""Asks the running assistant how it understands a question: Rasa's HTTP API, `POST /model/parse`.

"Try a question" must parse exactly as the assistant does, so it asks the
very Rasa server that answers residents (started with `--enable-api`, as
`make run` does) instead of loading a second copy of the model into the
console. The console stays small and starts in a second; when Rasa is not
running, the official gets a plain message saying so.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, Optional, Protocol

import httpx

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 15.0


class RasaUnavailable(RuntimeError):
    """The assistant's Rasa server could not parse the question; the message says why, for officials."""


class Parser(Protocol):
    """Anything that parses a message like Rasa's NLU (the tests also use a stand-in)."""

    async def parse(self, text: str) -> Dict[str, Any]: ...


class RasaParser:
    """Parses through a running Rasa server's `/model/parse` (RASA_URL, with RASA_TOKEN if set)."""

    def __init__(self, url: str, token: Optional[str] = None, transport: Optional[httpx.AsyncBaseTransport] = None) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self._transport = transport

    async def parse(self, text: str) -> Dict[str, Any]:
        params = {"token": self.token} if self.token else {}
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS, transport=self._transport) as client:
                response = await client.post(f"{self.url}/model/parse", params=params, json={"text": text})
        except httpx.HTTPError as error:
            logger.warning("Rasa at %s not reachable for a try: %s", self.url, type(error).__name__)
            raise RasaUnavailable(
                f"Không kết nối được với trợ lý ở {self.url}. Trợ lý cần đang chạy (`make run`) thì mới thử câu hỏi được."
            ) from None
        if response.status_code in (401, 403):
            raise RasaUnavailable("Trợ lý từ chối yêu cầu: RASA_TOKEN của bảng điều khiển không khớp với của trợ lý.")
        if response.status_code != 200:
            logger.warning("Rasa at %s answered a try with HTTP %s", self.url, response.status_code)
            raise RasaUnavailable(f"Trợ lý trả lỗi {response.status_code}; có thể mô hình chưa được nạp. Thử lại sau ít phút.")
        try:
            parse = response.json()
        except ValueError:
            parse = None
        if not isinstance(parse, dict):
            raise RasaUnavailable("Trợ lý trả về dữ liệu không đọc được.")
        return parse
