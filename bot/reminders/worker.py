"""The reminder worker: every few seconds, sends the reminders that are due.

Safe to run as several processes (or on several machines) against one
database: each reminder is claimed by exactly one of them (queue.py). The
clock is injectable; by default it is the schedule's clock, so
ASSISTANT_TODAY pins "now" for demos and tests.
"""
from __future__ import annotations

import logging
import threading
from collections import Counter
from datetime import datetime
from typing import Callable, Optional

from bot.database import session_scope
from bot.reminders import queue
from bot.reminders.queue import Job, Outcome
from bot.reminders.settings import ReminderSettings, load
from bot.schedules import clock as schedule_clock

logger = logging.getLogger(__name__)

Deliver = Callable[[Job], Outcome]


class Worker:
    def __init__(
        self,
        deliver: Deliver,
        clock: Callable[[], datetime] = schedule_clock.now,
        settings: Optional[ReminderSettings] = None,
    ) -> None:
        self._deliver = deliver
        self._clock = clock
        self._settings = settings or load()

    def run_once(self) -> Counter:
        """One look at the table; returns how many reminders ended in each status."""
        settings, tally = self._settings, Counter()
        now = self._clock()
        with session_scope() as session:
            tally.update(queue.settle_stuck(session, now, settings))
        with session_scope() as session:
            due = queue.due(session, now, settings)
        for reminder_id in due:
            with session_scope() as session:
                job = queue.claim(session, reminder_id, now)
            if job is None:
                continue  # another worker has it, or it was cancelled meanwhile
            outcome = self._deliver(job)
            with session_scope() as session:
                status, error = queue.finish(session, job.id, outcome, self._clock(), settings)
            tally[status] += 1
            if status != "sent":
                logger.warning("Reminder %s (%s, %s): %s — %s", job.id, job.kind, job.channel, status, error)
        return +tally  # without the zero counts

    def run_forever(self, stop: threading.Event) -> None:
        """Polls until `stop` is set; a failing look is logged and retried at the next one."""
        logger.info("Reminder worker started: every %.0f s", self._settings.worker.poll_seconds)
        while not stop.is_set():
            try:
                tally = self.run_once()
                if tally:
                    logger.info("Reminders: %s", dict(tally))
            except Exception:
                logger.exception("Reminder worker: this look failed; trying again at the next one")
            stop.wait(self._settings.worker.poll_seconds)
