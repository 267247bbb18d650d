"""The one-script-tag embed on a (stand-in) commune website on another origin."""
import time

import pytest
from selenium.webdriver.common.by import By

from tests.webchat.browser import ChatPage
from tests.webchat.conftest import rasa_id
from tests.webchat.servers import StaticSite

pytestmark = pytest.mark.browser

COMMUNE_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>UBND xã Đông Hòa</title><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>button, div {{ all: unset; font-size: 8px; color: red; }}</style></head>
<body><h1>Cổng thông tin xã Đông Hòa</h1>
<script src="{chat}/embed.js" data-title="Trợ lý số xã Đông Hòa" data-color="#ffd23f" defer></script>
</body></html>
"""


@pytest.fixture
def commune_site(tmp_path):
    sites = []

    def start(name: str) -> StaticSite:
        folder = tmp_path / name
        folder.mkdir()
        sites.append(StaticSite(folder).start())
        sites[-1].folder = folder
        return sites[-1]

    yield start
    for site in sites:
        site.stop()


def embedded(driver):
    return driver.find_element(By.CSS_SELECTOR, ".bdhvs-chat-embed").shadow_root


def launcher(driver):
    return embedded(driver).find_element(By.CSS_SELECTOR, ".launcher")


def test_one_script_tag_puts_the_chat_on_a_commune_website(serve, open_browser, fake_rasa, commune_site):
    site = commune_site("dong-hoa")
    chat = serve(allowed_origins=(site.url,))
    (site.folder / "index.html").write_text(COMMUNE_PAGE.format(chat=chat), encoding="utf-8")
    driver = open_browser(360, 740)
    driver.get(site.url)
    page = ChatPage(driver, lambda d: embedded(d).find_element(By.CSS_SELECTOR, "bdhvs-chat"))

    assert launcher(driver).text == "💬 Hỏi trợ lý"
    assert launcher(driver).size["height"] >= 48
    assert fake_rasa.received == []  # nothing is loaded until the person opens the chat

    launcher(driver).click()
    page.wait_for_bot(0)
    assert page.find(".title").text == "Trợ lý số xã Đông Hòa"
    assert page.find(".bar").value_of_css_property("background-color") == "rgba(255, 210, 63, 1)"
    assert page.find(".title").value_of_css_property("color") == "rgba(0, 0, 0, 1)"  # readable on yellow
    assert page.host.size == {"width": 360, "height": 740}  # the whole phone screen
    page.ask("cai vneid")
    assert page.bot_texts()[-1] == "Bác vừa hỏi: cai vneid"
    sender = fake_rasa.received[-1][0]
    assert sender == rasa_id(page.storage('localStorage')['bdhvs-chat.sender'])
    page.screenshot("webchat-embedded-phone.png")

    page.find("button.close").click()
    assert launcher(driver).is_displayed() and not page.host.is_displayed()
    assert page.script_errors() == []


def test_a_website_that_is_not_configured_cannot_use_the_chat(serve, open_browser, fake_rasa, commune_site):
    site = commune_site("somewhere-else")
    chat = serve(allowed_origins=("https://xa-dong-hoa.gov.vn",))
    (site.folder / "index.html").write_text(COMMUNE_PAGE.format(chat=chat), encoding="utf-8")
    driver = open_browser()
    driver.get(site.url)
    launcher(driver).click()
    time.sleep(2)
    chat_element = embedded(driver).find_element(By.CSS_SELECTOR, "bdhvs-chat")
    assert driver.execute_script("return !!arguments[0].shadowRoot", chat_element) is False
    assert fake_rasa.received == []
