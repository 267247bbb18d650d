"""Turns Rasa bot messages and tracker events into what the page may show.

Only text and buttons leave the server: no slots, intents, entities or
metadata. A tapped button is stored by Rasa as its payload
(`/choose_article{"article": …}`); the history shows the button's title
instead, and hides payloads nobody saw as a button (the unseen welcome).
A reminder the assistant sent on its own (bot/reminders) shows as the bot's
message, without the external trigger Rasa records before it.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List

from bot.offered_payloads import Offers, clean_buttons, is_payload

Message = Dict[str, Any]


def clean_bot_message(text: Any, buttons: Any) -> Message:
    return {"from": "bot", "text": text if isinstance(text, str) else "", "buttons": clean_buttons(buttons)}


def bot_replies(rasa_messages: Iterable[Dict[str, Any]]) -> List[Message]:
    """The REST channel's answer, reduced to text and buttons."""
    replies = [clean_bot_message(m.get("text"), m.get("buttons")) for m in rasa_messages if isinstance(m, dict)]
    return [reply for reply in replies if reply["text"] or reply["buttons"]]


def is_external(event: Dict[str, Any]) -> bool:
    """A `user` event Rasa made for an external trigger (a class reminder), not something the person typed."""
    return bool((event.get("metadata") or {}).get("is_external"))


def read_events(events: Iterable[Dict[str, Any]]) -> List[Message]:
    """The messages the page shows for a conversation's tracker events."""
    messages: List[Message] = []
    offers = Offers()
    for event in events:
        kind = event.get("event")
        if kind == "restart":
            messages = []
        elif kind == "user" and not is_external(event):
            text = event.get("text") or ""
            if is_payload(text):
                text = offers.buttons.get(text, "")
            if text:
                messages.append({"from": "user", "text": text})
        elif kind == "bot":
            message = clean_bot_message(event.get("text"), (event.get("data") or {}).get("buttons"))
            if message["text"] or message["buttons"]:
                messages.append(message)
        offers.see(event)
    return messages
