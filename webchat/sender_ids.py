"""Conversation ids the web chat hands out, signed so nobody can pick another person's.

The browser used to make up its own id, and the server took whatever id a
request named: anyone who learnt or guessed someone's id could read and
continue that conversation. Now only the server makes ids (with the answer to
a conversation's first message): a random UUID and an HMAC-SHA256 over it
with the web chat's secret key, `<uuid>.<signature>`. The browser keeps it
and sends it back; an altered or made-up id is refused, never mapped to a
conversation. Rasa sees `web-<uuid>`, so web-chat
ids can never name a Telegram or Zalo conversation either.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import uuid
from typing import Optional

_PURPOSE = b"webchat-sender\x00"  # a signature made for something else never fits here
_FORMAT = re.compile(r"^([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$")
RASA_PREFIX = "web-"


class SenderIds:
    """Issues and checks signed ids with one key (the same on every web-chat server)."""

    def __init__(self, key: bytes) -> None:
        if not key:
            raise ValueError("the web chat needs a signing key")
        self._key = key

    def issue(self) -> str:
        """A new conversation id for a browser to keep."""
        conversation = str(uuid.uuid4())
        return f"{conversation}.{self._signature(conversation)}"

    def conversation(self, signed: str) -> Optional[str]:
        """The Rasa sender id for a signed id this server issued, else None."""
        match = _FORMAT.match(signed or "")
        if not match or not hmac.compare_digest(match.group(2), self._signature(match.group(1))):
            return None
        return RASA_PREFIX + match.group(1)

    def _signature(self, conversation: str) -> str:
        digest = hmac.new(self._key, _PURPOSE + conversation.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
