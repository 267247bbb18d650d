"""A linear text classifier over accent-folded text, as a trainable Rasa component.

Residents type with and without diacritics, with typos and teencode. TF-IDF
of accent-folded syllable uni/bigrams plus character n-grams, under a
logistic regression, is insensitive to all three, trains in seconds and gives
usable probabilities. Subclasses say which labels to learn and what to do
with the probabilities (rank articles, or vote on the intent).
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Dict, List, Optional, Text, Tuple

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.nlu.normalization import fold, normalized_text

logger = logging.getLogger(__name__)

MODEL_FILE = "folded_text_model.skops"
# Types a saved model may contain; anything else in a model file is refused.
TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.sparse", "builtins.")


@functools.lru_cache(maxsize=256)
def folded_text(text: str) -> str:
    """What the model sees: normalised, accent-folded syllables (the intent vote
    and the article ranker fold the same message, so it is done once)."""
    return fold(normalized_text(text))


def build_pipeline(c: float) -> Pipeline:
    """TF-IDF of folded syllables (1-2) and characters (2-5), then logistic regression."""
    features = FeatureUnion(
        [
            ("syllables", TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2), sublinear_tf=True)),
            ("characters", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        ]
    )
    classifier = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    return Pipeline([("features", features), ("classifier", classifier)])


def _lay_out_for_one_message(pipeline: Pipeline) -> None:
    """Stores the coefficients column-major, so scoring one message copies nothing.

    scikit-learn scores a sparse message as `X @ coef_.T`; scipy needs that
    right-hand side C-contiguous and, for the row-major `coef_` a fit leaves,
    copies the whole (labels x features) matrix on every call. That copy was
    more than half of each prediction (measured in the note of issue 16).
    The numbers are unchanged.
    """
    classifier = pipeline[-1]
    classifier.coef_ = np.asfortranarray(classifier.coef_)


class FoldedTextModel(GraphComponent):
    """Trains, saves, loads and applies the folded-text classifier."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """Regularisation of the logistic regression."""
        return {"C": 20.0}

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
    ) -> "FoldedTextModel":
        """Creates an untrained model."""
        return cls(config, model_storage, resource)

    def labelled_examples(self, training_data: TrainingData) -> List[Tuple[str, str]]:
        """(text, label) pairs to learn from."""
        raise NotImplementedError

    def train(self, training_data: TrainingData) -> Resource:
        """Fits the classifier and saves it."""
        examples = self.labelled_examples(training_data)
        if len({label for _, label in examples}) < 2:
            logger.warning("%s: fewer than two labels; nothing to learn.", type(self).__name__)
            return self._resource
        texts, labels = zip(*examples)
        self._pipeline = build_pipeline(self._config["C"]).fit([folded_text(t) for t in texts], labels)
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as model_dir:
            sio.dump(self._pipeline, model_dir / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "FoldedTextModel":
        """Loads a trained model, refusing unexpected types in the file."""
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
            logger.warning("%s: no trained model found.", cls.__name__)
            pipeline = None
        if pipeline is not None:
            _lay_out_for_one_message(pipeline)
        return cls(config, model_storage, resource, pipeline)

    def probabilities(self, text: str) -> List[Tuple[str, float]]:
        """Every label with its probability, best first (empty when untrained)."""
        if self._pipeline is None or not text.strip():
            return []
        scores = self._pipeline.predict_proba([folded_text(text)])[0]
        ranked = sorted(zip(self._pipeline.classes_, scores), key=lambda pair: -pair[1])
        return [(str(label), float(score)) for label, score in ranked]

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Training examples need nothing from this component."""
        return training_data
