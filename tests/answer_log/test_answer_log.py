"""The actions write the answer log: what was asked (masked), what the assistant did, 👍/👎.

Real actions run on hand-made trackers against a database of their own; the
rows are read back with SQL. The log keeps no sender id, phone, ID number or
code, and nothing of a message sent to the scam checker but its verdict; a
database that cannot be written costs no answer, and a slow one does not
stall the action server's event loop.
"""
from __future__ import annotations

import asyncio
import json
import logging
import threading
import time

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import event, select

from bot.actions.conversation import ActionHandleFallback, ActionSmallTalk
from bot.actions.knowledge import ActionAnswerQuestion, ActionHandleFeedback
from bot.actions.scam_check import ActionCheckMessage
from bot.actions.schedules import ActionFindClasses
from bot.answer_log import user_hash
from bot.answer_log.models import AnswerLogEntry
from bot.database import get_engine, session_scope

SENDER = "telegram:123456789"
PHONE, CCCD, OTP = "0912345678", "001203004567", "482913"
CONFIDENT = [{"id": "vneid_activate", "confidence": 0.82}, {"id": "vneid_level2", "confidence": 0.07}]
SCAM_TEXT = f"VCB thong bao tai khoan bi khoa, bam http://vcb-xacminh.top nhap OTP {OTP} de mo khoa"


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DB", f"sqlite:///{tmp_path / 'assistant.db'}")
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-06")


def tracker(text, intent="faq", ranking=None, slots=None, entities=None, events=None, channel="telegram"):
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.93}, "entities": entities or [],
              "article_ranking": ranking or []}
    history = events if events is not None else [{"event": "user", "text": text, "parse_data": latest, "input_channel": channel}]
    return Tracker(SENDER, slots or {}, latest, history, False, None, {}, "action_listen")


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, events


def rows():
    with session_scope() as session:
        return list(session.execute(select(AnswerLogEntry).order_by(AnswerLogEntry.id)).scalars())


def test_an_answer_is_logged_masked_and_without_the_sender_id():
    question = f"số em {PHONE}, căn cước {CCCD}, mã {OTP}: cài vneid thế nào"
    run(ActionAnswerQuestion(), tracker(question, ranking=CONFIDENT))
    [row] = rows()
    assert (row.decision, row.article_id, row.intent, row.channel) == ("answered", "vneid_activate", "faq", "telegram")
    assert row.question == "số em [SĐT], căn cước [số giấy tờ], mã [mã số]: cài vneid thế nào"
    assert row.user_hash == user_hash(SENDER) and SENDER not in row.user_hash and "123456789" not in row.user_hash
    assert json.loads(row.candidates)[0] == {"id": "vneid_activate", "confidence": 0.82}
    assert row.confidence == pytest.approx(0.93) and row.helpful is None


def test_clarify_and_decline_are_logged_with_their_candidates():
    close = [{"id": "pay_qr", "confidence": 0.35}, {"id": "pay_transfer", "confidence": 0.33}]
    run(ActionAnswerQuestion(), tracker("chuyển tiền", ranking=close))
    run(ActionAnswerQuestion(), tracker("cái đó làm sao", ranking=[{"id": "pay_qr", "confidence": 0.05}]))
    clarified, declined = rows()
    assert (clarified.decision, clarified.article_id) == ("clarified", None)
    assert [c["id"] for c in json.loads(clarified.candidates)] == ["pay_qr", "pay_transfer"]
    assert (declined.decision, declined.question) == ("declined", "cái đó làm sao")


def test_an_article_chosen_by_button_logs_the_question_typed_before_it():
    typed = {"event": "user", "text": "chuyển tiền", "input_channel": "zalo"}
    button = {"event": "user", "text": '/choose_article{"article": "pay_qr"}', "input_channel": "zalo"}
    chosen = tracker(button["text"], intent="choose_article", entities=[{"entity": "article", "value": "pay_qr"}],
                     events=[typed, {"event": "bot", "text": "?"}, button])
    run(ActionAnswerQuestion(), chosen)
    [row] = rows()
    assert (row.decision, row.article_id, row.question, row.channel) == ("answered", "pay_qr", "chuyển tiền", "zalo")


def test_feedback_marks_the_answer_it_judged():
    run(ActionAnswerQuestion(), tracker("cài vneid thế nào", ranking=CONFIDENT))
    offer = {"event": "bot", "text": "Có giúp được không?", "data": {"buttons": [
        {"title": "👍", "payload": "/feedback_helpful"}, {"title": "👎", "payload": "/feedback_not_helpful"}]}}
    feedback = tracker("/feedback_not_helpful", intent="feedback_not_helpful", slots={"kb_article": "vneid_activate"},
                       events=[offer, {"event": "user", "text": "/feedback_not_helpful"}])
    run(ActionHandleFeedback(), feedback)
    [row] = rows()
    assert row.helpful is False and row.feedback_at is not None


def test_a_checked_message_leaves_only_its_verdict():
    messages, _ = run(ActionCheckMessage(), tracker(SCAM_TEXT, intent="check_message"))
    assert messages
    [row] = rows()
    assert (row.decision, row.question, row.scam_verdict) == ("scam_check", None, "scam")
    assert json.loads(row.scam_flags)
    stored = " ".join(str(value) for value in row.__dict__.values())
    assert OTP not in stored and "vcb-xacminh" not in stored


def test_a_question_the_scam_rules_judged_keeps_its_verdict_not_its_text():
    situation = tracker(f"có người gọi bảo đọc mã {OTP} để nhận quà", ranking=[{"id": "scam_otp", "confidence": 0.9}])
    situation.latest_message["scam_routing"] = {"kind": "situation", "verdict": "scam", "flags": ["otp_request"]}
    run(ActionAnswerQuestion(), situation)
    [row] = rows()
    assert (row.decision, row.article_id, row.question, row.scam_verdict) == ("answered", "scam_otp", None, "scam")
    assert json.loads(row.scam_flags) == ["otp_request"]


def test_fallback_out_of_scope_small_talk_and_schedule_questions_are_logged():
    run(ActionHandleFallback(), tracker("asdf qwer", intent="nlu_fallback"))
    run(ActionSmallTalk(), tracker("giá vàng hôm nay", intent="out_of_scope"))
    run(ActionSmallTalk(), tracker("chào cháu", intent="greet"))
    run(ActionFindClasses(), tracker("thôn Đông có lớp không", intent="ask_schedule"))
    assert [r.decision for r in rows()] == ["fallback", "out_of_scope", "small_talk", "schedule"]


def test_a_database_that_cannot_be_written_costs_no_answer(monkeypatch, caplog):
    monkeypatch.setenv("ASSISTANT_DB", "postgresql://nobody@127.0.0.1:1/none")
    with caplog.at_level(logging.WARNING, logger="bot.answer_log"):
        messages, events = run(ActionAnswerQuestion(), tracker(f"số em {PHONE} cài vneid", ranking=CONFIDENT))
    assert messages and {"event": "slot", "name": "kb_article", "value": "vneid_activate", "timestamp": None} in events
    assert "Answer log not written" in caplog.text and PHONE not in caplog.text


def test_a_slow_write_does_not_stall_the_event_loop():
    engine = get_engine()
    slept_on = []

    def slow(*_):
        slept_on.append(threading.current_thread())
        time.sleep(0.5)

    async def main():
        gaps, stop = [], asyncio.Event()

        async def ticker():
            last = time.perf_counter()
            while not stop.is_set():
                await asyncio.sleep(0.01)
                gaps.append(time.perf_counter() - last)
                last = time.perf_counter()

        task = asyncio.create_task(ticker())
        await ActionAnswerQuestion().run(CollectingDispatcher(), tracker("cài vneid", ranking=CONFIDENT), {})
        stop.set()
        await task
        return threading.current_thread(), max(gaps)

    event.listen(engine, "before_cursor_execute", slow)
    try:
        loop_thread, longest_gap = asyncio.run(main())
    finally:
        event.remove(engine, "before_cursor_execute", slow)
    assert slept_on and all(thread is not loop_thread for thread in slept_on)
    assert longest_gap < 0.25
