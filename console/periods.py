"""Periods of whole local days ("the last 7 days") and time-zone conversions.

The answer log and the console stamp rows in naive UTC; officials think in
days in Vietnam's time zone. A period always covers whole days, today included,
so a pinned "now" at midnight (ASSISTANT_TODAY) still counts today's messages.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Iterator, Optional

from bot.schedules.clock import LOCAL_TZ

CHOICES = (7, 30, 90)


def utc_to_local(moment: Optional[datetime]) -> Optional[datetime]:
    """A naive UTC time (how the console and the schedule tables stamp rows) as naive local time."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc).astimezone(LOCAL_TZ).replace(tzinfo=None)


def to_epoch(moment: datetime) -> float:
    """Naive local time as epoch seconds."""
    return moment.replace(tzinfo=LOCAL_TZ).timestamp()


@dataclass(frozen=True)
class Period:
    """The days first..last, both included."""

    first: date
    last: date

    @classmethod
    def last_days(cls, days: int, today: date) -> "Period":
        return cls(today - timedelta(days=days - 1), today)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start(self) -> float:
        """Epoch seconds of the first day's midnight."""
        return to_epoch(datetime.combine(self.first, datetime.min.time()))

    @property
    def end(self) -> float:
        """Epoch seconds of the midnight after the last day (excluded)."""
        return to_epoch(datetime.combine(self.last + timedelta(days=1), datetime.min.time()))

    def __contains__(self, moment: datetime) -> bool:
        return self.first <= moment.date() <= self.last

    def each_day(self) -> Iterator[date]:
        for offset in range(self.days):
            yield self.first + timedelta(days=offset)


def chosen_days(value: object, default: int = 30) -> int:
    """A period length from a query string, limited to the offered choices."""
    try:
        days = int(str(value))
    except ValueError:
        return default
    return days if days in CHOICES else default
