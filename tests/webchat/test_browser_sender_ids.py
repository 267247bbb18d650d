"""In a real browser: the page keeps the id the server signed, and a planted id gets nobody's conversation."""
import re

import pytest

from tests.webchat.browser import ChatPage
from tests.webchat.conftest import rasa_id

pytestmark = pytest.mark.browser

KEY = "bdhvs-chat.sender"
SIGNED = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$")


def test_the_page_keeps_the_signed_id_from_its_first_answer(serve, open_browser, fake_rasa):
    page = ChatPage(open_browser()).open(serve())
    stored = page.storage("localStorage")[KEY]
    assert SIGNED.match(stored) and fake_rasa.received == [(rasa_id(stored), "/greet")]
    page.ask("cai vneid")
    page.reload()
    page.wait(lambda: page.user_texts() == ["cai vneid"], "the conversation after a reload")
    assert page.storage("localStorage")[KEY] == stored and page.script_errors() == []


def test_an_id_planted_in_the_browser_never_shows_its_owners_conversation(serve, open_browser, fake_rasa):
    url = serve()
    victim = ChatPage(open_browser()).open(url)
    victim.ask("so cccd 012345678901")
    victims_id = victim.storage("localStorage")[KEY]

    intruder = ChatPage(open_browser()).open(url)
    own_signature = intruder.storage("localStorage")[KEY].split(".")[1]
    planted = victims_id.split(".")[0] + "." + own_signature
    intruder.driver.execute_script(f"localStorage.setItem('{KEY}', arguments[0])", planted)
    before = [text for sender, text in fake_rasa.received if sender == rasa_id(victims_id)]
    intruder.reload()

    intruder.wait(lambda: SIGNED.match(intruder.storage("localStorage").get(KEY, "")) and
                  intruder.storage("localStorage")[KEY] != planted, "a new conversation id")
    assert intruder.user_texts() == [] and "012345678901" not in intruder.find(".log").text
    assert rasa_id(intruder.storage("localStorage")[KEY]) != rasa_id(victims_id)
    assert [text for sender, text in fake_rasa.received if sender == rasa_id(victims_id)] == before
