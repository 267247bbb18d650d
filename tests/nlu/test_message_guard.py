"""The guard gives emoji-only, empty and over-long messages their own intents."""
import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.message_guard import MessageGuard

GUARD = MessageGuard(MessageGuard.get_default_config())


@pytest.mark.parametrize(
    "text, intent",
    [
        ("😀😀", "symbols_only"),
        ("", "symbols_only"),
        ("?!", "symbols_only"),
        ("👍", "feedback_helpful"),
        ("👍🏽👍", "feedback_helpful"),
        ("👎", "feedback_not_helpful"),
        ("👍👎", "symbols_only"),  # mixed meanings: ask for words
        ("x" * 601, "message_too_long"),
        ("cài vneid thế nào 😀", None),
        ("/greet", None),
    ],
)
def test_intent_for(text, intent):
    assert GUARD.intent_for(text) == intent


def test_process_overrides_intent_and_keeps_ranking():
    message = Message(data={TEXT: "😀", INTENT: {"name": "greet", "confidence": 0.4},
                            INTENT_RANKING_KEY: [{"name": "greet", "confidence": 0.4}]})
    GUARD.process([message])
    assert message.get(INTENT) == {"name": "symbols_only", "confidence": 1.0}
    assert [r["name"] for r in message.get(INTENT_RANKING_KEY)] == ["symbols_only", "greet"]


def test_process_leaves_ordinary_messages_alone():
    message = Message(data={TEXT: "chào cháu", INTENT: {"name": "greet", "confidence": 0.9}})
    GUARD.process([message])
    assert message.get(INTENT)["name"] == "greet"


def trained_guard(tmp_path, *examples):
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.nlu.training_data.training_data import TrainingData

    storage, resource = LocalModelStorage(tmp_path), Resource("guard")
    guard = MessageGuard.create(MessageGuard.get_default_config(), storage, resource, None)
    guard.train(TrainingData([Message.build(text, intent="any") for text in examples]))
    return MessageGuard.load(MessageGuard.get_default_config(), storage, resource, None)


@pytest.mark.parametrize(
    "text, intent",
    [
        ("asdfgh", "nlu_fallback"),
        ("hjhj kkkk", "nlu_fallback"),
        ("qwerty zxcv 😀", "nlu_fallback"),
        ("ZALO", None),  # seen in training, not a Vietnamese syllable
        ("asdf zalo", None),  # one real word is enough to let the classifier judge
        ("mướp đắng", None),  # never seen, but Vietnamese
        ("0912 345 678", None),
        ("ko dc", None),  # teencode is expanded first
    ],
)
def test_meaningless_words_fall_back_after_training(tmp_path, text, intent):
    assert trained_guard(tmp_path, "cài zalo thế nào", "chào cháu").intent_for(text) == intent


def test_an_untrained_guard_judges_no_words(tmp_path):
    assert GUARD.intent_for("asdfgh") is None
