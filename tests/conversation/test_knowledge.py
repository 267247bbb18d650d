"""Knowledge-base conversations: answers, step mode, follow-ups, feedback."""
import pytest

from bot.knowledge.store import articles
from tests.conversation.conftest import button_payloads, texts

pytestmark = pytest.mark.model

ACTIVATE = articles()["vneid_activate"]


def test_question_without_diacritics_is_answered_with_its_article(assistant):
    reply = assistant.say("kb-plain", "cong an bao co tai khoan muc 2 roi, kich hoat tren dien thoai the nao")
    assert assistant.slot("kb-plain", "kb_article") == "vneid_activate"
    assert "Bước 1/" in texts(reply)


def test_step_mode_walks_through_the_procedure(assistant):
    sender = "kb-steps"
    reply = assistant.say(sender, "kích hoạt tài khoản định danh mức 2 trên điện thoại như thế nào")
    assert "/step_next" in button_payloads(reply)
    assert f"Bước 1/{len(ACTIVATE.steps)}" in texts(reply)

    assert f"Bước 2/{len(ACTIVATE.steps)}" in texts(assistant.say(sender, "/step_next"))
    not_done = texts(assistant.say(sender, "/step_not_done"))
    tip = ACTIVATE.steps[1].help
    assert (tip and tip.split()[0] in not_done) or "Tổ công nghệ số cộng đồng" in not_done
    assert assistant.slot(sender, "guide_step") == 2.0

    repeated = texts(assistant.say(sender, "nói lại bước 3 giúp bác"))
    assert f"Bước 3/{len(ACTIVATE.steps)}" in repeated


def test_yes_or_no_under_a_step_answers_whether_it_worked(assistant):
    sender = "kb-yes-no"
    assistant.say(sender, "kích hoạt tài khoản định danh mức 2 trên điện thoại như thế nào")
    assert f"Bước 2/{len(ACTIVATE.steps)}" in texts(assistant.say(sender, "/affirm"))
    not_done = texts(assistant.say(sender, "/deny"))
    tip = ACTIVATE.steps[1].help
    assert (tip and tip.split()[0] in not_done) or "Tổ công nghệ số cộng đồng" in not_done
    assert assistant.slot(sender, "guide_step") == 2.0
    assert not [e for e in assistant.tracker(sender)["events"] if e.get("name") == "kb_feedback"]


def test_guide_resumes_after_another_question(assistant):
    sender = "kb-resume"
    assistant.say(sender, "kich hoat tai khoan dinh danh muc 2 tren dt")
    assistant.say(sender, "/step_next")
    assistant.say(sender, "ngay hoi toan dan hoc tap so la ngay nao vay")
    assert assistant.slot(sender, "kb_article") == "movement_digital_day"
    resumed = texts(assistant.say(sender, "/step_continue"))
    assert f"Bước 3/{len(ACTIVATE.steps)}" in resumed, "resumes at the next unfinished step"
    assert assistant.slot(sender, "guide_article") == "vneid_activate"


def test_show_all_steps_then_feedback_is_recorded_as_an_event(assistant):
    sender = "kb-feedback"
    assistant.say(sender, "kích hoạt tài khoản định danh mức 2 trên điện thoại như thế nào")
    everything = assistant.say(sender, "/step_show_all")
    assert f"{len(ACTIVATE.steps)}. " in texts(everything)
    assert "/feedback_helpful" in button_payloads(everything)
    assistant.say(sender, "/feedback_not_helpful")
    events = assistant.tracker(sender)["events"]
    feedback = [e for e in events if e.get("event") == "slot" and e.get("name") == "kb_feedback"]
    assert feedback[-1]["value"] == {"article": "vneid_activate", "helpful": False}


def test_stop_then_continue(assistant):
    sender = "kb-stop"
    assistant.say(sender, "kích hoạt tài khoản định danh mức 2 trên điện thoại như thế nào")
    assert "tiếp tục" in texts(assistant.say(sender, "/step_stop"))
    assert "Bước 1/" in texts(assistant.say(sender, "/step_continue"))


def test_other_way_uses_the_articles_alternative(assistant):
    sender = "kb-other"
    assistant.say(sender, "kích hoạt tài khoản định danh mức 2 trên điện thoại như thế nào")
    reply = texts(assistant.say(sender, "/other_way"))
    assert "vneid.gov.vn" in reply


def test_choosing_an_article_from_a_button_answers_it(assistant):
    sender = "kb-choose"
    assistant.say(sender, '/choose_article{"article": "scam_report"}')
    assert assistant.slot(sender, "kb_article") == "scam_report"


def test_chit_chat_after_an_answer_clears_kb_article(assistant):
    sender = "kb-clear"
    assistant.say(sender, '/choose_article{"article": "pay_qr"}')
    assistant.say(sender, "cam on chau")
    assert assistant.slot(sender, "kb_article") is None
