"""Knows Zalo's reply window, so a message that may not arrive is flagged in the log.

After a user's message an OA may send 8 free replies within 48 hours; the
count starts again with each new user message. Later or extra messages use
paid quota or are refused. The window is tracked per user, in memory: after a
restart the first reply to a user is simply not judged.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Dict, Optional


@dataclass
class _Window:
    opened: float
    used: int = 0


class ReplyWindow:
    def __init__(self, free_replies: int = 8, hours: float = 48.0, clock: Callable[[], float] = time.time) -> None:
        self._free = free_replies
        self._seconds = hours * 3600
        self._clock = clock
        self._windows: Dict[str, _Window] = {}

    def user_wrote(self, user_id: str) -> None:
        now = self._clock()
        if len(self._windows) > 50_000:
            self._windows = {u: w for u, w in self._windows.items() if now - w.opened < self._seconds}
        self._windows[user_id] = _Window(now)

    def use(self, user_id: str) -> Optional[str]:
        """Counts one reply; returns why it is outside the free window, or None when inside (or unknown)."""
        window = self._windows.get(user_id)
        if window is None:
            return None
        window.used += 1
        age = self._clock() - window.opened
        if age > self._seconds:
            return f"the user last wrote {age / 3600:.0f} h ago (free window {self._seconds / 3600:.0f} h)"
        if window.used > self._free:
            return f"this is reply {window.used} since the user's last message (free: {self._free})"
        return None
