"""The reminder times and the worker's pace, read from `reminders.yml` (validated once)."""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

import yaml
from pydantic import BaseModel, conint, confloat, constr, validator

from bot.reminders.models import CLASS_CHANGED

SETTINGS_FILE = Path(__file__).with_name("reminders.yml")


class ReminderTime(BaseModel):
    kind: constr(regex=r"^[a-z_]{1,20}$")  # type: ignore[valid-type]
    hours_before: confloat(gt=0, le=24 * 14)  # type: ignore[valid-type]
    offer: constr(min_length=1)  # type: ignore[valid-type]

    @property
    def before(self) -> timedelta:
        return timedelta(hours=self.hours_before)


class WorkerSettings(BaseModel):
    poll_seconds: confloat(gt=0) = 30  # type: ignore[valid-type]
    batch: conint(gt=0) = 50  # type: ignore[valid-type]
    retries: conint(ge=0) = 3  # type: ignore[valid-type]
    retry_minutes: confloat(gt=0) = 5  # type: ignore[valid-type]
    stuck_minutes: confloat(gt=0) = 15  # type: ignore[valid-type]


class ReminderSettings(BaseModel):
    times: List[ReminderTime]
    bring: constr(min_length=1)  # type: ignore[valid-type]
    notes_line: str
    worker: WorkerSettings = WorkerSettings()

    @validator("times")
    def kinds_are_distinct(cls, times: List[ReminderTime]) -> List[ReminderTime]:
        kinds = [t.kind for t in times]
        if len(set(kinds)) != len(kinds) or CLASS_CHANGED in kinds:
            raise ValueError(f"reminder kinds must be distinct and not {CLASS_CHANGED!r}: {kinds}")
        return times

    @validator("notes_line")
    def notes_line_shows_the_notes(cls, line: str) -> str:
        if "{notes}" not in line:
            raise ValueError("notes_line must contain {notes}")
        return line

    def time(self, kind: str) -> Optional[ReminderTime]:
        return next((t for t in self.times if t.kind == kind), None)


@lru_cache(maxsize=1)
def load(path: Path = SETTINGS_FILE) -> ReminderSettings:
    return ReminderSettings.parse_obj(yaml.safe_load(path.read_text(encoding="utf-8")))
