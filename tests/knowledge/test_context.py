"""Follow-ups that lean on the last answer, resuming guides, the offer after 👎, the topic's own helpers."""
import pytest

from bot.actions.conversation import ActionHumanHandoff
from bot.actions.knowledge import ActionAnswerQuestion, ActionGuideStep, ActionHandleFeedback
from bot.actions.scam_check import ActionCheckMessage
from bot.knowledge.store import articles
from tests.knowledge.test_actions import run, tracker

UNSURE = [{"id": "vneid_level2", "confidence": 0.3}, {"id": "pay_qr", "confidence": 0.25},
          {"id": "vneid_register_level1", "confidence": 0.2}]


def test_a_short_follow_up_is_answered_in_the_last_answers_topic():
    _, slots = run(ActionAnswerQuestion(), tracker("thế người già có làm được không?", ranking=UNSURE,
                                                   slots={"kb_article": "vneid_level2"}))
    assert slots["kb_article"] == "vneid_level2"


def test_the_same_question_without_a_previous_answer_asks_which_one():
    _, slots = run(ActionAnswerQuestion(), tracker("thế người già có làm được không?", ranking=UNSURE))
    assert slots["kb_article"] is None


def test_a_new_topic_is_not_forced_into_the_old_one():
    ranking = [{"id": "pay_qr", "confidence": 0.35}, {"id": "pay_transfer", "confidence": 0.3}]
    _, slots = run(ActionAnswerQuestion(), tracker("quét mã qr trả tiền chợ", ranking=ranking,
                                                   slots={"kb_article": "vneid_level2"}))
    assert slots["kb_article"] is None


def test_who_to_call_after_a_scam_answer_gives_the_scam_helpers_first():
    messages, _ = run(ActionHumanHandoff(), tracker("thế thì gọi cho ai?", intent="human_handoff",
                                                    slots={"kb_article": "scam_victim"}))
    victim = articles()["scam_victim"]
    assert victim.handoff and "113" in messages[0]["text"]
    assert "Tổ công nghệ số cộng đồng" in messages[-1]["text"]


def test_continue_after_another_question_goes_to_the_next_step():
    slots = {"guide_article": "vneid_activate", "guide_step": 2.0, "kb_article": "movement_digital_day"}
    messages, events = run(ActionGuideStep(), tracker(intent="step_continue", slots=slots))
    assert events["guide_step"] == 3.0
    assert f"Bước 3/" in messages[0]["text"]


def test_continue_after_stop_shows_the_same_step():
    slots = {"guide_article": "vneid_activate", "guide_step": 2.0, "kb_article": "vneid_activate"}
    _, events = run(ActionGuideStep(), tracker(intent="step_continue", slots=slots))
    assert events["guide_step"] == 2.0


def test_thumbs_down_offers_rephrase_related_topics_or_a_person():
    events = [{"event": "bot", "text": "...", "data": {"buttons": [{"payload": "/feedback_helpful"}]}}]
    messages, slots = run(ActionHandleFeedback(), tracker("👎", intent="feedback_not_helpful", events=events,
                                                          slots={"kb_article": "pay_qr"}))
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads == ["/help", '/browse_topic{"topic": "payment"}', "/human_handoff"]
    assert slots["kb_feedback"] == {"article": "pay_qr", "helpful": False}


@pytest.mark.parametrize("text, verdict", [
    ("VCB: Tai khoan bi khoa, vao vcb-xacthuc.top de mo", "scam"),
    ("Mẹ ơi tối nay con về muộn", "no_red_flags"),
])
def test_checking_a_message_sets_the_verdict_slot_and_never_the_article(text, verdict):
    messages, slots = run(ActionCheckMessage(), tracker(text, intent="check_message"))
    assert slots["scam_verdict"] == verdict
    assert slots["scam_check"]["verdict"] == verdict
    assert slots["kb_article"] is None
    if verdict == "scam":
        assert messages[0]["response"] == "utter_scam_verdict_scam"
        assert "vcb-xacthuc.top" in messages[1]["text"]
        assert '/choose_article{"article": "scam_victim"}' in [b["payload"] for b in messages[2]["buttons"]]
    else:
        assert messages[0]["response"] == "utter_scam_verdict_no_red_flags"


def test_the_message_the_form_asked_for_is_the_one_checked():
    _, slots = run(ActionCheckMessage(), tracker("/ask_message_check", intent="ask_message_check",
                                                 slots={"message_to_check": "Ban trung thuong, nop phi 500k de nhan qua"}))
    assert slots["scam_verdict"] == "scam"
    assert slots["message_to_check"] is None


def test_a_scam_situation_answered_from_an_article_also_records_the_verdict():
    from bot.knowledge.routing import SAFETY_KEY

    latest_ranking = [{"id": "scam_prize_delivery", "confidence": 0.9}]
    t = tracker("có người nhắn tôi trúng thưởng, phải đóng phí", ranking=latest_ranking)
    t.latest_message[SAFETY_KEY] = {"kind": "situation", "verdict": "scam", "article": "scam_prize_delivery"}
    _, slots = run(ActionAnswerQuestion(), t)
    assert slots["kb_article"] == "scam_prize_delivery" and slots["scam_verdict"] == "scam"
