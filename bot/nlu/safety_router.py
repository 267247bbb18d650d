"""Scam routing inside the NLU: safety decides before the classifiers' guess is used.

A classifier trained on phrasings can read "điện lực dọa cắt điện, bảo chuyển
khoản ngay" as a bill-payment question or as out of scope. This component runs
the explicit scam rules (bot/scam) on every message and, when they speak,
overrides the intent: a pasted message goes to the checker, a bare request to
check one asks for it, and a scam situation or a victim's story becomes a
knowledge question answered only from the scam articles (the victim and report
articles for a victim). When no rule speaks, the ArticleRanker's own view is a
second, learned signal: a message whose probability lies mostly on the scam
articles is a scam situation too. Either way the article ranking is trimmed to
the few the answering action needs.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.routing import RANKING_KEY, SAFETY_KEY, SCAM_PREFIX, VICTIM_ARTICLES
from bot.nlu.intent_override import override_intent
from bot.scam.checker import check
from bot.scam.situations import ASK_TO_CHECK, PASTED, SITUATION, VICTIM, Situation, classify, tells_of_someone_else


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
            # intents the learned signal may turn into a scam question
            "learned_from_intents": ["faq", "out_of_scope", "nlu_fallback"],
            # share of the article probability on scam articles that makes a scam situation
            "scam_mass": 0.6,
            "ranking_length": 5,
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = config
        self._kept = frozenset(config["kept_intents"])
        self._learned_from = frozenset(config["learned_from_intents"])

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

    def _learned_situation(self, message: Message, current: Optional[str]) -> bool:
        """The ranker puts most of its probability on the scam articles.

        A knowledge question needs nothing more; a message the classifiers
        found out of scope must also tell of someone else or name what scams
        ask for ("giá lúa" folds to "lừa", and a crop price is no scam).
        """
        if current not in self._learned_from:
            return False
        ranking = message.get(RANKING_KEY) or []
        mass = sum(r["confidence"] for r in ranking if r["id"].startswith(SCAM_PREFIX))
        if mass < self._config["scam_mass"]:
            return False
        return current == self._config["question_intent"] or tells_of_someone_else(message.get(TEXT) or "")

    def process(self, messages: List[Message]) -> List[Message]:
        """Overrides the intent where the scam rules (or the ranker's view) recognise the message."""
        for message in messages:
            current = (message.get(INTENT) or {}).get("name")
            verdict = check(message.get(TEXT) or "")
            situation = classify(message.get(TEXT) or "", verdict)
            if situation is None and self._learned_situation(message, current):
                situation = Situation(SITUATION, verdict)
            intent = self._intent_for(situation.kind, current) if situation else None
            if intent is not None:
                message.set(SAFETY_KEY, {
                    "kind": situation.kind,
                    "verdict": situation.verdict.verdict,
                    "article": situation.verdict.article,
                }, add_to_output=True)
                override_intent(message, intent)
            scope = situation.kind if intent == self._config["question_intent"] else None
            message.set(RANKING_KEY, self._ranking(message.get(RANKING_KEY) or [], scope), add_to_output=True)
        return messages

    def _ranking(self, ranking: List[Dict[Text, Any]], scope: Optional[str]) -> List[Dict[Text, Any]]:
        """The best few articles; for a scam question only scam articles, renormalised."""
        if scope:
            allowed = (lambda a: a in VICTIM_ARTICLES) if scope == VICTIM else (lambda a: a.startswith(SCAM_PREFIX))
            ranking = [r for r in ranking if allowed(r["id"])]
            total = sum(r["confidence"] for r in ranking) or 1.0
            ranking = [{**r, "confidence": r["confidence"] / total} for r in ranking]
        return ranking[: self._config["ranking_length"]]
