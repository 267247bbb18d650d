"""Scam routing inside the NLU: safety decides before the classifiers' guess is used.

A classifier trained on phrasings can read "điện lực dọa cắt điện, bảo chuyển
khoản ngay" as a bill-payment question or as out of scope. This component runs
the explicit scam rules (bot/scam) on every message and, when they speak,
overrides the intent: a pasted message goes to the checker, a bare request to
check one asks for it, and a scam situation or a victim's story becomes a
knowledge question whose articles the ArticleRanker limits to the scam ones.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.routing import SAFETY_KEY
from bot.nlu.intent_override import override_intent
from bot.scam.situations import ASK_TO_CHECK, PASTED, classify


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class SafetyRouter(GraphComponent):
    """Sets the intent of scam-related messages from explicit rules, and says why."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Intent names, and the intents a scam situation never overrides."""
        return {
            "check_intent": "check_message",
            "ask_intent": "ask_message_check",
            "question_intent": "faq",
            # a step report or a class sign-up that mentions money stays what it is
            "kept_intents": [
                "step_next", "step_not_done", "step_show_all", "step_stop", "step_continue", "step_repeat",
                "register_class", "inform_registration",
            ],
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config
        self._kept = frozenset(config["kept_intents"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyRouter:
        """Nothing to train: the rules are data in bot/scam/red_flags.yml."""
        return cls(config)

    def _intent_for(self, kind: str, current: Optional[str]) -> Optional[str]:
        if kind == PASTED:
            return self._config["check_intent"]
        if current in self._kept:
            return None
        if kind == ASK_TO_CHECK:
            return self._config["ask_intent"]
        return self._config["question_intent"]

    def process(self, messages: List[Message]) -> List[Message]:
        """Overrides the intent where the scam rules recognise the message."""
        for message in messages:
            situation = classify(message.get(TEXT) or "")
            if situation is None:
                continue
            current = (message.get(INTENT) or {}).get("name")
            intent = self._intent_for(situation.kind, current)
            if intent is None:
                continue
            message.set(SAFETY_KEY, {
                "kind": situation.kind,
                "verdict": situation.verdict.verdict,
                "article": situation.verdict.article,
            }, add_to_output=True)
            override_intent(message, intent)
        return messages
