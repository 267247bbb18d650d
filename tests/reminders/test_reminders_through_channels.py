"""Reminders end to end: the real Rasa server, action server and model, the fake Telegram and
Zalo servers, and the worker with a fixed clock.

A Telegram resident registers by tapping and typing, accepts the offer, gets the
day-before reminder exactly once, cancels with its button (after confirming)
and gets nothing more. A Zalo resident gets exactly one message per configured
time. A web-chat resident's reminder waits in the conversation for the page's
next opening.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Dict, List

import pytest

from bot.reminders.delivery import RasaDelivery
from bot.reminders.worker import Worker
from bot.schedules.db import session_scope
from bot.schedules.models import ClassSession
from connectors import telegram_webhook
from tests.channels.test_channels_with_rasa import replies_after, stack, zalo_payloads  # noqa: F401  (stack: fixture)
from tests.reminders.conftest import Clock, accept, register
from webchat.history import read_events

pytestmark = pytest.mark.model


@pytest.fixture
def worker_for(stack, monkeypatch):  # noqa: F811
    """A worker on the assistant's own database, asking its Rasa, with the clock the test gives."""
    monkeypatch.setenv("ASSISTANT_DB", stack.assistant.env["ASSISTANT_DB"])
    monkeypatch.setenv("ASSISTANT_TODAY", stack.assistant.env["ASSISTANT_TODAY"])
    delivery = RasaDelivery(stack.assistant.url)
    yield lambda moment: Worker(delivery, Clock(moment))
    delivery.close()


def class_start(class_id: str) -> datetime:
    with session_scope() as session:
        return session.get(ClassSession, class_id).start


def tap_payload(messages: List[Dict], prefix: str) -> Dict:
    """The message whose keyboard has a button with a payload starting with `prefix`, and that button's title."""
    for message in messages:
        for row in message.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if button["callback_data"].startswith(prefix):
                    return {"message": message, "title": button["text"], "payload": button["callback_data"]}
    raise AssertionError(f"no button {prefix}… in {messages}")


def test_reminder_on_telegram_once_then_cancelled_with_its_button(stack, worker_for, monkeypatch):  # noqa: F811
    tg, chat = stack.telegram, 7001
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_BASE_URL"):
        monkeypatch.setenv(name, stack.env[name])
    assert telegram_webhook.main(["set", "--url", stack.telegram_webhook]) == 0

    def say(update: Dict) -> List[Dict]:
        before = len(tg.sent(chat))
        assert tg.deliver(update).status_code == 200
        return replies_after(lambda: tg.sent(chat), before)

    classes = say(tg.text_update(chat, "lịch học thôn Đông"))
    register_button = tap_payload(classes, "/register_class")
    choices = say(tg.tap_update(chat, register_button["message"], register_button["title"]))
    choice = tap_payload(choices, '/register_class{"class_id": ')  # which class: the first one offered
    class_id = choice["payload"].split('"')[3]
    say(tg.tap_update(chat, choice["message"], choice["title"]))
    say(tg.text_update(chat, "Nguyễn Văn An"))
    registered = say(tg.text_update(chat, "0912 345 678"))
    offer = tap_payload(registered, "/reminder_accept")
    assert "nhắc bác trước 1 ngày và trước 1 giờ" in offer["message"]["text"]
    accepted = say(tg.tap_update(chat, offer["message"], offer["title"]))
    assert "sẽ nhắn nhắc bác" in accepted[-1]["text"]

    start = class_start(class_id)
    before = len(tg.sent(chat))
    assert worker_for(start - timedelta(hours=25)).run_once() == {}
    assert worker_for(start - timedelta(hours=24)).run_once() == {"sent": 1}
    reminder = replies_after(lambda: tg.sent(chat), before)
    assert len(reminder) == 1 and reminder[0]["text"].startswith("Cháu nhắc bác lịch học ạ: lớp")
    assert worker_for(start - timedelta(hours=23)).run_once() == {}  # once

    question = say(tg.tap_update(chat, reminder[0], "Hủy đăng ký"))
    confirm = tap_payload(question, "/confirm_cancel_registration")
    done = say(tg.tap_update(chat, confirm["message"], confirm["title"]))
    assert "đã hủy đăng ký lớp" in done[-1]["text"]

    before = len(tg.sent(chat))
    assert worker_for(start - timedelta(hours=1)).run_once() == {}
    assert tg.sent(chat)[before:] == []  # none after the cancellation


def test_reminder_on_zalo_once_per_configured_time(stack, worker_for):  # noqa: F811
    zl, user = stack.zalo, "840000000000007002"
    registration_id = register(f"zalo:{user}", "0912345002", channel="zalo", class_id="HA-008")
    accept(registration_id, f"zalo:{user}")
    start = class_start("HA-008")
    for hours in (24, 23, 1, 0.5, -1):
        worker_for(start - timedelta(hours=hours)).run_once()
    sent = replies_after(lambda: zl.sent_to(user), 0, quiet=1.5)
    texts = [m.get("text") or m["attachment"]["payload"]["text"] for m in sent]
    assert len(texts) == 2
    assert texts[0].startswith("Cháu nhắc bác lịch học ạ") and texts[1].startswith("Sắp đến giờ học rồi bác ạ")
    assert zalo_payloads(sent) == [f'/cancel_registration{{"registration_id": "{registration_id}"}}'] * 2


def test_reminder_for_the_web_chat_waits_in_the_conversation(stack, worker_for):  # noqa: F811
    sender = "webchat-reminder-1"
    stack.rest(sender, "chào cháu")
    registration_id = register(sender, "0912345003", channel="rest", class_id="HA-008")
    accept(registration_id, sender)
    assert worker_for(class_start("HA-008") - timedelta(hours=24)).run_once() == {"sent": 1}
    shown = read_events(stack.assistant.tracker(sender)["events"])
    assert shown[-1]["from"] == "bot" and shown[-1]["text"].startswith("Cháu nhắc bác lịch học ạ")
    assert [m["text"] for m in shown if m["from"] == "user"] == ["chào cháu"]  # not the worker's trigger
