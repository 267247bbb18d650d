"""Debian's headless Chromium driven through its chromedriver, and a page object
for <bdhvs-chat>. Nothing is downloaded: both binaries are given explicitly,
so Selenium never runs its driver manager."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, List

import pytest
from selenium import webdriver
from selenium.common.exceptions import (NoAlertPresentException, NoSuchElementException,
                                        NoSuchShadowRootException, StaleElementReferenceException)
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from tests.conversation.servers import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = REPO_ROOT / "var" / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--lang=vi-VN", "--hide-scrollbars"]
PREFIX = re.compile(r"^(Trợ lý|Câu hỏi):\s*")
PHONE_WIDTH = 600  # narrower windows are emulated phones (headless windows have a minimum width)


def chromium(profile: Path, width: int, height: int) -> webdriver.Chrome:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.fail("Chromium is not installed: run `make browser` (apt-get install chromium chromium-driver)")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS + [f"--user-data-dir={profile}", f"--window-size={max(width, PHONE_WIDTH)},{height}"]:
        options.add_argument(flag)
    if width < PHONE_WIDTH:
        options.add_experimental_option("mobileEmulation", {
            "deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0, "touch": True}})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(profile.parent / "chromedriver.log"))
    return webdriver.Chrome(service=service, options=options)


class ChatPage:
    """What a person sees and does in the chat, read through its shadow root."""

    def __init__(self, driver: webdriver.Chrome,
                 find_host: Callable[[webdriver.Chrome], WebElement] = lambda d: d.find_element(By.TAG_NAME, "bdhvs-chat"),
                 ) -> None:
        self.driver = driver
        self._find_host = find_host

    # --- reading ----------------------------------------------------------
    @property
    def host(self) -> WebElement:
        return self._find_host(self.driver)

    def find(self, css: str) -> WebElement:
        return self.host.shadow_root.find_element(By.CSS_SELECTOR, css)

    def find_all(self, css: str) -> List[WebElement]:
        return self.host.shadow_root.find_elements(By.CSS_SELECTOR, css)

    def _texts(self, css: str) -> List[str]:
        return [PREFIX.sub("", e.get_property("innerText").strip()) for e in self.find_all(css)]

    def bot_texts(self) -> List[str]:
        return self._texts(".msg.bot:not(.typing) .bubble")

    def user_texts(self) -> List[str]:
        return self._texts(".msg.user .bubble")

    def choices(self) -> List[str]:
        return [b.text for b in self.find_all("button.choice")]

    def notice(self) -> str:
        line = self.find(".notice")
        return "" if line.get_property("hidden") else line.text

    def storage(self, kind: str) -> dict:
        return self.driver.execute_script(
            f"return Object.fromEntries(Object.keys({kind}).map(k => [k, {kind}.getItem(k)]))")

    def no_alert(self) -> bool:
        try:
            self.driver.switch_to.alert
        except NoAlertPresentException:
            return True
        return False

    # --- doing ------------------------------------------------------------
    def wait(self, condition: Callable[[], object], what: str, timeout: float = 60) -> object:
        not_yet = (NoSuchElementException, NoSuchShadowRootException, StaleElementReferenceException)
        return WebDriverWait(self.driver, timeout, poll_frequency=0.1, ignored_exceptions=not_yet).until(
            lambda _: condition(), what)

    def open(self, url: str) -> "ChatPage":
        self.driver.get(url)
        return self.wait_for_bot(0)

    def reload(self) -> "ChatPage":
        self.driver.refresh()
        return self.wait_for_bot(0)

    def wait_for_bot(self, more_than: int) -> "ChatPage":
        self.wait(lambda: len(self.bot_texts()) > more_than and not self.find_all(".typing"),
                  f"more than {more_than} bot messages")
        return self

    def ask(self, text: str) -> "ChatPage":
        before = len(self.bot_texts())
        box = self.find("textarea.input")
        box.send_keys(text)
        box.send_keys(Keys.ENTER)
        return self.wait_for_bot(before)

    def tap(self, title: str) -> "ChatPage":
        before = len(self.bot_texts())
        [button] = [b for b in self.find_all("button.choice") if b.text == title]
        button.click()
        return self.wait_for_bot(before)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.driver.save_screenshot(str(path))
        return path

    def script_errors(self) -> List[str]:
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]
