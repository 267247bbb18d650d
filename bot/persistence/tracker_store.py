"""A SQL tracker store configured by one SQLAlchemy URL, that keeps recent trackers in memory.

Rasa's SQLTrackerStore takes the URL in parts (dialect, host, port, db ...);
operators think in URLs ("postgresql://user@host/db"), and the default must be
a SQLite file under var/ so a newcomer needs no database server.

Profiling a loaded server showed a third of Rasa's time in the stock store:
every message reloads and replays the whole session from the database, and
every save counts the stored events again before inserting the new ones. This
store keeps the tracker it saved, with how many of its events are stored and
the conversation's event count and latest timestamp. The next retrieve checks
those with one indexed query and, when nothing else wrote since, hands the
same tracker out instead of rebuilding it. Any other writer (another Rasa
instance, a restart) changes them, and the tracker is read from the database
as before, so several instances can still share one database. Every event is still written
before the answer goes out: nothing is held back in memory.
"""
from __future__ import annotations

import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, Iterator, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine.url import make_url

from bot.persistence.location import DEFAULT_URL, REPO_ROOT, URL_VARIABLE, tracker_store_url

__all__ = ["DEFAULT_URL", "REPO_ROOT", "URL_VARIABLE", "UrlSQLTrackerStore", "tracker_store_url"]

logger = logging.getLogger(__name__)

DEFAULT_CACHED_CONVERSATIONS = 500  # a real 46-event conversation is 18 KB of JSON, some 60-90 KB in memory

# (number of events, latest timestamp) of one conversation over all sessions: any write changes it.
Version = Tuple[int, Optional[float]]


@dataclass
class _Known:
    """A tracker this process read or wrote, and how much of it the database holds."""

    tracker: DialogueStateTracker
    stored: int  # tracker.events[:stored] are in the database
    version: Version
    domain: Optional[Domain]
    handed_out: bool  # being worked on by a caller; not to be handed out twice


def _after_insert(version: Version, inserted: List[Event]) -> Version:
    """The version a conversation has after `inserted` were added to it (no query needed)."""
    count, last = version
    stamps = [event.timestamp for event in inserted] + ([last] if last is not None else [])
    return count + len(inserted), max(stamps) if stamps else None


class UrlSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose connection comes from `TRACKER_STORE_URL`, with recent trackers kept in memory.

    `cached_conversations` (endpoints.yml) bounds how many trackers are kept;
    0 turns the memory off and the store behaves as Rasa's own.
    """

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        cached_conversations: int = DEFAULT_CACHED_CONVERSATIONS,
        **kwargs: Any,
    ) -> None:
        url = make_url(host or tracker_store_url())
        if url.drivername.startswith("sqlite") and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query),
            **kwargs,
        )
        self._capacity = max(0, int(cached_conversations))
        self._known: "OrderedDict[str, _Known]" = OrderedDict()
        self._version_query: Optional[Any] = None

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The current session's tracker: the one kept in memory when the database has nothing newer.

        A kept tracker is handed to one caller at a time; a second caller, or
        one after another writer, gets a copy read from the database.
        """
        if self._capacity == 0:
            return await super().retrieve(sender_id)
        known = self._known.get(sender_id)
        with self.session_scope() as session:
            version = self._version(session, sender_id)
            if known is not None and not known.handed_out and self._is_current(known, version):
                known.handed_out = True
                self._known.move_to_end(sender_id)
                return known.tracker
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions=False).all()
        if not rows or not self.domain:
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, [json.loads(row.data) for row in rows], self.domain.slots)
        if len(tracker.events) == len(rows):
            self._remember(sender_id, _Known(tracker, len(rows), version, self.domain, handed_out=True))
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Writes the events the database lacks, then keeps the tracker for the next retrieve.

        Like Rasa's own store, this relies on the lock store: one writer per
        conversation at a time, from retrieve to save.
        """
        known = self._known.get(tracker.sender_id)
        stored = self._stored_part(tracker)
        await super().save(tracker)
        if self._capacity == 0:
            return
        inserted = list(islice(tracker.events, stored, None)) if stored is not None else []
        if known is None or stored is None or any(isinstance(event, SessionStarted) for event in inserted):
            # A tracker this store did not hand out (a new conversation, events replaced through the HTTP
            # API) may differ from what the database now holds, and one that began a new session holds
            # the old session too, which Rasa's retrieve leaves out: the next retrieve reads it.
            self._known.pop(tracker.sender_id, None)
            return
        version = _after_insert(known.version, inserted)
        self._remember(tracker.sender_id, _Known(tracker, len(tracker.events), version, self.domain, handed_out=False))

    async def stream_events(self, tracker: DialogueStateTracker) -> None:
        """Publishes the events not yet stored, without reading the tracker back when they are known."""
        stored = self._stored_part(tracker)
        if self.event_broker is None or stored is None:
            await super().stream_events(tracker)
            return
        new_events = list(islice(tracker.events, stored, None))
        await self._stream_new_events(self.event_broker, new_events, tracker.sender_id)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """The events to insert: counted from memory for a known tracker, else by Rasa's query."""
        stored = self._stored_part(tracker)
        if stored is None:
            return super()._additional_events(session, tracker)
        return islice(tracker.events, stored, None)

    def _stored_part(self, tracker: DialogueStateTracker) -> Optional[int]:
        known = self._known.get(tracker.sender_id)
        if known is None or known.tracker is not tracker:
            return None
        return known.stored

    def _version(self, session: Any, sender_id: Text) -> Version:
        if self._version_query is None:
            events = self.SQLEvent
            self._version_query = sa.select(sa.func.count(events.id), sa.func.max(events.timestamp)).where(
                events.sender_id == sa.bindparam("sender_id")
            )
        count, last = session.execute(self._version_query, {"sender_id": sender_id}).one()
        return count, last

    def _is_current(self, known: _Known, version: Version) -> bool:
        """The kept tracker is what the database holds: same writes, same domain, nothing unsaved added."""
        return (
            known.version == version
            and known.domain is self.domain
            and len(known.tracker.events) == known.stored
        )

    def _remember(self, sender_id: str, known: _Known) -> None:
        self._known[sender_id] = known
        self._known.move_to_end(sender_id)
        while len(self._known) > self._capacity:
            self._known.popitem(last=False)
