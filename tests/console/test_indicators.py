"""Indicators: per day, per topic, per channel and per village, as charts and as CSV."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta

import pytest

from bot.schedules.db import session_scope
from bot.schedules.importer import OPTIONAL_CLASS_COLUMNS, import_classes
from bot.schedules.models import Registration
from tests.console.conftest import DEMO_CLASSES


def _csv(client, name: str, days: int = 30):
    response = client.get(f"/indicators/{name}.csv?days={days}")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert f"chi-so-{name}-{days}-ngay-2026-11-23.csv" in response.headers["content-disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_conversations_and_unique_users_per_day(logged_in):
    rows = _csv(logged_in, "theo-ngay")
    assert rows[0] == ["Ngày", "Cuộc trò chuyện", "Người dùng", "Tin nhắn"]
    by_day = {r[0]: r[1:] for r in rows[1:]}
    assert len(by_day) == 30 and rows[1][0] == "25/10/2026" and rows[-1][0] == "23/11/2026"
    # an, and dung's second conversation (after a night's pause) on the 23rd
    assert by_day["23/11/2026"] == ["2", "2", "2"]  # an's question, dung's
    assert by_day["22/11/2026"] == ["1", "1", "2"]
    assert by_day["21/11/2026"][:2] == ["1", "1"] and by_day["20/11/2026"][:2] == ["1", "1"]
    assert by_day["10/11/2026"][:2] == ["1", "1"] and by_day["11/11/2026"] == ["0", "0", "0"]


def test_questions_by_topic(logged_in):
    rows = dict(_csv(logged_in, "chu-de")[1:])
    assert rows["VNeID"] == "2" and rows["Chuyển tiền, QR"] == "2" and rows["Lịch lớp học"] == "1"
    assert rows["Phòng lừa đảo"] == "0" and len(rows) == 8
    assert dict(_csv(logged_in, "chu-de", 7)[1:])["VNeID"] == "1"


def test_channel_split(logged_in):
    rows = _csv(logged_in, "kenh")
    assert rows[0] == ["Kênh", "Người dùng", "Cuộc trò chuyện", "Tin nhắn"]
    split = {r[0]: r[1:3] for r in rows[1:]}
    assert split == {"Telegram": ["3", "4"], "Web (REST)": ["2", "2"]}


def test_classes_and_registrations_per_village(logged_in):
    import_classes(DEMO_CLASSES)
    with session_scope() as session:
        session.add_all([
            Registration(class_id="HA-002", name="Bác Tư", phone="0912000001", created_at=datetime(2026, 11, 20, 8)),
            Registration(class_id="HA-002", name="Bác Năm", phone="0912000002", created_at=datetime(2026, 11, 20, 9)),
        ])
    rows = _csv(logged_in, "thon-xom")
    assert rows[0] == ["Xã, phường", "Thôn, xóm", "Số lớp", "Lớp sắp tới", "Người đăng ký", "Tổng chỗ", "Lớp đã hủy"]
    dong = next(r for r in rows[1:] if r[1] == "Thôn Đông")
    assert dong[0] == "Xã Hòa An" and int(dong[2]) >= 1 and dong[4] == "2"
    html = logged_in.get("/indicators").text
    villages = re.search(r'data-chart="villages">(.*?)</figure>', html, re.S).group(1)
    assert "<title>Thôn Đông, Xã Hòa An: 2</title>" in villages


def test_cancelled_classes_are_not_counted_as_classes_per_village(logged_in, tmp_path):
    """An official cancelled one of Thôn Đông's classes in the timetable: it is neither held nor planned,
    so neither it, its registrations (kept in case it is reinstated) nor its seats count; it is counted apart."""
    with DEMO_CLASSES.open(encoding="utf-8", newline="") as file:
        timetable = list(csv.DictReader(file))
    since, now = datetime(2026, 10, 25), datetime(2026, 11, 23, 14, 0)  # the default 30 days, the console's clock
    dong = [c for c in timetable if c["village"] == "Thôn Đông" and datetime.fromisoformat(c["start"]) >= since]
    kept = dong[0]
    cancelled = next(c for c in dong[1:] if c["capacity"] and datetime.fromisoformat(c["start"]) > now)
    for row in timetable:
        row.update(status="hủy" if row is cancelled else "", cancel_reason="giảng viên ốm" if row is cancelled else "")
    changed = tmp_path / "lich-hoc.csv"
    with changed.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, list(timetable[0]))
        writer.writeheader()
        writer.writerows(timetable)
    assert set(OPTIONAL_CLASS_COLUMNS) <= set(timetable[0])
    assert import_classes(changed).cancelled == 1
    with session_scope() as session:
        session.add_all([
            Registration(class_id=kept["id"], name="Bác Tư", phone="0912000001", created_at=datetime(2026, 11, 20, 8)),
            Registration(class_id=cancelled["id"], name="Bác Năm", phone="0912000002", created_at=datetime(2026, 11, 20, 9)),
            Registration(class_id=cancelled["id"], name="Bác Sáu", phone="0912000003", created_at=datetime(2026, 11, 20, 9)),
        ])

    held = [c for c in dong if c is not cancelled]
    seats = "" if any(not c["capacity"] for c in held) else str(sum(int(c["capacity"]) for c in held))
    upcoming = sum(1 for c in held if datetime.fromisoformat(c["start"]) >= now)
    row = next(r for r in _csv(logged_in, "thon-xom")[1:] if r[1] == "Thôn Đông")
    assert row == ["Xã Hòa An", "Thôn Đông", str(len(held)), str(upcoming), "1", seats, "1"]
    html = logged_in.get("/indicators").text
    villages = re.search(r'data-chart="villages">(.*?)</figure>', html, re.S).group(1)
    assert "<title>Thôn Đông, Xã Hòa An: 1</title>" in villages
    table_row = re.search(r"<tr><td[^>]*>Xã Hòa An</td><td[^>]*>Thôn Đông</td>.*?</tr>", html, re.S).group(0)
    assert f'data-label="Số lớp">{len(held)}<' in table_row and 'data-label="Đã hủy">1<' in table_row


def test_the_page_draws_the_charts(logged_in):
    html = logged_in.get("/indicators?days=7").text
    daily = re.search(r'data-chart="daily">(.*?)</figure>', html, re.S).group(1)
    assert daily.count("<polyline") == 2 and daily.count("<circle") == 14
    assert "<title>23/11: 2 Cuộc trò chuyện</title>" in daily
    for chart in ("topics", "channels", "villages"):
        assert f'data-chart="{chart}"' in html
    assert 'href="/indicators/kenh.csv?days=7"' in html


@pytest.mark.parametrize("path, status", [("/indicators/khong-co.csv", 404), ("/indicators?days=abc", 200), ("/indicators?days=3650", 200)])
def test_odd_addresses_are_handled(logged_in, path, status):
    response = logged_in.get(path)
    assert response.status_code == status
    if status == 200:
        assert "30 ngày qua</option>" in response.text and 'value="30" selected' in response.text


def test_scam_checks_by_verdict_and_red_flag():
    from console.periods import Period
    from console.queries.answer_log import AnswerLogReader
    from console.queries.indicators import scam_checks
    from tests.console.conversations import TODAY, Script, at, save

    hoa = Script("hoa", "zalo").starting(at(11, 22, 9)).check("scam", ["link", "threat"]).check("no_red_flags", [])
    save({"hoa": hoa})
    activity = AnswerLogReader().activity(Period.last_days(30, TODAY))
    verdicts, flags = scam_checks(activity)
    assert [(c.label, c.checks) for c in verdicts] == [("Lừa đảo", 1), ("Đáng ngờ", 0), ("Chưa thấy dấu hiệu", 1)]
    assert [(c.label, c.checks) for c in flags] == [("link", 1), ("threat", 1)]


def test_the_console_reads_what_the_actions_write(monkeypatch):
    """Real actions write the log (tests/answer_log); the console's reader counts those very rows."""
    import asyncio

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from bot.actions.knowledge import ActionAnswerQuestion
    from bot.actions.scam_check import ActionCheckMessage
    from console.periods import Period
    from console.queries.answer_log import AnswerLogReader
    from console.queries.indicators import per_channel, scam_checks
    from console.queries.unanswered import unanswered_items

    def say(action, text, intent, ranking=()):
        latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": [], "article_ranking": list(ranking)}
        events = [{"event": "user", "text": text, "parse_data": latest, "input_channel": "zalo"}]
        asyncio.run(action.run(CollectingDispatcher(), Tracker("zalo:42", {}, latest, events, False, None, {}, "action_listen"), {}))

    say(ActionAnswerQuestion(), "cài vneid", "faq", [{"id": "vneid_install", "confidence": 0.9}])
    say(ActionAnswerQuestion(), "số 0912345678 hỏi cái đó", "faq", [{"id": "pay_qr", "confidence": 0.05}])
    say(ActionCheckMessage(), "VCB: tai khoan bi khoa, vao http://vcb-xacthuc.top ngay", "check_message")
    activity = AnswerLogReader().activity(Period(date.today() - timedelta(days=1), date.today() + timedelta(days=1)))
    assert [a.article_id for a in activity.answers] == ["vneid_install"]
    assert [(i.reason, i.text) for i in unanswered_items(activity)] == [("declined", "số [SĐT] hỏi cái đó")]
    assert [(c.label, c.users, c.conversations, c.messages) for c in per_channel(activity)] == [("Zalo", 1, 1, 3)]
    assert sum(c.checks for c in scam_checks(activity)[0]) == 1


def test_the_scam_check_table_is_on_the_page_and_in_csv(logged_in):
    assert "Kiểm tra tin nhắn lạ" in logged_in.get("/indicators").text
    rows = _csv(logged_in, "tin-nhan-la")
    assert rows[1:4] == [["Lừa đảo", "0"], ["Đáng ngờ", "0"], ["Chưa thấy dấu hiệu", "0"]]


def test_the_page_title_is_plain_text(logged_in):
    title = re.search(r"<title>(.*?)</title>", logged_in.get("/indicators").text, re.S).group(1)
    assert "<" not in title and "Chỉ số" in title
