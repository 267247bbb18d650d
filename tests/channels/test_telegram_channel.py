"""The Telegram channel against the fake Bot API, with a stand-in for the assistant.

Everything here goes over real HTTP: the fake delivers updates to the channel's
webhook as Telegram does, and the channel answers through python-telegram-bot.
"""
from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from typing import Any, Dict, Iterator, List

import httpx
import pytest

from connectors.telegram import TelegramInput, TelegramSettings
from tests.channels.channel_server import ChannelServer, StandInAssistant
from tests.fakes.server import wait_for
from tests.fakes.telegram_api import Failure, FakeTelegram

SECRET = "test_secret-123"
CHAT = 501
LONG_PAYLOAD = '/choose_article{"article": "' + "x" * 60 + '"}'


@contextmanager
def telegram(fake: FakeTelegram, tmp_path, assistant: StandInAssistant = None, **options: Any) -> Iterator[ChannelServer]:
    config = TelegramSettings(token=fake.token, secret_token=SECRET, base_url=fake.url + "/bot",
                              button_store=str(tmp_path / "buttons.sqlite3"), **options)
    with ChannelServer(TelegramInput(config), assistant or StandInAssistant()) as server:
        fake.webhook = {"url": server.webhook, "secret_token": SECRET}
        yield server


@pytest.fixture
def server(fake_telegram, tmp_path):
    with telegram(fake_telegram, tmp_path) as running:
        yield running


def settle(seconds: float = 0.3) -> None:
    """Gives background work a moment, before checking that nothing happened."""
    time.sleep(seconds)


def keyboard_data(message: Dict[str, Any]) -> List[str]:
    return [b["callback_data"] for row in message["reply_markup"]["inline_keyboard"] for b in row]


# --- conversations --------------------------------------------------------------
def test_start_greets_through_the_assistant_with_an_inline_keyboard(fake_telegram, server):
    assert fake_telegram.deliver(fake_telegram.text_update(CHAT, "/start")).status_code == 200
    greeting = wait_for(lambda: fake_telegram.sent(CHAT), what="the greeting")[0]
    message = server.assistant.received[0]
    assert (message.text, message.sender_id, message.input_channel) == ("/greet", f"telegram:{CHAT}", "telegram")
    assert greeting["text"] == "Cháu chào bác ạ!"
    assert all(1 <= len(d.encode()) <= 64 for d in keyboard_data(greeting))
    assert keyboard_data(greeting)[0] == '/browse_topic{"topic": "vneid"}'


def test_a_tap_is_answered_and_the_full_long_payload_reaches_the_assistant(fake_telegram, server):
    fake_telegram.deliver(fake_telegram.text_update(CHAT, "/start"))
    greeting = wait_for(lambda: fake_telegram.sent(CHAT))[0]
    tap = fake_telegram.tap_update(CHAT, greeting, "Bài rất dài")
    assert fake_telegram.deliver(tap).status_code == 200
    wait_for(lambda: len(fake_telegram.sent(CHAT)) == 2, what="the answer to the tap")
    assert server.assistant.texts() == ["/greet", LONG_PAYLOAD]
    answered = [c.params["callback_query_id"] for c in fake_telegram.calls_to("answerCallbackQuery")]
    assert answered == [tap["callback_query"]["id"]]


def test_a_tap_with_a_key_nobody_knows_is_read_as_the_button_title(fake_telegram, server):
    sent = {"text": "Bác chọn ạ", "reply_markup": {"inline_keyboard": [[{"text": "Lịch lớp học", "callback_data": "k:AAAAAAAAAAAAAAAAAAAA"}]]}}
    fake_telegram.deliver(fake_telegram.tap_update(CHAT, sent, "Lịch lớp học"))
    wait_for(lambda: server.assistant.received)
    assert server.assistant.texts() == ["Lịch lớp học"]
    wait_for(lambda: fake_telegram.calls_to("answerCallbackQuery"), what="the tap to be answered")


def test_a_tap_without_a_message_is_answered_and_nothing_else(fake_telegram, server):
    update = fake_telegram.update(callback_query={"id": "77", "from": {"id": CHAT, "is_bot": False, "first_name": "B"},
                                                  "chat_instance": "c", "inline_message_id": "i1", "data": "/help"})
    assert fake_telegram.deliver(update).status_code == 200
    wait_for(lambda: fake_telegram.calls_to("answerCallbackQuery"), what="the tap to be answered")
    settle()
    assert server.assistant.received == [] and fake_telegram.sent() == []


def test_commands_lose_the_bot_name_and_reach_the_assistant_as_words_while_text_is_passed_as_typed(fake_telegram, server):
    fake_telegram.deliver(fake_telegram.text_update(CHAT, "/help@BinhDanTestBot"))
    fake_telegram.deliver(fake_telegram.text_update(CHAT, "cai vneid the nao"))
    wait_for(lambda: len(server.assistant.received) == 2)
    assert server.assistant.texts() == ["help", "cai vneid the nao"]  # no button offered /help


# --- what is refused, and why it is logged ------------------------------------
@pytest.mark.parametrize("secret, reason", [(None, "no X-Telegram-Bot-Api-Secret-Token header"),
                                            ("wrong", "wrong X-Telegram-Bot-Api-Secret-Token"),
                                            (SECRET + "x", "wrong X-Telegram-Bot-Api-Secret-Token"),
                                            (SECRET[:-1], "wrong X-Telegram-Bot-Api-Secret-Token")])
def test_requests_without_the_registered_secret_are_refused_and_logged(fake_telegram, server, caplog, secret, reason):
    response = fake_telegram.deliver(fake_telegram.text_update(CHAT, "/start"), secret=secret)
    assert response.status_code == 403
    assert f"with 403: {reason}" in caplog.text
    settle()
    assert server.assistant.received == [] and fake_telegram.sent() == []


@pytest.mark.parametrize("body, reason", [(b"{not json", "body is not JSON"), (b"[1, 2]", "JSON list, not an object"),
                                          (b'{"message": {}}', "no integer update_id"),
                                          (b'{"update_id": "7"}', "no integer update_id"),
                                          (b"\xff\xfe", "body is not JSON")])
def test_malformed_bodies_get_400_with_the_reason_logged(server, caplog, body, reason):
    response = httpx.post(server.webhook, content=body, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
    assert response.status_code == 400
    assert reason in caplog.text


def test_an_unreadable_update_is_skipped_with_200_so_telegram_does_not_resend_it(fake_telegram, server, caplog):
    assert fake_telegram.deliver({"update_id": 99, "message": "not an object"}).status_code == 200
    assert "update 99 could not be read" in caplog.text
    assert server.assistant.received == []


@pytest.mark.parametrize("content, expected", [
    ({"photo": [{"file_id": "p", "file_unique_id": "u", "width": 90, "height": 90}]}, "chưa xem được hình ảnh"),
    ({"voice": {"file_id": "v", "file_unique_id": "u", "duration": 3}}, "chưa nghe được tin nhắn thoại"),
    ({"sticker": {"file_id": "s", "file_unique_id": "u", "width": 512, "height": 512, "is_animated": False,
                  "is_video": False, "type": "regular", "emoji": "👍"}}, "hình dán (sticker)"),
    ({"location": {"latitude": 21.0, "longitude": 105.8}}, "mới đọc được tin nhắn chữ"),
    ({"document": {"file_id": "d", "file_unique_id": "u", "file_name": "cccd.pdf"}}, "mới đọc được tin nhắn chữ"),
])
def test_media_gets_a_polite_request_to_type(fake_telegram, server, content, expected):
    update = fake_telegram.update(message=fake_telegram.message(CHAT, **content))
    assert fake_telegram.deliver(update).status_code == 200
    reply = wait_for(lambda: fake_telegram.sent(CHAT), what="the polite reply")[0]["text"]
    assert expected in reply and "gõ câu hỏi bằng chữ" in reply
    assert server.assistant.received == []


def test_an_edited_message_asks_for_a_new_one(fake_telegram, server):
    fake_telegram.deliver(fake_telegram.update(edited_message=fake_telegram.message(CHAT, text="sua lai", edit_date=1)))
    assert "tin nhắn đã sửa" in wait_for(lambda: fake_telegram.sent(CHAT))[0]["text"]


@pytest.mark.parametrize("content", [
    {},
    {"poll": {"id": "p", "question": "?", "options": [], "total_voter_count": 0, "is_closed": False,
              "is_anonymous": True, "type": "regular", "allows_multiple_answers": False}},
    {"my_chat_member": {"chat": {"id": CHAT, "type": "private"}, "from": {"id": CHAT, "is_bot": False, "first_name": "B"},
                        "date": 1, "old_chat_member": {"status": "member", "user": {"id": 4242, "is_bot": True, "first_name": "T"}},
                        "new_chat_member": {"status": "kicked", "until_date": 0, "user": {"id": 4242, "is_bot": True, "first_name": "T"}}}},
    {"channel_post": {"message_id": 1, "date": 1, "chat": {"id": -100, "type": "channel", "title": "Kênh"}, "text": "tin"}},
    {"some_future_update": {"x": 1}},
])
def test_updates_without_a_message_for_the_assistant_are_ignored_with_200(fake_telegram, server, caplog, content):
    caplog.set_level(logging.INFO, logger="connectors")
    assert fake_telegram.deliver(fake_telegram.update(**content)).status_code == 200
    settle()
    assert server.assistant.received == [] and fake_telegram.sent() == []
    assert "ignored event" in caplog.text


def test_group_chats_are_refused_once_with_a_way_to_a_private_chat(fake_telegram, server):
    for text in ("/start", "chau oi", "co ai khong"):
        fake_telegram.deliver(fake_telegram.text_update(-2001, text, chat_type="supergroup"))
    notice = wait_for(lambda: fake_telegram.sent(-2001))[0]["text"]
    settle()
    assert len(fake_telegram.sent(-2001)) == 1
    assert "trò chuyện riêng" in notice and "t.me/BinhDanTestBot" in notice
    assert server.assistant.received == []


def test_a_redelivered_update_is_handled_once(fake_telegram, server):
    update = fake_telegram.text_update(CHAT, "cai zalo")
    assert fake_telegram.deliver(update).status_code == 200
    assert fake_telegram.deliver(update).status_code == 200
    wait_for(lambda: fake_telegram.sent(CHAT))
    settle()
    assert server.assistant.texts() == ["cai zalo"] and len(fake_telegram.sent(CHAT)) == 1


# --- answering: fast, ordered, never lost -------------------------------------
def test_the_webhook_answers_before_the_assistant_has_finished(fake_telegram, tmp_path):
    with telegram(fake_telegram, tmp_path, StandInAssistant(delays={"cham": 2.0})):
        started = time.monotonic()
        assert fake_telegram.deliver(fake_telegram.text_update(CHAT, "cham")).status_code == 200
        assert time.monotonic() - started < 1.0
        wait_for(lambda: fake_telegram.sent(CHAT), what="the late answer")


def test_answers_in_a_chat_keep_the_order_of_the_questions(fake_telegram, tmp_path):
    with telegram(fake_telegram, tmp_path, StandInAssistant(delays={"mot": 0.8}), messages_per_second=50):
        fake_telegram.deliver(fake_telegram.text_update(CHAT, "mot"))
        fake_telegram.deliver(fake_telegram.text_update(CHAT, "hai"))
        wait_for(lambda: len(fake_telegram.sent(CHAT)) == 2)
        assert [m["text"] for m in fake_telegram.sent(CHAT)] == ["Bác hỏi: mot", "Bác hỏi: hai"]


def test_when_the_assistant_fails_the_person_is_asked_to_try_again(fake_telegram, server, caplog):
    server.assistant.fail_next = True
    fake_telegram.deliver(fake_telegram.text_update(CHAT, "cai vneid"))
    assert "nhắn lại sau ít phút" in wait_for(lambda: fake_telegram.sent(CHAT))[0]["text"]
    assert "the assistant failed on a message from telegram:501" in caplog.text


def long_answer(message):
    sentences = " ".join(f"Câu số {n} hướng dẫn bác cách làm." for n in range(400))
    return [{"text": sentences, "buttons": [{"title": "Tiếp theo", "payload": "/step_next"}]}]


def test_a_long_reply_is_split_on_sentences_with_the_buttons_on_the_last_piece(fake_telegram, tmp_path):
    with telegram(fake_telegram, tmp_path, StandInAssistant(answer=long_answer), messages_per_second=50):
        fake_telegram.deliver(fake_telegram.text_update(CHAT, "huong dan"))
        wait_for(lambda: len(fake_telegram.sent(CHAT)) == 4, what="four pieces")
        pieces = fake_telegram.sent(CHAT)
    assert all(len(p["text"]) <= 4096 and p["text"].endswith("làm.") for p in pieces)
    assert " ".join(p["text"] for p in pieces) == long_answer(None)[0]["text"]
    assert [("reply_markup" in p) for p in pieces] == [False, False, False, True]


def two_answers(message):
    return [{"text": "Thứ nhất."}, {"text": "Thứ hai."}]


def test_retry_after_is_waited_out_without_losing_or_reordering_a_reply(fake_telegram, tmp_path, caplog):
    fake_telegram.fail("sendMessage", Failure("retry_after", retry_after=1))
    with telegram(fake_telegram, tmp_path, StandInAssistant(answer=two_answers), messages_per_second=50):
        started = time.monotonic()
        fake_telegram.deliver(fake_telegram.text_update(CHAT, "hoi"))
        wait_for(lambda: len(fake_telegram.sent(CHAT)) == 2, what="both replies")
        assert time.monotonic() - started >= 1.0
    assert [m["text"] for m in fake_telegram.sent(CHAT)] == ["Thứ nhất.", "Thứ hai."]
    assert "flood limit in chat 501, retrying in 1.0 s" in caplog.text


def test_a_network_timeout_is_retried(fake_telegram, tmp_path, caplog):
    fake_telegram.fail("sendMessage", Failure("timeout", seconds=2))
    with telegram(fake_telegram, tmp_path, timeout_seconds=0.5):
        fake_telegram.deliver(fake_telegram.text_update(CHAT, "hoi"))
        wait_for(lambda: fake_telegram.sent(CHAT), timeout=15, what="the retried reply")
    assert "network error sending to chat 501 (attempt 1)" in caplog.text


def test_a_user_who_blocked_the_bot_is_logged_not_retried(fake_telegram, tmp_path, caplog):
    fake_telegram.fail("sendMessage", Failure("error", code=403, description="Forbidden: bot was blocked by the user"))
    with telegram(fake_telegram, tmp_path):
        fake_telegram.deliver(fake_telegram.text_update(CHAT, "hoi"))
        wait_for(lambda: "NOT delivered" in caplog.text, what="the failure to be logged")
        settle()
    assert len([c for c in fake_telegram.calls if c.method == "sendMessage"]) == 1
    assert "message NOT delivered to chat 501: the user blocked the bot" in caplog.text


def test_messages_in_one_chat_are_paced(fake_telegram, tmp_path):
    answer = lambda message: [{"text": f"Tin {n}."} for n in range(4)]  # noqa: E731
    with telegram(fake_telegram, tmp_path, StandInAssistant(answer=answer), messages_per_second=4, burst=1):
        fake_telegram.deliver(fake_telegram.text_update(CHAT, "hoi"))
        wait_for(lambda: len(fake_telegram.sent(CHAT)) == 4)
    times = [c.at for c in fake_telegram.calls_to("sendMessage")]
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.2


def test_output_channel_sends_to_a_conversation_id_proactively(fake_telegram, server):
    output = server.channel.get_output_channel()
    server.run(output.send_response(f"telegram:{CHAT}", {"text": "Nhắc lịch học ạ.", "buttons": [{"title": "Xem", "payload": "/ask_schedule"}]}))
    assert fake_telegram.sent(CHAT)[0]["text"] == "Nhắc lịch học ạ."


def test_the_bot_token_never_appears_in_the_log(fake_telegram, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    with telegram(fake_telegram, tmp_path):
        fake_telegram.deliver(fake_telegram.text_update(CHAT, "/start"))
        wait_for(lambda: fake_telegram.sent(CHAT))
    assert "sendMessage" in caplog.text and fake_telegram.token not in caplog.text


def test_a_channel_without_settings_is_off_and_says_so(tmp_path, caplog):
    with ChannelServer(TelegramInput(None), StandInAssistant()) as server:
        assert httpx.get(server.url + "/webhooks/telegram/").json()["status"] == "off"
        assert httpx.post(server.webhook, json={"update_id": 1}).status_code == 503
    assert "the Telegram channel is off" in caplog.text
