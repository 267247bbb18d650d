"""Ranks knowledge-base articles for a message (accent-insensitive retrieval).

DIET decides *whether* a message is a knowledge question (intent `faq`); this
component decides *which* article, from the articles' own phrasings (the
retrieval sub-intents `faq/<article id>` generated from bot/knowledge/).
It is a linear model over TF-IDF of accent-folded syllable uni/bigrams and
character n-grams: segmentation- and diacritic-independent, robust to typos,
trained in seconds, and its probabilities give the confidence bar and the
"two close candidates" test the answering action needs.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.knowledge.routing import RANKING_KEY
from bot.nlu.normalization import fold, normalized_text

logger = logging.getLogger(__name__)

MODEL_FILE = "article_ranker.skops"
# Types a saved ranker may contain; anything else in a model file is refused.
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.sparse", "builtins.", "bot.nlu.article_ranker.")


def ranker_text(text: str) -> str:
    """What the ranker sees: normalised, accent-folded syllables."""
    return fold(normalized_text(text))


def _build_pipeline(config: Dict[Text, Any]) -> Pipeline:
    features = FeatureUnion(
        [
            ("syllables", TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2), sublinear_tf=True)),
            ("characters", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    classifier = LogisticRegression(C=config["C"], max_iter=3000, class_weight="balanced")
    return Pipeline([("features", features), ("classifier", classifier)])


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class ArticleRanker(GraphComponent):
    """Adds `article_ranking` (article ids with probabilities) to every message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Retrieval intent whose sub-intents name articles; model settings."""
        return {"retrieval_intent": "faq", "ranking_length": 5, "C": 20.0}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        pipeline: Optional[Pipeline] = None,
    ) -> None:
        self._config = config
        self._model_storage = model_storage
        self._resource = resource
        self._pipeline = pipeline

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ArticleRanker:
        """Creates an untrained ranker."""
        return cls(config, model_storage, resource)

    def _labelled_examples(self, training_data: TrainingData) -> List[tuple]:
        prefix = self._config["retrieval_intent"] + "/"
        return [
            (ranker_text(example.get(TEXT)), key[len(prefix):])
            for example in training_data.intent_examples
            if (key := example.get(INTENT_RESPONSE_KEY) or "").startswith(prefix)
        ]

    def train(self, training_data: TrainingData) -> Resource:
        """Fits the ranker on the articles' phrasings and saves it."""
        examples = self._labelled_examples(training_data)
        if len({label for _, label in examples}) < 2:
            logger.warning("ArticleRanker: fewer than two articles; nothing to rank.")
            return self._resource
        texts, labels = zip(*examples)
        self._pipeline = _build_pipeline(self._config).fit(texts, labels)
        self._persist()
        return self._resource

    def _persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as model_dir:
            sio.dump(self._pipeline, model_dir / MODEL_FILE)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> ArticleRanker:
        """Loads a trained ranker, refusing unexpected types in the file."""
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / MODEL_FILE
                untrusted = sio.get_untrusted_types(file=path)
                unexpected = [t for t in untrusted if not t.startswith(TRUSTED_PREFIXES)]
                if unexpected:
                    raise ValueError(f"unexpected types in {path}: {unexpected}")
                pipeline = sio.load(path, trusted=untrusted)
        except (ValueError, FileNotFoundError):
            logger.warning("ArticleRanker: no trained model found; articles will not be ranked.")
            pipeline = None
        return cls(config, model_storage, resource, pipeline)

    def rank(self, text: str) -> List[Dict[Text, Any]]:
        """Best articles first, each with its probability."""
        if self._pipeline is None or not text.strip():
            return []
        probabilities = self._pipeline.predict_proba([ranker_text(text)])[0]
        classes = self._pipeline.classes_
        order = probabilities.argsort()[::-1][: self._config["ranking_length"]]
        return [{"id": str(classes[i]), "confidence": float(probabilities[i])} for i in order]

    def process(self, messages: List[Message]) -> List[Message]:
        """Adds the ranking to each message's parse data."""
        for message in messages:
            message.set(RANKING_KEY, self.rank(message.get(TEXT) or ""), add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples need no ranking."""
        return training_data
