"""The reminder times and the worker's pace, read from `reminders.yml` (validated once)."""
from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import List, Optional

import yaml
from pydantic import BaseModel, Field, validator

from bot.reminders.models import NOTICES

SETTINGS_FILE = Path(__file__).with_name("reminders.yml")


class ReminderTime(BaseModel):
    kind: str = Field(..., regex=r"^[a-z_]{1,20}$")
    hours_before: float = Field(..., gt=0, le=24 * 14)
    offer: str = Field(..., min_length=1)

    @property
    def before(self) -> timedelta:
        return timedelta(hours=self.hours_before)


class WorkerSettings(BaseModel):
    poll_seconds: float = Field(30, gt=0)
    batch: int = Field(50, gt=0)
    retries: int = Field(3, ge=0)
    retry_minutes: float = Field(5, gt=0)
    stuck_minutes: float = Field(15, gt=0)


class ReminderSettings(BaseModel):
    times: List[ReminderTime]
    bring: str = Field(..., min_length=1)
    notes_line: str
    worker: WorkerSettings = WorkerSettings()

    @validator("times")
    def kinds_are_distinct(cls, times: List[ReminderTime]) -> List[ReminderTime]:
        kinds = [t.kind for t in times]
        if len(set(kinds)) != len(kinds) or set(kinds) & set(NOTICES):
            raise ValueError(f"reminder kinds must be distinct and none of {NOTICES}: {kinds}")
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
