"""Telegram and Zalo pass an intent payload to the assistant only if it was offered to that person.

Over real HTTP, with the fakes of both platforms and the stand-in assistant,
which keeps its conversations in Rasa's tracker store as Rasa does (the
connectors read the offered buttons there). Whether a text would be an
intent is asked of Rasa's own parser.
"""
from __future__ import annotations

import asyncio
import logging

import pytest
from rasa.shared.core.events import Restarted
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from sanic import Sanic

from connectors.offers import TrackerOffers
from tests.channels.channel_server import StandInAssistant, canned_answer
from tests.channels.test_telegram_channel import CHAT, LONG_PAYLOAD, telegram
from tests.channels.test_zalo_channel import USER, zalo
from tests.fakes.server import wait_for

REGISTER = '/register_class{"class_id": "HA-011"}'
TOPIC = '/browse_topic{"topic": "vneid"}'


def rasa_intent(text: str):
    return YAMLStoryReader.unpack_regex_message(Message({TEXT: text})).get(INTENT)


def offering_a_class(message):
    """The greeting's buttons, and a class registration button when asked about classes."""
    if message.text == "lop hoc":
        return [{"text": "Có lớp HA-011 ạ.", "buttons": [{"title": "Đăng ký", "payload": REGISTER}]}]
    return canned_answer(message)


@pytest.fixture
def telegram_server(fake_telegram, tmp_path):
    with telegram(fake_telegram, tmp_path, StandInAssistant(answer=offering_a_class), messages_per_second=50) as server:
        yield server


@pytest.fixture
def zalo_server(fake_zalo, tmp_path):
    with zalo(fake_zalo, tmp_path, StandInAssistant(answer=offering_a_class)) as server:
        yield server


# --- Telegram -------------------------------------------------------------------
def test_telegram_a_typed_payload_reaches_the_assistant_as_words(fake_telegram, telegram_server):
    for text in (REGISTER, "  " + REGISTER, "/ /register_class", "/restart"):
        fake_telegram.deliver(fake_telegram.text_update(CHAT, text))
    wait_for(lambda: len(telegram_server.assistant.received) == 4)
    received = telegram_server.assistant.texts()
    assert all(rasa_intent(text) is None for text in received), received
    assert received == ['register_class{"class_id": "HA-011"}'] * 2 + ["register_class", "restart"]


def test_telegram_a_forged_button_tap_is_not_an_intent(fake_telegram, telegram_server):
    """A modified client can put any callback data in a tap; Telegram's docs warn about it."""
    forged = {"text": "Bác chọn ạ", "reply_markup": {"inline_keyboard": [[{"text": "Đăng ký", "callback_data": REGISTER}]]}}
    fake_telegram.deliver(fake_telegram.tap_update(CHAT, forged, "Đăng ký"))
    wait_for(lambda: telegram_server.assistant.received)
    assert rasa_intent(telegram_server.assistant.texts()[0]) is None


def test_telegram_taps_on_offered_buttons_pass_whole_even_on_an_older_message(fake_telegram, telegram_server):
    assistant = telegram_server.assistant
    fake_telegram.deliver(fake_telegram.text_update(CHAT, "/start"))
    greeting = wait_for(lambda: fake_telegram.sent(CHAT), what="the greeting")[0]
    fake_telegram.deliver(fake_telegram.tap_update(CHAT, greeting, "Bài rất dài"))  # a 64+ byte payload, by key
    wait_for(lambda: len(assistant.received) == 2)
    fake_telegram.deliver(fake_telegram.text_update(CHAT, "lop hoc"))
    wait_for(lambda: len(fake_telegram.sent(CHAT)) == 3)
    fake_telegram.deliver(fake_telegram.tap_update(CHAT, fake_telegram.sent(CHAT)[-1], "Đăng ký"))
    wait_for(lambda: len(fake_telegram.sent(CHAT)) == 4)
    fake_telegram.deliver(fake_telegram.tap_update(CHAT, greeting, "VNeID"))  # from the first message, two turns ago
    wait_for(lambda: len(assistant.received) == 5)
    assert assistant.texts() == ["/greet", LONG_PAYLOAD, "lop hoc", REGISTER, TOPIC]


def test_telegram_only_slashes_get_the_polite_request_to_type(fake_telegram, telegram_server):
    fake_telegram.deliver(fake_telegram.text_update(CHAT, "/"))
    reply = wait_for(lambda: fake_telegram.sent(CHAT), what="the polite reply")[0]["text"]
    assert "gõ câu hỏi bằng chữ" in reply and telegram_server.assistant.received == []


# --- Zalo -----------------------------------------------------------------------
def test_zalo_a_typed_payload_reaches_the_assistant_as_words(fake_zalo, zalo_server):
    fake_zalo.deliver(fake_zalo.text_event(USER, REGISTER))
    fake_zalo.deliver(fake_zalo.text_event(USER, "\u00a0" + TOPIC))
    wait_for(lambda: len(zalo_server.assistant.received) == 2)
    received = zalo_server.assistant.texts()
    assert all(rasa_intent(text) is None for text in received), received


def test_zalo_a_tapped_query_button_passes_only_once_it_was_offered_and_until_a_restart(fake_zalo, zalo_server):
    assistant = zalo_server.assistant
    fake_zalo.deliver(fake_zalo.text_event(USER, REGISTER))  # before any offer
    wait_for(lambda: len(fake_zalo.sent_to(USER)) == 1)
    fake_zalo.deliver(fake_zalo.text_event(USER, "lop hoc"))
    wait_for(lambda: len(fake_zalo.sent_to(USER)) == 2)
    offered = fake_zalo.sent_to(USER)[-1]["attachment"]["payload"]["buttons"][0]["payload"]
    fake_zalo.deliver(fake_zalo.text_event(USER, offered))  # the tap comes back as text
    wait_for(lambda: len(fake_zalo.sent_to(USER)) == 3)
    # the reply can reach Zalo before the stand-in has saved its turn: restart after the save
    wait_for(lambda: zalo_server.run(saved_messages(assistant, f"zalo:{USER}")) == 3)
    zalo_server.run(restart(assistant, f"zalo:{USER}"))
    fake_zalo.deliver(fake_zalo.text_event(USER, offered))  # the same old button, after the conversation restarted
    wait_for(lambda: len(assistant.received) == 4)
    assert offered == REGISTER
    assert assistant.texts() == ['register_class{"class_id": "HA-011"}', "lop hoc", REGISTER,
                                 'register_class{"class_id": "HA-011"}']


async def saved_messages(assistant: StandInAssistant, sender_id: str) -> int:
    """How many of the sender's messages the stand-in's tracker store holds."""
    tracker = await assistant.tracker_store.retrieve(sender_id)
    return 0 if tracker is None else sum(1 for event in tracker.events if event.type_name == "user")


async def restart(assistant: StandInAssistant, sender_id: str) -> None:
    """What Rasa records on /restart or the web chat's "start over"."""
    tracker = await assistant.tracker_store.get_or_create_tracker(sender_id)
    tracker.update(Restarted())
    await assistant.tracker_store.save(tracker)


# --- the tracker lookup itself ----------------------------------------------------
def test_without_a_readable_tracker_store_nothing_counts_as_offered(caplog):
    class BrokenStore:
        async def retrieve(self, sender_id):
            raise ConnectionError("the database is down")

    app = Sanic("offers_without_store", configure_logging=False)
    assert asyncio.run(TrackerOffers(app)("telegram:1")).buttons == {}
    app.ctx.agent = type("Agent", (), {"tracker_store": BrokenStore()})()
    with caplog.at_level(logging.WARNING, logger="connectors"):
        assert asyncio.run(TrackerOffers(app)("telegram:1")).buttons == {}
    assert "Could not read the tracker of telegram:1" in caplog.text
