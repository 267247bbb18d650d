"""Tables of the schedule feature: classes, registrations, help contacts, topic words.

Times are naive local times (Asia/Ho_Chi_Minh, no daylight saving), as the
officials write them in their spreadsheets. Topic words live in the database
next to the classes, so places and topics are read from one source of truth.
"""
from __future__ import annotations

from datetime import datetime
from typing import List, Optional

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import relationship

from bot.database import Base


def _utcnow() -> datetime:
    return datetime.utcnow().replace(microsecond=0)


class Topic(Base):
    """A catalogue topic (vneid, dvc, payment, scam, health, basics, movement)."""

    __tablename__ = "schedule_topics"

    code = Column(String(32), primary_key=True)
    label = Column(String(200), nullable=False)
    words = relationship("TopicWord", back_populates="topic", cascade="all, delete-orphan")


class TopicWord(Base):
    """An everyday phrase residents use for a topic ("quét mã" -> payment).

    `weak` words ("điện thoại") count only when no other topic word is in the
    question: "dịch vụ công trên điện thoại" is about dvc, not basics.
    """

    __tablename__ = "schedule_topic_words"
    __table_args__ = (UniqueConstraint("topic_code", "phrase"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    topic_code = Column(String(32), ForeignKey("schedule_topics.code", ondelete="CASCADE"))
    phrase = Column(String(200), nullable=False)
    weak = Column(Boolean, nullable=False, default=False)
    topic = relationship("Topic", back_populates="words")


class ClassSession(Base):
    """One class ("buổi học") of the timetable, keyed by the officials' own id."""

    __tablename__ = "classes"

    id = Column(String(64), primary_key=True)
    title = Column(String(300), nullable=False)
    commune = Column(String(120), nullable=False)
    village = Column(String(120), nullable=False, default="")
    venue = Column(String(300), nullable=False)
    start = Column("starts_at", DateTime, nullable=False, index=True)
    end = Column("ends_at", DateTime, nullable=False)
    instructor = Column(String(200), nullable=False, default="")
    contact_phone = Column(String(20), nullable=False, default="")
    audience = Column(String(300), nullable=False, default="")
    capacity = Column(Integer, nullable=True)
    notes = Column(Text, nullable=False, default="")
    # set when an official cancels the class (the import's `status`, or the console); the row stays,
    # with its registrations, so that reinstating it brings everything back (bot.schedules.cancellation)
    cancelled_at = Column(DateTime, nullable=True)
    cancel_reason = Column(String(300), nullable=False, default="", server_default="")
    created_at = Column(DateTime, nullable=False, default=_utcnow)
    updated_at = Column(DateTime, nullable=False, default=_utcnow, onupdate=_utcnow)

    topic_links = relationship(
        "ClassTopic", cascade="all, delete-orphan", order_by="ClassTopic.position"
    )
    registrations = relationship("Registration", back_populates="klass")

    @property
    def topic_codes(self) -> List[str]:
        return [link.topic_code for link in self.topic_links]

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


class ClassTopic(Base):
    """Which catalogue topics a class covers, in the order the official wrote them."""

    __tablename__ = "class_topics"

    class_id = Column(String(64), ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True)
    topic_code = Column(String(32), primary_key=True, index=True)
    position = Column(Integer, nullable=False, default=0)


class Registration(Base):
    """A resident's place in a class. One phone number registers once per class."""

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("class_id", "phone", name="uq_registration_phone"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    class_id = Column(String(64), ForeignKey("classes.id"), nullable=False, index=True)
    name = Column(String(120), nullable=False)
    phone = Column(String(20), nullable=False)
    sender_id = Column(String(200), nullable=True)
    # the channel the resident registered through ("telegram", "zalo", "rest"), for reminders
    channel = Column(String(32), nullable=True)
    created_at = Column(DateTime, nullable=False, default=_utcnow)
    klass = relationship("ClassSession", back_populates="registrations")


class Contact(Base):
    """A local helper: Tổ công nghệ số cộng đồng member or Đại sứ số.

    An empty village means the contact serves the whole commune (for example
    at the commune's public administration centre).
    """

    __tablename__ = "help_contacts"

    id = Column(String(64), primary_key=True)
    commune = Column(String(120), nullable=False)
    village = Column(String(120), nullable=False, default="")
    role = Column(String(200), nullable=False)
    name = Column(String(200), nullable=False)
    phone = Column(String(20), nullable=False)
    zalo = Column(String(200), nullable=False, default="")
    hours = Column(String(200), nullable=False, default="")
    notes = Column(Text, nullable=False, default="")
    updated_at = Column(DateTime, nullable=False, default=_utcnow, onupdate=_utcnow)


class Meta(Base):
    """Small key/value facts about the data, e.g. its version for caches."""

    __tablename__ = "schedule_meta"

    key = Column(String(64), primary_key=True)
    value = Column(String(200), nullable=False)


DATA_VERSION = "data_version"
TOPIC_WORDS_HASH = "topic_words_hash"


def bump_data_version(session) -> None:
    """Marks the places/topics as changed so every process rebuilds its matchers."""
    row: Optional[Meta] = session.get(Meta, DATA_VERSION)
    if row is None:
        session.add(Meta(key=DATA_VERSION, value="1"))
    else:
        row.value = str(int(row.value) + 1)
