"""Reminders fire once, at the configured times, with the class's details; none after a cancellation;
a moved class moves its reminders and sends a notice. The clock is fixed by hand; the
delivery runs the real action that says the reminder (Rasa's part is in the channel test)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from bot.reminders import conversation, queue
from bot.reminders import settings as reminder_settings
from bot.reminders.models import CANCELLED, FAILED, PENDING, SENT, Reminder
from bot.reminders.queue import UNREACHABLE, Outcome
from bot.reminders.worker import Worker
from bot.schedules.db import session_scope
from bot.schedules.importer import CLASS_COLUMNS, import_classes
from tests.reminders.conftest import CLASS_ID, CLASS_START, Clock, accept, register
from tests.schedules.conftest import CLASSES, row_dict, write_csv

DAY_BEFORE = CLASS_START - timedelta(hours=24)
HOUR_BEFORE = CLASS_START - timedelta(hours=1)


def reminders():
    with session_scope() as session:
        return [(r.kind, r.status, r.due_at) for r in session.execute(select(Reminder).order_by(Reminder.id)).scalars()]


def test_reminder_fires_once_per_configured_time_through_the_residents_channel(timetable, delivery, make_worker):
    registration_id = register("telegram:9001", "0912345678")
    accept(registration_id, "telegram:9001")
    clock = Clock(DAY_BEFORE - timedelta(minutes=1))
    worker = make_worker(clock)

    assert worker.run_once() == {}
    clock.now = DAY_BEFORE
    assert worker.run_once() == {"sent": 1}
    assert worker.run_once() == {}  # once, even when looked at again
    clock.now = DAY_BEFORE + timedelta(hours=5)
    assert worker.run_once() == {}
    clock.now = HOUR_BEFORE
    assert worker.run_once() == {"sent": 1}
    clock.now = CLASS_START + timedelta(hours=3)
    assert worker.run_once() == {}

    assert [(s.job.kind, s.job.channel, s.job.recipient_id) for s in delivery.said] == [
        ("day_before", "telegram", "telegram:9001"), ("hour_before", "telegram", "telegram:9001"),
    ]
    day_before = delivery.said[0]
    assert "Cài VNeID mức 2" in day_before.text
    assert "Thứ Bảy 28/11, từ 8:00 đến 10:00" in day_before.text
    assert "Nhà văn hóa thôn Thượng" in day_before.text
    assert "căn cước công dân" in day_before.text  # what to bring, from reminders.yml
    assert "{" not in day_before.text
    assert day_before.buttons == [
        {"title": "Hủy đăng ký", "payload": f'/cancel_registration{{"registration_id": "{registration_id}"}}'}
    ]
    assert [status for _, status, _ in reminders()] == [SENT, SENT]


def test_reminder_none_after_the_registration_is_cancelled(timetable, delivery, make_worker):
    registration_id = register("zalo:42", "0912345678", channel="zalo")
    accept(registration_id, "zalo:42")
    assert conversation.cancel_registration(registration_id, "zalo:42") is not None
    clock = Clock(DAY_BEFORE)
    worker = make_worker(clock)
    for moment in (DAY_BEFORE, HOUR_BEFORE, CLASS_START):
        clock.now = moment
        worker.run_once()
    assert delivery.said == []
    assert [status for _, status, _ in reminders()] == [CANCELLED, CANCELLED]


def test_reminder_someone_else_cannot_cancel_or_accept_a_registration(timetable):
    registration_id = register("telegram:9001", "0912345678")
    now = datetime(2026, 11, 23, 9, 0)
    assert conversation.cancel_registration(registration_id, "telegram:666") is None
    assert conversation.accept_reminders(registration_id, "telegram:666", now, reminder_settings.load()) is None
    assert [b.registration_id for b in conversation.upcoming_registrations("telegram:9001", now)] == [registration_id]


def test_reminder_a_late_registration_gets_only_the_times_still_ahead(timetable, delivery, make_worker):
    late = CLASS_START - timedelta(hours=5)
    registration_id = register("telegram:9001", "0912345678", now=late)
    accept(registration_id, "telegram:9001", now=late)
    assert [kind for kind, _, _ in reminders()] == ["hour_before"]


def test_reminder_a_worker_that_was_down_sends_only_the_latest_due_one(timetable, delivery, make_worker):
    registration_id = register("telegram:9001", "0912345678")
    accept(registration_id, "telegram:9001")
    make_worker(Clock(HOUR_BEFORE + timedelta(minutes=10))).run_once()
    assert [s.job.kind for s in delivery.said] == ["hour_before"]
    assert [status for _, status, _ in reminders()] == [CANCELLED, SENT]


def test_reminder_moved_class_reschedules_and_sends_a_change_notice(timetable, delivery, make_worker):
    registration_id = register("telegram:9001", "0912345678")
    accept(registration_id, "telegram:9001")
    moved = [row_dict(r) for r in CLASSES]
    for row in moved:
        if row["id"] == CLASS_ID:
            row.update(start="2026-11-29T14:00", end="2026-11-29T16:00")
    report = import_classes(write_csv(timetable / "moved.csv", CLASS_COLUMNS, moved))
    assert report.change_notices == 1
    assert "1 người đã đăng ký" in report.summary()
    new_start = datetime(2026, 11, 29, 14, 0)
    assert sorted(due for kind, status, due in reminders() if status == PENDING and kind != "class_changed") == [
        new_start - timedelta(hours=24), new_start - timedelta(hours=1),
    ]

    clock = Clock(datetime(2026, 11, 23, 9, 0))
    worker = make_worker(clock)
    for moment in (datetime(2026, 11, 23, 9, 0), DAY_BEFORE, HOUR_BEFORE, new_start - timedelta(hours=24), new_start - timedelta(hours=1)):
        clock.now = moment
        worker.run_once()
    assert [s.job.kind for s in delivery.said] == ["class_changed", "day_before", "hour_before"]
    assert "Chủ Nhật 29/11, từ 14:00 đến 16:00" in delivery.said[0].text
    assert all("Chủ Nhật 29/11" in s.text for s in delivery.said)


def test_reminder_unchanged_class_in_a_reimport_sends_no_notice(timetable):
    registration_id = register("telegram:9001", "0912345678")
    accept(registration_id, "telegram:9001")
    report = import_classes(write_csv(timetable / "same.csv", CLASS_COLUMNS, [row_dict(r) for r in CLASSES]))
    assert report.change_notices == 0
    assert [kind for kind, _, _ in reminders()] == ["day_before", "hour_before"]


def test_reminder_unreachable_assistant_is_retried_then_failed(timetable):
    registration_id = register("telegram:9001", "0912345678")
    accept(registration_id, "telegram:9001")
    attempts = []

    def unreachable(job):
        attempts.append(job.id)
        return Outcome(UNREACHABLE, "connection refused")

    clock = Clock(DAY_BEFORE)
    worker = Worker(unreachable, clock)
    for _ in range(6):
        worker.run_once()
        clock.now += timedelta(minutes=6)
    # 1 try + 3 retries (reminders.yml), then failed; never said twice
    assert len(attempts) == 4
    assert reminders()[0][1] == FAILED


def test_reminder_claimed_by_a_worker_that_died_is_failed_not_resent(timetable, delivery, make_worker):
    registration_id = register("telegram:9001", "0912345678")
    accept(registration_id, "telegram:9001")
    with session_scope() as session:
        first = queue.due(session, DAY_BEFORE, reminder_settings.load())[0]
    with session_scope() as session:
        assert queue.claim(session, first, DAY_BEFORE) is not None  # ... and the worker dies here
    make_worker(Clock(DAY_BEFORE + timedelta(minutes=5))).run_once()
    assert reminders()[0][1] == "sending"
    make_worker(Clock(DAY_BEFORE + timedelta(minutes=20))).run_once()
    assert reminders()[0][1] == FAILED
    assert delivery.said == []


def test_reminder_said_just_before_its_worker_died_counts_as_sent_not_resent(timetable, delivery, make_worker):
    registration_id = register("telegram:9001", "0912345678")
    accept(registration_id, "telegram:9001")
    with session_scope() as session:
        first = queue.due(session, DAY_BEFORE, reminder_settings.load())[0]
    with session_scope() as session:
        job = queue.claim(session, first, DAY_BEFORE)
    assert conversation.reminder_to_say(job.id, job.recipient_id, DAY_BEFORE) is not None  # said; the worker dies
    assert make_worker(Clock(DAY_BEFORE + timedelta(minutes=20))).run_once() == {"sent": 1}
    assert reminders()[0][1] == SENT
    assert delivery.said == []
