"""Small readers of the conversation tracker shared by the actions."""
from typing import Optional

from rasa_sdk import Tracker


def latest_intent(tracker: Tracker) -> Optional[str]:
    """The intent the NLU gave the latest message (rasa_sdk's own helper skips
    `nlu_fallback` and reads the ranking, which payload messages may lack)."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")
