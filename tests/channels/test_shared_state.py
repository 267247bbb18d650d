"""Connector state shared in the local Redis: what two instances of the server must agree on.

Each test plays two instances with two `SharedState` objects (two connection
pools, as two processes would have) under a prefix of its own.
"""
import asyncio
import time
import uuid

import pytest
import redis

from connectors.dedup import SharedRecentIds
from connectors.pacing import SharedPacer
from connectors.payload_keys import KEY_PREFIX, PayloadKeys
from connectors.reply_window import SharedReplyWindow
from connectors.settings import ConfigurationError
from connectors.shared_state import STATE_URL_VARIABLE, SharedState
from connectors.zalo_tokens import SharedTokenStore, TokenPair

pytestmark = pytest.mark.services

REDIS_URL = "redis://127.0.0.1:6379/4"


@pytest.fixture
def instances():
    prefix = f"test:{uuid.uuid4().hex[:8]}"
    pair = SharedState(REDIS_URL, prefix), SharedState(REDIS_URL, prefix)
    yield pair
    cleanup = redis.Redis.from_url(REDIS_URL)
    for key in cleanup.scan_iter(f"{prefix}:*"):
        cleanup.delete(key)
    for state in pair:  # each test runs its own event loop: only the blocking clients are left to close
        state.blocking_client.close()


def test_a_delivery_reaching_both_instances_is_claimed_by_exactly_one(instances):
    first, second = (SharedRecentIds(state, "telegram:updates") for state in instances)

    async def both_at_once():
        return await asyncio.gather(*(ids.claim("4711") for ids in (first, second) for _ in range(10)))

    async def main():
        claims = await both_at_once()
        return claims, await second.claim("4712"), await first.claim("4712")

    claims, second_first, first_again = asyncio.run(main())
    assert claims.count(True) == 1
    assert second_first and not first_again


def test_two_bots_sharing_one_redis_keep_their_own_delivery_ids(instances):
    first_bot, second_bot = (SharedRecentIds(instances[0].scoped("telegram", bot), "updates") for bot in ("111", "222"))

    async def main():
        return [await first_bot.claim("1"), await second_bot.claim("1"), await first_bot.claim("1")]

    assert asyncio.run(main()) == [True, True, False]


def test_delivery_ids_expire_after_their_time(instances):
    ids = SharedRecentIds(instances[0], "zalo:deliveries", ttl_seconds=1)

    async def main():
        claims = [await ids.claim("m1"), await ids.claim("m1")]
        await asyncio.sleep(1.1)
        return claims + [await ids.claim("m1")]

    assert asyncio.run(main()) == [True, False, True]


def test_pacing_is_counted_once_for_all_instances_in_a_chat(instances):
    """20 messages a second per chat: 6 sends to one chat from two instances take 5 intervals."""
    pacers = [SharedPacer(state, per_chat_rate=20, per_chat_burst=1, overall_rate=1000) for state in instances]
    sent = []

    async def send(pacer, n):
        async with pacer.turn("chat-1"):
            sent.append((n, time.monotonic()))

    async def main():
        await asyncio.gather(*(send(pacers[n % 2], n) for n in range(6)))

    asyncio.run(main())
    times = sorted(t for _, t in sent)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.04, gaps  # 50 ms apart, less Redis's clock granularity


def test_chats_are_paced_apart_and_overall_gap_holds(instances):
    pacer = SharedPacer(instances[0], per_chat_rate=1, per_chat_burst=1, overall_rate=20)
    sent = []

    async def send(chat):
        async with pacer.turn(chat):
            sent.append(time.monotonic())

    async def main():
        await asyncio.gather(*(send(f"chat-{n}") for n in range(4)))

    start = time.monotonic()
    asyncio.run(main())
    assert time.monotonic() - start < 0.5  # four chats do not wait a second for each other
    times = sorted(sent)
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.04  # but the bot sends at most 20 a second


def test_a_button_sent_by_one_instance_works_when_tapped_on_another(instances):
    payload = '/choose_article{"article": "vneid_muc_do_2_dang_ky_tai_cong_an_xa"}'
    data = PayloadKeys(None, shared=instances[0]).to_callback_data(payload)
    assert data.startswith(KEY_PREFIX)
    assert PayloadKeys(None, shared=instances[1]).from_callback_data(data) == payload
    assert PayloadKeys(None, shared=instances[1]).from_callback_data(KEY_PREFIX + "A" * 20) is None


def test_the_zalo_token_pair_is_seeded_once_and_refreshed_pairs_are_seen_everywhere(instances):
    one = SharedTokenStore(instances[0], TokenPair("a0", "r0"))
    other = SharedTokenStore(instances[1], TokenPair("a0", "r0"))
    assert one.load() == TokenPair("a0", "r0")
    one.save(TokenPair("a1", "r1", 99.0))
    assert other.load() == TokenPair("a1", "r1", 99.0)  # the same seed does not overwrite a refreshed pair
    assert SharedTokenStore(instances[1], TokenPair("a9", "r9")).load() == TokenPair("a9", "r9")  # a new seed wins


def test_only_one_instance_refreshes_the_zalo_token_at_a_time(instances):
    stores = [SharedTokenStore(state, TokenPair("a0", "r0")) for state in instances]
    inside, overlaps = [], []

    async def refresh(store):
        async with store.refreshing():
            if inside:
                overlaps.append(True)
            inside.append(True)
            await asyncio.sleep(0.05)
            inside.pop()

    async def main():
        await asyncio.gather(*(refresh(stores[n % 2]) for n in range(6)))

    asyncio.run(main())
    assert not overlaps


def test_a_wrong_state_url_is_refused_with_its_name(monkeypatch):
    monkeypatch.setenv(STATE_URL_VARIABLE, "postgresql://db/state")
    with pytest.raises(ConfigurationError, match=STATE_URL_VARIABLE):
        SharedState.from_environment()
    monkeypatch.delenv(STATE_URL_VARIABLE)
    assert SharedState.from_environment() is None


def test_zalo_replies_sent_by_two_instances_count_in_one_reply_window(instances):
    now = [1_000_000.0]
    first, second = (SharedReplyWindow(state.scoped("zalo", "app1"), free_replies=3, hours=48, clock=lambda: now[0])
                     for state in instances)

    async def main():
        unknown = await first.use("user-1")  # no message from this user yet: not judged
        await second.user_wrote("user-1")  # the user's message reached the second instance
        verdicts = [await window.use("user-1") for window in (first, second, first, second)]
        now[0] += 49 * 3600
        late = await second.use("user-1")
        await first.user_wrote("user-1")  # a new message opens a new window
        fresh = await second.use("user-1")
        return unknown, verdicts, late, fresh

    unknown, verdicts, late, fresh = asyncio.run(main())
    assert unknown is None
    assert verdicts[:3] == [None, None, None]  # three free replies, whichever instance sent them
    assert verdicts[3] == "this is reply 4 since the user's last message (free: 3)"
    assert late.startswith("the user last wrote 49 h ago")
    assert fresh is None
