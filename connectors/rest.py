"""Rasa's REST channel, answering only this machine, or callers holding the server's token.

The REST webhook takes whatever `sender` a request names and answers with
that conversation's replies: whoever reaches it can speak, and read the
answers, as any resident (`telegram:<chat>`, `zalo:<user>`, `web-<id>`).
Rasa's `--auth-token` guards its HTTP API but not channel webhooks, so this
channel adds the same rule: with `RASA_TOKEN` set, every request must carry
`?token=RASA_TOKEN` (as the web chat's requests do); without it, only callers
on this machine are served (`make run`, the tests, `curl` on the server).
Behind a reverse proxy, Sanic's forwarded settings (SANIC_PROXIES_COUNT)
make proxied callers count as remote. Conversations of the other channels
are never reachable here, token or not.
"""
from __future__ import annotations

import hmac
import ipaddress
import logging
import os
from typing import Any, Dict, Optional, Text

from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.telegram_output import SENDER_PREFIX as TELEGRAM_PREFIX
from connectors.webhook_requests import client_address, reject
from connectors.zalo_output import SENDER_PREFIX as ZALO_PREFIX

logger = logging.getLogger(__name__)

TOKEN_VARIABLE = "RASA_TOKEN"
OTHER_CHANNELS = (TELEGRAM_PREFIX, ZALO_PREFIX)


def is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


class GuardedRestInput(RestInput):
    """`rest` in credentials.yml, at the same URL: /webhooks/rest/webhook."""

    def __init__(self, token: Optional[str] = None) -> None:
        self.token = token

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "GuardedRestInput":
        return cls(os.environ.get(TOKEN_VARIABLE) or None)

    def blueprint(self, on_new_message: Any) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        blueprint.middleware("request")(self._guard)  # this blueprint's routes only
        return blueprint

    def problem(self, request: Request) -> Optional[str]:
        """Why the request may not use the channel, or None."""
        if self.token is not None:
            supplied = request.args.get("token") or ""
            if not hmac.compare_digest(supplied.encode("utf-8"), self.token.encode("utf-8")):
                return f"no or wrong ?token= ({TOKEN_VARIABLE} is set)"
        elif not is_loopback(client_address(request)):
            return f"a caller from another machine, and {TOKEN_VARIABLE} is not set"
        sender = _sender(request)
        if sender.startswith(OTHER_CHANNELS):
            return f"sender {sender.split(':', 1)[0]}:… belongs to another channel"
        return None

    async def _guard(self, request: Request) -> Optional[HTTPResponse]:
        problem = self.problem(request)
        return reject(logger, request, 403, problem) if problem else None


def _sender(request: Request) -> str:
    if request.method != "POST":
        return ""
    try:
        body = request.json
    except Exception:  # a broken body is the route's to refuse
        return ""
    sender = body.get("sender") if isinstance(body, dict) else None
    return sender if isinstance(sender, str) else ""
