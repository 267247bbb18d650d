"""The chat in a real headless Chromium, with a scripted stand-in for Rasa:
how messages look, what can and cannot run, and how the page fits a phone."""
import re
import time

import pytest

from tests.webchat.browser import ChatPage

pytestmark = pytest.mark.browser

RICH = [
    {"text": "Bác làm theo các bước sau:\n1. Mở VNeID.\n2. Bấm \"Kích hoạt tài khoản\".\n3. Nhập mã OTP."},
    {"text": "⚠️ Không đọc mã OTP cho bất kỳ ai."},
    {"text": "Cháu hướng dẫn từng bước nhé.\nBước 2/7: Vào https://dichvucong.gov.vn, hoặc gõ dichvucong.gov.vn.",
     "buttons": [{"title": "Tiếp theo", "payload": "/step_next"}, {"title": "Dừng", "payload": "/step_stop"}]},
    {"text": "Gọi tổng đài 1900 0368 hoặc chị Lan 0912 345 678."},
]


def test_steps_lists_warnings_and_links_are_shown_as_such(serve, open_browser, fake_rasa):
    fake_rasa.replies["kich hoat vneid"] = RICH
    page = ChatPage(open_browser()).open(serve())
    page.ask("kich hoat vneid")

    items = page.find_all("ol.steps li")
    assert [li.text for li in items] == ["Mở VNeID.", "Bấm \"Kích hoạt tài khoản\".", "Nhập mã OTP."]
    assert page.find("ol.steps").get_attribute("start") == "1"
    assert page.find(".warning").text == "⚠️ Không đọc mã OTP cho bất kỳ ai."
    progress = page.find(".step progress")
    assert (progress.get_attribute("value"), progress.get_attribute("max")) == ("2", "7")
    assert page.find(".step-label").text == "Bước 2/7"
    assert page.find(".step").get_attribute("aria-label") == "Bước 2 trên 7"
    links = {a.text: (a.get_attribute("href"), a.get_dom_attribute("rel")) for a in page.find_all(".bubble a")}
    assert links == {
        "https://dichvucong.gov.vn": ("https://dichvucong.gov.vn/", "noopener noreferrer"),
        "dichvucong.gov.vn": ("https://dichvucong.gov.vn/", "noopener noreferrer"),
        "1900 0368": ("tel:19000368", None),
        "0912 345 678": ("tel:0912345678", None),
    }
    assert page.choices() == ["Tiếp theo", "Dừng"]
    assert page.script_errors() == []


def test_markup_from_the_bot_or_the_person_is_shown_as_text_and_never_runs(serve, open_browser, fake_rasa):
    attack = '<img src=x onerror="window.pwned=1"><b>đậm</b><script>window.pwned=2</script>'
    fake_rasa.replies[attack] = [{"text": attack, "buttons": [{"title": "<i>nút</i>", "payload": "/x"}]}]
    page = ChatPage(open_browser()).open(serve())
    page.ask(attack)

    assert page.user_texts() == [attack]
    assert page.bot_texts()[-1] == attack
    assert page.choices() == ["<i>nút</i>"]
    assert page.find_all(".log img, .log b, .log i, .log script") == []
    assert page.driver.execute_script("return window.pwned") is None
    assert page.no_alert()


def test_typing_a_button_title_sends_its_payload(serve, open_browser, fake_rasa):
    page = ChatPage(open_browser()).open(serve())
    assert page.choices() == ["VNeID", "👍 Có"]
    page.ask("co")
    assert page.user_texts() == ["co"]
    assert fake_rasa.received[-1][1] == "/feedback_helpful"
    assert page.choices() == []  # the greeting's buttons are gone once answered


def test_too_many_messages_get_a_polite_notice_and_nothing_is_lost(serve, open_browser, fake_rasa):
    page = ChatPage(open_browser()).open(serve(rate_burst=2, rate_per_minute=1))  # the welcome takes one
    page.ask("cau thu nhat")
    box = page.find("textarea.input")
    box.send_keys("cau thu hai")
    page.find("button.send").click()
    page.wait(page.notice, "the rate-limit notice")

    assert re.fullmatch(r"Tin nhắn gửi hơi nhanh ạ\. Xin chờ khoảng (59|60) giây rồi gửi lại\.", page.notice())
    assert page.user_texts() == ["cau thu nhat"]
    assert box.get_property("value") == "cau thu hai"
    assert [text for _, text in fake_rasa.received] == ["/greet", "cau thu nhat"]


def test_a_phone_screen_fits_with_big_targets_strong_contrast_and_a_text_size_switch(serve, open_browser, fake_rasa):
    fake_rasa.replies["dich vu cong"] = RICH
    page = ChatPage(open_browser(360, 740)).open(serve())
    page.ask("dich vu cong")
    driver = page.driver
    assert driver.execute_script("return window.innerWidth") == 360
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 360
    log = page.find(".log")
    assert driver.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", log)

    for button in page.find_all("button"):
        if button.is_displayed():
            assert button.size["height"] >= 48 and button.size["width"] >= 48, button.text
    assert page.find("textarea.input").size["height"] >= 48
    assert float(page.find("textarea.input").value_of_css_property("font-size")[:-2]) >= 16

    contrast = driver.execute_script(CONTRAST, page.find(".msg.bot .bubble p"))
    assert contrast >= 7, contrast
    assert driver.execute_script(CONTRAST, page.find(".msg.user .bubble")) >= 7

    def size():
        return float(page.find(".msg.bot .bubble p").value_of_css_property("font-size")[:-2])

    normal = size()
    assert normal >= 18
    page.find("button.larger").click()
    page.find("button.larger").click()
    assert size() >= normal * 1.25
    for _ in range(6):
        page.find("button.smaller").click()
    assert size() < normal and page.find("button.smaller").get_property("disabled")
    page.find("button.larger").click()
    page.screenshot("webchat-phone-360.png")


def test_desktop_layout(serve, open_browser, fake_rasa):
    fake_rasa.replies["dich vu cong"] = RICH
    page = ChatPage(open_browser(1280, 800)).open(serve(title="Trợ lý số xã Đông Hòa", colour="#7a1f1f"))
    page.ask("dich vu cong")
    assert page.find(".title").text == "Trợ lý số xã Đông Hòa"
    assert page.driver.title == "Trợ lý số xã Đông Hòa"
    assert page.find(".bar").value_of_css_property("background-color") == "rgba(122, 31, 31, 1)"
    assert page.host.size["width"] <= 960
    page.screenshot("webchat-desktop.png")


# WCAG contrast ratio between an element's text colour and the first opaque background behind it.
CONTRAST = """
const parse = (c) => c.match(/[\\d.]+/g).map(Number);
const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
  .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
let el = arguments[0], bg;
const fg = parse(getComputedStyle(el).color);
for (; el; el = el.parentElement || (el.getRootNode() && el.getRootNode().host)) {
  const c = parse(getComputedStyle(el).backgroundColor);
  if (c.length === 3 || c[3] === 1) { bg = c; break; }
}
const [a, b] = [lum(fg), lum(bg || [255, 255, 255])].sort((x, y) => y - x);
return (a + 0.05) / (b + 0.05);
"""


def test_opened_while_the_assistant_starts_the_chat_tries_again_by_itself(serve, open_browser, fake_rasa):
    fake_rasa.down = True
    driver = open_browser()
    driver.get(serve())
    page = ChatPage(driver)
    page.wait(page.notice, "the notice that the assistant is starting", timeout=15)
    assert "Trợ lý đang bận hoặc đang khởi động" in page.notice()
    fake_rasa.down = False
    page.wait_for_bot(0)
    assert page.bot_texts() == ["Cháu chào bác ạ! Bác muốn hỏi về việc gì ạ?"]
    assert page.notice() == ""


def test_the_kiosk_leaves_an_unused_screen_alone_and_waits_for_someone_still_reading(serve, open_browser, fake_rasa):
    page = ChatPage(open_browser(1280, 800)).open(serve() + "/?kiosk=1&idle=5")
    time.sleep(6)  # nobody touched it: nothing to forget, no new conversation
    assert page.find(".idle").get_property("hidden")
    assert [text for _, text in fake_rasa.received] == ["/greet"]

    page.ask("cau hoi rieng")
    page.wait(lambda: page.find(".idle").is_displayed(), "the idle warning", timeout=10)
    page.find(".idle-continue").click()
    assert not page.find(".idle").is_displayed()
    time.sleep(3)  # past the first deadline
    assert page.user_texts() == ["cau hoi rieng"]
    assert "/restart" not in [text for _, text in fake_rasa.received]
