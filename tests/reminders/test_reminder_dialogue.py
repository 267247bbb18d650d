"""The dialogue around reminders, action by action: the offer after registering (with the channel
recorded), yes/no by button or typed, and cancelling a registration after a confirmation."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from sqlalchemy import func, select

from bot.actions.knowledge import ActionHandleFeedback
from bot.actions.reminders import ActionAcceptReminders, ActionAskCancelRegistration, ActionCancelRegistration
from bot.actions.schedules import ActionSubmitRegistration
from bot.reminders.models import CANCELLED, PENDING, RegistrationCancellation, Reminder
from bot.schedules.db import session_scope
from bot.schedules.models import Registration
from tests.reminders.conftest import CLASS_ID, accept, register, render
from tests.schedules.conftest import make_tracker, run

SENDER = "telegram:9001"


def tracker(text: str, intent: Optional[str], entities=(), slots=None, channel: Optional[str] = "telegram", offer: List[Dict[str, str]] = ()):
    """A turn of the conversation SENDER: the bot's last message had `offer` as its buttons."""
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": list(entities)}
    events: List[Dict[str, Any]] = []
    if offer:
        events.append({"event": "bot", "text": "…", "data": {"buttons": list(offer)}})
    events.append({"event": "user", "text": text, "parse_data": message, "input_channel": channel})
    result = make_tracker(text, intent, slots, entities, events=events)
    result.sender_id = SENDER
    return result


def said(action, turn) -> List[dict]:
    messages, _ = run(action, turn)
    return [render(m) for m in messages]


def submit(channel: Optional[str], phone: str = "0912345678") -> List[dict]:
    slots = {"registration_class_id": CLASS_ID, "registration_name": "Nguyễn Văn An", "registration_phone": phone}
    return said(ActionSubmitRegistration(), tracker("0912345678", "inform_registration", slots=slots, channel=channel))


def kinds(status: str = PENDING) -> List[str]:
    with session_scope() as session:
        return list(session.execute(select(Reminder.kind).where(Reminder.status == status).order_by(Reminder.id)).scalars())


def registration_ids() -> List[int]:
    with session_scope() as session:
        return list(session.execute(select(Registration.id).order_by(Registration.id)).scalars())


def test_reminder_offer_after_registering_records_the_channel(timetable):
    messages = submit("telegram")
    offer = messages[-1]
    assert offer["text"] == "Cháu nhắn nhắc bác trước 1 ngày và trước 1 giờ nhé?"
    (registration_id,) = registration_ids()
    assert offer["buttons"] == [
        {"title": "Có, nhắc giúp", "payload": f'/reminder_accept{{"registration_id": "{registration_id}"}}'},
        {"title": "Không cần", "payload": "/deny"},
    ]
    with session_scope() as session:
        stored = session.get(Registration, registration_id)
        assert (stored.channel, stored.sender_id) == ("telegram", SENDER)
    assert kinds() == []  # nothing until the resident says yes


def test_reminder_no_offer_without_a_channel_to_reach_the_resident(timetable):
    assert "nhắc" not in submit(None)[-1]["text"]


def test_reminder_accepted_by_the_button(timetable):
    submit("telegram")
    (registration_id,) = registration_ids()
    entities = [{"entity": "registration_id", "value": str(registration_id)}]
    messages = said(ActionAcceptReminders(), tracker("/reminder_accept", "reminder_accept", entities))
    assert messages[0]["text"].startswith("Dạ, cháu sẽ nhắn nhắc bác trước 1 ngày và trước 1 giờ ạ.")
    assert kinds() == ["day_before", "hour_before"]
    said(ActionAcceptReminders(), tracker("/reminder_accept", "reminder_accept", entities))
    assert kinds() == ["day_before", "hour_before"]  # a second tap schedules nothing more


def test_reminder_typed_yes_or_no_under_the_offer(timetable):
    offer = submit("zalo")[-1]["buttons"]
    said(ActionHandleFeedback(), tracker("không", "deny", offer=offer))
    assert kinds() == []
    messages = said(ActionHandleFeedback(), tracker("có", "affirm", offer=offer))
    assert "sẽ nhắn nhắc bác" in messages[0]["text"]
    assert kinds() == ["day_before", "hour_before"]


def test_reminder_cancel_registration_asks_first_then_cancels_it_and_its_reminders(timetable):
    registration_id = register(SENDER, "0912345678")
    accept(registration_id, SENDER)
    question = said(ActionAskCancelRegistration(), tracker("bác muốn hủy đăng ký lớp", "cancel_registration"))[0]
    assert question["text"] == 'Bác muốn hủy đăng ký lớp "Cài VNeID mức 2", Thứ Bảy 28/11, từ 8:00 đến 10:00, phải không ạ?'
    assert registration_ids() == [registration_id]  # asking cancels nothing

    said(ActionHandleFeedback(), tracker("không", "deny", offer=question["buttons"]))
    assert registration_ids() == [registration_id]

    confirm = question["buttons"][0]["payload"]
    entities = [{"entity": "registration_id", "value": str(registration_id)}]
    done = said(ActionCancelRegistration(), tracker(confirm, "confirm_cancel_registration", entities))[0]
    assert done["text"].startswith('Dạ, cháu đã hủy đăng ký lớp "Cài VNeID mức 2" cho bác')
    assert registration_ids() == []
    assert kinds(CANCELLED) == ["day_before", "hour_before"] and kinds() == []
    with session_scope() as session:
        assert session.execute(select(func.count()).select_from(RegistrationCancellation)).scalar_one() == 1


def test_reminder_typed_yes_under_the_cancel_question_cancels(timetable):
    register(SENDER, "0912345678")
    question = said(ActionAskCancelRegistration(), tracker("huy dang ky", "cancel_registration"))[0]
    said(ActionHandleFeedback(), tracker("có", "affirm", offer=question["buttons"]))
    assert registration_ids() == []


def test_reminder_cancel_with_several_registrations_asks_which(timetable):
    first = register(SENDER, "0912345678")
    second = register(SENDER, "0912345678", class_id="BM-09")
    question = said(ActionAskCancelRegistration(), tracker("hủy đăng ký", "cancel_registration"))[0]
    assert question["text"] == "Bác đăng ký mấy lớp sắp tới. Bác muốn hủy lớp nào ạ?"
    assert [b["payload"] for b in question["buttons"]] == [
        f'/cancel_registration{{"registration_id": "{first}"}}', f'/cancel_registration{{"registration_id": "{second}"}}',
    ]


def test_reminder_cancel_of_another_conversations_registration_is_refused(timetable):
    other = register("zalo:777", "0987654321", channel="zalo")
    entities = [{"entity": "registration_id", "value": str(other)}]
    asked = said(ActionAskCancelRegistration(), tracker("/cancel_registration", "cancel_registration", entities))[0]
    done = said(ActionCancelRegistration(), tracker("/confirm_cancel_registration", "confirm_cancel_registration", entities))[0]
    assert asked["text"] == done["text"] == "Cháu không thấy bác đăng ký lớp nào sắp tới ạ."
    assert registration_ids() == [other]
