"""Gives messages the classifier cannot judge fairly an intent of their own.

An emoji-only or empty message has no words to classify, and a very long
message (a pasted article, a forwarded chain letter) would be classified
confidently and wrongly. These get a fixed intent so the dialogue can answer
politely, instead of guessing. A few emoji carry a clear meaning (👍 after an
answer) and are mapped to intents in the configuration.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.normalization import normalize

SKIN_TONES_AND_JOINERS = {chr(c) for c in range(0x1F3FB, 0x1F400)} | {"\u200d", "\ufe0f"}


def base_emoji(symbol: str) -> str:
    """"👍🏽" -> "👍": skin tones and variation selectors do not change meaning."""
    return "".join(c for c in symbol if c not in SKIN_TONES_AND_JOINERS)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class MessageGuard(GraphComponent):
    """Overrides the intent of empty, emoji-only and over-long messages."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Limits and intent names; see config.yml."""
        return {
            "max_characters": 600,
            "too_long_intent": "message_too_long",
            "no_words_intent": "symbols_only",
            "emoji_intents": {
                "👍": "feedback_helpful",
                "👎": "feedback_not_helpful",
                "🙏": "thanks",
                "👋": "greet",
            },
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MessageGuard:
        """Creates the guard."""
        return cls(config)

    def intent_for(self, text: Optional[Text]) -> Optional[Text]:
        """The overriding intent for this text, or None to keep the classifier's."""
        text = text or ""
        if text.startswith("/"):
            return None
        if len(text) > self._config["max_characters"]:
            return self._config["too_long_intent"]
        pieces = normalize(text)
        if any(not piece.is_symbol for piece in pieces):
            return None
        meanings = {self._config["emoji_intents"].get(base_emoji(p.text)) for p in pieces}
        if len(meanings) == 1 and None not in meanings:
            return meanings.pop()
        return self._config["no_words_intent"]

    def process(self, messages: List[Message]) -> List[Message]:
        """Sets the overriding intent, with full confidence, where one applies."""
        for message in messages:
            intent = self.intent_for(message.get(TEXT))
            if intent is None:
                continue
            chosen = {"name": intent, "confidence": 1.0}
            ranking = [
                r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent
            ]
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [chosen] + ranking, add_to_output=True)
        return messages
