"""A cancelled class: its reminders stop, everyone registered through the assistant is told once
(however often the same file is imported), reinstating it brings the reminders back, and an old
offer accepted after the cancellation promises nothing."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.actions.knowledge import ActionHandleFeedback
from bot.actions.reminders import ActionAcceptReminders
from bot.reminders import conversation
from bot.reminders import settings as reminder_settings
from bot.reminders.models import CLASS_CANCELLED, PENDING, Reminder
from bot.schedules import registration
from bot.schedules.cancellation import cancel_class, reinstate_class
from bot.schedules.db import session_scope
from bot.schedules.importer import CLASS_COLUMNS, OPTIONAL_CLASS_COLUMNS, import_classes
from tests.reminders.conftest import CLASS_ID, CLASS_START, Clock, accept, register
from tests.reminders.test_reminder_dialogue import SENDER, registration_ids, said, submit, tracker
from tests.schedules.conftest import CLASSES, row_dict, write_csv

REGISTERED_AT = datetime(2026, 11, 23, 9, 0)
CANCELLED_AT = datetime(2026, 11, 24, 10, 0)
MOMENTS = (CANCELLED_AT, CLASS_START - timedelta(hours=24), CLASS_START - timedelta(hours=1))


def import_timetable(folder, status: str = ""):
    rows = [dict(row_dict(r), status=status if r[0] == CLASS_ID else "", cancel_reason="") for r in CLASSES]
    return import_classes(write_csv(folder / "timetable.csv", CLASS_COLUMNS + OPTIONAL_CLASS_COLUMNS, rows))


def pending_kinds():
    with session_scope() as session:
        return sorted(session.execute(select(Reminder.kind).where(Reminder.status == PENDING)).scalars())


def run_through(worker, clock, moments=MOMENTS):
    for moment in moments:
        clock.now = moment
        worker.run_once()


def test_reminder_cancelled_class_in_the_import_tells_everyone_once_and_stops_reminders(timetable, delivery, make_worker, monkeypatch):
    accept(register("telegram:9001", "0912345678"), "telegram:9001")
    register("zalo:77", "0987654321", channel="zalo")  # registered, did not want reminders
    registration.register(CLASS_ID, "Trần Thị Hoa", "0388123456", REGISTERED_AT)  # written down by an official
    monkeypatch.setenv("ASSISTANT_TODAY", CANCELLED_AT.isoformat(timespec="minutes"))

    report = import_timetable(timetable, "hủy")
    assert (report.cancelled, report.cancel_notices) == (1, 2)
    assert "Trợ lý sẽ nhắn báo hủy lớp cho 2 người" in report.summary()
    again = import_timetable(timetable, "hủy")
    assert (again.cancelled, again.cancel_notices, again.change_notices) == (0, 0, 0)
    assert pending_kinds() == [CLASS_CANCELLED, CLASS_CANCELLED]

    clock = Clock(CANCELLED_AT)
    run_through(make_worker(clock), clock)
    assert sorted((s.job.recipient_id, s.job.kind) for s in delivery.said) == [
        ("telegram:9001", CLASS_CANCELLED), ("zalo:77", CLASS_CANCELLED),
    ]
    notice = delivery.said[0]
    assert "xin lỗi" in notice.text and "Cài VNeID mức 2" in notice.text and "bị hủy" in notice.text
    assert "Thứ Bảy 28/11" in notice.text and "{" not in notice.text
    assert [b["payload"] for b in notice.buttons] == ["/ask_schedule"]


def test_reminder_reinstated_class_reschedules_and_tells_those_who_were_told(timetable, delivery, make_worker):
    accept(register("telegram:9001", "0912345678"), "telegram:9001")
    assert cancel_class(CLASS_ID, "giảng viên ốm", CANCELLED_AT) == 1
    clock = Clock(CANCELLED_AT)
    worker = make_worker(clock)
    worker.run_once()
    assert [s.job.kind for s in delivery.said] == [CLASS_CANCELLED]

    reinstated_at = CANCELLED_AT + timedelta(hours=2)
    assert reinstate_class(CLASS_ID, reinstated_at, reminder_settings.load()) == 1
    assert reinstate_class(CLASS_ID, reinstated_at, reminder_settings.load()) == 0  # a second click
    run_through(worker, clock, (reinstated_at,) + MOMENTS[1:])
    assert [s.job.kind for s in delivery.said] == [CLASS_CANCELLED, "class_changed", "day_before", "hour_before"]
    assert "Thứ Bảy 28/11" in delivery.said[1].text


def test_reminder_cancelled_class_reinstated_before_the_notice_went_out_says_nothing_about_it(timetable, delivery, make_worker):
    accept(register("telegram:9001", "0912345678"), "telegram:9001")
    assert cancel_class(CLASS_ID, "", CANCELLED_AT) == 1
    assert cancel_class(CLASS_ID, "", CANCELLED_AT) == 0
    assert reinstate_class(CLASS_ID, CANCELLED_AT, reminder_settings.load()) == 0
    clock = Clock(CANCELLED_AT)
    run_through(make_worker(clock), clock)
    assert [s.job.kind for s in delivery.said] == ["day_before", "hour_before"]


def reminder_rows():
    with session_scope() as session:
        return sorted((r.registration_id, r.kind, r.status) for r in session.execute(select(Reminder)).scalars())


def test_reminder_old_offer_accepted_after_the_class_was_cancelled_says_it_was_cancelled(timetable):
    """The offer's "Có, nhắc giúp" (or a typed "có" under it) tapped after an official cancelled the
    class: no promise of a reminder that would never come, and no reminder scheduled."""
    offer = submit("telegram")[-1]["buttons"]
    (registration_id,) = registration_ids()
    assert cancel_class(CLASS_ID, "giảng viên ốm", CANCELLED_AT) == 1
    before = reminder_rows()
    assert [kind for _, kind, _ in before] == [CLASS_CANCELLED]  # the cancellation's own notice

    entities = [{"entity": "registration_id", "value": str(registration_id)}]
    tapped = said(ActionAcceptReminders(), tracker(offer[0]["payload"], "reminder_accept", entities))
    typed = said(ActionHandleFeedback(), tracker("có", "affirm", offer=offer))
    for messages in (tapped, typed):
        (reply,) = messages
        assert "sẽ nhắn nhắc" not in reply["text"] and "{" not in reply["text"]
        assert reply["text"].startswith('Cháu xin lỗi bác: lớp "Cài VNeID mức 2" (Thứ Bảy 28/11')
        assert "bị hủy" in reply["text"] and "không nhắc" in reply["text"]
        assert reply["buttons"] == [{"title": "Xem lớp khác", "payload": "/ask_schedule"}]
        assert "giảng viên ốm" not in reply["text"]  # the reason is for officials only (README)
    assert reminder_rows() == before


def test_reminder_old_offer_accepted_after_the_registration_was_cancelled_schedules_nothing(timetable):
    registration_id = register(SENDER, "0912345678")
    conversation.cancel_registration(registration_id, SENDER)
    entities = [{"entity": "registration_id", "value": str(registration_id)}]
    (reply,) = said(ActionAcceptReminders(), tracker("/reminder_accept", "reminder_accept", entities))
    assert "sẽ nhắn nhắc" not in reply["text"] and "không thấy bác đăng ký" in reply["text"]
    assert reminder_rows() == []
