"""The Zalo OA channel against the fake OA API, with a stand-in for the assistant.

The fake signs events as Zalo does and posts them to the channel's webhook;
the channel answers through the fake's consultation message API.
"""
from __future__ import annotations

import asyncio
import json
import logging
import time
from contextlib import contextmanager
from typing import Any, Iterator

import httpx
import pytest

from connectors.zalo import ZaloInput, ZaloSettings
from connectors.zalo_tokens import TokenPair
from tests.channels.channel_server import ChannelServer, StandInAssistant
from tests.fakes.server import wait_for
from tests.fakes.zalo_api import Failure, FakeZalo

USER = "8401234567890123456"


@contextmanager
def zalo(fake: FakeZalo, tmp_path, assistant: StandInAssistant = None, **options: Any) -> Iterator[ChannelServer]:
    config = ZaloSettings(app_id=fake.app_id, oa_secret_key=fake.oa_secret_key, app_secret=fake.app_secret,
                          seed=TokenPair(fake.access_token, fake.refresh_token), token_file=str(tmp_path / "var" / "zalo.json"),
                          api_base_url=fake.url, oauth_base_url=fake.url, **options)
    with ChannelServer(ZaloInput(config), assistant or StandInAssistant()) as server:
        fake.webhook_url = server.webhook
        yield server


@pytest.fixture
def server(fake_zalo, tmp_path):
    with zalo(fake_zalo, tmp_path) as running:
        yield running


def settle(seconds: float = 0.3) -> None:
    time.sleep(seconds)


def texts(fake: FakeZalo, user: str = USER):
    return [m.get("text") or m["attachment"]["payload"]["text"] for m in fake.sent_to(user)]


# --- conversations --------------------------------------------------------------
def test_a_new_follower_gets_the_greeting_with_query_buttons(fake_zalo, server):
    assert fake_zalo.deliver(fake_zalo.event("follow", USER)).status_code == 200
    greeting = wait_for(lambda: fake_zalo.sent_to(USER), what="the greeting")[0]
    message = server.assistant.received[0]
    assert (message.text, message.sender_id, message.input_channel) == ("/greet", f"zalo:{USER}", "zalo")
    payload = greeting["attachment"]["payload"]
    assert payload["template_type"] == "button" and payload["text"] == "Cháu chào bác ạ!"
    assert [(b["title"], b["type"]) for b in payload["buttons"]] == [("VNeID", "oa.query.hide"), ("Bài rất dài", "oa.query.hide")]
    assert payload["buttons"][0]["payload"] == '/browse_topic{"topic": "vneid"}'


def test_text_and_a_tapped_button_reach_the_assistant_as_text(fake_zalo, server):
    fake_zalo.deliver(fake_zalo.text_event(USER, "cai vneid the nao", msg_id="m-1"))
    wait_for(lambda: len(fake_zalo.sent_to(USER)) == 1)
    fake_zalo.deliver(fake_zalo.event("follow", USER))
    wait_for(lambda: len(fake_zalo.sent_to(USER)) == 2)
    fake_zalo.deliver(fake_zalo.text_event(USER, '/browse_topic{"topic": "vneid"}'))  # the greeting's first button
    wait_for(lambda: len(fake_zalo.sent_to(USER)) == 3)
    assert server.assistant.texts() == ["cai vneid the nao", "/greet", '/browse_topic{"topic": "vneid"}']
    assert server.assistant.received[0].message_id == "m-1"
    assert texts(fake_zalo)[0] == "Bác hỏi: cai vneid the nao"


# --- authenticity ---------------------------------------------------------------
def test_the_signature_is_accepted_without_the_mac_prefix(fake_zalo, server):
    event = fake_zalo.text_event(USER, "xin chao")
    body = json.dumps(event).encode()
    assert fake_zalo.deliver(event, signature=fake_zalo.sign(body, event)[4:], body=body).status_code == 200
    wait_for(lambda: server.assistant.received)


@pytest.mark.parametrize("forgery, reason", [
    ("missing", "no X-ZEvent-Signature header"),
    ("garbage", "does not match"),
    ("other secret", "does not match"),
    ("body changed after signing", "does not match"),
])
def test_forged_events_are_refused_with_401_and_logged(fake_zalo, server, caplog, forgery, reason):
    event = fake_zalo.text_event(USER, "chuyen tien cho toi")
    body = json.dumps(event).encode()
    signature = {"missing": None, "garbage": "mac=" + "0" * 64,
                 "other secret": fake_zalo.sign(body, event, secret="guessed"),
                 "body changed after signing": fake_zalo.sign(body, event)}[forgery]
    if forgery == "body changed after signing":
        body = body.replace(b"chuyen tien", b"CHUYEN TIEN")
    assert fake_zalo.deliver(event, signature=signature, body=body).status_code == 401
    assert f"with 401: " in caplog.text and reason in caplog.text
    settle()
    assert server.assistant.received == [] and fake_zalo.messages == []


def test_an_event_for_another_app_is_refused(fake_zalo, server, caplog):
    event = {**fake_zalo.text_event(USER, "hi"), "app_id": "999"}
    assert fake_zalo.deliver(event).status_code == 403
    assert "event for app '999', not this OA's app" in caplog.text


def test_an_old_signed_event_is_refused_as_a_replay(fake_zalo, server, caplog):
    event = {**fake_zalo.text_event(USER, "hi"), "timestamp": str(int((time.time() - 3 * 86400) * 1000))}
    assert fake_zalo.deliver(event).status_code == 400
    assert "h old" in caplog.text and "a replay?" in caplog.text


@pytest.mark.parametrize("body, reason", [(b"{oops", "body is not JSON"), (b'"text"', "JSON str, not an object"),
                                          (b"", "body is not JSON")])
def test_malformed_json_gets_400_with_the_reason_logged(server, caplog, body, reason):
    response = httpx.post(server.webhook, content=body, headers={"X-ZEvent-Signature": "mac=00"})
    assert response.status_code == 400 and reason in caplog.text


# --- what is ignored, declined, or handled once --------------------------------
@pytest.mark.parametrize("event_name", ["oa_send_text", "user_seen_message", "user_received_message", "unfollow",
                                        "some_new_event", "anonymous_send_text"])
def test_echoes_receipts_and_unknown_events_get_200_and_are_ignored(fake_zalo, server, caplog, event_name):
    caplog.set_level(logging.INFO, logger="connectors")
    event = fake_zalo.event(event_name, USER, message={"text": "Cháu chào bác", "msg_id": f"x-{event_name}"})
    assert fake_zalo.deliver(event).status_code == 200
    settle()
    assert server.assistant.received == [] and fake_zalo.messages == []
    assert "ignored event" in caplog.text


def test_a_redelivered_event_is_handled_once(fake_zalo, server):
    event = fake_zalo.text_event(USER, "dang ky lop hoc", msg_id="same-id")
    later = {**event, "timestamp": str(int(event["timestamp"]) + 5000)}  # a retry may carry a new timestamp
    for delivery in (event, event, later):
        assert fake_zalo.deliver(delivery).status_code == 200
    wait_for(lambda: fake_zalo.sent_to(USER))
    settle()
    assert server.assistant.texts() == ["dang ky lop hoc"] and len(fake_zalo.sent_to(USER)) == 1


@pytest.mark.parametrize("event_name, expected", [
    ("user_send_image", "chưa xem được hình ảnh"), ("user_send_audio", "chưa nghe được tin nhắn thoại"),
    ("user_send_sticker", "hình dán (sticker)"), ("user_send_file", "mới đọc được tin nhắn chữ"),
    ("user_send_location", "mới đọc được tin nhắn chữ"), ("user_send_link", "mới đọc được tin nhắn chữ"),
])
def test_other_user_messages_get_a_polite_request_to_type(fake_zalo, server, event_name, expected):
    event = fake_zalo.event(event_name, USER, message={"msg_id": f"id-{event_name}",
                                                       "attachments": [{"type": "image", "payload": {"url": "https://x/y.jpg"}}]})
    assert fake_zalo.deliver(event).status_code == 200
    reply = wait_for(lambda: texts(fake_zalo))[0]
    assert expected in reply and "gõ câu hỏi bằng chữ" in reply
    assert server.assistant.received == []


def test_the_webhook_answers_fast_and_works_afterwards(fake_zalo, tmp_path):
    with zalo(fake_zalo, tmp_path, StandInAssistant(delays={"cham": 2.0})):
        started = time.monotonic()
        assert fake_zalo.deliver(fake_zalo.text_event(USER, "cham")).status_code == 200
        assert time.monotonic() - started < 1.0
        wait_for(lambda: fake_zalo.sent_to(USER), what="the late answer")


def test_when_the_assistant_fails_the_person_is_asked_to_try_again(fake_zalo, server):
    server.assistant.fail_next = True
    fake_zalo.deliver(fake_zalo.text_event(USER, "hoi"))
    assert "nhắn lại sau ít phút" in wait_for(lambda: texts(fake_zalo))[0]


# --- sending: tokens, failures, limits ------------------------------------------
def test_an_expired_token_is_refreshed_stored_and_the_message_retried(fake_zalo, server, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="connectors")
    fake_zalo.expire_access_token()
    fake_zalo.deliver(fake_zalo.text_event(USER, "hoi"))
    wait_for(lambda: fake_zalo.sent_to(USER), what="the retried reply")
    stored = json.loads((tmp_path / "var" / "zalo.json").read_text())
    assert (stored["access_token"], stored["refresh_token"]) == ("access-1", "refresh-1")
    assert fake_zalo.used_refresh_tokens == ["refresh-0"]
    assert "access token refreshed" in caplog.text


def test_sends_hitting_an_expired_token_at_once_cause_one_refresh(fake_zalo, server):
    """A refresh token works once: a second refresh with it would fail and lose messages."""
    fake_zalo.expire_access_token()
    client = server.channel.get_output_channel().client
    users = ["u-1", "u-2", "u-3"]

    async def at_once():
        return await asyncio.gather(*(client.send(user, {"text": "Nhắc lịch học ạ."}) for user in users))

    results = server.run(at_once())
    assert all(r.delivered for r in results) and all(fake_zalo.sent_to(u) for u in users)
    assert len([r for r in fake_zalo.rejected if r.get("error") == -216]) == 3  # all three did meet the expired token
    assert fake_zalo.refreshes == 1


def test_a_refused_refresh_is_logged_with_what_to_do(fake_zalo, server, caplog):
    fake_zalo.expire_access_token()
    fake_zalo.refresh_token = "revoked"
    fake_zalo.deliver(fake_zalo.text_event(USER, "hoi"))
    wait_for(lambda: "NOT delivered" in caplog.text, what="the failure to be logged")
    assert "token refresh refused (error=-14014" in caplog.text and "Re-authorise the OA" in caplog.text
    assert f"message NOT delivered to {USER}: error -216: the access token is invalid or expired" in caplog.text


def test_a_timeout_is_retried_once(fake_zalo, tmp_path, caplog):
    fake_zalo.fail(Failure("timeout", seconds=1.5))
    with zalo(fake_zalo, tmp_path, timeout_seconds=0.5):
        fake_zalo.deliver(fake_zalo.text_event(USER, "hoi"))
        wait_for(lambda: fake_zalo.sent_to(USER), timeout=15, what="the retried reply")
    assert f"sending to {USER} failed (attempt 1): ReadTimeout" in caplog.text


def test_a_message_outside_the_window_is_logged_as_not_delivered_with_the_reason(fake_zalo, server, caplog):
    fake_zalo.fail(Failure("error", error=-230, message="User has not interacted with the OA in the past 7 days"))
    fake_zalo.deliver(fake_zalo.text_event(USER, "hoi"))
    wait_for(lambda: "NOT delivered" in caplog.text, what="the failure to be logged")
    assert f"NOT delivered to {USER}: error -230: the user has not interacted with the OA in the past 7 days" in caplog.text


def test_replies_beyond_the_free_window_are_flagged(fake_zalo, tmp_path, caplog):
    answer = lambda message: [{"text": f"Tin {n}."} for n in range(3)]  # noqa: E731
    with zalo(fake_zalo, tmp_path, StandInAssistant(answer=answer), free_replies=2):
        fake_zalo.deliver(fake_zalo.text_event(USER, "hoi"))
        wait_for(lambda: len(fake_zalo.sent_to(USER)) == 3)
    assert "outside the free reply window: this is reply 3 since the user's last message (free: 2)" in caplog.text


def many_buttons(message):
    return [{"text": "Bác chọn một việc ạ:", "buttons": [{"title": f"Việc {n}", "payload": f"/choose_article{{\"article\": \"a{n}\"}}"}
                                                         for n in range(7)]}]


def test_more_than_five_buttons_continue_in_a_second_message(fake_zalo, tmp_path):
    with zalo(fake_zalo, tmp_path, StandInAssistant(answer=many_buttons)):
        fake_zalo.deliver(fake_zalo.text_event(USER, "hoi"))
        wait_for(lambda: len(fake_zalo.sent_to(USER)) == 2)
    first, second = (m["attachment"]["payload"] for m in fake_zalo.sent_to(USER))
    assert first["text"] == "Bác chọn một việc ạ:" and len(first["buttons"]) == 5
    assert second["text"] == "Bác chọn thêm ở đây ạ:" and [b["title"] for b in second["buttons"]] == ["Việc 5", "Việc 6"]


def test_buttons_can_be_sent_as_a_typed_list_instead(fake_zalo, tmp_path):
    with zalo(fake_zalo, tmp_path, buttons_as="text"):
        fake_zalo.deliver(fake_zalo.event("follow", USER))
        wait_for(lambda: fake_zalo.sent_to(USER))
    assert fake_zalo.sent_to(USER) == [{"text": "Cháu chào bác ạ!\n- VNeID\n- Bài rất dài"}]


def test_a_long_text_is_split_to_the_configured_length(fake_zalo, tmp_path):
    answer = lambda message: [{"text": " ".join(f"Câu {n} dài vừa phải." for n in range(100))}]  # noqa: E731
    with zalo(fake_zalo, tmp_path, StandInAssistant(answer=answer), max_text_length=500):
        fake_zalo.deliver(fake_zalo.text_event(USER, "hoi"))
        wait_for(lambda: len(fake_zalo.sent_to(USER)) >= 4)
        settle()
    pieces = texts(fake_zalo)
    assert all(len(p) <= 500 and p.endswith("phải.") for p in pieces)
    assert " ".join(pieces) == answer(None)[0]["text"]


def test_a_channel_without_settings_is_off_and_says_so(caplog):
    with ChannelServer(ZaloInput(None), StandInAssistant()) as server:
        assert httpx.get(server.url + "/webhooks/zalo/").json()["status"] == "off"
        assert httpx.post(server.webhook, json={}).status_code == 503
    assert "the Zalo channel is off" in caplog.text
