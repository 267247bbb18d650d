"""Rasa tokenizer for Vietnamese chat messages (modelled on Rasa's JiebaTokenizer)."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.segmentation import segment


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class VietnameseTokenizer(Tokenizer):
    """Word tokens from underthesea segmentation of the normalised message.

    `token.text` is the normalised word ("dịch vụ công"); `token.lemma` is its
    accent-folded form joined by underscores ("dich_vu_cong"), so featurizers
    with `use_lemma: true` see the same feature whether or not the resident
    typed diacritics. Offsets always index the original message.
    """

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        """Only Vietnamese."""
        return ["vi"]

    @staticmethod
    def required_packages() -> List[Text]:
        """Segmentation needs underthesea."""
        return ["underthesea"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Same options as Rasa's own tokenizers."""
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VietnameseTokenizer:
        """Creates the tokenizer and warms up the segmenter's model."""
        segment("khởi động")
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        """Tokenizes the text of the given attribute."""
        text = message.get(attribute) or ""
        tokens = [
            Token(word.text, word.start, word.end, lemma=word.lemma)
            for word in segment(text)
        ]
        return self._apply_token_pattern(tokens)
