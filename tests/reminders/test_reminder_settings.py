"""reminders.yml: every configured time has its text in the domain, and bad values are refused."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.reminders.models import CLASS_CHANGED
from bot.reminders.settings import ReminderSettings, load
from tests.reminders.conftest import RESPONSES


def test_reminder_every_configured_time_and_the_change_notice_have_a_response():
    kinds = [t.kind for t in load().times] + [CLASS_CHANGED]
    for kind in kinds:
        response = RESPONSES[f"utter_reminder_{kind}"]
        assert "{title}" in response["text"] and "{when}" in response["text"] and "{where}" in response["text"]
        assert [b["title"] for b in response["buttons"]] == ["Hủy đăng ký"]


@pytest.mark.parametrize("times, problem", [
    ([{"kind": "day_before", "hours_before": 24, "offer": "trước 1 ngày"}] * 2, "distinct"),
    ([{"kind": CLASS_CHANGED, "hours_before": 2, "offer": "trước 2 giờ"}], "distinct"),
    ([{"kind": "soon", "hours_before": 0, "offer": "ngay"}], "greater than 0"),
])
def test_reminder_settings_refuse_bad_times(times, problem):
    with pytest.raises(ValidationError, match=problem):
        ReminderSettings.parse_obj({"times": times, "bring": "điện thoại", "notes_line": "Lưu ý: {notes}"})


def test_reminder_settings_need_the_notes_placeholder():
    with pytest.raises(ValidationError, match="notes_line must contain"):
        ReminderSettings.parse_obj({"times": [], "bring": "điện thoại", "notes_line": "Lưu ý"})
