"""Remembers recently seen delivery ids, so a redelivered event is handled once.

Zalo redelivers an event (same `msg_id`) when it did not get a quick 200;
Telegram redelivers an update (same `update_id`). Ids are kept for a while
(default one day) and the oldest are dropped beyond a size cap. `RecentIds`
remembers in this process; `SharedRecentIds` in Redis, so a redelivery that
reaches another instance is recognised too (connectors/shared_state.py).
Channels use either through `claim`, which is atomic across instances.
"""
from __future__ import annotations

import time
from collections import OrderedDict
from typing import Callable, Hashable, Protocol

from connectors.shared_state import SharedState


class DeliveryIds(Protocol):
    """Answers, once per id, "is this the first delivery?"."""

    async def claim(self, key: str) -> bool: ...


class RecentIds:
    """A time- and size-bounded set of ids."""

    def __init__(self, ttl_seconds: float = 86400, max_size: int = 100_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl_seconds
        self._max = max_size
        self._clock = clock
        self._seen: "OrderedDict[Hashable, float]" = OrderedDict()

    def first_time(self, key: Hashable) -> bool:
        """True the first time `key` is offered (within the time window), False for a repeat."""
        now = self._clock()
        self._expire(now)
        if key in self._seen:
            return False
        self._seen[key] = now
        if len(self._seen) > self._max:
            self._seen.popitem(last=False)
        return True

    def forget(self, key: Hashable) -> None:
        """Allows `key` again, e.g. when handling it could not even start."""
        self._seen.pop(key, None)

    async def claim(self, key: str) -> bool:
        return self.first_time(key)

    def _expire(self, now: float) -> None:
        while self._seen:
            key, seen_at = next(iter(self._seen.items()))
            if now - seen_at < self._ttl:
                return
            self._seen.popitem(last=False)


class SharedRecentIds:
    """Delivery ids in Redis: `SET NX` makes exactly one instance the first to see an id."""

    def __init__(self, state: SharedState, namespace: str, ttl_seconds: int = 86400) -> None:
        self._state = state
        self._namespace = namespace
        self._ttl = int(ttl_seconds)

    async def claim(self, key: str) -> bool:
        stored = await self._state.client.set(self._state.key(self._namespace, str(key)), 1, nx=True, ex=self._ttl)
        return bool(stored)
