"""A person using the web chat in headless Chromium, in front of the real
assistant (trained model, action server, Rasa) and `python -m webchat`."""
import re

import pytest

from tests.webchat.browser import ChatPage

pytestmark = [pytest.mark.model, pytest.mark.browser]

# the id the server issued: a random UUID and its signature (webchat/sender_ids.py)
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$")
STEP_BUTTONS = ["Tiếp theo", "Chưa làm được", "Xem tất cả các bước", "Dừng"]
FIRST_GREETING = 2  # a new conversation is welcomed, then asked its level (bot/actions/profile.py)


def sender_id(page: ChatPage, storage: str = "localStorage") -> str:
    return page.storage(storage).get("bdhvs-chat.sender", "")


def test_a_newcomer_asks_without_diacritics_and_follows_the_steps(webchat, open_browser):
    page = ChatPage(open_browser()).open(webchat.url)
    assert "trợ lý Bình dân học vụ số" in page.bot_texts()[0]
    assert page.choices()[:2] == ["VNeID", "Dịch vụ công"]

    page.ask("cai vneid the nao")
    answer = "\n".join(page.bot_texts()[1:])
    assert "VNeID" in answer and "CH Play" in answer
    assert page.find(".warning").text.startswith("⚠")
    assert re.fullmatch(r"Bước 1/\d+", page.find(".step-label").text)
    assert page.choices() == STEP_BUTTONS
    page.screenshot("webchat-answer.png")

    page.tap("Tiếp theo")
    assert page.user_texts() == ["cai vneid the nao", "Tiếp theo"]
    assert re.fullmatch(r"Bước 2/\d+", page.find_all(".step-label")[-1].text)
    assert page.choices() == STEP_BUTTONS  # only the latest turn keeps buttons

    page.tap("Xem tất cả các bước")
    steps = page.find_all(".msg.bot:last-of-type ol.steps li, .msg.bot ol.steps li")
    assert len(steps) >= 3 and all(step.text for step in steps)
    assert page.script_errors() == []


def test_a_reload_shows_the_conversation_and_only_a_random_id_is_kept(webchat, open_browser):
    page = ChatPage(open_browser()).open(webchat.url)
    page.ask("cai vneid the nao")
    page.tap("Tiếp theo")
    users, bots = page.user_texts(), page.bot_texts()

    page.reload()
    page.wait(lambda: page.bot_texts() == bots, "the same bot messages after reload")
    assert page.user_texts() == users == ["cai vneid the nao", "Tiếp theo"]
    assert page.choices() == STEP_BUTTONS
    page.tap("Tiếp theo")
    assert re.fullmatch(r"Bước 3/\d+", page.find_all(".step-label")[-1].text)

    stored = page.storage("localStorage")
    assert list(stored) == ["bdhvs-chat.sender"] and UUID.match(stored["bdhvs-chat.sender"])
    assert page.storage("sessionStorage") == {} and page.driver.get_cookies() == []


def test_start_over_forgets_the_conversation(webchat, open_browser):
    page = ChatPage(open_browser()).open(webchat.url)
    page.ask("lua dao qua dien thoai")
    old = sender_id(page)
    assert webchat.history(old)

    page.find("button.restart").click()
    page.wait(lambda: page.user_texts() == [] and len(page.bot_texts()) == FIRST_GREETING and not page.find_all(".typing"),
              "a fresh greeting only")
    assert "Bình dân học vụ số" in page.bot_texts()[0]
    assert UUID.match(sender_id(page)) and sender_id(page) != old
    assert webchat.history(old) == []


def test_a_script_typed_into_the_chat_is_shown_as_plain_text(webchat, open_browser):
    attack = "<script>alert('xin chao')</script><img src=x onerror=alert(2)>"
    page = ChatPage(open_browser()).open(webchat.url)
    page.ask(attack)
    assert page.user_texts() == [attack]
    assert len(page.bot_texts()) >= 2  # the assistant answered, politely
    assert page.find_all(".log script, .log img") == [] and page.no_alert()

    page.reload()
    page.wait(lambda: page.user_texts() == [attack], "the literal text back from the history")
    assert page.find_all(".log script, .log img") == [] and page.no_alert()
    page.screenshot("webchat-script-as-text.png")


def test_the_kiosk_forgets_everything_after_a_few_idle_seconds(webchat, open_browser):
    page = ChatPage(open_browser(1280, 900)).open(f"{webchat.url}/?kiosk=1&idle=8")
    font = float(page.find(".msg.bot .bubble p").value_of_css_property("font-size")[:-2])
    assert font >= 26  # extra-large text

    page.ask("quen mat khau vneid")
    old = sender_id(page, "sessionStorage")
    assert UUID.match(old) and page.storage("localStorage") == {}
    page.screenshot("webchat-kiosk.png")

    page.wait(lambda: page.find(".idle").is_displayed(), "the idle warning", timeout=15)
    assert page.find(".idle-continue").text == "Tôi vẫn đang dùng"
    page.wait(lambda: page.user_texts() == [] and len(page.bot_texts()) == FIRST_GREETING and not page.find_all(".typing"),
              "the kiosk to start afresh", timeout=20)
    assert "quen mat khau" not in page.find(".log").text.lower()
    assert sender_id(page, "sessionStorage") not in ("", old)
    assert webchat.history(old) == []
