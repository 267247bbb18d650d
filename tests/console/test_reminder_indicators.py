"""Classes page: reminder counts (sent, waiting, failed, cancelled) and attendance indicators
(registrations, residents reminded, cancellations) per class."""
from __future__ import annotations

import re
from datetime import datetime

from bot.reminders import conversation
from bot.reminders.queue import REFUSED, Outcome
from bot.reminders.worker import Worker
from bot.schedules.importer import import_classes
from tests.console.conftest import DEMO_CLASSES
from tests.reminders.conftest import ActionServerDelivery, Clock, accept, register

CLASS_ID = "HA-001"  # Tuesday 2026-11-24 15:00


def _row(page: str, class_id: str) -> str:
    return re.search(rf'<tr data-class="{class_id}">.*?</tr>', page, re.S).group(0)


def test_reminder_counts_and_attendance_per_class(logged_in):
    import_classes(DEMO_CLASSES)
    residents = {"telegram:1": ("0912000001", "telegram"), "zalo:2": ("0912000002", "zalo"), "web-3": ("0912000003", "rest")}
    ids = {sender: register(sender, phone, channel, CLASS_ID) for sender, (phone, channel) in residents.items()}
    for sender, registration_id in ids.items():
        accept(registration_id, sender)
    conversation.cancel_registration(ids["web-3"], "web-3")
    delivered = ActionServerDelivery()

    def zalo_refuses(job):
        return Outcome(REFUSED, "Rasa refused: 400") if job.channel == "zalo" else delivered(job)

    Worker(zalo_refuses, Clock(datetime(2026, 11, 23, 15, 0))).run_once()  # the day before

    page = logged_in.get("/classes").text
    row = _row(page, CLASS_ID)
    assert "2/30" in row and "1 người đã hủy" in row
    assert "đã nhắc 1 người (1 tin) · chờ 2 · " in row and "lỗi 1</span> · bỏ 2" in row
    total = re.search(r'<p class="muted small" id="reminder-total">(.*?)</p>', page, re.S).group(1)
    assert total.startswith("Nhắc lịch cho các lớp này: 1 tin đã gửi, 2 tin chờ gửi, 1 tin gửi lỗi, 2 tin đã bỏ")
    assert total.endswith("1 lượt hủy đăng ký.")
    assert "chưa có" in _row(page, "HA-002")

