"""Gives messages the classifier cannot judge fairly an intent of their own.

An emoji-only or empty message has no words to classify, a very long message
(a pasted article, a forwarded chain letter) would be classified confidently
and wrongly, and so would keyboard mash ("asdfgh", "hjhj"): words never seen
in training that cannot be Vietnamese syllables either. These get a fixed
intent so the dialogue can answer politely, instead of guessing. A few emoji
carry a clear meaning (👍 after an answer) and are mapped to intents in the
configuration.
"""
from __future__ import annotations

import json
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Text

import regex
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.intent_override import override_intent
from bot.nlu.normalization import Piece, fold, normalize

SKIN_TONES_AND_JOINERS = {chr(c) for c in range(0x1F3FB, 0x1F400)} | {"\u200d", "\ufe0f"}
VOCABULARY_FILE = "known_words.json"
# An accent-folded Vietnamese syllable: onset, one to three vowels, final.
# Loose on purpose: it only has to tell words from keyboard mash.
_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)


def folded_words(pieces: Iterable[Piece]) -> List[str]:
    """The normalised words of a message, accent-folded, one syllable or token each."""
    return [w for p in pieces if not p.is_symbol for w in fold(p.text).split()]


def could_be_a_word(word: str, known: FrozenSet[str]) -> bool:
    """Seen in training, a Vietnamese syllable, or holding a digit (phones, dates)."""
    return word in known or _SYLLABLE.fullmatch(word) is not None or any(c.isdigit() for c in word)


def base_emoji(symbol: str) -> str:
    """"👍🏽" -> "👍": skin tones and variation selectors do not change meaning."""
    return "".join(c for c in symbol if c not in SKIN_TONES_AND_JOINERS)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class MessageGuard(GraphComponent):
    """Overrides the intent of empty, emoji-only, over-long and meaningless messages."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Limits and intent names; see config.yml."""
        return {
            "max_characters": 600,
            "too_long_intent": "message_too_long",
            "no_words_intent": "symbols_only",
            "unknown_words_intent": "nlu_fallback",
            # a pasted message to check may be long and full of odd words (links)
            "kept_intents": ["check_message"],
            "emoji_intents": {
                "👍": "feedback_helpful",
                "👎": "feedback_not_helpful",
                "🙏": "thanks",
                "👋": "greet",
            },
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: Optional[ModelStorage] = None,
        resource: Optional[Resource] = None,
        known_words: Iterable[str] = (),
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._known = frozenset(known_words)

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MessageGuard:
        """Creates a guard that knows no words yet."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Remembers every word of the training examples."""
        self._known = frozenset(
            w for e in training_data.intent_examples for w in folded_words(normalize(e.get(TEXT)))
        )
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(self._known)), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MessageGuard:
        """Loads the known words (none if the guard was never trained)."""
        try:
            with model_storage.read_from(resource) as directory:
                known = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            known = []
        return cls(config, model_storage, resource, known)

    def intent_for(self, text: Optional[Text]) -> Optional[Text]:
        """The overriding intent for this text, or None to keep the classifier's."""
        text = text or ""
        if text.startswith("/"):
            return None
        if len(text) > self._config["max_characters"]:
            return self._config["too_long_intent"]
        pieces = normalize(text)
        if any(not piece.is_symbol for piece in pieces):
            if self._known and not any(could_be_a_word(w, self._known) for w in folded_words(pieces)):
                return self._config["unknown_words_intent"]
            return None
        meanings = {self._config["emoji_intents"].get(base_emoji(p.text)) for p in pieces}
        if len(meanings) == 1 and None not in meanings:
            return meanings.pop()
        return self._config["no_words_intent"]

    def process(self, messages: List[Message]) -> List[Message]:
        """Sets the overriding intent, with full confidence, where one applies."""
        for message in messages:
            if (message.get(INTENT) or {}).get("name") in self._config["kept_intents"]:
                continue
            intent = self.intent_for(message.get(TEXT))
            if intent is not None:
                override_intent(message, intent)
        return messages
