"""Background work: in order per conversation, failures isolated, redeliveries recognised."""
import asyncio

from connectors.background import ConversationQueue
from connectors.dedup import RecentIds


def test_jobs_of_one_conversation_run_in_arrival_order_and_others_in_parallel():
    done = []

    async def job(name, seconds):
        await asyncio.sleep(seconds)
        done.append(name)

    async def main():
        queue = ConversationQueue("test")
        queue.submit("a", lambda: job("a-slow", 0.2), "a1")
        queue.submit("a", lambda: job("a-fast", 0), "a2")
        queue.submit("b", lambda: job("b", 0.05), "b1")
        await queue.drain(5)
        return queue

    queue = asyncio.run(main())
    assert done == ["b", "a-slow", "a-fast"]
    assert queue.pending == 0 and not queue._tails


def test_a_failing_job_is_logged_and_the_next_still_runs(caplog):
    done = []

    async def boom():
        raise RuntimeError("boom")

    async def ok():
        done.append("ok")

    async def main():
        queue = ConversationQueue("test")
        queue.submit("a", boom, "the failing job")
        queue.submit("a", ok, "the next job")
        await queue.drain(5)

    asyncio.run(main())
    assert done == ["ok"]
    assert "the failing job failed" in caplog.text


def test_drain_gives_up_on_stuck_jobs_and_says_so(caplog):
    async def main():
        queue = ConversationQueue("test")
        queue.submit(None, lambda: asyncio.sleep(60), "stuck")
        await queue.drain(0.1)

    asyncio.run(main())
    assert "did not finish" in caplog.text


def test_recent_ids_report_repeats_until_they_expire():
    now = [0.0]
    seen = RecentIds(ttl_seconds=10, clock=lambda: now[0])
    assert seen.first_time("m1") and not seen.first_time("m1")
    now[0] = 11
    assert seen.first_time("m1")


def test_recent_ids_stay_within_their_size():
    seen = RecentIds(max_size=3)
    for n in range(5):
        seen.first_time(n)
    assert len(seen._seen) == 3 and seen.first_time(0)
