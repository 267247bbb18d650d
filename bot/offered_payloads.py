"""Lets a resident send an intent payload ("/…") only when the assistant offered it to them.

Rasa reads any message that starts with "/" (after trimming spaces) as an
intent with entities and skips NLU: typed into Telegram, Zalo or the web chat,
`/register_class{"class_id": "L7"}` would register a class nobody showed
the person. Buttons are the only honest source of payloads, so every public
channel passes user text through `screen` with the buttons read from the
conversation's own tracker events: a payload one of the bot's buttons
carried since the last restart passes unchanged (a tap; on Telegram and
Zalo older buttons stay on screen and are tapped too); anything else loses
its leading slashes and is read as words by NLU, and the refusal is logged.

No Rasa import: the web chat uses this without loading Rasa.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Collection, Dict, Iterable, List, Mapping

from bot.masking import mask

logger = logging.getLogger(__name__)

# rasa.shared.constants.INTENT_MESSAGE_PREFIX; Rasa strips the text before looking for it.
INTENT_PREFIX = "/"


def clean_buttons(buttons: Any) -> List[Dict[str, str]]:
    """The title and payload of each well-formed button (others are dropped)."""
    if not isinstance(buttons, list):
        return []
    return [
        {"title": button["title"], "payload": button["payload"]}
        for button in buttons
        if isinstance(button, dict)
        and isinstance(button.get("title"), str)
        and isinstance(button.get("payload"), str)
        and button["title"].strip()
    ]


def is_payload(text: str) -> bool:
    """True when Rasa would read `text` as an intent rather than words."""
    return text.strip().startswith(INTENT_PREFIX)


def as_words(text: str) -> str:
    """`text` without the leading slashes and spaces that would make it an intent."""
    while is_payload(text):
        text = text.strip()[len(INTENT_PREFIX):]
    return text.strip()


@dataclass
class Offers:
    """The buttons (payload → title) one conversation was shown since its last restart."""

    buttons: Dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_events(cls, events: Iterable[Mapping[str, Any]]) -> "Offers":
        offers = cls()
        for event in events:
            offers.see(event)
        return offers

    def see(self, event: Mapping[str, Any]) -> None:
        """Follows one tracker event, as Rasa's HTTP API or `Event.as_dict()` gives it."""
        kind = event.get("event")
        if kind == "restart":
            self.buttons = {}
        elif kind == "bot":
            buttons = clean_buttons((event.get("data") or {}).get("buttons"))
            self.buttons.update({b["payload"]: b["title"] for b in buttons})


OffersLoader = Callable[[], Awaitable[Offers]]


async def screen(text: str, load_offers: OffersLoader, conversation: str, always: Collection[str] = ()) -> str:
    """The text to hand to Rasa for what the person sent (see the module docstring).

    `always` are harmless payloads the channel itself sends (the greeting);
    `load_offers` is only called for a payload, so plain text costs nothing.
    """
    if not is_payload(text):
        return text
    payload = text.strip()
    if payload in always:
        return payload
    if payload in (await load_offers()).buttons:
        return payload
    logger.info("%s sent a payload the assistant had not offered; passed on as words: %.200s",
                conversation, mask(payload))
    return as_words(payload)
