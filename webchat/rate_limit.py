"""Per-client token buckets: a steady rate with a small burst, kept in memory."""
from __future__ import annotations

import math
import time
from typing import Callable, Dict, Tuple


class RateLimiter:
    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic,
                 max_clients: int = 10_000) -> None:
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: Dict[str, Tuple[float, float]] = {}  # client → (tokens, when)

    def wait_seconds(self, client: str) -> int:
        """0 and one token taken if the client may go on, else whole seconds to wait."""
        now = self._clock()
        tokens, when = self._buckets.get(client, (self._burst, now))
        tokens = min(self._burst, tokens + (now - when) * self._rate)
        if tokens >= 1.0:
            self._buckets[client] = (tokens - 1.0, now)
            self._forget_idle(now)
            return 0
        self._buckets[client] = (tokens, now)
        return max(1, math.ceil((1.0 - tokens) / self._rate))

    def _forget_idle(self, now: float) -> None:
        # A bucket that has refilled is the same as no bucket: drop those first.
        if len(self._buckets) <= self._max_clients:
            return
        full_after = self._burst / self._rate
        self._buckets = {c: b for c, b in self._buckets.items() if now - b[1] < full_after}
        while len(self._buckets) > self._max_clients:
            self._buckets.pop(next(iter(self._buckets)))
