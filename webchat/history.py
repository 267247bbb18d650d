"""Turns Rasa bot messages and tracker events into what the page may show.

Only text and buttons leave the server: no slots, intents, entities or
metadata. A tapped button is stored by Rasa as its payload
(`/choose_article{"article": …}`); the history shows the button's title
instead, and hides payloads nobody saw as a button (the unseen welcome).
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Tuple

Message = Dict[str, Any]


def clean_buttons(buttons: Any) -> List[Dict[str, str]]:
    """Keeps the title and payload of well-formed buttons."""
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


def clean_bot_message(text: Any, buttons: Any) -> Message:
    return {"from": "bot", "text": text if isinstance(text, str) else "", "buttons": clean_buttons(buttons)}


def bot_replies(rasa_messages: Iterable[Dict[str, Any]]) -> List[Message]:
    """The REST channel's answer, reduced to text and buttons."""
    replies = [clean_bot_message(m.get("text"), m.get("buttons")) for m in rasa_messages if isinstance(m, dict)]
    return [reply for reply in replies if reply["text"] or reply["buttons"]]


def read_events(events: Iterable[Dict[str, Any]]) -> Tuple[List[Message], Dict[str, str]]:
    """Visible messages, and the buttons (payload → title) of the last bot turn."""
    messages: List[Message] = []
    offered: Dict[str, str] = {}
    for event in events:
        kind = event.get("event")
        if kind == "restart":
            messages, offered = [], {}
        elif kind == "user":
            text = event.get("text") or ""
            if text.startswith("/"):
                text = offered.get(text, "")
            offered = {}
            if text:
                messages.append({"from": "user", "text": text})
        elif kind == "bot":
            message = clean_bot_message(event.get("text"), (event.get("data") or {}).get("buttons"))
            if message["text"] or message["buttons"]:
                messages.append(message)
            offered.update({b["payload"]: b["title"] for b in message["buttons"]})
    return messages, offered
