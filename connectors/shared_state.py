"""Connector state every Rasa instance must share, kept in Redis when a deployment has several.

With `CONNECTOR_STATE_URL=redis://host:port/db` set, any instance can take any
webhook: a redelivered Telegram update or Zalo event is recognised whichever
instance got it first, Telegram's rate limits are counted once for all of
them, a button sent by one instance still works when the tap reaches another,
and Zalo's single-use refresh token is spent by one instance only. Unset
(`make run`, one process), the state stays in this process and in files
under var/, as before.

Redis must keep its data for the token pair and the button keys to survive a
Redis restart (appendonly yes); the deployment section of README.md says so.
"""
from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from typing import Optional

import redis
import redis.asyncio as redis_async

from connectors import settings

logger = logging.getLogger(__name__)

STATE_URL_VARIABLE = "CONNECTOR_STATE_URL"
DEFAULT_PREFIX = "binhdan:connectors"


@dataclass
class SharedState:
    """Redis clients for one server process, and the key prefix every instance agrees on."""

    url: str
    prefix: str = DEFAULT_PREFIX

    def __post_init__(self) -> None:
        self.client = redis_async.Redis.from_url(self.url)
        # for the rare calls made where no event loop is at hand (reading the token pair at start-up)
        self.blocking_client = redis.Redis.from_url(self.url)

    @classmethod
    def from_environment(cls) -> Optional["SharedState"]:
        """The shared state, or None when this process keeps its own."""
        url = settings.env(STATE_URL_VARIABLE)
        if url is None:
            return None
        if not url.startswith(("redis://", "rediss://", "unix://")):
            raise settings.ConfigurationError(f"{STATE_URL_VARIABLE} must be a redis:// URL, not {url.split(':', 1)[0]}:…")
        return cls(url)

    def scoped(self, *parts: str) -> "SharedState":
        """The same clients under a narrower prefix: one bot's or one OA's state never meets another's."""
        narrower = copy.copy(self)
        narrower.prefix = self.key(*parts)
        return narrower

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    def describe(self) -> str:
        """The URL without its password, for the log."""
        return self.client.connection_pool.connection_kwargs.get("host", "redis") + f" ({self.prefix})"

    async def close(self) -> None:
        await self.client.close()
        self.blocking_client.close()
