"""Runs webhook work after the HTTP answer, one conversation at a time.

Platforms want a fast 200 (Zalo about 2 s) and redeliver otherwise, while an
answer can take seconds (NLU, actions, paced sends). Each conversation's jobs
run in arrival order, so two quick messages are never answered out of order;
different conversations run concurrently. On shutdown the server waits for
jobs still running, so a reply is not cut off by a restart.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Awaitable, Callable, Dict, Hashable, Optional, Set

logger = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]


class ConversationQueue:
    """Background jobs, ordered per key; a job's failure is logged and never stops the next."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._tails: Dict[Hashable, asyncio.Task] = {}
        self._running: Set[asyncio.Task] = set()

    def submit(self, key: Optional[Hashable], job: Job, what: str) -> None:
        """Schedules `job` after the earlier jobs of `key` (None: no ordering needed)."""
        previous = self._tails.get(key) if key is not None else None
        task = asyncio.get_running_loop().create_task(self._run(key, previous, job, what))
        if key is not None:
            self._tails[key] = task
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _run(self, key: Optional[Hashable], previous: Optional[asyncio.Task], job: Job, what: str) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        try:
            await job()
        except Exception:
            logger.exception("%s: %s failed", self._name, what)
        finally:
            if key is not None and self._tails.get(key) is asyncio.current_task():
                del self._tails[key]

    @property
    def pending(self) -> int:
        return len(self._running)

    async def drain(self, timeout: float) -> None:
        """Waits for running jobs at shutdown; logs the ones that had to be abandoned."""
        if not self._running:
            return
        logger.info("%s: finishing %d background job(s) before stopping", self._name, len(self._running))
        _, unfinished = await asyncio.wait(set(self._running), timeout=timeout)
        if unfinished:
            logger.error("%s: %d job(s) did not finish within %.0f s and were cancelled", self._name, len(unfinished), timeout)
            for task in unfinished:
                task.cancel()
