"""The knowledge actions on hand-made trackers: clarify, abstain, steps, feedback."""
import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.knowledge import (
    ActionAnswerQuestion,
    ActionGuideStep,
    ActionHandleFeedback,
    requested_step,
)
from bot.knowledge.store import articles


def tracker(text="", intent="faq", ranking=None, slots=None, entities=None, events=None):
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9},
              "entities": entities or [], "article_ranking": ranking or []}
    return Tracker("t", slots or {}, latest, events or [], False, None, {}, "action_listen")


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_confident_ranking_answers_and_sets_kb_article():
    messages, slots = run(ActionAnswerQuestion(), tracker(ranking=[{"id": "pay_qr", "confidence": 0.8},
                                                                  {"id": "pay_transfer", "confidence": 0.1}]))
    assert slots["kb_article"] == "pay_qr"
    assert articles()["pay_qr"].answer.split()[1] in messages[0]["text"]


def test_close_candidates_are_offered_as_buttons_without_answering():
    messages, slots = run(ActionAnswerQuestion(), tracker(ranking=[{"id": "pay_qr", "confidence": 0.35},
                                                                  {"id": "pay_transfer", "confidence": 0.33}]))
    assert slots["kb_article"] is None
    payloads = [b["payload"] for b in messages[-1]["buttons"]]
    assert payloads == ['/choose_article{"article": "pay_qr"}', '/choose_article{"article": "pay_transfer"}']


def test_weak_ranking_is_declined_with_a_way_forward():
    messages, slots = run(ActionAnswerQuestion(), tracker(ranking=[{"id": "pay_qr", "confidence": 0.05}]))
    assert slots["kb_article"] is None
    assert "không dám đoán" in messages[0]["text"]
    assert "Tổ công nghệ số cộng đồng" in messages[1]["text"]


def test_article_entity_from_a_button_wins_over_the_ranking():
    entities = [{"entity": "article", "value": "scam_otp"}]
    _, slots = run(ActionAnswerQuestion(), tracker(intent="choose_article", entities=entities))
    assert slots["kb_article"] == "scam_otp"


def test_next_step_at_the_end_finishes_and_asks_for_feedback():
    article = articles()["vneid_activate"]
    slots = {"guide_article": article.id, "guide_step": float(len(article.steps))}
    messages, events = run(ActionGuideStep(), tracker(intent="step_next", slots=slots))
    assert "Xong rồi" in messages[0]["text"]
    assert messages[-1]["buttons"][0]["payload"] == "/feedback_helpful"
    assert events["guide_article"] is None


def test_repeat_step_out_of_range_says_how_many_steps():
    article = articles()["vneid_activate"]
    slots = {"guide_article": article.id, "guide_step": 2.0}
    messages, _ = run(ActionGuideStep(), tracker(text="nói lại bước 99", intent="step_repeat", slots=slots))
    assert f"chỉ có {len(article.steps)} bước" in messages[0]["text"]
    assert messages[-1]["text"].startswith(f"Bước 2/{len(article.steps)}")


def test_step_commands_without_a_guide_explain_politely():
    messages, _ = run(ActionGuideStep(), tracker(intent="step_next"))
    assert "chưa làm theo hướng dẫn nào" in messages[0]["text"]


def test_requested_step_reads_digits_and_words():
    assert requested_step("nói lại bước 2") == 2
    assert requested_step("buoc thu ba la gi") == 3
    assert requested_step("nhắc lại đi") is None


def test_yes_after_the_feedback_question_counts_as_helpful():
    bot_event = {"event": "bot", "text": "Câu trả lời có giúp được bác không?",
                 "data": {"buttons": [{"payload": "/feedback_helpful"}]}}
    _, slots = run(ActionHandleFeedback(), tracker(intent="affirm", slots={"kb_article": "pay_qr"}, events=[bot_event]))
    assert slots["kb_feedback"] == {"article": "pay_qr", "helpful": True}


def test_yes_out_of_context_records_nothing():
    messages, slots = run(ActionHandleFeedback(), tracker(intent="affirm", events=[{"event": "bot", "text": "Chào bác"}]))
    assert "kb_feedback" not in slots
    assert messages


def test_a_new_guide_pauses_the_unfinished_one_and_offers_it_back_at_the_end():
    slots = {"guide_article": "vneid_activate", "guide_step": 3.0}
    ranking = [{"id": "pay_qr", "confidence": 0.9}, {"id": "pay_transfer", "confidence": 0.05}]
    _, events = run(ActionAnswerQuestion(), tracker(ranking=ranking, slots=slots))
    assert events["paused_guide"] == {"article": "vneid_activate", "step": 3}
    assert events["guide_article"] == "pay_qr"

    qr_steps = len(articles()["pay_qr"].steps)
    slots = {"guide_article": "pay_qr", "guide_step": float(qr_steps), "paused_guide": events["paused_guide"]}
    messages, events = run(ActionGuideStep(), tracker(intent="step_next", slots=slots))
    assert "(bước 3)" in messages[-1]["text"]
    assert events["guide_article"] == "vneid_activate" and events["guide_step"] == 3.0
