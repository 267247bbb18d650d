"""The only three things the web chat asks Rasa: send, read history, restart."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

import httpx

from bot.offered_payloads import Offers
from webchat.history import Message, bot_replies, read_events


class RasaUnavailable(Exception):
    """Rasa did not answer, or answered with an error."""


class RasaClient:
    def __init__(self, base_url: str, token: Optional[str] = None, timeout: float = 60.0,
                 transport: Optional[httpx.AsyncBaseTransport] = None) -> None:
        self._params = {"token": token} if token else {}
        self._http = httpx.AsyncClient(base_url=base_url, timeout=timeout, transport=transport)

    async def close(self) -> None:
        await self._http.aclose()

    async def send(self, sender: str, text: str) -> List[Message]:
        answer = await self._call("POST", "/webhooks/rest/webhook", json={"sender": sender, "message": text})
        return bot_replies(answer if isinstance(answer, list) else [])

    async def history(self, sender: str) -> List[Message]:
        return read_events(await self._events(sender))

    async def offers(self, sender: str) -> Offers:
        """The buttons the bot showed this sender (bot/offered_payloads.py)."""
        return Offers.from_events(await self._events(sender))

    async def restart(self, sender: str) -> None:
        await self.send(sender, "/restart")

    async def _events(self, sender: str) -> List[Dict[str, Any]]:
        # Rasa's default include_events=AFTER_RESTART: a reset hides what came before.
        tracker = await self._call("GET", f"/conversations/{sender}/tracker")
        events = tracker.get("events") if isinstance(tracker, dict) else None
        return events if isinstance(events, list) else []

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = await self._http.request(method, path, params=self._params, **kwargs)
            response.raise_for_status()
            return response.json()
        except (httpx.HTTPError, ValueError) as error:
            raise RasaUnavailable(f"{method} {path}: {error}") from error
