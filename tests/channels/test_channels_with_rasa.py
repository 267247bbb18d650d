"""Whole conversations through the real Rasa server, action server and model, over the fake platforms.

The server runs with the credentials.yml text proposed for the repository
(both connectors listed, settings from the environment). What a resident sees
on Telegram or Zalo must be exactly what the assistant says on the REST
channel to the same question.
"""
from __future__ import annotations

import json
import os
import re
import time
from typing import Callable, Dict, Iterator, List, Sized

import httpx
import pytest

from connectors import telegram_webhook
from connectors.payload_keys import PayloadKeys
from connectors.replies import Replies
from tests.conversation.servers import MODEL, Assistant
from tests.fakes.server import ThreadedServer, wait_for
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo

pytestmark = pytest.mark.model

CREDENTIALS = """\
connectors.rest.GuardedRestInput:
# Telegram and Zalo switch on when their environment variables are set
# (connectors/README.md); without them they stay off.
connectors.telegram.TelegramInput:
connectors.zalo.ZaloInput:
"""
SECRET = "e2e_secret-42"


class Stack:
    def __init__(self, assistant: Assistant, telegram: FakeTelegram, zalo: FakeZalo, env: Dict[str, str]) -> None:
        self.assistant, self.telegram, self.zalo, self.env = assistant, telegram, zalo, env
        self.telegram_webhook = f"{assistant.url}/webhooks/telegram/webhook"
        self.zalo.webhook_url = f"{assistant.url}/webhooks/zalo/webhook"

    def log(self) -> str:
        return (self.assistant.workdir / "rasa.log").read_text(encoding="utf-8", errors="replace")

    def rest(self, sender: str, text: str) -> List[Dict]:
        return self.assistant.say(sender, text)

    def last_user_text(self, sender_id: str) -> str:
        return [e for e in self.assistant.tracker(sender_id)["events"] if e["event"] == "user"][-1]["text"]


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does) first")
    work = tmp_path_factory.mktemp("channels")
    telegram, zalo = FakeTelegram(), FakeZalo()
    with ThreadedServer(telegram.app) as telegram_url, ThreadedServer(zalo.app) as zalo_url:
        env = {name: "" for name in os.environ if name.startswith(("TELEGRAM_", "ZALO_"))}
        env.update({
            "TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "TELEGRAM_API_BASE_URL": f"{telegram_url}/bot", "TELEGRAM_BUTTON_STORE": str(work / "buttons.sqlite3"),
            "ZALO_APP_ID": zalo.app_id, "ZALO_OA_SECRET_KEY": zalo.oa_secret_key, "ZALO_APP_SECRET": zalo.app_secret,
            "ZALO_ACCESS_TOKEN": zalo.access_token, "ZALO_REFRESH_TOKEN": zalo.refresh_token,
            "ZALO_TOKEN_FILE": str(work / "zalo_tokens.json"), "ZALO_API_BASE_URL": zalo_url, "ZALO_OAUTH_BASE_URL": zalo_url,
        })
        assistant = Assistant(work, extra_env=env, credentials=CREDENTIALS).start()
        try:
            yield Stack(assistant, telegram, zalo, env)
        finally:
            assistant.stop()


def replies_after(count: Callable[[], Sized], before: int, quiet: float = 2.5, timeout: float = 90) -> List:
    """Waits for new messages, then until none has come for `quiet` seconds (Telegram paces 1/s)."""
    wait_for(lambda: len(count()) > before, timeout, "the assistant's reply")
    size, since = len(count()), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.2)
        if len(count()) != size:
            size, since = len(count()), time.monotonic()
    return list(count())[before:]


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def rest_texts(messages: List[Dict]) -> str:
    return words(" ".join(m.get("text", "") for m in messages))


def rest_payloads(messages: List[Dict]) -> List[str]:
    return [b["payload"] for m in messages for b in m.get("buttons", [])]


# --- Telegram -------------------------------------------------------------------
def telegram_payloads(messages: List[Dict]) -> List[str]:
    return [b["callback_data"] for m in messages for row in m.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


def test_telegram_registration_then_greeting_question_and_taps(stack, monkeypatch):
    tg, chat = stack.telegram, 9001
    for name in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_BASE_URL"):
        monkeypatch.setenv(name, stack.env[name])
    assert telegram_webhook.main(["set", "--url", stack.telegram_webhook]) == 0
    assert tg.webhook["secret_token"] == SECRET

    def say(update: Dict) -> List[Dict]:
        before = len(tg.sent(chat))
        assert tg.deliver(update).status_code == 200
        return replies_after(lambda: tg.sent(chat), before)

    greeting = say(tg.text_update(chat, "/start"))
    expected = stack.rest("rest-greet", "/greet")
    assert words(" ".join(m["text"] for m in greeting)) == rest_texts(expected)
    assert telegram_payloads(greeting) == rest_payloads(expected)
    assert stack.last_user_text(f"telegram:{chat}") == "/greet"

    answer = say(tg.text_update(chat, "cai vneid the nao"))
    expected = stack.rest("rest-question", "cai vneid the nao")
    assert words(" ".join(m["text"] for m in answer)) == rest_texts(expected)
    assert telegram_payloads(answer) == rest_payloads(expected) and telegram_payloads(answer)  # the step buttons

    menu = next(m for m in greeting if "VNeID" in str(m.get("reply_markup")))  # the first greeting also asks the level
    topic = say(tg.tap_update(chat, menu, "VNeID"))
    assert stack.last_user_text(f"telegram:{chat}") == '/browse_topic{"topic": "vneid"}'
    articles = telegram_payloads(topic)
    assert articles and all(p.startswith('/choose_article{"article": "vneid_') for p in articles)
    taps = len(tg.calls_to("answerCallbackQuery"))

    first_title = topic[-1]["reply_markup"]["inline_keyboard"][0][0]["text"]
    article = say(tg.tap_update(chat, topic[-1], first_title))
    assert stack.last_user_text(f"telegram:{chat}") == articles[0]
    assert words(" ".join(m["text"] for m in article)) == rest_texts(stack.rest("rest-article", articles[0]))
    assert len(tg.calls_to("answerCallbackQuery")) == taps + 1


def offer(stack: Stack, sender_id: str, title: str, payload: str) -> None:
    """Adds a button to a conversation under way, as if the assistant had shown it before a server restart."""
    event = {"event": "bot", "text": "Bác chọn ạ", "data": {"buttons": [{"title": title, "payload": payload}]}}
    httpx.post(f"{stack.assistant.url}/conversations/{sender_id}/tracker/events", json=event, timeout=30).raise_for_status()


def test_the_connectors_own_reply_calls_the_resident_as_they_chose(stack):
    tg, chat = stack.telegram, 9077
    sticker = {"file_id": "s", "file_unique_id": "u", "width": 512, "height": 512, "is_animated": False,
               "is_video": False, "type": "regular", "emoji": "👍"}

    def reply_to(update: Dict) -> str:
        before = len(tg.sent(chat))
        assert tg.deliver(update).status_code == 200
        return words(" ".join(m["text"] for m in replies_after(lambda: tg.sent(chat), before)))

    def sticker_reply() -> str:
        return reply_to(tg.update(message=tg.message(chat, sticker=sticker)))

    assert sticker_reply().startswith("Cháu chưa hiểu được hình dán")  # nobody chose yet: the deployment's words
    reply_to(tg.text_update(chat, "xin chào"))  # the conversation's session begins (Rasa reads events from its start)
    chose = {"event": "slot", "name": "address_form", "value": "chi"}  # what "gọi tôi là chị" leaves on the tracker
    httpx.post(f"{stack.assistant.url}/conversations/telegram:{chat}/tracker/events", json=chose, timeout=30).raise_for_status()
    reply = sticker_reply()
    assert reply.startswith("Em chưa hiểu được hình dán") and "Chị gõ câu hỏi bằng chữ giúp em" in reply


def test_telegram_button_payload_longer_than_64_bytes_arrives_whole(stack):
    tg, chat = stack.telegram, 9002
    article = '/choose_article{"article": "vneid_install"}'
    long_payload = article[:-1] + ', "source": "telegram-button-payload-longer-than-64-bytes"}'
    key = PayloadKeys(stack.env["TELEGRAM_BUTTON_STORE"]).to_callback_data(long_payload)  # as if sent before a restart
    assert len(long_payload.encode()) > 64 and len(key) <= 64
    assert tg.deliver(tg.text_update(chat, "chao chau")).status_code == 200
    before = len(replies_after(lambda: tg.sent(chat), 0))
    offer(stack, f"telegram:{chat}", "Cài VNeID", long_payload)
    sent = {"text": "Bác chọn ạ", "reply_markup": {"inline_keyboard": [[{"text": "Cài VNeID", "callback_data": key}]]}}
    assert tg.deliver(tg.tap_update(chat, sent, "Cài VNeID")).status_code == 200
    reply = replies_after(lambda: tg.sent(chat), before)
    assert stack.last_user_text(f"telegram:{chat}") == long_payload
    assert words(" ".join(m["text"] for m in reply)) == rest_texts(stack.rest("rest-long", article))


REGISTER = '/register_class{"class_id": "HA-011"}'


def latest_intent(stack: Stack, sender_id: str) -> str:
    return [e for e in stack.assistant.tracker(sender_id)["events"] if e["event"] == "user"][-1]["parse_data"]["intent"]["name"]


def test_a_payload_typed_on_telegram_or_zalo_is_read_as_words_by_the_real_assistant(stack):
    tg, zl = stack.telegram, stack.zalo
    assert tg.deliver(tg.text_update(9005, REGISTER)).status_code == 200
    replies_after(lambda: tg.sent(9005), 0)
    assert zl.deliver(zl.text_event("840000000000000005", " " + REGISTER)).status_code == 200
    replies_after(lambda: zl.sent_to("840000000000000005"), 0, quiet=1.5)
    for sender_id in ("telegram:9005", "zalo:840000000000000005"):
        assert not stack.last_user_text(sender_id).startswith("/")
        assert latest_intent(stack, sender_id) != "register_class"
        assert stack.assistant.slot(sender_id, "registration_class_id") is None
    assert "sent a payload the assistant had not offered" in stack.log()


def test_telegram_refuses_forgeries_and_bad_bodies_and_ignores_unknown_updates_and_replays(stack):
    tg, chat = stack.telegram, 9003
    start = tg.text_update(9004, "/start")
    assert tg.deliver(start).status_code == 200 and tg.deliver(start).status_code == 200
    once = stack.rest("rest-replayed-start", "/greet")  # one first greeting (its messages)
    assert len(replies_after(lambda: tg.sent(9004), 0)) == len(once)
    assert tg.deliver(tg.text_update(chat, "/start"), secret="forged").status_code == 403
    assert tg.deliver(tg.text_update(chat, "/start"), secret=None).status_code == 403
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    assert httpx.post(stack.telegram_webhook, content=b"{broken", headers=headers).status_code == 400
    assert tg.deliver(tg.update(poll={"id": "1", "question": "?", "options": [], "total_voter_count": 0, "is_closed": False,
                                      "is_anonymous": True, "type": "regular", "allows_multiple_answers": False})).status_code == 200
    assert tg.deliver({"update_id": 555}).status_code == 200
    time.sleep(2)
    assert tg.sent(chat) == []
    log = stack.log()
    assert "Rejected POST /webhooks/telegram/webhook from 127.0.0.1 with 403: wrong X-Telegram-Bot-Api-Secret-Token" in log
    assert "with 400: body is not JSON" in log
    assert "telegram: ignored event (update type poll is not handled)" in log
    assert f"Telegram: update {start['update_id']} was delivered again; handled once already" in log
    assert tg.token not in log
    assert httpx.get(f"{stack.assistant.url}/status").status_code == 200  # still serving


# --- Zalo -----------------------------------------------------------------------
MORE_BUTTONS = Replies().text("more_buttons")  # the caption of buttons 6 and on, in a second message


def zalo_texts(messages: List[Dict]) -> str:
    texts = [m.get("text") or m["attachment"]["payload"]["text"] for m in messages]
    return words(" ".join(text for text in texts if text != MORE_BUTTONS))


def zalo_payloads(messages: List[Dict]) -> List[str]:
    return [b["payload"] for m in messages for b in m.get("attachment", {}).get("payload", {}).get("buttons", [])]


def test_zalo_follow_question_tap_and_a_redelivery(stack):
    zl, user = stack.zalo, "840000000000000001"

    def say(event: Dict) -> List[Dict]:
        before = len(zl.sent_to(user))
        started = time.monotonic()
        assert zl.deliver(event).status_code == 200
        assert time.monotonic() - started < 2.0  # Zalo's deadline
        return replies_after(lambda: zl.sent_to(user), before, quiet=1.5)

    greeting = say(zl.event("follow", user))
    expected = stack.rest("rest-zalo-greet", "/greet")
    assert zalo_texts(greeting) == rest_texts(expected) and zalo_payloads(greeting) == rest_payloads(expected)

    question = zl.text_event(user, "cai vneid the nao")
    answer = say(question)
    assert zalo_texts(answer) == rest_texts(stack.rest("rest-zalo-question", "cai vneid the nao"))

    topic = say(zl.text_event(user, zalo_payloads(greeting)[0]))  # a tapped query button comes back as text
    assert stack.last_user_text(f"zalo:{user}") == '/browse_topic{"topic": "vneid"}'
    assert zalo_payloads(topic) == rest_payloads(stack.rest("rest-zalo-topic", '/browse_topic{"topic": "vneid"}'))

    before = len(zl.sent_to(user))
    assert zl.deliver(question).status_code == 200  # Zalo retrying an old delivery
    time.sleep(3)
    assert len(zl.sent_to(user)) == before
    assert f"Zalo: msg:{question['message']['msg_id']} was delivered again; handled once already" in stack.log()


def test_zalo_token_expiry_in_the_middle_of_a_conversation(stack):
    zl, user = stack.zalo, "840000000000000002"
    zl.expire_access_token()
    assert zl.deliver(zl.text_event(user, "chao chau")).status_code == 200
    assert replies_after(lambda: zl.sent_to(user), 0, quiet=1.5)
    stored = json.loads(open(stack.env["ZALO_TOKEN_FILE"]).read())
    assert stored["access_token"] == zl.access_token and stored["refresh_token"] == zl.refresh_token
    assert zl.refreshes == 1


def test_zalo_refuses_forgeries_and_bad_bodies_and_ignores_echoes_and_unknown_events(stack):
    zl, user = stack.zalo, "840000000000000003"
    assert zl.deliver(zl.text_event(user, "chao"), signature="mac=" + "f" * 64).status_code == 401
    assert zl.deliver(zl.text_event(user, "chao"), signature=None).status_code == 401
    assert httpx.post(zl.webhook_url, content=b"{broken", headers={"X-ZEvent-Signature": "mac=0"}).status_code == 400
    assert zl.deliver(zl.event("oa_send_text", user, message={"text": "Cháu chào bác", "msg_id": "echo-1"})).status_code == 200
    assert zl.deliver(zl.event("user_reacted_message", user, message={"msg_id": "r-1"})).status_code == 200
    assert zl.deliver(zl.event("a_future_event", user)).status_code == 200
    time.sleep(2)
    assert zl.sent_to(user) == []
    log = stack.log()
    assert "Rejected POST /webhooks/zalo/webhook from 127.0.0.1 with 401: X-ZEvent-Signature does not match the event" in log
    assert "with 401: no X-ZEvent-Signature header" in log
    assert "zalo: ignored event (oa_send_text: the OA's own message)" in log
    assert httpx.get(f"{stack.assistant.url}/status").status_code == 200
