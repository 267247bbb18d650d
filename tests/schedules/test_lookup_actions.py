"""The lookup and follow-up actions against a temporary database."""
import json

import pytest

from bot.actions.schedules import ActionClassFollowup, ActionFindClasses
from bot.schedules.importer import CLASS_COLUMNS, import_classes
from tests.schedules.conftest import Conversation, make_tracker, row_dict, run, slot_values, texts, write_csv

FIND = ActionFindClasses()
FOLLOW = ActionClassFollowup()


def ask(text, intent="ask_schedule", **kwargs):
    messages, events = run(FIND, make_tracker(text, intent, **kwargs))
    return messages, slot_values(events)


@pytest.mark.parametrize(
    "question, ids",
    [
        ("thôn Thượng có lớp không", ["BM-05", "BM-09", "BM-11", "BM-12"]),
        ("thon thuong co lop ko", ["BM-05", "BM-09", "BM-11", "BM-12"]),
        ("thứ bảy này có lớp không", ["BM-05", "BM-06"]),
        ("thu bay nay thon thuong", ["BM-05"]),
        ("tổ 7 có lớp lừa đảo không", ["BM-02"]),
        ("to dan pho 7 lua dao", ["BM-02"]),
        ("tổ 17 ngày mai", ["BM-01"]),
        ("chủ nhật tuần sau thôn hạ", ["BM-10"]),
        ("chu nhat tuan sau", ["BM-10"]),
        ("tuần sau có lớp quét mã không", ["BM-08"]),
        ("lớp thanh toán số tháng này", []),
        ("tháng 12 có lớp sức khỏe không", ["BM-10"]),
        ("ngày 15 tháng 12", ["BM-12"]),
        ("15/12 co lop khong", ["BM-12"]),
        ("lớp định danh ở đâu", ["BM-03", "BM-05"]),
        ("dịch vụ công phường tân lập", ["BM-06"]),
        ("khu phố 2", ["BM-06"]),
        ("xom dong cao buoi toi", ["BM-03", "BM-08"]),
        ("lớp ở bưu điện", ["BM-04"]),
        ("hôm nay có lớp không", []),
    ],
)
def test_exact_classes(timetable, question, ids):
    _, slots = ask(question)
    assert slots["class_ids"] == ids


def test_at_most_five_soonest_first_and_readable_aloud(timetable):
    messages, slots = ask("khi nào có lớp học")
    assert slots["class_ids"] == ["BM-01", "BM-02", "BM-03", "BM-04", "BM-05"]
    text = texts(messages)
    assert "Thứ Ba 24/11, 8:00–10:00 — Nhà văn hóa tổ dân phố 17 — Làm quen điện thoại thông minh" in text
    assert "Buổi đã qua" not in text
    assert all(len(b["title"]) <= 20 for m in messages for b in m.get("buttons") or [])


def test_past_classes_are_never_shown(timetable):
    _, slots = ask("20/11 thôn thượng")
    assert slots["class_ids"] == []


def test_nothing_matches_alternatives_are_not_in_class_ids(timetable):
    messages, slots = ask("thôn hạ thứ bảy này")
    assert slots["class_ids"] == []
    text = texts(messages)
    assert "chưa thấy lớp nào" in text
    assert "Chủ Nhật 29/11" in text  # the nearest class in thôn Hạ is suggested
    state = slots["class_query"]
    assert state["suggested"][:1] == ["BM-07"]
    assert "0900 000" in text  # who to call


def test_unknown_village_offers_known_villages_as_buttons(timetable):
    messages, slots = ask("thôn Nam thứ bảy này có lớp không")
    assert slots["class_ids"] == []
    assert "thôn Nam" in texts(messages)
    buttons = messages[0]["buttons"]
    assert 2 <= len(buttons) <= 4
    assert all(len(b["title"]) <= 20 for b in buttons)
    titles = " ".join(b["title"] for b in buttons)
    assert "Thôn Thượng" in titles or "Thôn Hạ" in titles
    # pressing a village button keeps "thứ bảy này" from the question
    thuong = next(b for b in buttons if b["title"] == "Thôn Thượng")
    payload = thuong["payload"]
    assert len(payload.encode()) <= 64
    entities = [{"entity": k, "value": v} for k, v in json.loads(payload[payload.index("{"):]).items()]
    _, again = ask(payload, slots=slots, entities=entities)
    assert again["class_ids"] == ["BM-05"]


def test_a_village_added_by_an_import_is_understood_at_once(timetable):
    _, before = ask("thôn Mới có lớp không")
    assert before["class_ids"] == []
    new = row_dict(("BM-50", "Lớp mới", "basics", "Xã Bình Minh", "Thôn Mới", "Nhà văn hóa thôn Mới", "2026-12-01T08:00", "2026-12-01T10:00", "20"))
    import_classes(write_csv(timetable / "new.csv", CLASS_COLUMNS, [new]))
    _, after = ask("thon moi co lop khong")
    assert after["class_ids"] == ["BM-50"]


def test_sets_user_village(timetable):
    _, slots = ask("thôn thượng tuần sau")
    assert slots["user_village"] == "Thôn Thượng"


def test_follow_ups_on_the_classes_shown(timetable):
    chat = Conversation()
    chat.say(FIND, "thôn thượng có lớp không", "ask_schedule")
    assert chat.slots["class_ids"] == ["BM-05", "BM-09", "BM-11", "BM-12"]
    where = texts(chat.say(FOLLOW, "ở đâu?", "ask_class_place"))
    assert "Nhà văn hóa thôn Thượng" in where
    when = texts(chat.say(FOLLOW, "lớp thứ 2 mấy giờ?", "ask_class_time"))
    assert "Thứ Bảy 05/12, từ 8:00 đến 10:00" in when
    assert chat.slots["class_ids"] == ["BM-09"]
    about = texts(chat.say(FOLLOW, "lớp đó dạy gì?", "ask_class_topic"))
    assert "Bảo vệ tài khoản trước kẻ gian" in about and "lừa đảo" in about.lower()


def test_more_classes_then_nothing_more(timetable):
    chat = Conversation()
    chat.say(FIND, "khi nào có lớp", "ask_schedule")
    first = chat.slots["class_ids"]
    chat.say(FOLLOW, "còn lớp nào khác không", "ask_more_classes")
    second = chat.slots["class_ids"]
    assert not set(first) & set(second)
    assert second == ["BM-06", "BM-07", "BM-08", "BM-09", "BM-10"]
    chat.say(FOLLOW, "còn nữa không", "ask_more_classes")
    assert chat.slots["class_ids"] == ["BM-11", "BM-12", "BM-13"]
    last = texts(chat.say(FOLLOW, "còn lớp nào khác không", "ask_more_classes"))
    assert "không thấy thêm" in last


def test_elliptical_question_continues_the_previous_one(timetable):
    chat = Conversation()
    chat.say(FIND, "thôn thượng tuần này", "ask_schedule")
    assert chat.slots["class_ids"] == ["BM-05"]
    chat.say(FIND, "thế còn tuần sau?", "ask_schedule")
    assert chat.slots["class_ids"] == ["BM-09"]
    chat.say(FIND, "tổ 7 có lớp không", "ask_schedule")  # a new question starts afresh
    assert chat.slots["class_ids"] == ["BM-02", "BM-04", "BM-13"]


def test_follow_up_words_sent_to_the_lookup_still_work(timetable):
    chat = Conversation()
    chat.say(FIND, "thôn hạ", "ask_schedule")
    reply = texts(chat.say(FIND, "mấy giờ?", "ask_schedule"))
    assert "từ 8:00 đến 10:00" in reply


def test_follow_up_without_context_asks_for_a_place(timetable):
    messages, _ = run(FOLLOW, make_tracker("ở đâu?", "ask_class_place"))
    assert "thôn nào" in texts(messages)
    assert messages[0]["buttons"]


def test_invalid_date(timetable):
    messages, slots = ask("31/11 có lớp không")
    assert slots["class_ids"] == [] and "31/11" in texts(messages)


def test_database_down_is_said_politely(db, monkeypatch):
    monkeypatch.setenv("ASSISTANT_DB", "postgresql://nobody@127.0.0.1:1/none")
    messages, events = run(FIND, make_tracker("thôn thượng"))
    assert events == [] and "thử lại" in texts(messages)


def test_address_form_follows_the_slots(timetable):
    messages, _ = ask("thôn thượng", slots={"bac": "anh/chị", "Bac": "Anh/Chị", "chau": "em", "Chau": "Em"})
    assert texts(messages).startswith("Em thấy") and "bác" not in texts(messages).lower().split("bấm")[0]
