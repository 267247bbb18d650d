"""Read aloud ("🔊 Nghe") in a real headless Chromium, with a stand-in for the
browser's speech synthesis (tests/webchat/fake_speech.py): which answers get
the button, what is said and how, stopping, and when the button stays away."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.webchat.browser import ChatPage
from tests.webchat.fake_speech import (ENGLISH, VIETNAMESE_CENTRAL, VIETNAMESE_ON_DEVICE, VIETNAMESE_ONLINE,
                                       install_fake_speech)

pytestmark = pytest.mark.browser

ANSWERS = [
    {"text": "Bác làm theo các bước sau:\n1. Mở VNeID.\n2. Bấm \"Kích hoạt tài khoản\"."},
    {"text": "⚠️ Không đọc mã OTP cho bất kỳ ai 🙏"},
    {"text": "Bước 2/7: Vào https://dichvucong.gov.vn/p/home/dvc-trang-chu.html\nGọi tổng đài 1900 0368 nếu cần 👍",
     "buttons": [{"title": "Tiếp theo", "payload": "/step_next"}]},
]
SPOKEN = [
    ["Bác làm theo các bước sau:", "1. Mở VNeID.", "2. Bấm \"Kích hoạt tài khoản\"."],
    ["Lưu ý: Không đọc mã OTP cho bất kỳ ai."],
    ["Bước 2 trên 7. Vào dichvucong chấm gov chấm vn.", "Gọi tổng đài 1 9 0 0, 0 3 6 8 nếu cần."],
]
READ, STOP = ("🔊 Nghe", "Nghe đọc câu trả lời này"), ("⏹ Dừng", "Dừng đọc")


class Speech:
    """What the stand-in heard, read from the page."""

    def __init__(self, page: ChatPage) -> None:
        self.page = page

    def state(self, name: str):
        return self.page.driver.execute_script(f"return window.__speech.{name}")

    def spoken(self) -> list:
        return self.state("spoken")

    def wait_for_voices(self) -> None:
        self.page.wait(lambda: self.state("queriesAfterLoad") > 0, "the voices to load")

    def finish_one(self) -> None:
        self.page.driver.execute_script("window.__speech.finishOne()")


def open_chat(open_browser, url: str, voices, width: int = 390, height: int = 844):
    driver = open_browser(width, height)
    install_fake_speech(driver, voices)
    page = ChatPage(driver).open(url)
    speech = Speech(page)
    if voices is not None:
        speech.wait_for_voices()
    return page, speech


def label(button) -> tuple:
    return button.text, button.get_attribute("aria-label")


def read_buttons(page: ChatPage) -> list:
    return page.find_all(".msg.bot .read-aloud")


def test_read_aloud_button_under_each_answer_reads_it_in_vietnamese(serve, open_browser, fake_rasa):
    fake_rasa.replies["huong dan"] = ANSWERS
    page, speech = open_chat(open_browser, serve(), [ENGLISH, VIETNAMESE_CENTRAL, VIETNAMESE_ONLINE, VIETNAMESE_ON_DEVICE])
    page.ask("huong dan")

    assert page.find_all(".msg.user .read-aloud") == []
    buttons = read_buttons(page)
    assert len(buttons) == len(page.bot_texts()) == 1 + len(ANSWERS)
    for button in buttons:
        assert button.is_displayed()
        assert (button.tag_name, button.get_attribute("type")) == ("button", "button")
        assert label(button) == READ
        assert button.size["height"] >= 48 and button.size["width"] >= 48

    button = buttons[3]
    button.click()
    assert label(button) == STOP
    spoken = speech.spoken()
    assert [s["text"] for s in spoken] == SPOKEN[2]
    assert {(s["lang"], s["voice"]) for s in spoken} == {("vi-VN", VIETNAMESE_ON_DEVICE["name"])}
    assert all(0.7 <= s["rate"] < 1 for s in spoken)

    for _ in SPOKEN[2]:
        speech.finish_one()
    page.wait(lambda: label(button) == READ, "the button to be ready again when the reading ends")

    buttons[1].send_keys(Keys.ENTER)  # keyboard users can read aloud too
    assert [s["text"] for s in speech.spoken()[len(SPOKEN[2]):]] == SPOKEN[0]
    assert label(buttons[1]) == STOP
    assert page.script_errors() == []

    page.reload()  # answers shown again from the history get the button too
    speech.wait_for_voices()
    assert [label(b) for b in read_buttons(page) if b.is_displayed()] == [READ] * (1 + len(ANSWERS))


def test_read_aloud_pressing_again_or_another_answer_stops_the_reading(serve, open_browser, fake_rasa):
    fake_rasa.replies["huong dan"] = ANSWERS
    page, speech = open_chat(open_browser, serve(), [VIETNAMESE_ONLINE])
    page.ask("huong dan")
    first, second = read_buttons(page)[1:3]

    first.click()
    first.click()
    assert speech.state("cancels") == 1
    assert label(first) == READ
    assert len(speech.spoken()) == len(SPOKEN[0])  # the second press read nothing new

    first.click()
    second.click()
    page.wait(lambda: speech.state("lateEvents") == 2 * len(SPOKEN[0]), "the cancelled utterances' events")
    assert (label(first), label(second)) == (READ, STOP)  # late events of the first change nothing
    assert [s["text"] for s in speech.spoken()[-len(SPOKEN[1]):]] == SPOKEN[1]

    page.find("button.restart").click()  # starting over silences the reading
    page.wait_for_bot(0)
    assert speech.state("cancels") == 3
    assert not page.driver.execute_script("return speechSynthesis.speaking")


def test_read_aloud_in_the_kiosk(serve, open_browser, fake_rasa):
    fake_rasa.replies["huong dan"] = ANSWERS
    page, speech = open_chat(open_browser, serve() + "/?kiosk=1", [VIETNAMESE_ONLINE], 1280, 800)
    page.ask("huong dan")
    button = read_buttons(page)[2]
    assert button.is_displayed() and button.size["height"] >= 64
    button.click()
    assert [s["text"] for s in speech.spoken()] == SPOKEN[1]
    page.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    page.screenshot("webchat-kiosk-read-aloud.png")


def test_read_aloud_hidden_without_a_vietnamese_voice(serve, open_browser, fake_rasa):
    fake_rasa.replies["huong dan"] = ANSWERS
    page, speech = open_chat(open_browser, serve(), [ENGLISH])
    page.ask("huong dan")
    assert read_buttons(page) and not any(b.is_displayed() for b in read_buttons(page))
    assert speech.spoken() == []


def test_read_aloud_hidden_where_the_browser_cannot_speak(serve, open_browser, fake_rasa):
    fake_rasa.replies["huong dan"] = ANSWERS
    page, _ = open_chat(open_browser, serve(), None)
    page.ask("huong dan")
    assert page.driver.execute_script("return window.speechSynthesis") is None
    assert not any(b.is_displayed() for b in read_buttons(page))
    assert page.script_errors() == []


EAR = {
    "Cháu chào bác! Bác cần gì ạ?": ["Cháu chào bác!", "Bác cần gì ạ?"],
    "Dòng một\n\n  Dòng hai 🙂  ": ["Dòng một.", "Dòng hai."],
    "Xem www.dichvucong.gov.vn/p/home, hoặc http://www.dichvucong.gov.vn:443/x?y=1.":
        ["Xem dichvucong chấm gov chấm vn, hoặc dichvucong chấm gov chấm vn."],
    "Số của chị Lan: 0912.345.678": ["Số của chị Lan: 0 9 1 2, 3 4 5, 6 7 8."],
    "👍👍": [],
}


def test_read_aloud_text_is_made_fit_for_the_ear(serve, open_browser, fake_rasa):
    fake_rasa.replies["cam on"] = [{"text": "👍"}, {"text": "Dạ, không có gì ạ."}]
    page, _ = open_chat(open_browser, serve(), [VIETNAMESE_ONLINE])
    said = page.driver.execute_async_script("""
        const [texts, done] = arguments;
        import(new URL('static/speech.js', location.href).href)
          .then((speech) => done(texts.map((text) => speech.spokenSentences(text))));
    """, list(EAR))
    assert dict(zip(EAR, said)) == EAR

    page.ask("cam on")
    rows = page.find_all(".msg.bot")[-2:]
    assert [len(row.find_elements(By.CSS_SELECTOR, ".read-aloud")) for row in rows] == [0, 1]  # nothing to read in 👍
