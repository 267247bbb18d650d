"""Level and address form through the real REST channel, action server and databases."""
import pytest
import regex

from tests.conversation.conftest import button_payloads, texts
from tests.conversation.servers import Assistant

pytestmark = pytest.mark.model

BARE_ADDRESS = regex.compile(r"(?<!con )\b(?:[Bb]ác(?! sĩ)|[Cc]háu)\b")
KEY = {"ASSISTANT_SECRET_KEY": "a test key that is long enough to be accepted"}
LONG_GUIDE = "kích hoạt tài khoản định danh mức 2 trên điện thoại làm sao"


def _servers(tmp_path, tracker_file):
    """The assistant on the same assistant database, with its own conversation store."""
    env = {**KEY, "TRACKER_STORE_URL": f"sqlite:///{tmp_path / tracker_file}"}
    return Assistant(tmp_path, extra_env=env).start()


def test_user_level_and_address_form_persist_across_a_restart_and_a_new_conversation(tmp_path):
    first = _servers(tmp_path, "tracker-1.db")
    try:
        greeting = first.say("tg-42", "em ơi")
        assert '/set_address{"address_form": "chi"}' in button_payloads(greeting)
        chosen = first.say("tg-42", '/set_address{"address_form": "chi"}')
        assert texts(chosen).startswith("Dạ, em xin gọi là chị")
        assert "/prefer_short" in button_payloads(chosen)
        assert "gửi hết các bước một lần" in texts(first.say("tg-42", "/prefer_short"))
    finally:
        first.stop()

    # restarted, and with a new conversation store: only the assistant's database remembers
    second = _servers(tmp_path, "tracker-2.db")
    try:
        reply = second.say("tg-42", "chào em")
        assert texts(reply).startswith("Em chào chị")
        assert "/prefer_short" not in button_payloads(reply), "the level question is asked only once"
        answer = second.say("tg-42", LONG_GUIDE)
        assert "/step_next" not in button_payloads(answer) and "\n9. " in texts(answer)
        second.say("tg-42", "/restart")
        assert texts(second.say("tg-42", "xin chào")).startswith("Em chào chị")
        assert second.slot("tg-42", "user_level") == "confident"
        assert texts(second.say("tg-77", "xin chào")).startswith("Cháu chào bác"), "another sender starts afresh"
    finally:
        second.stop()


def test_user_level_detailed_on_request_guides_step_by_step_with_plain_words(assistant):
    assistant.say("level-detail", "nói chi tiết hơn")
    reply = assistant.say("level-detail", "theo dõi hồ sơ dịch vụ công đã nộp ở đâu")
    assert "/step_next" in button_payloads(reply), "a beginner is guided even through four steps"
    assert assistant.slot("level-detail", "user_level") == "beginner"


CONVERSATION = [
    "gọi tôi là chị",
    "chào em",
    LONG_GUIDE,
    "/step_next",
    "/step_not_done",
    "/step_show_all",
    "/feedback_not_helpful",
    "/human_handoff",
    "lịch học lớp kỹ năng số tuần này",
    "em là người hay máy",
    "giá vàng hôm nay bao nhiêu",
    "/nlu_fallback",
    "/nlu_fallback",
    "/help",
    '/browse_topic{"topic": "scam"}',
    "nói ngắn thôi",
    "cảm ơn em",
    "tạm biệt",
]


def test_address_form_chosen_is_used_in_every_message(assistant):
    for message in CONVERSATION:
        reply = texts(assistant.say("address-chi", message))
        assert reply, f"no reply to {message!r}"
        assert not BARE_ADDRESS.search(reply), f"{message!r} was answered with bác/cháu: {reply!r}"
    assert assistant.slot("address-chi", "bac") == "chị"
