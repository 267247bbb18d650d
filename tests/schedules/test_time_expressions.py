"""Time phrases against a fixed today (Monday 2026-11-23), with and without diacritics."""
from datetime import date

import pytest

from bot.schedules.time_expressions import parse_time

MONDAY = date(2026, 11, 23)


def days(text, today=MONDAY):
    """The (first, last) day of each window the phrase means."""
    found = parse_time(text, today)
    return [(w.start, w.end) for w in found.windows]


def d(month, day, year=2026):
    return date(year, month, day)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("hôm nay có lớp không", [(d(11, 23), d(11, 23))]),
        ("hom nay co lop ko", [(d(11, 23), d(11, 23))]),
        ("ngày mai", [(d(11, 24), d(11, 24))]),
        ("ngay mai", [(d(11, 24), d(11, 24))]),
        ("mai có học không", [(d(11, 24), d(11, 24))]),
        ("ngày kia", [(d(11, 25), d(11, 25))]),
        ("ngay mot co hoc khong", [(d(11, 25), d(11, 25))]),
        ("thứ bảy này", [(d(11, 28), d(11, 28))]),
        ("thu bay nay", [(d(11, 28), d(11, 28))]),
        ("thứ 7", [(d(11, 28), d(11, 28))]),
        ("t7 này có lớp k", [(d(11, 28), d(11, 28))]),
        ("chủ nhật tuần sau", [(d(12, 6), d(12, 6))]),
        ("chu nhat tuan sau", [(d(12, 6), d(12, 6))]),
        ("cn tuần sau", [(d(12, 6), d(12, 6))]),
        ("thứ 2 tuần sau", [(d(11, 30), d(11, 30))]),
        ("thứ hai tới", [(d(11, 30), d(11, 30))]),
        ("thu sau", [(d(11, 27), d(11, 27))]),
        ("tuần sau thứ bảy", [(d(12, 5), d(12, 5))]),
        ("tuần này", [(d(11, 23), d(11, 29))]),
        ("tuan nay", [(d(11, 23), d(11, 29))]),
        ("tuần sau", [(d(11, 30), d(12, 6))]),
        ("tuan toi", [(d(11, 30), d(12, 6))]),
        ("sang tuần có lớp không", [(d(11, 30), d(12, 6))]),
        ("cuối tuần này", [(d(11, 28), d(11, 29))]),
        ("cuoi tuan sau", [(d(12, 5), d(12, 6))]),
        ("tháng này", [(d(11, 1), d(11, 30))]),
        ("thang nay", [(d(11, 1), d(11, 30))]),
        ("tháng sau", [(d(12, 1), d(12, 31))]),
        ("tháng 1", [(d(1, 1, 2027), d(1, 31, 2027))]),
        ("15/12", [(d(12, 15), d(12, 15))]),
        ("ngày 15/12 học ở đâu", [(d(12, 15), d(12, 15))]),
        ("ngày 15 tháng 12", [(d(12, 15), d(12, 15))]),
        ("ngay 15 thang 12", [(d(12, 15), d(12, 15))]),
        ("mùng 5 tháng 1", [(d(1, 5, 2027), d(1, 5, 2027))]),
        ("ngày 15", [(d(12, 15), d(12, 15))]),
        ("5/1", [(d(1, 5, 2027), d(1, 5, 2027))]),
        ("15/12/2026", [(d(12, 15), d(12, 15))]),
        ("thứ bảy 5/12", [(d(12, 5), d(12, 5))]),
        ("từ 1/12 đến 15/12", [(d(12, 1), d(12, 15))]),
        ("thứ bảy hoặc chủ nhật", [(d(11, 28), d(11, 28)), (d(11, 29), d(11, 29))]),
        ("tổ 3 thứ 3", [(d(11, 24), d(11, 24))]),
    ],
)
def test_days(text, expected):
    assert days(text) == expected


def test_today_given_as_a_date_is_today_not_next_year():
    assert days("23/11") == [(d(11, 23), d(11, 23))]


def test_a_date_a_few_days_ago_is_in_the_past_not_next_year():
    assert days("20/11") == [(d(11, 20), d(11, 20))]


def test_year_wraps_at_new_year():
    assert days("5/1", today=date(2026, 12, 28)) == [(d(1, 5, 2027), d(1, 5, 2027))]
    assert days("28/12", today=date(2027, 1, 3)) == [(d(12, 28), d(12, 28))]


def test_this_saturday_said_on_saturday_is_today():
    saturday = date(2026, 11, 28)
    assert days("thứ bảy này", today=saturday) == [(saturday, saturday)]
    assert days("thứ bảy tuần sau", today=saturday) == [(d(12, 5), d(12, 5))]


def test_next_week_said_on_sunday():
    assert days("tuần sau", today=date(2026, 11, 29)) == [(d(11, 30), d(12, 6))]


@pytest.mark.parametrize(
    "text, part",
    [
        ("sáng thứ bảy", "sang"),
        ("sang thu bay", "sang"),
        ("chiều mai", "chieu"),
        ("tối nay", "toi"),
        ("thứ 7 tối", "toi"),
        ("buổi tối có lớp không", "toi"),
    ],
)
def test_part_of_day(text, part):
    assert parse_time(text, MONDAY).part_of_day == part


@pytest.mark.parametrize("text", ["tôi muốn đi học", "lớp tới ở đâu", "chị Mai có dạy không", "thôn này có lớp không", "8.30 có lớp không"])
def test_words_that_only_look_like_times(text):
    found = parse_time(text, MONDAY)
    assert not found.windows and not found.part_of_day and not found.invalid


def test_saturday_next_is_not_evening():
    found = parse_time("thứ bảy tới", MONDAY)
    assert found.part_of_day is None
    assert [(w.start, w.end) for w in found.windows] == [(d(11, 28), d(11, 28))]


@pytest.mark.parametrize("text", ["31/11", "ngày 30 tháng 2"])
def test_impossible_dates_are_reported(text):
    found = parse_time(text, MONDAY)
    assert found.invalid and not found.windows


def test_library_reads_what_it_can_rules_the_rest():
    sources = dict(parse_time("hôm nay", MONDAY).sources)
    assert sources == {"hôm nay": "dateparser"}
    assert dict(parse_time("15/12", MONDAY).sources) == {"15/12": "dateparser"}
    assert dict(parse_time("tuần sau", MONDAY).sources) == {"tuần sau": "dateparser"}
    assert dict(parse_time("thứ bảy này", MONDAY).sources) == {"thứ bảy này": "rules"}
    assert dict(parse_time("chu nhat tuan sau", MONDAY).sources) == {"chu nhat tuan sau": "rules"}


def test_the_words_used_are_reported():
    found = parse_time("thôn Đông thứ bảy này", MONDAY)
    assert found.positions == {2, 3, 4}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("thứ bảy, chủ nhật tuần sau", [(d(12, 5), d(12, 5)), (d(12, 6), d(12, 6))]),
        ("thu bay chu nhat tuan sau", [(d(12, 5), d(12, 5)), (d(12, 6), d(12, 6))]),
        ("từ thứ hai đến thứ sáu tuần sau", [(d(11, 30), d(12, 4))]),
        ("tháng mười hai", [(d(12, 1), d(12, 31))]),
        ("thang muoi hai", [(d(12, 1), d(12, 31))]),
        ("tháng sáu", [(d(6, 1, 2027), d(6, 30, 2027))]),
        ("thang sau", [(d(12, 1), d(12, 31))]),
        ("tổ dân phố số 3 tháng 12", [(d(12, 1), d(12, 31))]),
        ("3 tháng 12", [(d(12, 3), d(12, 3))]),
    ],
)
def test_more_days(text, expected):
    assert days(text) == expected
