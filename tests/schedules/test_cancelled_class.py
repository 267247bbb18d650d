"""A cancelled class: the import's optional `status` column, the schedule answers that no
longer show it, and registration that refuses it politely."""
from __future__ import annotations

from datetime import datetime

import pytest

from bot.schedules import registration
from bot.schedules.cancellation import cancel_class, reinstate_class
from bot.schedules.db import session_scope
from bot.schedules.importer import CLASS_COLUMNS, OPTIONAL_CLASS_COLUMNS, ImportRejected, import_classes
from bot.schedules.models import ClassSession
from bot.reminders import settings as reminder_settings
from tests.schedules.conftest import CLASSES, row_dict, texts, write_csv
from tests.schedules.test_registration_form import FormChat, stored

NOW = datetime(2026, 11, 23, 9, 0)
QUESTION = "thôn thượng thứ bảy này có lớp không"
SATURDAY = "thứ bảy này có lớp nào"


def cancelled_ids():
    with session_scope() as session:
        return sorted(c.id for c in session.query(ClassSession) if c.cancelled)


def import_with_status(folder, statuses, reasons=None):
    rows = [dict(row_dict(r), status=statuses.get(r[0], ""), cancel_reason=(reasons or {}).get(r[0], "")) for r in CLASSES]
    return import_classes(write_csv(folder / "with-status.csv", CLASS_COLUMNS + OPTIONAL_CLASS_COLUMNS, rows))


@pytest.mark.parametrize("word", ["hủy", "Huỷ", "huy", "Đã hủy", "CANCELLED"])
def test_cancelled_class_status_column_cancels_in_any_spelling(timetable, word):
    report = import_with_status(timetable, {"BM-05": word}, {"BM-05": "giảng viên ốm"})
    assert report.cancelled == 1 and "1 lớp bị hủy" in report.summary()
    assert cancelled_ids() == ["BM-05"]
    with session_scope() as session:
        assert session.get(ClassSession, "BM-05").cancel_reason == "giảng viên ốm"


def test_cancelled_class_empty_status_reinstates_and_unknown_status_is_refused(timetable):
    import_with_status(timetable, {"BM-05": "hủy"})
    report = import_with_status(timetable, {"BM-05": "mở"})
    assert report.reinstated == 1 and cancelled_ids() == []
    with pytest.raises(ImportRejected) as rejected:
        import_with_status(timetable, {"BM-02": "hoãn"})
    assert "Dòng 3" in rejected.value.report() and "cột status \"hoãn\"" in rejected.value.report()
    assert cancelled_ids() == []


def test_cancelled_class_is_never_in_schedule_answers(timetable):
    saturday = FormChat()
    saturday.look(SATURDAY)
    assert "BM-05" in saturday.slots["class_ids"]
    assert cancel_class("BM-05", "", NOW) == 0
    chat = FormChat()
    reply = texts(chat.look(QUESTION))
    assert "BM-05" not in chat.slots["class_ids"] and "Cài VNeID mức 2" not in reply
    saturday = FormChat()
    saturday.look(SATURDAY)
    assert saturday.slots["class_ids"] and "BM-05" not in saturday.slots["class_ids"]
    reinstate_class("BM-05", NOW, reminder_settings.load())
    again = FormChat()
    again.look(QUESTION)
    assert again.slots["class_ids"] == ["BM-05"]


def test_cancelled_class_registration_is_refused_politely(timetable):
    chat = FormChat()
    chat.look(QUESTION)
    cancel_class("BM-05", "mưa bão", NOW)  # cancelled after the resident saw it
    reply = texts(chat.user("đăng ký lớp này", "register_class"))
    assert "xin lỗi" in reply and "đã bị hủy" in reply and "mưa bão" not in reply
    assert chat.finished and stored() == []
    with pytest.raises(registration.RegistrationRefused) as refused:
        registration.register("BM-05", "Nguyễn Văn An", "0912345678", NOW)
    assert refused.value.reason == registration.CANCELLED
