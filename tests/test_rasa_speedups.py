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


def every_kind_of_event():
    """For every event kind of Rasa's schema: the bare event, and each of its fields set to values of every JSON type."""
    values = [None, 0, 1.5, True, "text", [], [{}], {}, {"name": "x"}]
    kinds = RemoteAction.action_response_format_spec()["properties"]["events"]["items"]["oneOf"]
    for kind in kinds:
        name = kind["properties"]["event"]["const"]
        yield {"event": name}
        for field in [f for f in kind["properties"] if f != "event"] + ["timestamp", "metadata"]:
            for value in values:
                yield {"event": name, field: value}
    yield {"event": "no_such_kind"}
    yield {"event": 5}
    yield {}


def test_the_per_kind_check_passes_exactly_what_rasas_full_check_passes():
    full = rasa_speedups._reply_validator()
    events = list(every_kind_of_event())
    replies = [{"events": [event]} for event in events]
    replies += [{"events": events[i:i + 3], "responses": [{"text": "Dạ"}]} for i in range(0, len(events), 3)]
    replies += GOOD + BAD + [[], "reply", {"events": None}, {"responses": "no"}]
    passed = [reply for reply in replies if full.is_valid(reply)]
    assert len(passed) > 100 and len(replies) - len(passed) > 100  # both sides are exercised
    for reply in replies:
        assert rasa_speedups._passes_per_kind(reply) == full.is_valid(reply), reply
