"""Rasa tokenizer for Vietnamese chat messages (modelled on Rasa's JiebaTokenizer)."""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot import rasa_speedups
from bot.nlu.normalization import ABBREVIATIONS_FILE, read_abbreviation_file, use_abbreviations
from bot.nlu.segmentation import segment

# Every pipeline starts with this tokenizer, so the Rasa server applies the
# measured fix to its own per-message work when it loads the model (and the
# console, which imports bot.nlu.normalization without Rasa, does not).
rasa_speedups.apply()

TABLE_FILE = "abbreviations.json"
logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True
)
class VietnameseTokenizer(Tokenizer):
    """Word tokens from underthesea segmentation of the normalised message.

    `token.text` is the normalised word ("dịch vụ công"); `token.lemma` is its
    accent-folded form joined by underscores ("dich_vu_cong"), so featurizers
    with `use_lemma: true` see the same feature whether or not the resident
    typed diacritics. Offsets always index the original message.

    The abbreviation table (teencode, "ko" -> "không") is part of the model:
    training persists the repository's table in the model storage, and loading
    installs it, as Rasa's featurizers persist their vocabularies.
    """

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: Optional[ModelStorage] = None,
        resource: Optional[Resource] = None,
        abbreviations: Optional[Dict[str, str]] = None,
    ) -> None:
        super().__init__(config)
        self._model_storage = model_storage
        self._resource = resource
        self.abbreviations = read_abbreviation_file() if abbreviations is None else abbreviations
        use_abbreviations(self.abbreviations)

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
        """A tokenizer for training, with the repository's abbreviation table."""
        segment("khởi động")  # warms up the segmenter's model
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Persists the abbreviation table with the model."""
        with self._model_storage.write_to(self._resource) as directory:
            (directory / TABLE_FILE).write_text(
                json.dumps(self.abbreviations, ensure_ascii=False, indent=0), encoding="utf-8"
            )
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> VietnameseTokenizer:
        """The tokenizer with the table it was trained with (the repository's for an older model)."""
        try:
            with model_storage.read_from(resource) as directory:
                table = json.loads((directory / TABLE_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.warning("The model carries no abbreviation table; using %s", ABBREVIATIONS_FILE)
            table = None
        segment("khởi động")
        return cls(config, model_storage, resource, abbreviations=table)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        """Tokenizes the text of the given attribute."""
        text = message.get(attribute) or ""
        tokens = [
            Token(word.text, word.start, word.end, lemma=word.lemma)
            for word in segment(text)
        ]
        return self._apply_token_pattern(tokens)
