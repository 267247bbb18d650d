"""The schedule tests' timetable and temporary database (today: Monday 2026-11-23),
plus a resident registered from a conversation and the reminder worker's parts."""
from __future__ import annotations

import asyncio
import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, List, Optional

import pytest
import yaml
from rasa.core.nlg.interpolator import interpolate
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.reminders import ActionSendClassReminder
from bot.knowledge.address import DEFAULT_ADDRESS
from bot.reminders import conversation, settings
from bot.reminders.queue import DELIVERED, Job, Outcome
from bot.reminders.worker import Worker
from bot.schedules import registration
from tests.schedules.conftest import ROOT, db, make_tracker, timetable  # noqa: F401  (fixtures)

CLASS_ID = "BM-05"  # Saturday 2026-11-28, 8:00-10:00, Nhà văn hóa thôn Thượng
CLASS_START = datetime(2026, 11, 28, 8, 0)
RESPONSES = {
    name: variations[0]
    for path in sorted((ROOT / "domain").glob("*.yml"))
    for name, variations in (yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}).items()
}


def render(message: dict) -> dict:
    """What Rasa makes of an action's message: its response filled with the address words and values."""
    if not message.get("response"):
        return {"text": message.get("text") or "", "buttons": message.get("buttons") or []}
    template = copy.deepcopy(RESPONSES[message["response"]])  # interpolate fills in place
    values = {**DEFAULT_ADDRESS, **{k: v for k, v in message.items() if v is not None}}
    return {
        "text": interpolate(template["text"], values),
        "buttons": interpolate(template.get("buttons") or [], values) + (message.get("buttons") or []),
    }


@dataclass
class Said:
    """A reminder the assistant said, as the resident receives it."""

    job: Job
    text: str
    buttons: List[dict]


class ActionServerDelivery:
    """Delivers a claimed reminder by running the real `action_send_class_reminder`, as Rasa
    does when the worker triggers it; records what the resident would receive."""

    def __init__(self) -> None:
        self.said: List[Said] = []

    def __call__(self, job: Job) -> Outcome:
        tracker = make_tracker("EXTERNAL: EXTERNAL_class_reminder", "EXTERNAL_class_reminder",
                               entities=[{"entity": "reminder_id", "value": str(job.id)}])
        tracker.sender_id = job.recipient_id
        dispatcher = CollectingDispatcher()
        asyncio.run(ActionSendClassReminder().run(dispatcher, tracker, {}))
        for message in map(render, dispatcher.messages):
            self.said.append(Said(job, message["text"], message["buttons"]))
        return Outcome(DELIVERED)


def register(sender_id: str, phone: str, channel: Optional[str] = "telegram", class_id: str = CLASS_ID, now: datetime = datetime(2026, 11, 23, 9, 0)) -> int:
    """Registers a resident as the form does; returns the registration id."""
    registration.register(class_id, "Nguyễn Văn An", phone, now, sender_id, channel)
    booked = conversation.reminder_offer(class_id, phone, now, settings.load())
    assert booked is not None
    return booked.registration_id


def accept(registration_id: int, sender_id: str, now: datetime = datetime(2026, 11, 23, 9, 0)) -> None:
    assert conversation.accept_reminders(registration_id, sender_id, now, settings.load())


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def delivery() -> ActionServerDelivery:
    return ActionServerDelivery()


@pytest.fixture
def make_worker(delivery) -> Callable[[Clock], Worker]:
    return lambda clock: Worker(delivery, clock)
