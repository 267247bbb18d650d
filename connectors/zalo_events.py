"""Decides what a Zalo OA webhook event asks for (see connectors/inbound.py).

Text (including a tapped query button, which comes back as text) goes to the
assistant; `follow` asks for the greeting; images, voice, stickers, files and
the like get a polite request to type; the OA's own messages (`oa_send_*`)
are ignored, or the assistant would answer itself.
"""
from __future__ import annotations

from typing import Any, Mapping, Optional

from bot.masking import mask
from connectors.inbound import GREETING_INTENT, MESSAGE, Inbound, ignore, reply

_MEDIA_REPLIES = {
    "user_send_image": "image",
    "user_send_gif": "sticker",
    "user_send_sticker": "sticker",
    "user_send_audio": "voice",
}


def delivery_key(event: Mapping[str, Any]) -> str:
    """Identifies a delivery, so a redelivered event is recognised: `msg_id` when there is one."""
    message = event.get("message") if isinstance(event.get("message"), Mapping) else {}
    msg_id = message.get("msg_id")
    if msg_id:
        return f"msg:{msg_id}"
    return f"{event.get('event_name')}:{_user(event)}:{event.get('timestamp')}"


def classify(event: Mapping[str, Any]) -> Inbound:
    name = str(event.get("event_name") or "")
    user = _user(event)
    message = event.get("message") if isinstance(event.get("message"), Mapping) else {}
    msg_id = str(message["msg_id"]) if message.get("msg_id") else None
    if not name:
        return ignore("an event without event_name")
    if name.startswith("oa_send_"):
        return ignore(f"{name}: the OA's own message")
    if name == "follow":
        if not user:
            return ignore("follow without follower.id")
        return Inbound(MESSAGE, "new follower", user, text=GREETING_INTENT, metadata=_metadata(event))
    if name.startswith("anonymous_send_"):
        return ignore(f"{name}: anonymous chats are not supported (text: {mask(str(message.get('text', '')))[:200]!r})")
    if not name.startswith("user_send_"):
        return ignore(f"{name}: not a user message")
    if not user:
        return ignore(f"{name} without sender.id")
    if name == "user_send_text":
        text = message.get("text")
        if isinstance(text, str) and text.strip():
            return Inbound(MESSAGE, "text message", user, text=text, message_id=msg_id, metadata=_metadata(event))
        return reply("other", user, "text message without text", msg_id)
    return reply(_MEDIA_REPLIES.get(name, "other"), user, name, msg_id)


def _user(event: Mapping[str, Any]) -> Optional[str]:
    for field in ("sender", "follower"):
        party = event.get(field)
        if isinstance(party, Mapping) and party.get("id"):
            return str(party["id"])
    return None


def _metadata(event: Mapping[str, Any]) -> dict:
    return {"platform": "zalo", "event_name": event.get("event_name"), "timestamp": event.get("timestamp")}
