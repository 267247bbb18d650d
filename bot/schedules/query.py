"""From a resident's question to the matching upcoming classes.

A question is read into a `ClassQuery` (places, topics, days) using the
places and topic words of the database; the query is kept in a slot so that
follow-ups ("còn lớp nào khác không?", "thế còn thứ bảy?") work on it.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from bot.schedules.db import data_version, database_url
from bot.schedules.models import ClassSession, ClassTopic, Registration
from bot.schedules.places import Gazetteer, PlaceFinding, VenueKey, VillageKey
from bot.schedules.text import Analysed, analyse
from bot.schedules.time_expressions import PARTS_OF_DAY, DateWindow, parse_analysed
from bot.schedules.topics import TopicIndex

MAX_SHOWN = 5


@dataclass(frozen=True)
class Vocabulary:
    """Places and topic words of one database at one data version."""

    places: Gazetteer
    topics: TopicIndex
    version: str


_vocabularies: Dict[str, Vocabulary] = {}
_vocabulary_lock = threading.Lock()


def vocabulary(session: Session) -> Vocabulary:
    """The current vocabulary; rebuilt only after an import changed the data."""
    url = database_url()
    version = data_version(session)
    with _vocabulary_lock:
        cached = _vocabularies.get(url)
        if cached is not None and cached.version == version:
            return cached
    built = Vocabulary(Gazetteer.from_session(session), TopicIndex.from_session(session), version)
    with _vocabulary_lock:
        _vocabularies[url] = built
    return built


@dataclass(frozen=True)
class ClassQuery:
    """What a resident asked for. Empty fields mean "any"."""

    villages: Tuple[VillageKey, ...] = ()
    communes: Tuple[str, ...] = ()
    venues: Tuple[VenueKey, ...] = ()
    topics: Tuple[str, ...] = ()
    windows: Tuple[DateWindow, ...] = ()
    part_of_day: Optional[str] = None
    unknown_places: Tuple[str, ...] = ()
    invalid_dates: Tuple[str, ...] = ()

    @property
    def has_place(self) -> bool:
        return bool(self.villages or self.communes or self.venues)

    @property
    def has_time(self) -> bool:
        return bool(self.windows or self.part_of_day)

    @property
    def has_filters(self) -> bool:
        return self.has_place or self.has_time or bool(self.topics)

    @property
    def time_label(self) -> str:
        """ "Thứ Bảy 28/11 buổi sáng", "tuần sau (30/11–06/12)", or ""."""
        words = [" hoặc ".join(w.label for w in self.windows)] if self.windows else []
        if self.part_of_day:
            words.append(PARTS_OF_DAY[self.part_of_day][0])
        return " ".join(words)

    def without_place(self) -> "ClassQuery":
        return replace(self, villages=(), communes=(), venues=(), unknown_places=())

    def without_time(self) -> "ClassQuery":
        return replace(self, windows=(), part_of_day=None, invalid_dates=())

    def without_topics(self) -> "ClassQuery":
        return replace(self, topics=())

    def refined_by(self, newer: "ClassQuery") -> "ClassQuery":
        """ "thế còn thứ bảy?": the newer question's parts replace the same parts of this one."""
        query = self
        if newer.has_place or newer.unknown_places:
            query = replace(
                query.without_place(),
                villages=newer.villages,
                communes=newer.communes,
                venues=newer.venues,
                unknown_places=newer.unknown_places,
            )
        if newer.has_time or newer.invalid_dates:
            query = replace(
                query.without_time(),
                windows=newer.windows,
                part_of_day=newer.part_of_day,
                invalid_dates=newer.invalid_dates,
            )
        if newer.topics:
            query = replace(query, topics=newer.topics)
        return query

    def to_json(self) -> Dict[str, Any]:
        return {
            "villages": [list(k) for k in self.villages],
            "communes": list(self.communes),
            "venues": [list(k) for k in self.venues],
            "topics": list(self.topics),
            "windows": [w.to_json() for w in self.windows],
            "part_of_day": self.part_of_day,
            "unknown_places": list(self.unknown_places),
        }

    @classmethod
    def from_json(cls, data: Optional[Dict[str, Any]]) -> "ClassQuery":
        if not data:
            return cls()
        return cls(
            villages=tuple(tuple(k) for k in data.get("villages", [])),
            communes=tuple(data.get("communes", [])),
            venues=tuple(tuple(k) for k in data.get("venues", [])),
            topics=tuple(data.get("topics", [])),
            windows=tuple(DateWindow.from_json(w) for w in data.get("windows", [])),
            part_of_day=data.get("part_of_day"),
            unknown_places=tuple(data.get("unknown_places", [])),
        )


@dataclass(frozen=True)
class ParsedQuestion:
    """A question read: the query and which words were understood."""

    query: ClassQuery
    message: Analysed
    places: PlaceFinding


def parse_question(text: str, vocab: Vocabulary, today: date) -> ParsedQuestion:
    """Reads places, topics and days from the raw text of a message."""
    message = analyse(text)
    when = parse_analysed(message, today)
    time_tokens = {i for i, t in enumerate(message.tokens) if t.piece in when.positions}
    places = vocab.places.find(message, blocked=time_tokens)
    words = [t.text for t in message.tokens]
    topics = vocab.topics.find(words, blocked=time_tokens | set(places.positions))
    query = ClassQuery(
        villages=places.villages,
        communes=places.communes,
        venues=places.venues,
        topics=topics.codes,
        windows=when.windows,
        part_of_day=when.part_of_day,
        unknown_places=() if places.found else places.unknown,
        invalid_dates=when.invalid,
    )
    return ParsedQuestion(query, message, places)


# -- searching -----------------------------------------------------------------
@dataclass(frozen=True)
class ClassView:
    """A class as shown to residents, detached from the database session."""

    id: str
    title: str
    topics: Tuple[str, ...]
    commune: str
    village: str
    venue: str
    start: datetime
    end: datetime
    instructor: str
    contact_phone: str
    audience: str
    capacity: Optional[int]
    registered: int
    notes: str
    cancelled: bool = False  # an official cancelled it: never offered, only officials see it listed
    cancel_reason: str = ""

    @property
    def seats_left(self) -> Optional[int]:
        return None if self.capacity is None else max(self.capacity - self.registered, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.registered >= self.capacity

    def is_open(self, now: datetime) -> bool:
        """Whether a resident can still register for it."""
        return self.start > now and not self.is_full and not self.cancelled


@dataclass(frozen=True)
class SearchResult:
    classes: Tuple[ClassView, ...]
    total: int


def _place_condition(query: ClassQuery, vocab: Vocabulary):
    places = vocab.places
    conditions = []
    for key in query.villages:
        communes, villages = places.village_spellings(key)
        conditions.append(and_(ClassSession.commune.in_(communes), ClassSession.village.in_(villages)))
    for key in query.venues:
        communes, venues = places.venue_spellings(key)
        conditions.append(and_(ClassSession.commune.in_(communes), ClassSession.venue.in_(venues)))
    place = or_(*conditions) if conditions else None
    if query.communes:
        spellings = [s for key in query.communes for s in places.commune_spellings(key)]
        commune = ClassSession.commune.in_(spellings)
        place = commune if place is None else and_(place, commune)
    return place


def _time_condition(windows: Sequence[DateWindow]):
    return or_(
        *[
            and_(
                ClassSession.start >= datetime.combine(w.start, datetime.min.time()),
                ClassSession.start < datetime.combine(w.end + timedelta(days=1), datetime.min.time()),
            )
            for w in windows
        ]
    )


def search(
    session: Session,
    query: ClassQuery,
    vocab: Vocabulary,
    now: datetime,
    limit: int = MAX_SHOWN,
    exclude: Iterable[str] = (),
) -> SearchResult:
    """Upcoming classes matching the query, soonest first (cancelled ones are never shown)."""
    statement = select(ClassSession).where(ClassSession.end > now, ClassSession.cancelled_at.is_(None))
    place = _place_condition(query, vocab)
    if place is not None:
        statement = statement.where(place)
    if query.windows:
        statement = statement.where(_time_condition(query.windows))
    if query.topics:
        with_topic = select(ClassTopic.class_id).where(ClassTopic.topic_code.in_(query.topics))
        statement = statement.where(ClassSession.id.in_(with_topic))
    excluded = set(exclude)
    statement = statement.order_by(ClassSession.start, ClassSession.id)
    statement = statement.options(selectinload(ClassSession.topic_links))
    rows = [c for c in session.execute(statement).scalars() if c.id not in excluded]
    hours = part_of_day_hours(query.part_of_day)
    if hours:
        rows = [c for c in rows if hours[0] <= c.start.hour < hours[1]]
    shown = rows[:limit]
    return SearchResult(tuple(views(session, shown)), len(rows))


def part_of_day_hours(part_of_day: Optional[str]) -> Optional[Tuple[int, int]]:
    """First hour and the hour after the last of "sáng", "chiều", "tối" ..."""
    if not part_of_day:
        return None
    _, first, after = PARTS_OF_DAY[part_of_day]
    return first, after


def views(session: Session, classes: Sequence[ClassSession]) -> List[ClassView]:
    """Snapshots of classes with their registration counts."""
    ids = [c.id for c in classes]
    counts: Dict[str, int] = {}
    if ids:
        rows = session.execute(
            select(Registration.class_id, func.count()).where(Registration.class_id.in_(ids)).group_by(Registration.class_id)
        )
        counts = {class_id: count for class_id, count in rows}
    return [
        ClassView(
            id=c.id,
            title=c.title,
            topics=tuple(c.topic_codes),
            commune=c.commune,
            village=c.village,
            venue=c.venue,
            start=c.start,
            end=c.end,
            instructor=c.instructor,
            contact_phone=c.contact_phone,
            audience=c.audience,
            capacity=c.capacity,
            registered=counts.get(c.id, 0),
            notes=c.notes,
            cancelled=c.cancelled,
            cancel_reason=c.cancel_reason or "",
        )
        for c in classes
    ]


def load_classes(session: Session, ids: Sequence[str]) -> List[ClassView]:
    """Classes by id, in the order given (ids no longer in the timetable are skipped)."""
    if not ids:
        return []
    statement = select(ClassSession).where(ClassSession.id.in_(list(ids))).options(selectinload(ClassSession.topic_links))
    found = {c.id: c for c in session.execute(statement).scalars()}
    return views(session, [found[i] for i in ids if i in found])


@dataclass(frozen=True)
class Alternative:
    """Classes suggested when nothing matched, and which part of the question was dropped."""

    dropped: str  # "time" | "place" | "topic" | "everything"
    classes: Tuple[ClassView, ...]


def alternatives(session: Session, query: ClassQuery, vocab: Vocabulary, now: datetime, limit: int = 3) -> Optional[Alternative]:
    """The closest thing to what was asked: other days, then other places, then other topics."""
    tries: List[Tuple[str, ClassQuery]] = []
    if query.has_time:
        tries.append(("time", query.without_time()))
    if query.has_place:
        tries.append(("place", query.without_place()))
    if query.topics:
        tries.append(("topic", query.without_topics()))
        if query.has_time:
            tries.append(("topic", query.without_topics().without_time()))
    tries.append(("everything", ClassQuery()))
    for dropped, relaxed in tries:
        found = search(session, relaxed, vocab, now, limit=limit)
        if found.classes:
            return Alternative(dropped, found.classes)
    return None
