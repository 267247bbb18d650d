"""Cancelling and reinstating a class from the classes page: officials only, CSRF-protected,
only after the confirmation box is ticked, and the residents are told once."""
from __future__ import annotations

import re

from sqlalchemy import select

from bot.reminders import conversation
from bot.reminders import settings as reminder_settings
from bot.reminders.models import CANCELLED, CLASS_CANCELLED, CLASS_CHANGED, PENDING, Reminder
from bot.schedules import registration
from bot.schedules.db import session_scope
from bot.schedules.importer import import_classes
from bot.schedules.models import ClassSession
from tests.console.conftest import DEMO_CLASSES, page_token
from tests.console.conversations import NOW

CLASS_ID = "HA-001"


def _registered_with_reminders(sender_id: str = "telegram:9001", phone: str = "0912345678") -> None:
    import_classes(DEMO_CLASSES)
    registration.register(CLASS_ID, "Nguyễn Văn An", phone, NOW, sender_id, "telegram")
    booked = conversation.reminder_offer(CLASS_ID, phone, NOW, reminder_settings.load())
    assert conversation.accept_reminders(booked.registration_id, sender_id, NOW, reminder_settings.load())


def _post(client, action: str, confirm: bool = True, token: str | None = None, **data):
    form = {"csrf_token": token if token is not None else page_token(client, "/classes"), **data}
    if confirm:
        form["confirm"] = "true"
    return client.post(f"/classes/{CLASS_ID}/{action}", data=form, follow_redirects=False)


def _reminders():
    with session_scope() as session:
        return sorted((r.kind, r.status) for r in session.execute(select(Reminder)).scalars())


def _cancelled() -> bool:
    with session_scope() as session:
        return session.get(ClassSession, CLASS_ID).cancelled


def test_cancelled_class_needs_the_confirmation_and_the_csrf_token(logged_in):
    _registered_with_reminders()
    unconfirmed = _post(logged_in, "cancel", confirm=False)
    assert unconfirmed.status_code == 400 and "ô xác nhận" in unconfirmed.text
    assert _post(logged_in, "cancel", token="").status_code == 403
    assert not _cancelled() and _reminders() == [("day_before", PENDING), ("hour_before", PENDING)]
    assert _post(logged_in, "cancel").status_code == 200 and _cancelled()
    assert logged_in.post("/classes/KHONG-CO/cancel", data={"csrf_token": page_token(logged_in, "/classes"), "confirm": "true"}).status_code == 404


def test_cancelled_class_needs_a_logged_in_official(client, official):
    import_classes(DEMO_CLASSES)
    response = client.post(f"/classes/{CLASS_ID}/cancel", data={"confirm": "true"}, follow_redirects=False)
    assert response.status_code in (303, 401, 403) and not _cancelled()


def test_cancelled_class_from_the_console_then_reinstated(logged_in):
    _registered_with_reminders()
    page = logged_in.get("/classes").text
    assert f'action="/classes/{CLASS_ID}/cancel"' in page

    done = _post(logged_in, "cancel", reason="Giảng viên   ốm")
    assert done.status_code == 200
    result = re.search(r'<section class="card outcome ok".*?</section>', done.text, re.S).group(0)
    assert f"Đã hủy lớp {CLASS_ID}" in result and "cho 1 người" in result
    row = re.search(rf'<tr data-class="{CLASS_ID}" class="cancelled">.*?</tr>', done.text, re.S).group(0)
    assert "đã hủy" in row and "Giảng viên ốm" in row and f'action="/classes/{CLASS_ID}/reinstate"' in row
    assert _cancelled()
    assert _reminders() == [(CLASS_CANCELLED, PENDING), ("day_before", CANCELLED), ("hour_before", CANCELLED)]

    twice = _post(logged_in, "cancel")  # a second click, or the page reloaded
    assert "cho 1 người" not in twice.text
    assert [kind for kind, status in _reminders() if status == PENDING] == [CLASS_CANCELLED]

    back = _post(logged_in, "reinstate")
    assert back.status_code == 200 and f"Đã mở lại lớp {CLASS_ID}" in back.text
    assert not _cancelled()
    # the cancellation notice had not gone out yet: it is dropped, and the reminders come back
    assert [kind for kind, status in _reminders() if status == PENDING] == ["day_before", "hour_before"]
    assert CLASS_CHANGED not in [kind for kind, _ in _reminders()]
