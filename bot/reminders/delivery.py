"""Has the Rasa server say a reminder in the resident's own conversation.

The worker asks Rasa's HTTP API to trigger the external intent
`EXTERNAL_class_reminder` in the conversation the resident registered from,
with the channel they used as the output channel. Rasa runs
`action_send_class_reminder`, which writes the text (in the address form of
that conversation) and sends it through the same connector that answers the
resident: Telegram and Zalo with their pacing, button keys and Zalo token
refresh; the REST channel (web chat) keeps it in the conversation, where the
web chat shows it the next time the page is opened. The reminder is in the
tracker like any reply, so its "cancel registration" button is a payload the
assistant offered and the channels accept the tap.
"""
from __future__ import annotations

from typing import Optional
from urllib.parse import quote

import httpx

from bot.reminders.queue import DELIVERED, REFUSED, UNREACHABLE, Job, Outcome
from bot.settings import rasa_api_settings

INTENT = "EXTERNAL_class_reminder"
ENTITY = "reminder_id"


class RasaDelivery:
    """POST /conversations/{id}/trigger_intent?output_channel=…; `token` is RASA_TOKEN when set."""

    def __init__(self, rasa_url: str, token: Optional[str] = None, timeout_seconds: float = 60.0) -> None:
        self._url = rasa_url.rstrip("/")
        self._token = token
        self._client = httpx.Client(timeout=timeout_seconds)

    @classmethod
    def from_environment(cls) -> "RasaDelivery":
        """RASA_URL and RASA_TOKEN, as the console reads them (bot/settings.py)."""
        settings = rasa_api_settings()
        return cls(settings.rasa_url, settings.rasa_token)

    def __call__(self, job: Job) -> Outcome:
        params = {"output_channel": job.channel}
        if self._token:
            params["token"] = self._token
        try:
            response = self._client.post(
                # Rasa takes the id from the path as it is: "telegram:123" stays, only unsafe characters are escaped
                f"{self._url}/conversations/{quote(job.recipient_id, safe=':')}/trigger_intent",
                params=params,
                json={"name": INTENT, "entities": {ENTITY: str(job.id)}},
            )
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            return Outcome(UNREACHABLE, f"Rasa unreachable: {error}")
        except httpx.HTTPError as error:  # sent, but no answer: it may have been said
            return Outcome(REFUSED, f"no answer from Rasa: {error!r}")
        if response.status_code >= 500:  # e.g. the action server is down: nothing was said
            return Outcome(UNREACHABLE, f"Rasa answered {response.status_code}")
        if response.status_code >= 400:
            return Outcome(REFUSED, f"Rasa refused: {response.status_code} {response.text[:200]}")
        return Outcome(DELIVERED)

    def close(self) -> None:
        self._client.close()
