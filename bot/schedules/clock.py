"""What "today" and "now" are for the schedule, in Vietnam's time zone.

`ASSISTANT_TODAY=YYYY-MM-DD` pins the date for tests, demos and the outside
evaluation; "now" is then the start of that day, so every class of that day
still counts as upcoming. `ASSISTANT_TODAY=YYYY-MM-DDTHH:MM` pins the time too.
Times in the database are naive local times (Vietnam has no daylight saving).
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bot.settings import assistant_settings

try:
    from zoneinfo import ZoneInfo

    LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # pragma: no cover - system without tz database
    LOCAL_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

def now() -> datetime:
    """Current local time (naive), or the pinned moment from ASSISTANT_TODAY."""
    pinned = assistant_settings().assistant_today
    return pinned or datetime.now(LOCAL_TZ).replace(tzinfo=None, second=0, microsecond=0)


def today() -> date:
    """Current local date, or the pinned one."""
    return now().date()
