"""Paces outgoing messages per chat and overall, so the platform never floods us out.

Telegram allows about one message per second in a chat (short bursts are
tolerated) and about 30 per second overall. Every send waits its turn here and
holds it until it is done, retries included, so a chat's messages keep their
order even when the platform says "retry after N seconds". `Pacer` counts in
this process; `SharedPacer` in Redis, for several instances of one bot.
"""
from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import AsyncIterator, Awaitable, Callable, Dict, Hashable, Union

from connectors.shared_state import SharedState

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class _Bucket:
    tokens: float
    updated: float
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class Pacer:
    """A token bucket per chat (rate per second, burst) and a minimum gap between any two sends."""

    SWEEP_AT = 1024

    def __init__(
        self,
        per_chat_rate: float = 1.0,
        per_chat_burst: int = 1,
        overall_rate: float = 30.0,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if per_chat_rate <= 0 or per_chat_burst < 1 or overall_rate <= 0:
            raise ValueError("rates must be positive and the burst at least 1")
        self._rate = per_chat_rate
        self._burst = per_chat_burst
        self._gap = 1.0 / overall_rate
        self._clock = clock
        self._sleep = sleep
        self._buckets: Dict[Hashable, _Bucket] = {}
        self._next_any = 0.0
        self._overall = asyncio.Lock()

    @asynccontextmanager
    async def turn(self, chat: Hashable) -> AsyncIterator[None]:
        """Waits until this chat may send; sends of one chat happen one at a time, in order."""
        bucket = self._buckets.get(chat)
        if bucket is None:
            if len(self._buckets) >= self.SWEEP_AT:
                self._forget_idle()
            bucket = self._buckets[chat] = _Bucket(tokens=float(self._burst), updated=self._clock())
        bucket.users += 1
        try:
            async with bucket.lock:
                await self._take(bucket)
                await self._take_overall()
                yield
        finally:
            bucket.users -= 1

    def _forget_idle(self) -> None:
        """Drops chats nobody is sending to whose bucket has refilled, so memory stays small."""
        now = self._clock()
        for chat, bucket in list(self._buckets.items()):
            if bucket.users == 0 and bucket.tokens + (now - bucket.updated) * self._rate >= self._burst:
                del self._buckets[chat]

    async def _take(self, bucket: _Bucket) -> None:
        while True:
            now = self._clock()
            bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
            bucket.updated = now
            if bucket.tokens >= 1 - 1e-9:  # tolerance: float sums like 0.2 * 5 fall just short of 1
                bucket.tokens = max(bucket.tokens - 1, 0.0)
                return
            await self._sleep((1 - bucket.tokens) / self._rate)

    async def _take_overall(self) -> None:
        async with self._overall:
            wait = self._next_any - self._clock()
            if wait > 0:
                await self._sleep(wait)
            self._next_any = max(self._next_any, self._clock()) + self._gap


# Reserves the next send time of a chat and of the bot as a whole, on Redis's clock, in one step:
# a chat may send `burst` messages back to back, then one per `interval`; any two sends of the bot
# are at least `gap` apart. Returns how long the caller waits before sending, in microseconds.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval, tolerance, gap, ttl = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local chat_next = tonumber(redis.call('GET', KEYS[1]) or '0')
local any_next = tonumber(redis.call('GET', KEYS[2]) or '0')
local at = math.max(now, chat_next - tolerance, any_next)
redis.call('SET', KEYS[1], math.max(chat_next, at) + interval, 'PX', ttl)
redis.call('SET', KEYS[2], at + gap, 'PX', ttl)
return at - now
"""


class SharedPacer:
    """The same limits as `Pacer`, counted in Redis for all instances of the bot.

    Order within a chat is kept by a lock in this process; across instances
    the conversation lock (Rasa's Redis lock store) already lets one instance
    at a time answer a person.
    """

    def __init__(
        self,
        state: SharedState,
        per_chat_rate: float = 1.0,
        per_chat_burst: int = 1,
        overall_rate: float = 30.0,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if per_chat_rate <= 0 or per_chat_burst < 1 or overall_rate <= 0:
            raise ValueError("rates must be positive and the burst at least 1")
        interval = 1_000_000 / per_chat_rate
        self._args = (round(interval), round((per_chat_burst - 1) * interval), round(1_000_000 / overall_rate))
        self._ttl_ms = max(1000, round(per_chat_burst * interval / 1000) + 1000)
        self._state = state
        self._sleep = sleep
        self._reserve = state.client.register_script(_RESERVE)
        self._chats: Dict[Hashable, _ChatTurns] = {}

    @asynccontextmanager
    async def turn(self, chat: Hashable) -> AsyncIterator[None]:
        """Waits until this chat may send; sends of one chat from this process happen in order."""
        turns = self._chats.setdefault(chat, _ChatTurns())
        turns.users += 1
        try:
            async with turns.lock:
                keys = [self._state.key("pace", str(chat)), self._state.key("pace", "*")]
                wait_us = await self._reserve(keys=keys, args=[*self._args, self._ttl_ms])
                if wait_us > 0:
                    await self._sleep(wait_us / 1_000_000)
                yield
        finally:
            turns.users -= 1
            if turns.users == 0:
                del self._chats[chat]


@dataclass
class _ChatTurns:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


AnyPacer = Union[Pacer, SharedPacer]
