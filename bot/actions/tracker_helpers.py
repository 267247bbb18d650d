"""Small readers of the conversation tracker shared by the actions."""
from typing import List, Optional

from rasa_sdk import Tracker


def latest_intent(tracker: Tracker) -> Optional[str]:
    """The intent the NLU gave the latest message (rasa_sdk's own helper skips
    `nlu_fallback` and reads the ranking, which payload messages may lack)."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def latest_offer(tracker: Tracker) -> List[str]:
    """The button payloads of the assistant's latest message (empty when that
    message had none): what a bare "có" / "không" is answering."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot":
            buttons = (event.get("data") or {}).get("buttons") or []
            if buttons:
                return [b.get("payload") for b in buttons]
            if event.get("text"):
                return []
    return []
