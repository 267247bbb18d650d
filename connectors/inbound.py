"""What one platform event asks of the connector, decided before any work is done.

Each platform turns its webhook payload into an `Inbound`; the channel then
either passes text to the assistant, answers with one of its own replies
(connectors/replies.py), or ignores the event. Keeping the decision a plain
value makes the rules easy to test and to log.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional

GREETING_INTENT = "/greet"  # the connectors' own payload for /start and a new follower
MESSAGE = "message"  # text for the assistant
REPLY = "reply"  # the connector answers by itself (`reply` names the text)
IGNORE = "ignore"  # nothing to do; `reason` says why


@dataclass(frozen=True)
class Inbound:
    action: str
    reason: str
    conversation: Optional[str] = None
    text: Optional[str] = None
    reply: Optional[str] = None
    message_id: Optional[str] = None
    metadata: Dict[str, Any] = field(default_factory=dict)


def ignore(reason: str, conversation: Optional[str] = None) -> Inbound:
    return Inbound(IGNORE, reason, conversation)


def reply(kind: str, conversation: str, reason: str, message_id: Optional[str] = None) -> Inbound:
    return Inbound(REPLY, reason, conversation, reply=kind, message_id=message_id)
