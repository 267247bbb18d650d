"""Conversation basics through the real REST channel, action server and tracker store."""
import pytest

from tests.conversation.conftest import button_payloads, texts

pytestmark = pytest.mark.model


def test_greeting_offers_the_topic_menu(assistant):
    reply = assistant.say("basics-greet", "chào cháu")
    assert "trợ lý Bình dân học vụ số" in texts(reply)
    payloads = button_payloads(reply)
    assert '/browse_topic{"topic": "vneid"}' in payloads
    assert "/ask_schedule" in payloads


def test_topic_button_lists_that_topics_questions(assistant):
    reply = assistant.say("basics-topic", '/browse_topic{"topic": "scam"}')
    payloads = button_payloads(reply)
    assert payloads and all(p.startswith('/choose_article{"article": "scam_') for p in payloads)


def test_out_of_scope_is_declined_and_never_answered_from_the_knowledge_base(assistant):
    reply = assistant.say("basics-oos", "hom nay gia vang bao nhieu mot chi")
    assert "chưa biết" in texts(reply)
    assert assistant.slot("basics-oos", "kb_article") is None


def test_bot_challenge_says_it_is_automatic(assistant):
    assert "không phải người thật" in texts(assistant.say("basics-bot", "chau la nguoi that hay may vay"))


@pytest.mark.parametrize("message", ["😀😀", "👀", "?!?"])
def test_messages_without_words_get_a_polite_request_for_words(assistant, message):
    assert "gõ câu hỏi bằng chữ" in texts(assistant.say("basics-emoji", message))


def test_very_long_message_is_declined_politely(assistant):
    reply = assistant.say("basics-long", "tôi muốn hỏi về điện thoại và nhiều chuyện khác " * 250)
    assert "dài quá" in texts(reply)


def test_second_miss_in_a_row_offers_people_who_can_help(assistant):
    first = texts(assistant.say("basics-miss", "/nlu_fallback"))
    second = texts(assistant.say("basics-miss", "/nlu_fallback"))
    assert "chưa hiểu" in first and "Tổ công nghệ số cộng đồng" not in first
    assert "Tổ công nghệ số cộng đồng" in second


def test_address_form_follows_the_slots(assistant):
    assistant.say("basics-address", '/greet')
    import requests

    for name, value in {"bac": "anh", "Bac": "Anh", "chau": "em", "Chau": "Em"}.items():
        requests.post(f"{assistant.url}/conversations/basics-address/tracker/events",
                      json={"event": "slot", "name": name, "value": value}, timeout=30).raise_for_status()
    reply = texts(assistant.say("basics-address", "chào em"))
    assert reply.startswith("Em chào anh")


def test_conversation_survives_a_restart(tmp_path):
    from tests.conversation.servers import Assistant

    first = Assistant(tmp_path).start()
    try:
        first.say("basics-restart", "chào cháu")
        events_before = len(first.tracker("basics-restart")["events"])
    finally:
        first.stop()
    second = Assistant(tmp_path).start()
    try:
        events_after = second.tracker("basics-restart")["events"]
        assert len(events_after) == events_before
        assert any(e.get("text") == "chào cháu" for e in events_after)
    finally:
        second.stop()
