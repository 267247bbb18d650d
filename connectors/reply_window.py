"""Knows Zalo's reply window, so a message that may not arrive is flagged in the log.

After a user's message an OA may send 8 free replies within 48 hours; the
count starts again with each new user message. Later or extra messages use
paid quota or are refused. `ReplyWindow` tracks the window per user in this
process (after a restart the first reply to a user is simply not judged);
`SharedReplyWindow` in Redis, so several instances count one OA's replies
together (connectors/shared_state.py).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Protocol

from connectors.shared_state import SharedState


class AnyReplyWindow(Protocol):
    async def user_wrote(self, user_id: str) -> None: ...

    async def use(self, user_id: str) -> Optional[str]: ...


@dataclass
class _Window:
    opened: float
    used: int = 0


class _Limits:
    """The free window's size, and the reason a reply falls outside it."""

    def __init__(self, free_replies: int, hours: float, clock: Callable[[], float]) -> None:
        self._free = free_replies
        self._seconds = hours * 3600
        self._clock = clock

    def outside(self, opened: float, used: int) -> Optional[str]:
        age = self._clock() - opened
        if age > self._seconds:
            return f"the user last wrote {age / 3600:.0f} h ago (free window {self._seconds / 3600:.0f} h)"
        if used > self._free:
            return f"this is reply {used} since the user's last message (free: {self._free})"
        return None


class ReplyWindow(_Limits):
    """The windows of this process's users."""

    def __init__(self, free_replies: int = 8, hours: float = 48.0, clock: Callable[[], float] = time.time) -> None:
        super().__init__(free_replies, hours, clock)
        self._windows: Dict[str, _Window] = {}

    async def user_wrote(self, user_id: str) -> None:
        now = self._clock()
        if len(self._windows) > 50_000:
            self._windows = {u: w for u, w in self._windows.items() if now - w.opened < self._seconds}
        self._windows[user_id] = _Window(now)

    async def use(self, user_id: str) -> Optional[str]:
        """Counts one reply; returns why it is outside the free window, or None when inside (or unknown)."""
        window = self._windows.get(user_id)
        if window is None:
            return None
        window.used += 1
        return self.outside(window.opened, window.used)


# Counts a reply in an open window; nothing for a user whose window is unknown.
_COUNT_REPLY = """
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
local used = redis.call('HINCRBY', KEYS[1], 'used', 1)
return {redis.call('HGET', KEYS[1], 'opened'), used}
"""


class SharedReplyWindow(_Limits):
    """The windows of one OA's users in Redis, counted by every instance together."""

    def __init__(self, state: SharedState, free_replies: int = 8, hours: float = 48.0,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(free_replies, hours, clock)
        self._state = state
        self._count = state.client.register_script(_COUNT_REPLY)

    def _key(self, user_id: str) -> str:
        return self._state.key("reply-window", user_id)

    async def user_wrote(self, user_id: str) -> None:
        key = self._key(user_id)
        async with self._state.client.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"opened": repr(self._clock()), "used": 0})
            pipe.expire(key, int(self._seconds) + 3600)  # kept a little past the window, then forgotten
            await pipe.execute()

    async def use(self, user_id: str) -> Optional[str]:
        counted = await self._count(keys=[self._key(user_id)])
        if counted is None:
            return None
        opened, used = counted
        return self.outside(float(opened), int(used))
