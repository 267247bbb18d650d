"""The one check every public channel shares: a payload passes only if the assistant offered it.

The decisive question is whether Rasa would read the result as an intent, so
these tests ask Rasa's own parser (the one its RegexMessageHandler uses).
"""
from __future__ import annotations

import asyncio
import logging
from typing import List

import pytest
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.offered_payloads import Offers, as_words, is_payload, screen

REGISTER = '/register_class{"class_id": "HA-011"}'
GREETING = {"event": "bot", "text": "Chào bác", "data": {"buttons": [
    {"title": "VNeID", "payload": '/browse_topic{"topic": "vneid"}'},
    {"title": "Lịch lớp học", "payload": "/ask_schedule"},
]}}
CLASSES = {"event": "bot", "text": "Có 1 lớp", "data": {"buttons": [{"title": "Đăng ký lớp HA-011", "payload": REGISTER}]}}


def rasa_intent(text: str):
    """The intent Rasa would take from the text without NLU, or None."""
    return YAMLStoryReader.unpack_regex_message(Message({TEXT: text})).get(INTENT)


class Loader:
    """Counts how often the channel had to read the tracker."""

    def __init__(self, events: List[dict]) -> None:
        self.events, self.calls = events, 0

    async def __call__(self) -> Offers:
        self.calls += 1
        return Offers.from_events(self.events)


def screened(text: str, events: List[dict], always=()) -> str:
    return asyncio.run(screen(text, Loader(events), "test:1", always=always))


@pytest.mark.parametrize("typed", [
    REGISTER, " " + REGISTER, "\t\n" + REGISTER, "\u00a0" + REGISTER, "\u3000" + REGISTER,
    "//register_class", "/ /register_class", " / \u00a0/register_class", "/restart", "/greet@1.0",
    '/register_class@0.99{"class_id": "HA-011"}',
])
def test_a_payload_nobody_offered_never_reaches_rasa_as_an_intent(typed):
    assert rasa_intent(typed) is not None  # what the channels would have passed on before
    result = screened(typed, [GREETING])
    assert rasa_intent(result) is None and not is_payload(result)


def test_a_payload_offered_to_this_conversation_passes_unchanged_and_only_exactly():
    events = [GREETING, {"event": "user", "text": "lop hoc"}, CLASSES]
    assert screened(REGISTER, events) == REGISTER
    assert rasa_intent(screened(REGISTER, events))["name"] == "register_class"
    assert screened('/register_class{"class_id": "HA-012"}', events) == 'register_class{"class_id": "HA-012"}'
    assert screened("  " + REGISTER + " ", events) == REGISTER  # Rasa trims it anyway


def test_an_older_button_still_on_screen_passes_too():
    """Telegram and Zalo keep earlier buttons tappable; they were offered to this person."""
    events = [GREETING, {"event": "user", "text": "/ask_schedule"}, CLASSES, {"event": "user", "text": REGISTER}]
    assert screened('/browse_topic{"topic": "vneid"}', events) == '/browse_topic{"topic": "vneid"}'


def test_another_conversations_buttons_are_not_offers():
    assert rasa_intent(screened(REGISTER, [GREETING])) is None


def test_a_restart_forgets_every_button_offered_before_it():
    events = [CLASSES, {"event": "restart"}, {"event": "bot", "text": "Chào bác", "data": {}}]
    assert rasa_intent(screened(REGISTER, events)) is None


def test_buttons_without_a_title_or_a_text_payload_are_not_offers():
    events = [{"event": "bot", "data": {"buttons": [{"title": "", "payload": "/a"}, {"title": "B", "payload": 7},
                                                    "junk", {"payload": "/c"}]}}]
    assert Offers.from_events(events).buttons == {}
    assert screened("/a", events) == "a"


def test_plain_text_and_the_channels_own_greeting_cost_no_tracker_read():
    loader = Loader([GREETING])
    assert asyncio.run(screen("cai vneid", loader, "test:1")) == "cai vneid"
    assert asyncio.run(screen("/greet", loader, "test:1", always=("/greet",))) == "/greet"
    assert loader.calls == 0
    assert asyncio.run(screen("/ask_schedule", loader, "test:1")) == "/ask_schedule" and loader.calls == 1


def test_a_refused_payload_is_logged_for_the_operator_with_personal_numbers_masked(caplog):
    caplog.set_level(logging.INFO, logger="bot")
    screened('/update_phone{"phone": "0912345678", "otp": "482913"}', [GREETING])
    assert "test:1 sent a payload the assistant had not offered" in caplog.text
    assert "0912345678" not in caplog.text and "482913" not in caplog.text and "[SĐT]" in caplog.text


@pytest.mark.parametrize("text, words", [("/help", "help"), ("  / /cai vneid ", "cai vneid"), ("/", ""), ("abc", "abc")])
def test_as_words(text, words):
    assert as_words(text) == words
