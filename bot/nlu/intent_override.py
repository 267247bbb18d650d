"""Sets a message's intent from a rule, with full confidence, keeping the rest of the ranking."""
from __future__ import annotations

from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


def override_intent(message: Message, intent: str) -> None:
    """Puts `intent` first with confidence 1.0; the classifier's other guesses follow."""
    chosen = {"name": intent, "confidence": 1.0}
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)
