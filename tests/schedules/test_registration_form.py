"""Registration conversations, driven the way Rasa runs a form.

`FormChat` does what Rasa's FormAction does around our actions: it fills the
requested slot from the text (from_text mapping) or from a button's class_id
entity, calls validate_class_registration_form, stops when the validation sets
requested_slot to None, asks for the next empty slot (utter_ask_* or
action_ask_registration_class_id), and runs action_submit_registration when
the form ends.
"""
import threading
from datetime import datetime

from sqlalchemy import select

from bot.actions.schedules import (
    ActionAskRegistrationClassId,
    ActionFindClasses,
    ActionSubmitRegistration,
    ValidateClassRegistrationForm,
)
from bot.schedules import registration
from bot.schedules.db import session_scope
from bot.schedules.models import Registration
from tests.schedules.conftest import Conversation, make_tracker, run, slot_values, texts

FORM = "class_registration_form"
REQUIRED = ["registration_class_id", "registration_name", "registration_phone"]


class FormChat(Conversation):
    def __init__(self):
        super().__init__()
        self.active = False
        self.finished = False

    def look(self, text):
        return self.say(ActionFindClasses(), text, "ask_schedule")

    def user(self, text, intent="inform_registration", entities=()):
        candidates = {e["name"] if "name" in e else "registration_class_id": e["value"] for e in entities if e["entity"] == "class_id"}
        if not self.active:
            assert intent == "register_class"
            self.active, self.finished = True, False
            requested = None
        else:
            requested = self.slots.get("requested_slot")
            if requested in ("registration_name", "registration_phone"):
                candidates[requested] = text
        self.slots.update(candidates)
        self.slots["requested_slot"] = requested
        events = [{"event": "user", "text": text}, {"event": "action", "name": FORM}]
        events += [{"event": "slot", "name": k, "value": v} for k, v in candidates.items()]
        tracker = make_tracker(text, intent, self.slots, entities, events=events, active_loop=FORM)
        messages, validation = run(ValidateClassRegistrationForm(), tracker)
        values = slot_values(validation)
        self.slots.update(values)
        if "requested_slot" in values and values["requested_slot"] is None:
            return messages + self._submit()
        missing = next((s for s in REQUIRED if self.slots.get(s) is None), None)
        if missing is None:
            return messages + self._submit()
        self.slots["requested_slot"] = missing
        if missing == "registration_class_id":
            asked, _ = run(ActionAskRegistrationClassId(), make_tracker(text, intent, self.slots))
            return messages + asked
        return messages + [{"text": f"utter_ask_{missing}"}]

    def _submit(self):
        self.active, self.finished = False, True
        self.slots["requested_slot"] = None
        messages, events = run(ActionSubmitRegistration(), make_tracker("", None, self.slots))
        self.slots.update(slot_values(events))
        return messages


def stored():
    with session_scope() as session:
        return [(r.class_id, r.name, r.phone) for r in session.execute(select(Registration).order_by(Registration.id)).scalars()]


def test_happy_path(timetable):
    chat = FormChat()
    chat.look("thôn thượng thứ bảy này có lớp không")
    assert chat.slots["class_ids"] == ["BM-05"]
    assert texts(chat.user("đăng ký lớp này", "register_class")) == "utter_ask_registration_name"
    assert texts(chat.user("dạ, tên tôi là nguyễn văn an")) == "utter_ask_registration_phone"
    done = texts(chat.user("0912 345 678"))
    assert chat.finished
    assert stored() == [("BM-05", "Nguyễn Văn An", "0912345678")]
    assert "Nguyễn Văn An" in done and "Thứ Bảy 28/11, 8:00–10:00 — Nhà văn hóa thôn Thượng" in done
    assert "0912 345 678" in done
    assert all(chat.slots[s] is None for s in REQUIRED)


def test_wrong_phone_number_is_explained_then_fixed(timetable):
    chat = FormChat()
    chat.look("tổ 17 ngày mai")
    chat.user("đăng ký", "register_class")
    chat.user("Trần Thị Hoa")
    wrong = texts(chat.user("091234567"))
    assert "9 chữ số" in wrong and "10 chữ số" in wrong
    assert chat.slots["requested_slot"] == "registration_phone" and not chat.finished
    landline = texts(chat.user("0243 123 4567"))
    assert "máy bàn" in landline
    chat.user("+84 987 654 321")
    assert stored() == [("BM-01", "Trần Thị Hoa", "0987654321")]


def test_full_class_is_refused_politely(timetable):
    registration.register("BM-07", "Người Khác", "0900111222", datetime(2026, 11, 23))
    chat = FormChat()
    chat.look("thôn hạ chủ nhật này")
    assert chat.slots["class_ids"] == ["BM-07"]
    reply = texts(chat.user("đăng ký lớp này", "register_class"))
    assert "đã đủ chỗ" in reply
    assert chat.finished and stored() == [("BM-07", "Người Khác", "0900111222")]


def test_full_class_offers_the_others_with_seats(timetable):
    registration.register("BM-07", "Người Khác", "0900111222", datetime(2026, 11, 23))
    chat = FormChat()
    chat.look("thôn hạ có lớp không")
    assert chat.slots["class_ids"] == ["BM-07", "BM-10"]
    reply = chat.user("/register_class", "register_class", entities=[{"entity": "class_id", "value": "BM-07"}])
    assert "đã đủ chỗ" in texts(reply)
    buttons = [b for m in reply for b in m.get("buttons") or []]
    assert [b["payload"] for b in buttons] == ['/register_class{"class_id": "BM-10"}']
    assert all(len(b["title"]) <= 20 for b in buttons)
    chat.user("/register_class", "register_class", entities=[{"entity": "class_id", "value": "BM-10"}])
    chat.user("Lê Văn Bình")
    chat.user("0388123456")
    assert stored()[-1] == ("BM-10", "Lê Văn Bình", "0388123456")


def test_duplicate_registration_is_refused(timetable):
    registration.register("BM-05", "Nguyễn Văn An", "0912345678", datetime(2026, 11, 23))
    chat = FormChat()
    chat.look("thôn thượng thứ bảy này")
    chat.user("đăng ký", "register_class")
    chat.user("Nguyễn Văn An")
    reply = texts(chat.user("0912.345.678"))
    assert "đã đăng ký lớp này rồi" in reply
    assert chat.finished and len(stored()) == 1


def test_choosing_among_several_classes(timetable):
    chat = FormChat()
    chat.look("thôn thượng có lớp không")
    reply = chat.user("đăng ký học", "register_class")
    assert "lớp nào" in texts(reply)
    buttons = [b for m in reply for b in m.get("buttons") or []]
    assert len(buttons) == 4 and all(len(b["title"]) <= 20 for b in buttons)
    not_clear = texts(chat.user("cái gì cũng được"))
    assert "chưa rõ" in not_clear
    chat.user("thứ bảy 5/12")
    assert chat.slots["registration_class_id"] == "BM-09"
    chat.user("Phạm Thị Lan 0977111222")
    assert stored() == [("BM-09", "Phạm Thị Lan", "0977111222")]


def test_ordinal_choice_and_direct_registration(timetable):
    chat = FormChat()
    chat.look("thôn thượng có lớp không")
    chat.user("đăng ký lớp thứ hai", "register_class")
    assert chat.slots["registration_class_id"] == "BM-09"
    other = FormChat()
    other.user("đăng ký lớp lừa đảo ở tổ 7", "register_class")
    assert other.slots["registration_class_id"] == "BM-02"


def test_registration_without_any_class_in_mind(timetable):
    chat = FormChat()
    reply = texts(chat.user("đăng ký học", "register_class"))
    assert "hỏi lịch học trước" in reply and chat.finished and stored() == []


def test_stop_in_the_middle(timetable):
    chat = FormChat()
    chat.look("tổ 17 ngày mai")
    chat.user("đăng ký", "register_class")
    reply = texts(chat.user("thôi không đăng ký nữa"))
    assert "dừng" in reply and chat.finished and stored() == []
    assert chat.slots["registration_class_id"] is None


def test_name_that_is_not_a_name(timetable):
    chat = FormChat()
    chat.look("tổ 17 ngày mai")
    chat.user("đăng ký", "register_class")
    reply = texts(chat.user("123 ???"))
    assert "họ tên" in reply and chat.slots["requested_slot"] == "registration_name"


def test_class_already_started(timetable, monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-11-24T08:30")
    chat = FormChat()
    chat.slots["class_ids"] = ["BM-01"]
    reply = texts(chat.user("đăng ký lớp này", "register_class"))
    assert "đã bắt đầu" in reply and stored() == []


def test_seat_taken_between_form_and_submit(timetable):
    chat = FormChat()
    chat.look("thôn hạ chủ nhật này")
    chat.user("đăng ký", "register_class")
    chat.user("Ngô Thị Tư")
    registration.register("BM-07", "Người Nhanh Hơn", "0900333444", datetime(2026, 11, 23))
    reply = texts(chat.user("0912000111"))
    assert "đã đủ chỗ" in reply
    assert [r[2] for r in stored()] == ["0900333444"]


def test_last_seat_goes_to_exactly_one_person(timetable):
    results = []

    def attempt(i):
        try:
            registration.register("BM-07", f"Người {i}", f"091200{i:04d}", datetime(2026, 11, 23))
            results.append("ok")
        except registration.RegistrationRefused as refused:
            results.append(refused.reason)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1 and results.count(registration.FULL) == 5
    assert len(stored()) == 1
