"""Ranks knowledge-base articles for a message (accent-insensitive retrieval).

DIET decides *whether* a message is a knowledge question (intent `faq`); this
component decides *which* article, from the articles' own phrasings (the
retrieval sub-intents `faq/<article id>` generated from bot/knowledge/). Its
probabilities give the confidence bar and the "two close candidates" test
the answering action needs.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Tuple

import regex
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.knowledge.routing import RANKING_KEY
from bot.nlu.folded_text_model import FoldedTextModel

# where the part that holds the question starts: a new sentence or line, or a
# clause turning to it ("..., còn mã QR thì sao?", "..., nhưng giờ ...")
_SENTENCE_END = regex.compile(r"(?<=[.!?…])\s+|\n+|,\s*(?=(?:còn|con|nhưng|nhung|giờ|gio|vậy|vay|thế|the)\s)", regex.I)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class ArticleRanker(FoldedTextModel):
    """Adds `article_ranking` (article ids with probabilities) to every message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Retrieval intent whose sub-intents name articles; model settings."""
        return {
            **FoldedTextModel.get_default_config(),
            "retrieval_intent": "faq",
            # the SafetyRouter after it needs every article's probability, and trims
            "ranking_length": None,
            # a long message is ranked whole and by its last sentence, which
            # usually holds the question ("Con tôi ở xa... Giờ làm sao?")
            "long_message_words": 15,
            "last_sentence_weight": 0.2,
        }

    def labelled_examples(self, training_data: TrainingData) -> List[Tuple[str, str]]:
        """Article phrasings labelled with their article id."""
        prefix = self._config["retrieval_intent"] + "/"
        return [
            (example.get(TEXT), key[len(prefix):])
            for example in training_data.intent_examples
            if (key := example.get(INTENT_RESPONSE_KEY) or "").startswith(prefix)
        ]

    def _probabilities(self, text: str) -> List[Tuple[str, float]]:
        """Article probabilities, leaning on the last sentence of a long message."""
        whole = self.probabilities(text)
        sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
        if len(sentences) < 2 or len(text.split()) < self._config["long_message_words"]:
            return whole
        weight = self._config["last_sentence_weight"]
        last = dict(self.probabilities(sentences[-1]))
        mixed = [(article, (1 - weight) * p + weight * last.get(article, 0.0)) for article, p in whole]
        return sorted(mixed, key=lambda pair: -pair[1])

    def rank(self, text: str) -> List[Dict[Text, Any]]:
        """Best articles first, each with its probability (all of them unless `ranking_length`)."""
        ranked = self._probabilities(text)[: self._config["ranking_length"]]
        return [{"id": a, "confidence": p} for a, p in ranked]

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the ranking to each message's parse data."""
        for message in messages:
            message.set(RANKING_KEY, self.rank(message.get(TEXT) or ""), add_to_output=True)
        return messages
