"""Messages in flight: what an instance accepted but did not answer is finished by another, once.

Each test plays instances with `InFlight` objects of their own on the local
Redis, under a prefix of its own; an instance "dies" by no longer beating.
"""
import asyncio
import uuid
from typing import List

import pytest
import redis

from bot.offered_payloads import Offers
from connectors.background import ConversationQueue
from connectors.dispatch import Dispatcher, TextOutput
from connectors.in_flight import InFlight
from connectors.inbound import MESSAGE, Inbound
from connectors.replies import Replies
from connectors.shared_state import SharedState

pytestmark = pytest.mark.services

REDIS_URL = "redis://127.0.0.1:6379/4"
EXPIRY = 0.4  # seconds without a heartbeat before an instance counts as dead


@pytest.fixture
def prefix():
    name = f"test:{uuid.uuid4().hex[:8]}"
    yield name
    cleanup = redis.Redis.from_url(REDIS_URL)
    for key in cleanup.scan_iter(f"{name}:*"):
        cleanup.delete(key)


def instance(prefix: str) -> InFlight:
    return InFlight(SharedState(REDIS_URL, prefix), expiry_seconds=EXPIRY)


def message(number: int) -> Inbound:
    return Inbound(MESSAGE, "text message", "4242", text=f"câu hỏi {number}", message_id=str(number),
                   metadata={"first_name": "Lan"})


async def dies_holding(owner: InFlight, *numbers: int) -> None:
    await owner._heartbeat()
    for number in numbers:
        await owner.hold("telegram", message(number))
    await asyncio.sleep(EXPIRY + 0.2)


def test_a_dead_instances_messages_are_adopted_by_exactly_one_other(prefix):
    async def main():
        dead, first, second = instance(prefix), instance(prefix), instance(prefix)
        await dies_holding(dead, 1, 2)
        await first._heartbeat()
        await second._heartbeat()
        adopted = await asyncio.gather(first.adopt_orphans(), second.adopt_orphans())
        again = await first.adopt_orphans()
        return adopted, again

    (by_first, by_second), again = asyncio.run(main())
    assert sorted(by_first + by_second, key=lambda inbound: inbound.message_id) == [message(1), message(2)]
    assert not (by_first and by_second)  # one instance took both, in one step
    assert again == []


def test_a_living_instances_messages_stay_with_it(prefix):
    async def main():
        alive, other = instance(prefix), instance(prefix)
        await dies_holding(alive, 1)
        await alive._heartbeat()  # it was only slow, and beats again
        return await other.adopt_orphans()

    assert asyncio.run(main()) == []


def test_an_answered_message_is_not_adopted(prefix):
    async def main():
        owner, other = instance(prefix), instance(prefix)
        await owner._heartbeat()
        await owner.hold("telegram", message(1))
        await owner.hold("telegram", message(2))
        await owner.release("telegram", message(1))
        await asyncio.sleep(EXPIRY + 0.2)
        return await other.adopt_orphans()

    assert asyncio.run(main()) == [message(2)]


def test_an_adopted_message_is_the_adopters_until_answered(prefix):
    """If the adopter dies too, a third instance still finds the message."""
    async def main():
        first, second, third = instance(prefix), instance(prefix), instance(prefix)
        await dies_holding(first, 1)
        await second._heartbeat()
        assert await second.adopt_orphans() == [message(1)]
        await asyncio.sleep(EXPIRY + 0.2)  # the adopter dies before answering
        return await third.adopt_orphans()

    assert asyncio.run(main()) == [message(1)]


# --- the dispatcher: recording, clearing, and not answering twice --------------------
class Output(TextOutput):
    def __init__(self) -> None:
        self.texts: List[str] = []

    @classmethod
    def name(cls) -> str:
        return "fake"

    async def send_text(self, recipient_id: str, text: str) -> bool:
        self.texts.append(text)
        return True

    async def send_text_message(self, recipient_id: str, text: str, **kwargs) -> None:
        self.texts.append(text)


def dispatcher(in_flight: InFlight, already_read: List[str]) -> Dispatcher:
    async def no_offers(sender_id: str) -> Offers:
        return Offers()

    async def answered(sender_id: str, message_id: str) -> bool:
        return message_id in already_read

    return Dispatcher("telegram", "telegram:", Output(), Replies(), ConversationQueue("test"), no_offers, in_flight, answered)


def test_a_message_is_in_flight_until_the_assistant_has_answered_it(prefix):
    async def main():
        in_flight = instance(prefix)
        held_during: List[dict] = []
        client = redis.Redis.from_url(REDIS_URL)

        async def assistant(user_message):
            held_during.append(client.hgetall(f"{prefix}:in-flight:{in_flight.instance}"))

        channel = dispatcher(in_flight, [])
        await channel.dispatch(message(7), assistant)
        await channel.queue.drain(timeout=5)
        return held_during, client.hgetall(f"{prefix}:in-flight:{in_flight.instance}")

    held_during, after = asyncio.run(main())
    assert list(held_during[0]) == [b"telegram:4242:7"]
    assert after == {}


def test_a_recovered_message_is_answered_only_if_it_was_not_read_before(prefix):
    async def main():
        dead, adopter = instance(prefix), instance(prefix)
        await dies_holding(dead, 1, 2)
        await adopter._heartbeat()
        read: List[str] = []

        async def assistant(user_message):
            read.append(user_message.text)

        channel = dispatcher(adopter, already_read=["1"])
        for inbound in await adopter.adopt_orphans():
            await channel.dispatch(inbound, assistant, recovered=True)
        await channel.queue.drain(timeout=5)
        left = redis.Redis.from_url(REDIS_URL).hgetall(f"{prefix}:in-flight:{adopter.instance}")
        return read, left

    read, left = asyncio.run(main())
    assert read == ["câu hỏi 2"]
    assert left == {}


def test_without_redis_a_message_is_still_answered(caplog):
    async def main():
        unreachable = InFlight(SharedState("redis://127.0.0.1:1/0", "test:down"), expiry_seconds=EXPIRY)
        read: List[str] = []

        async def assistant(user_message):
            read.append(user_message.text)

        channel = dispatcher(unreachable, [])
        await channel.dispatch(message(3), assistant)
        await channel.queue.drain(timeout=5)
        return read

    assert asyncio.run(main()) == ["câu hỏi 3"]
    assert "not recoverable" in caplog.text


def test_a_message_cut_off_by_shutdown_is_left_for_another_instance(prefix):
    async def main():
        stopping, other = instance(prefix), instance(prefix)
        channel = dispatcher(stopping, [])

        async def slow_assistant(user_message):
            await asyncio.sleep(30)

        await channel.start(slow_assistant)
        await channel.dispatch(message(9), slow_assistant)
        await asyncio.sleep(0.1)
        await channel.stop(timeout=0.2)  # the job is cancelled, and this instance stops beating
        await other._heartbeat()
        return await other.adopt_orphans()

    assert asyncio.run(main()) == [message(9)]


def test_an_instance_that_stops_with_everything_answered_leaves_nothing_behind(prefix):
    async def main():
        in_flight, other = instance(prefix), instance(prefix)
        channel = dispatcher(in_flight, [])

        async def assistant(user_message):
            pass

        await channel.start(assistant)
        await other._heartbeat()
        await channel.dispatch(message(4), assistant)
        await channel.stop(timeout=5)
        client = redis.Redis.from_url(REDIS_URL)
        return in_flight.instance, client.smembers(f"{prefix}:instances"), sorted(client.scan_iter(f"{prefix}:*"))

    stopped, listed, keys = asyncio.run(main())
    assert stopped.encode() not in listed  # the set the others look through stays as small as the cluster
    assert all(stopped.encode() not in key for key in keys)
