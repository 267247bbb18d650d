"""The deployment endpoints against the real local services.

PostgreSQL (tracker store), Redis (lock store) and RabbitMQ (event broker)
run on this machine and in CI; these tests load endpoints.deploy.yml exactly
as `rasa run --endpoints endpoints.deploy.yml` does and use each store for real.
"""
import asyncio
import json
import uuid

import aio_pika
import pytest
import redis
import sqlalchemy
from rasa.core.brokers.broker import EventBroker
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.core.tracker_store import TrackerStore
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.persistence.tracker_store import UrlSQLTrackerStore

pytestmark = pytest.mark.services

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
QUEUE = f"rasa-test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def endpoints(monkeypatch):
    for name, value in {
        "ACTION_SERVER_URL": "http://127.0.0.1:5055/webhook",
        "TRACKER_STORE_URL": POSTGRES_URL,
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": "3",
        "RABBITMQ_HOST": "127.0.0.1", "RABBITMQ_PORT": "5672",
        "RABBITMQ_USER": "guest", "RABBITMQ_PASSWORD": "guest", "RABBITMQ_QUEUE": QUEUE,
    }.items():
        monkeypatch.setenv(name, value)
    return read_endpoints_from_path("endpoints.deploy.yml")


def test_conversations_are_stored_in_postgresql(endpoints):
    domain = Domain.from_yaml('version: "3.1"\nslots:\n  kb_article:\n    type: text\n    mappings: [{type: custom}]\n')
    store = TrackerStore.create(endpoints.tracker_store, domain=domain)
    assert isinstance(store, UrlSQLTrackerStore)
    sender = f"deploy-{uuid.uuid4().hex[:8]}"
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("chào cháu"), SlotSet("kb_article", "pay_qr")])
    asyncio.run(store.save(tracker))

    restored = asyncio.run(TrackerStore.create(endpoints.tracker_store, domain=domain).retrieve(sender))
    assert restored.get_slot("kb_article") == "pay_qr"
    engine = sqlalchemy.create_engine(POSTGRES_URL)
    with engine.connect() as connection:
        count = connection.execute(
            sqlalchemy.text("select count(*) from events where sender_id = :s"), {"s": sender}
        ).scalar()
    assert count >= 2


def test_locks_are_taken_in_redis(endpoints):
    store = LockStore.create(endpoints.lock_store)
    assert isinstance(store, RedisLockStore)
    conversation = f"deploy-{uuid.uuid4().hex[:8]}"

    async def hold_lock():
        async with store.lock(conversation):
            keys = redis.Redis(host="127.0.0.1", port=6379, db=3).keys("binhdan*")
            return [k.decode() for k in keys]

    assert any(conversation in key for key in asyncio.run(hold_lock()))


def test_events_are_published_to_rabbitmq(endpoints):
    async def publish_and_read():
        broker = await EventBroker.create(endpoints.event_broker)
        assert broker is not None
        broker.publish({"event": "user", "text": "kiểm tra", "sender_id": "deploy-broker"})
        await asyncio.sleep(1)
        await broker.close()
        connection = await aio_pika.connect_robust("amqp://guest:guest@127.0.0.1:5672/")
        async with connection:
            channel = await connection.channel()
            queue = await channel.declare_queue(QUEUE, durable=True)
            message = await queue.get(timeout=10, fail=False)
            body = message.body.decode() if message else None
            await queue.delete(if_unused=False, if_empty=False)
            return body

    body = asyncio.run(publish_and_read())
    assert body is not None and json.loads(body)["text"] == "kiểm tra"
