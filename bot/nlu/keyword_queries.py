"""Short keyword queries ("quét mã qr", "chữ nhỏ điện thoại") are knowledge questions.

Residents type two or three words as into a search box. With no verb and no
question word, the intent classifiers are unsure and the message falls back,
while the ArticleRanker, which learned each article's own words, is sure
which article they mean. A short message whose intent is unsure but whose
article is clear becomes a knowledge question. Out-of-scope words ("giá
vàng", "xổ số") spread the ranker's probability thin and stay as they are.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.knowledge.routing import RANKING_KEY
from bot.nlu.intent_override import override_intent


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class KeywordQueries(GraphComponent):
    """Turns an unsure short message with one clear article into a knowledge question."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Limits, set on the development questions (see config.yml)."""
        return {
            "question_intent": "faq",
            "max_words": 5,
            "min_article_confidence": 0.6,
            "max_intent_confidence": 0.5,
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
    ) -> KeywordQueries:
        """Nothing to train: it reads the classifiers' and the ranker's output."""
        return cls(config)

    def is_keyword_query(self, message: Message) -> bool:
        """Short, the intent unsure, one article clearly ranked first."""
        intent = message.get(INTENT) or {}
        ranking = message.get(RANKING_KEY) or []
        return (
            len((message.get(TEXT) or "").split()) <= self._config["max_words"]
            and intent.get("name") != self._config["question_intent"]
            and (intent.get("confidence") or 0.0) <= self._config["max_intent_confidence"]
            and bool(ranking)
            and ranking[0]["confidence"] >= self._config["min_article_confidence"]
        )

    def process(self, messages: List[Message]) -> List[Message]:
        """Sets the knowledge-question intent on keyword queries."""
        for message in messages:
            if self.is_keyword_query(message):
                override_intent(message, self._config["question_intent"])
        return messages
