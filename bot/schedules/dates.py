"""Dates and times written the way the assistant reads them aloud.

"Thứ Bảy 05/12, 8:00–10:00": weekday in words, day/month with two digits,
hours without a leading zero. The year is added only when it is not the
current one, so a screen reader says no more than needed.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Optional

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
DASH = "\u2013"  # en dash between times and dates


def weekday_name(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def short_date(day: date, today: Optional[date] = None) -> str:
    """ "05/12", or "05/01/2027" when the year is not this one."""
    if today is not None and day.year != today.year:
        return day.strftime("%d/%m/%Y")
    return day.strftime("%d/%m")


def day_label(day: date, today: Optional[date] = None) -> str:
    """ "Thứ Bảy 05/12"."""
    return f"{weekday_name(day)} {short_date(day, today)}"


def clock(moment: datetime) -> str:
    """ "8:00", "14:30"."""
    return f"{moment.hour}:{moment.minute:02d}"


def time_range(start: datetime, end: datetime) -> str:
    """ "8:00–10:00"."""
    return f"{clock(start)}{DASH}{clock(end)}"


def week_start(day: date) -> date:
    """The Monday (thứ Hai) of the week that holds `day`."""
    return day - timedelta(days=day.weekday())


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)
