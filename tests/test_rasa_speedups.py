"""The compiled action-reply check accepts and refuses exactly what Rasa's own check does."""
import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot import rasa_speedups

GOOD = [
    {"events": [{"event": "slot", "name": "kb_article", "value": "pay_qr"}], "responses": [{"text": "Dạ"}]},
    {"events": [], "responses": []},
    {},
]
BAD = [
    {"events": [{"name": "no event type"}]},
    {"events": "not a list"},
    {"responses": [{"text": 5}], "events": [{"event": 3}]},
]


def rasa_original(result):
    validate(result, RemoteAction.action_response_format_spec())


@pytest.mark.parametrize("result", GOOD)
def test_valid_replies_pass(result):
    rasa_speedups.apply()
    rasa_original(result)
    assert RemoteAction._validate_action_result(None, result) is True


@pytest.mark.parametrize("result", BAD)
def test_invalid_replies_fail_with_the_same_error_and_rasas_message(result):
    rasa_speedups.apply()
    with pytest.raises(ValidationError) as original:
        rasa_original(result)
    with pytest.raises(ValidationError) as ours:
        RemoteAction._validate_action_result(None, result)
    assert ours.value.message.startswith(original.value.message)
    assert "Failed to validate Action server response" in ours.value.message


def test_loading_our_tokenizer_installs_it(monkeypatch):
    """The Rasa server imports the tokenizer with the model; that must install the fix."""
    import importlib

    import bot.nlu.vietnamese_tokenizer as tokenizer

    monkeypatch.setattr(RemoteAction, "_validate_action_result", lambda self, result: True)
    importlib.reload(tokenizer)
    assert RemoteAction._validate_action_result is rasa_speedups._validate_action_result
