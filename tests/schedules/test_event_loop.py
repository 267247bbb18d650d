"""A slow database query must not stall the action server's event loop.

The action server runs every action as a coroutine on one event loop; a
blocking SQLAlchemy call inside `async def run` would freeze every other
conversation for as long as the query takes. Here the first SQL statement an
action sends sleeps for SLOW seconds (a hook on the real engine, so the real
code path runs), while a second coroutine ticks every 10 ms. If the query ran
on the loop, the ticker would miss a beat of about SLOW seconds; run in a
worker thread, it keeps ticking. A control shows the same detector catches a
query made on the loop.
"""
from __future__ import annotations

import asyncio
import threading
import time
from contextlib import contextmanager
from typing import Any, Awaitable, Callable, Dict

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import event

from bot.actions.handoff import handoff_for, handoff_message
from bot.actions.schedules import (
    ActionAskRegistrationClassId,
    ActionClassFollowup,
    ActionFindClasses,
    ActionSubmitRegistration,
    ValidateClassRegistrationForm,
)
from bot.schedules import replies
from bot.schedules.db import get_engine
from tests.schedules.conftest import DOMAIN, make_tracker, slot_values

SLOW = 0.6  # seconds the first statement sleeps
TICK = 0.01
MAX_GAP = 0.25  # a blocked loop misses at least SLOW seconds; a free one a few ms


@contextmanager
def first_query_slow(seconds: float = SLOW):
    """Makes the next SQL statement on the assistant's engine sleep; records on which thread it ran."""
    engine = get_engine()
    state: Dict[str, Any] = {"armed": True, "thread": None, "started": threading.Event(), "done": False}
    lock = threading.Lock()

    def slow(conn, cursor, statement, parameters, context, executemany):
        with lock:
            if not state["armed"]:
                return
            state["armed"] = False
        state["thread"] = threading.current_thread()
        state["started"].set()
        time.sleep(seconds)
        state["done"] = True

    event.listen(engine, "before_cursor_execute", slow)
    try:
        yield state
    finally:
        event.remove(engine, "before_cursor_execute", slow)


async def ticking_while(make: Callable[[], Awaitable[Any]]):
    """Runs the awaitable while a ticker runs; returns (result, seconds taken, longest gap between ticks)."""
    gaps = []
    stop = asyncio.Event()

    async def ticker() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            await asyncio.sleep(TICK)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    task = asyncio.create_task(ticker())
    await asyncio.sleep(0)
    started = time.perf_counter()
    try:
        result = await make()
    finally:
        elapsed = time.perf_counter() - started
        stop.set()
        await task
    return result, elapsed, max(gaps)


def measure(make: Callable[[], Awaitable[Any]]):
    """(result, seconds, longest gap, thread of the slow query, the loop's thread)."""
    with first_query_slow() as slow:
        async def main():
            loop_thread = threading.current_thread()
            result, elapsed, gap = await ticking_while(make)
            return result, elapsed, gap, loop_thread

        result, elapsed, gap, loop_thread = asyncio.run(main())
    assert slow["done"], "the action sent no SQL statement: nothing was measured"
    return result, elapsed, gap, slow["thread"], loop_thread


def form_tracker(text: str, slots: Dict[str, Any], filled: Dict[str, Any], intent: str = "inform_registration"):
    """The form's turn as Rasa sends it: `filled` are the slots set from this message (to validate)."""
    events = [{"event": "user", "text": text}, {"event": "action", "name": "class_registration_form"}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in filled.items()]
    return make_tracker(text, intent, {**slots, **filled}, events=events, active_loop="class_registration_form")


def _run(action, tracker):
    dispatcher = CollectingDispatcher()

    async def go():
        events = await action.run(dispatcher, tracker, DOMAIN)
        return dispatcher.messages, events

    return go


CASES = {
    "find classes": lambda: _run(ActionFindClasses(), make_tracker("thôn Thượng có lớp không", "ask_schedule")),
    "follow-up": lambda: _run(
        ActionClassFollowup(), make_tracker("lớp đó ở đâu?", "ask_class_place", {"class_ids": ["BM-05", "BM-09"]})
    ),
    "ask which class": lambda: _run(
        ActionAskRegistrationClassId(), make_tracker("đăng ký", "register_class", {"registration_choices": ["BM-05", "BM-09"]})
    ),
    "check the class": lambda: _run(
        ValidateClassRegistrationForm(),
        form_tracker("/register_class", {}, {"registration_class_id": "BM-05"}, "register_class"),
    ),
    "check the phone": lambda: _run(
        ValidateClassRegistrationForm(),
        form_tracker("0912 345 678",
                     {"registration_class_id": "BM-05", "registration_name": "Nguyễn Văn An",
                      "requested_slot": "registration_phone"},
                     {"registration_phone": "0912 345 678"}),
    ),
    "submit": lambda: _run(
        ActionSubmitRegistration(),
        make_tracker("", None, {"registration_class_id": "BM-05", "registration_name": "Nguyễn Văn An",
                                "registration_phone": "0912345678"}),
    ),
    "hand-off": lambda: (lambda: handoff_for(make_tracker("gặp người hỗ trợ", "human_handoff",
                                                                  {"user_village": "thôn Thượng"}))),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_slow_query_leaves_the_event_loop_free(timetable, case):
    _, elapsed, gap, query_thread, loop_thread = measure(CASES[case]())
    assert elapsed >= SLOW * 0.9  # the slow statement was part of this action
    assert query_thread is not loop_thread  # it ran in a worker thread
    assert gap < MAX_GAP, f"the event loop stalled for {gap:.2f} s during '{case}'"


def test_the_detector_catches_a_query_made_on_the_loop(timetable):
    async def blocking():
        return replies.open_classes(["BM-05"])  # called directly: blocks the loop

    _, _, gap, query_thread, loop_thread = measure(blocking)
    assert query_thread is loop_thread
    assert gap >= SLOW * 0.9


def test_another_conversation_is_answered_during_a_slow_query(timetable):
    """What residents notice: one slow lookup does not make everyone else wait."""
    with first_query_slow() as slow:
        async def main():
            slow_one = asyncio.create_task(CASES["find classes"]()())
            while not slow["started"].is_set():
                await asyncio.sleep(TICK)
            # the slow query is sleeping now; this conversation only needs a hand-off (no slow query left)
            message = await handoff_for(make_tracker("gặp người", "human_handoff", {"user_village": "tổ 7"}))
            answered_while_slow = not slow["done"]
            messages, events = await slow_one
            return message, answered_while_slow, messages, events

        message, answered_while_slow, messages, events = asyncio.run(main())
    assert answered_while_slow
    assert "ông Kim Sơn" in message["text"]
    assert slot_values(events)["class_ids"] == ["BM-05", "BM-09", "BM-11", "BM-12"]


def test_the_hand_off_in_a_worker_thread_says_what_the_message_says(timetable):
    from bot.knowledge.address import address_from_slots

    for slots in ({"user_village": "thôn Thượng"}, {"user_village": "tổ 7"}, {}, {"bac": "anh", "Bac": "Anh"}):
        tracker = make_tracker("ai giúp tôi", "human_handoff", slots)
        expected = handoff_message(address_from_slots(tracker.slots), tracker.get_slot("user_village"))
        assert asyncio.run(handoff_for(tracker)) == expected
