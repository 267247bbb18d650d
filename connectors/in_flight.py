"""Messages a webhook accepted but the assistant has not answered yet, kept where another instance can finish them.

Telegram and Zalo get their 200 before the assistant answers
(connectors/background.py), and neither sends a message again once it had its
200. An instance that dies in between would lose that message. With shared
state on (connectors/shared_state.py), each accepted message is written to
this instance's in-flight hash in Redis before the 200 and removed once it is
handled. Every instance keeps a heartbeat key alive and its id in a small set
of instances, and every few seconds looks through that set for instances
whose heartbeat has expired (never through the whole keyspace, which holds a
day of delivery ids). It moves their messages to its own hash in one atomic
step, so exactly one instance adopts them, and handles them. A message the dead instance had already answered is
on the conversation's tracker under its message id, and the dispatcher skips
it (connectors/dispatch.py).

The adopted messages come late, so a later message from the same person may
have been answered first; the log says which message was recovered.
"""
from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import uuid
from typing import Awaitable, Callable, List, Optional

from redis.exceptions import RedisError

from connectors import settings
from connectors.inbound import Inbound
from connectors.shared_state import SharedState

logger = logging.getLogger(__name__)

EXPIRY_VARIABLE = "CONNECTOR_INSTANCE_EXPIRY_SECONDS"
DEFAULT_EXPIRY_SECONDS = 15.0  # an instance silent this long is taken for dead

Resume = Callable[[Inbound], Awaitable[None]]

# Moves a dead owner's hash into the adopter's and forgets the owner, unless it came back; returns what moved.
ADOPT = """
if redis.call('EXISTS', KEYS[3]) == 1 then return {} end
local items = redis.call('HGETALL', KEYS[1])
if #items > 0 then redis.call('HSET', KEYS[2], unpack(items)) end
redis.call('DEL', KEYS[1])
redis.call('SREM', KEYS[4], ARGV[1])
return items
"""


class InFlight:
    """This instance's unanswered messages in Redis, and the adoption of dead instances' ones."""

    def __init__(self, state: SharedState, expiry_seconds: Optional[float] = None) -> None:
        self._state = state
        self.instance = uuid.uuid4().hex[:12]
        self._expiry = expiry_seconds or settings.number(None, "instance_expiry_seconds", DEFAULT_EXPIRY_SECONDS, EXPIRY_VARIABLE)
        self._beat = max(self._expiry / 4, 0.5)
        self._adopt = state.client.register_script(ADOPT)
        self._task: Optional[asyncio.Task] = None

    def _held(self, instance: str) -> str:
        return self._state.key("in-flight", instance)

    def _alive(self, instance: str) -> str:
        return self._state.key("alive", instance)

    @property
    def _instances(self) -> str:
        return self._state.key("instances")

    @staticmethod
    def key(channel: str, inbound: Inbound) -> str:
        """Names one platform message: its channel, conversation and the platform's message id."""
        return f"{channel}:{inbound.conversation}:{inbound.message_id}"

    async def hold(self, channel: str, inbound: Inbound) -> None:
        """Records an accepted message; a Redis failure is logged and the message is still handled."""
        key = self.key(channel, inbound)
        try:
            async with self._state.client.pipeline(transaction=True) as pipe:
                pipe.hset(self._held(self.instance), key, json.dumps(dataclasses.asdict(inbound)))
                pipe.sadd(self._instances, self.instance)  # listed again, should another have taken us for dead
                await pipe.execute()
        except RedisError as error:
            logger.error("Could not record message %s as in flight (%s); it is handled, but not recoverable", key, error)

    async def release(self, channel: str, inbound: Inbound) -> None:
        """Forgets a handled message."""
        key = self.key(channel, inbound)
        try:
            await self._state.client.hdel(self._held(self.instance), key)
        except RedisError as error:
            logger.warning("Could not clear in-flight message %s (%s); another instance may check it again", key, error)

    async def start(self, resume: Resume) -> None:
        """Beats, and adopts dead instances' messages, until `stop`."""
        await self._heartbeat()
        self._task = asyncio.get_running_loop().create_task(self._run(resume))

    async def stop(self) -> None:
        """After the queue drained: nothing of ours is in flight, and we are no longer alive."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        try:
            await self._state.client.delete(self._alive(self.instance))
            if not await self._state.client.exists(self._held(self.instance)):
                await self._state.client.srem(self._instances, self.instance)  # else left for another to adopt
        except RedisError as error:
            logger.warning("Could not clear this instance's heartbeat (%s)", error)

    async def _heartbeat(self) -> None:
        async with self._state.client.pipeline(transaction=True) as pipe:
            pipe.set(self._alive(self.instance), 1, px=int(self._expiry * 1000))
            pipe.sadd(self._instances, self.instance)
            await pipe.execute()

    async def _run(self, resume: Resume) -> None:
        while True:
            try:
                await self._heartbeat()
                for inbound in await self.adopt_orphans():
                    await resume(inbound)
            except RedisError as error:
                logger.warning("In-flight messages: Redis is unreachable (%s); trying again", error)
            except Exception:
                logger.exception("In-flight messages: a recovery round failed")
            await asyncio.sleep(self._beat)

    async def adopt_orphans(self) -> List[Inbound]:
        """Takes over the messages of every instance whose heartbeat has expired."""
        adopted: List[Inbound] = []
        for raw in await self._state.client.smembers(self._instances):  # the client answers in bytes
            owner = raw.decode()
            if owner == self.instance:
                continue
            keys = [self._held(owner), self._held(self.instance), self._alive(owner), self._instances]
            items = await self._adopt(keys=keys, args=[owner])
            for message_key, payload in zip(items[::2], items[1::2]):
                inbound = Inbound(**json.loads(payload))
                logger.warning("Recovered message %s from instance %s, which stopped before answering it",
                               message_key.decode(), owner)
                adopted.append(inbound)
        return adopted
