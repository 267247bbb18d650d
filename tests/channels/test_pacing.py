"""Per-chat pacing: about one message a second in a chat, chats independent, order kept."""
import asyncio

import pytest

from connectors.pacing import Pacer


class FakeTime:
    def __init__(self):
        self.now = 0.0

    def clock(self):
        return self.now

    async def sleep(self, seconds):
        self.now += seconds
        await asyncio.sleep(0)


def send_times(pacer, chats):
    times = []

    async def send(chat, n):
        async with pacer.turn(chat):
            times.append((chat, n, pacer._clock()))

    async def main():
        await asyncio.gather(*(send(chat, n) for n, chat in enumerate(chats)))

    asyncio.run(main())
    return times


def test_one_message_a_second_in_a_chat():
    t = FakeTime()
    times = send_times(Pacer(1.0, 1, 1e9, clock=t.clock, sleep=t.sleep), ["a"] * 4)
    assert [round(at, 3) for _, _, at in times] == [0.0, 1.0, 2.0, 3.0]
    assert [n for _, n, _ in times] == [0, 1, 2, 3]  # in order


def test_a_burst_is_allowed_then_the_rate_applies():
    t = FakeTime()
    times = send_times(Pacer(1.0, 3, 1e9, clock=t.clock, sleep=t.sleep), ["a"] * 5)
    assert [round(at, 3) for _, _, at in times] == [0.0, 0.0, 0.0, 1.0, 2.0]


def test_other_chats_do_not_wait_for_a_busy_one():
    t = FakeTime()
    times = send_times(Pacer(1.0, 1, 1e9, clock=t.clock, sleep=t.sleep), ["a", "a", "a", "b"])
    assert [(c, n) for c, n, _ in times] == [("a", 0), ("b", 3), ("a", 1), ("a", 2)]


def test_the_overall_rate_spaces_all_chats():
    t = FakeTime()
    times = send_times(Pacer(1.0, 1, overall_rate=10, clock=t.clock, sleep=t.sleep), ["a", "b", "c", "d"])
    gaps = [round(b - a, 3) for (_, _, a), (_, _, b) in zip(times, times[1:])]
    assert gaps == [0.1, 0.1, 0.1]


def test_idle_chats_are_forgotten():
    t = FakeTime()
    pacer = Pacer(1.0, 1, 1e9, clock=t.clock, sleep=t.sleep)
    pacer.SWEEP_AT = 10
    send_times(pacer, [f"chat{n}" for n in range(10)])
    t.now += 5
    send_times(pacer, ["new"])
    assert set(pacer._buckets) == {"new"}


def test_rates_must_be_positive():
    with pytest.raises(ValueError):
        Pacer(0)
