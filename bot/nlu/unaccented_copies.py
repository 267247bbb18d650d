"""Teaches the pipeline unaccented Vietnamese without writing every example twice.

Residents often type without diacritics ("cai vneid the nao"). The folded-word
featurizers already see both forms alike; the accented-word featurizer and
DIET learn the unaccented form from a copy of each training example with its
diacritics stripped. Making those copies here, at training time, keeps the
training files to what people actually wrote (each example once) and gives
every example the copy, including new articles' phrasings.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.normalization import fold, is_unaccented


def _key(example: Message) -> Tuple[str, str]:
    return " ".join(fold(example.get(TEXT)).split()), example.get_full_intent()


def unaccented_copy(example: Message) -> Message:
    """The example with its text folded; entities kept while offsets still match."""
    text = example.get(TEXT)
    folded = fold(text)
    data = {**example.data, TEXT: folded}
    if len(folded) != len(text):
        data.pop(ENTITIES, None)
    return Message(data=data)


def unaccented_copies(examples: List[Message]) -> List[Message]:
    """One copy of each accented example, unless the data already has its folded form."""
    seen = {_key(e) for e in examples if is_unaccented(e.get(TEXT))}
    copies = []
    for example in examples:
        if is_unaccented(example.get(TEXT)) or _key(example) in seen:
            continue
        seen.add(_key(example))
        copies.append(unaccented_copy(example))
    return copies


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False
)
class UnaccentedCopies(GraphComponent):
    """Adds an unaccented copy of each accented intent example (training only).

    Goes first in the pipeline, before the tokenizer, so the copies are
    tokenized and featurized like every other example. Messages at inference
    pass through untouched.
    """

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UnaccentedCopies:
        """Nothing to configure."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """The training data with the unaccented copies added."""
        copies = unaccented_copies(training_data.intent_examples)
        return training_data.merge(TrainingData(training_examples=copies))

    def process(self, messages: List[Message]) -> List[Message]:
        """Inference: nothing to do."""
        return messages
