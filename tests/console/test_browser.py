"""End to end in a real headless Chromium: log in, upload a timetable, see the coverage chart.

Marked `browser`: it needs Debian's chromium and chromium-driver
(`make browser` installs them). Without them the test is skipped on a
developer's machine but fails in CI, so a missing install cannot pass
unnoticed. The console runs in a real uvicorn server on a free port, with
the same temporary data as the other console tests.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from console.app import create_app
from tests.console.conftest import DEMO_CLASSES, PASSWORD, FakeParser

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--lang=vi")
WAIT = 30
DEMO_ROWS = len(DEMO_CLASSES.read_text(encoding="utf-8").splitlines()) - 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def console_url(settings, official):
    server = uvicorn.Server(uvicorn.Config(create_app(settings, FakeParser()), host="127.0.0.1", port=_free_port(),
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the console did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = "Chromium is not installed: run `make browser` (Debian's chromium and chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS + (f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1280,900"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def test_an_official_logs_in_uploads_a_timetable_and_sees_the_coverage_chart(console_url, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, WAIT)

    # every page starts at the login form
    browser.get(console_url + "/classes")
    wait.until(ready.url_contains("/login"))
    browser.find_element(By.ID, "name").send_keys("lan")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    wait.until(ready.url_to_be(console_url + "/classes"))

    # upload the timetable the way an official does: pick the file, press the button
    browser.find_element(By.ID, "file").send_keys(str(DEMO_CLASSES))
    browser.find_element(By.CSS_SELECTOR, "form[action='/classes/upload'] button[type=submit]").click()
    result = wait.until(ready.visibility_of_element_located((By.ID, "upload-result")))
    assert f"Đã nhập {DEMO_ROWS} lớp từ classes.csv" in result.text
    rows = browser.find_elements(By.CSS_SELECTOR, "table.classes tbody tr[data-class]")
    assert rows and rows[0].get_attribute("data-class") == "HA-001"

    # the coverage page, reached through the navigation, draws its chart
    browser.find_element(By.LINK_TEXT, "Độ phủ câu hỏi").click()
    chart = wait.until(ready.visibility_of_element_located((By.CSS_SELECTOR, "figure[data-chart='asked-by-topic'] svg")))
    assert chart.size["width"] > 250 and chart.size["height"] > 150
    bars = chart.find_elements(By.CSS_SELECTOR, "rect.bar")
    assert len(bars) == 7
    drawn = [bar.size["width"] for bar in bars]
    assert max(drawn) > 100 and sorted(drawn)[0] == 0  # VNeID and payments asked, other topics not
    assert browser.find_element(By.CSS_SELECTOR, "tr#q-vneid_install").is_displayed()
    assert browser.execute_script("return getComputedStyle(document.querySelector('rect.bar')).fill") != "rgb(0, 0, 0)"

    # the try box answers from the same page
    browser.find_element(By.ID, "question").send_keys("cai vneid the nao")
    browser.find_element(By.CSS_SELECTOR, "form.try button[type=submit]").click()
    answer = wait.until(ready.visibility_of_element_located((By.ID, "try-result")))
    assert "Trả lời bằng bài viết" in answer.text and "81%" in answer.text

    # no script errors and no content-security-policy violations on the way
    problems = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert problems == []


def test_the_pages_fit_a_phone_screen(console_url, browser):
    from selenium.webdriver.common.by import By

    browser.set_window_size(390, 844)
    browser.get(console_url + "/login")
    browser.find_element(By.ID, "name").send_keys("lan")
    browser.find_element(By.ID, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form[action='/login'] button[type=submit]").click()
    for path in ("/", "/unanswered", "/indicators", "/classes"):
        browser.get(console_url + path)
        width = browser.execute_script("return window.innerWidth")
        assert width < 500
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    browser.get(console_url + "/")
    assert not browser.find_element(By.CSS_SELECTOR, "table.coverage thead").is_displayed()  # rows become cards
    assert browser.find_element(By.CSS_SELECTOR, "figure[data-chart='asked-by-topic'] svg").size["width"] <= 390
