"""The indicators page: use of the assistant and of the classes, per day, topic, channel, village.

- conversations and unique users per day (a user is a sender id: one chat);
- questions by topic: knowledge answers by their article's topic, and
  questions about the class timetable (answered or not);
- channel split: users, conversations and messages per channel;
- classes and registrations per village, from the assistant's database
  (a cancelled class is counted apart, never as a class held or planned);
- pasted messages checked for scams, by verdict and by red flag.
Each table is also a CSV download.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Dict, List, Mapping, Optional, Tuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.answer_log.models import SCHEDULE, SCHEDULE_UNAVAILABLE
from bot.knowledge.store import TOPIC_TITLES, Article
from bot.schedules.models import ClassSession, Registration
from console.periods import Period
from console.queries.answer_log import Activity

SCHEDULE_TOPIC = "schedule"
CHANNELS = {"telegram": "Telegram", "rest": "Web (REST)", "zalo": "Zalo", "cmdline": "Dòng lệnh", "socketio": "Web chat"}
UNKNOWN_CHANNEL = "Không rõ"


@dataclass(frozen=True)
class Day:
    day: date
    conversations: int
    users: int
    messages: int


@dataclass(frozen=True)
class TopicCount:
    code: str
    label: str
    questions: int


@dataclass(frozen=True)
class ChannelCount:
    label: str
    users: int
    conversations: int
    messages: int


@dataclass(frozen=True)
class VillageCount:
    commune: str
    village: str
    classes: int  # held or planned: cancelled ones are only in `cancelled`
    upcoming: int
    registrations: int  # in those classes (a cancelled class keeps its list, in case it is reinstated)
    seats: Optional[int]  # None when a class has no limit
    cancelled: int  # cancelled by an official


def per_day(activity: Activity, period: Period) -> List[Day]:
    """Every day of the period, including quiet ones."""
    conversations = Counter(c.started.date() for c in activity.conversations)
    messages = Counter(m.at.date() for m in activity.messages)
    users: Dict[date, set] = defaultdict(set)
    for message in activity.messages:
        users[message.at.date()].add(message.user)
    return [Day(d, conversations[d], len(users[d]), messages[d]) for d in period.each_day()]


def per_topic(activity: Activity, articles: Mapping[str, Article]) -> List[TopicCount]:
    """Knowledge answers per catalogue topic (all topics, even at zero), then timetable questions."""
    answered = Counter(articles[a.article_id].topic for a in activity.answers if a.article_id in articles)
    rows = [TopicCount(code, title, answered[code]) for code, title in TOPIC_TITLES.items()]
    schedule = sum(1 for m in activity.messages if m.decision in (SCHEDULE, SCHEDULE_UNAVAILABLE))
    return rows + [TopicCount(SCHEDULE_TOPIC, "Lịch lớp học", schedule)]


def per_channel(activity: Activity) -> List[ChannelCount]:
    """Users, conversations and messages per channel, busiest first."""
    def label(channel: Optional[str]) -> str:
        return CHANNELS.get(channel or "", channel or UNKNOWN_CHANNEL)

    users: Dict[str, set] = defaultdict(set)
    messages: Counter = Counter()
    for message in activity.messages:
        users[label(message.channel)].add(message.user)
        messages[label(message.channel)] += 1
    conversations = Counter(label(c.channel) for c in activity.conversations)
    rows = [ChannelCount(name, len(users[name]), conversations[name], messages[name]) for name in messages]
    return sorted(rows, key=lambda r: (-r.messages, r.label))


VERDICTS = {"scam": "Lừa đảo", "suspicious": "Đáng ngờ", "no_red_flags": "Chưa thấy dấu hiệu"}


@dataclass(frozen=True)
class CheckCount:
    label: str
    checks: int


def scam_checks(activity: Activity) -> Tuple[List[CheckCount], List[CheckCount]]:
    """Checked messages per verdict (all verdicts, even at zero) and per red flag (commonest first)."""
    verdicts = Counter(c.verdict for c in activity.scam_checks)
    flags = Counter(flag for c in activity.scam_checks for flag in c.flags)
    by_verdict = [CheckCount(label, verdicts[code]) for code, label in VERDICTS.items()]
    by_flag = [CheckCount(flag, count) for flag, count in sorted(flags.items(), key=lambda pair: (-pair[1], pair[0]))]
    return by_verdict, by_flag


def per_village(session: Session, period: Period, now: datetime) -> List[VillageCount]:
    """Classes from the period's first day on (past and upcoming), with registrations, per village;
    cancelled classes (their registrations and seats too) only in their own count."""
    since = datetime.combine(period.first, datetime.min.time())
    registered = dict(session.execute(select(Registration.class_id, func.count()).group_by(Registration.class_id)).all())
    groups: Dict[tuple, List[ClassSession]] = defaultdict(list)
    for klass in session.execute(select(ClassSession).where(ClassSession.start >= since)).scalars():
        groups[(klass.commune, klass.village)].append(klass)
    rows = []
    for (commune, village), all_classes in groups.items():
        classes = [c for c in all_classes if not c.cancelled]
        capacities = [c.capacity for c in classes]
        rows.append(VillageCount(
            commune=commune,
            village=village,
            classes=len(classes),
            upcoming=sum(1 for c in classes if c.start >= now),
            registrations=sum(registered.get(c.id, 0) for c in classes),
            seats=None if None in capacities else sum(capacities),
            cancelled=len(all_classes) - len(classes),
        ))
    return sorted(rows, key=lambda r: (r.commune, r.village))
