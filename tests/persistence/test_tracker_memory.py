"""The tracker store's memory: faster reads, and exactly what Rasa's own SQL store would hold and return."""
import asyncio
import uuid
from typing import Any, Dict, List

import pytest
import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.persistence.tracker_store import UrlSQLTrackerStore

DOMAIN = Domain.from_yaml('version: "3.1"\nslots:\n  kb_article:\n    type: text\n    mappings: [{type: custom}]\n')


class CollectingBroker(EventBroker):
    def __init__(self) -> None:
        self.published: List[Dict[str, Any]] = []

    def publish(self, event: Dict[str, Any]) -> None:
        self.published.append(event)


def run(coroutine):
    return asyncio.run(coroutine)


POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.services)])
def url(request, tmp_path):
    """A fresh SQLite file, or the local PostgreSQL shared with other tests (senders are unique)."""
    return f"sqlite:///{tmp_path / 'tracker.db'}" if request.param == "sqlite" else POSTGRES_URL


@pytest.fixture
def who():
    """Conversation ids no earlier run has used, so a shared database holds no events for them."""
    run_id = uuid.uuid4().hex[:8]
    return lambda name: f"{name}-{run_id}"


def store_on(url, **kwargs):
    return UrlSQLTrackerStore(domain=DOMAIN, host=url, **kwargs)


def rasas_own_reading(url, sender):
    """What Rasa's SQLTrackerStore returns for the same database."""
    parts = sa.engine.make_url(url)
    stock = SQLTrackerStore(
        domain=DOMAIN, dialect=parts.drivername, host=parts.host, port=parts.port, db=parts.database,
        username=parts.username,
    )
    return run(stock.retrieve(sender))


def stored_rows(url, sender):
    with sa.create_engine(url).connect() as connection:
        return connection.execute(
            sa.text("select type_name, data from events where sender_id = :s order by id"), {"s": sender}
        ).fetchall()


def turn(store, sender, text):
    """One message as the processor handles it: retrieve (or create), append, save."""
    tracker = run(store.get_or_create_tracker(sender, append_action_listen=False))
    tracker.update(UserUttered(text))
    tracker.update(ActionExecuted("utter_answer"))
    tracker.update(BotUttered(f"trả lời: {text}"))
    tracker.update(SlotSet("kb_article", text))
    tracker.update(ActionExecuted("action_listen"))
    run(store.save(tracker))
    return tracker


def event_reads(store):
    """Counts the statements that read events' data (not the one-row version check)."""
    reads = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if "events.data" in statement:
            reads.append(statement)

    sa.event.listen(store.engine, "before_cursor_execute", before)
    return reads


def test_the_next_message_gets_the_saved_tracker_without_reading_events_back(url, who):
    store = store_on(url)
    reads = event_reads(store)
    turn(store, who("bac-an"), "chào cháu")  # a new conversation is read back once, as Rasa's store does
    second = turn(store, who("bac-an"), "cài vneid")
    reads.clear()
    again = run(store.retrieve(who("bac-an")))
    assert again is second
    assert reads == []
    assert again == rasas_own_reading(url, who("bac-an"))


def test_every_event_is_stored_once_over_many_turns(url, who):
    store = store_on(url)
    for number in range(5):
        tracker = turn(store, who("bac-binh"), f"câu hỏi {number}")
    rows = stored_rows(url, who("bac-binh"))
    assert len(rows) == len(tracker.events) == 25
    assert rasas_own_reading(url, who("bac-binh")) == tracker
    assert tracker.get_slot("kb_article") == "câu hỏi 4"


def test_a_write_by_another_instance_is_seen(url, who):
    here, there = store_on(url), store_on(url)
    turn(here, who("bac-chi"), "một")
    turn(there, who("bac-chi"), "hai")  # the next message went to the other instance
    tracker = run(here.retrieve(who("bac-chi")))
    assert tracker.get_slot("kb_article") == "hai"
    assert tracker == rasas_own_reading(url, who("bac-chi"))
    turn(here, who("bac-chi"), "ba")
    assert len(stored_rows(url, who("bac-chi"))) == 15


def test_a_kept_tracker_is_handed_to_one_caller_at_a_time(url, who):
    store = store_on(url)
    turn(store, who("bac-dung"), "một")
    first, second = run(store.retrieve(who("bac-dung"))), run(store.retrieve(who("bac-dung")))
    assert first is not second
    first.update(UserUttered("chưa lưu"))
    assert second.latest_message.text == "một"


def test_a_change_that_was_never_saved_is_not_handed_out(url, who):
    store = store_on(url)
    turn(store, who("bac-em"), "một")
    failed = run(store.retrieve(who("bac-em")))
    failed.update(UserUttered("lỗi giữa chừng"))  # the turn failed before saving
    again = run(store.retrieve(who("bac-em")))
    assert again.latest_message.text == "một"
    assert again == rasas_own_reading(url, who("bac-em"))


def test_a_new_session_is_returned_as_rasa_returns_it(url, who):
    store = store_on(url)
    tracker = turn(store, who("bac-giang"), "phiên cũ")
    tracker = run(store.retrieve(who("bac-giang")))
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    run(store.save(tracker))
    again = run(store.retrieve(who("bac-giang")))
    assert again == rasas_own_reading(url, who("bac-giang"))
    assert len(again.events) < len(tracker.events)


def test_the_broker_gets_each_new_event_once(url, who):
    broker = CollectingBroker()
    store = store_on(url, event_broker=broker)
    for number in range(3):
        turn(store, who("bac-hoa"), f"câu {number}")
    assert [event["event"] for event in broker.published] == [row.type_name for row in stored_rows(url, who("bac-hoa"))]


def test_memory_is_bounded_and_can_be_turned_off(url, who):
    small = store_on(url, cached_conversations=2)
    reads = event_reads(small)
    for sender in (who("mot"), who("hai"), who("ba")):
        turn(small, sender, "chào")
        turn(small, sender, "cài vneid")
    reads.clear()
    run(small.retrieve(who("ba")))
    assert reads == []
    run(small.retrieve(who("mot")))  # the oldest was let go
    assert len(reads) == 1

    off = store_on(url, cached_conversations=0)
    reads = event_reads(off)
    turn(off, who("bon"), "chào")
    reads.clear()
    assert run(off.retrieve(who("bon"))) == rasas_own_reading(url, who("bon"))
    assert len(reads) == 1


def test_a_new_domain_reads_the_tracker_again(url, who):
    store = store_on(url)
    turn(store, who("bac-khanh"), "một")
    first = turn(store, who("bac-khanh"), "hai")
    store.domain = Domain.from_yaml(
        'version: "3.1"\nslots:\n  kb_article:\n    type: text\n    mappings: [{type: custom}]\n'
        '  class_ids:\n    type: list\n    mappings: [{type: custom}]\n'
    )
    again = run(store.retrieve(who("bac-khanh")))
    assert again is not first
    assert "class_ids" in again.slots


def test_a_tracker_the_store_did_not_hand_out_is_read_back(url, who):
    """Events replaced through Rasa's HTTP API (a new tracker object saved) are read as Rasa's store reads them."""
    store = store_on(url)
    turn(store, who("bac-lan"), "một")
    turn(store, who("bac-lan"), "hai")
    replacement = DialogueStateTracker.from_events(who("bac-lan"), [UserUttered("thay thế"), SlotSet("kb_article", "khác")])
    run(store.save(replacement))
    assert run(store.retrieve(who("bac-lan"))) == rasas_own_reading(url, who("bac-lan"))
