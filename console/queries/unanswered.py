"""The unanswered page: messages the assistant could not help with, grouped.

A message is unanswered when the assistant did not understand it (fallback),
judged it out of scope, recognised a knowledge question but was not sure
enough of any article to answer (declined), as the answer log recorded, or
when the resident gave 👎 to the answer (then the question they asked is
listed). The log holds masked texts; they are masked again here (masking is
idempotent) so no page, file or export ever holds a resident's phone, ID
number or code, whatever wrote the row. Messages an official
has already dealt with (see review.py) leave the list.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Dict, Iterable, List, Optional, Sequence, Set

from bot.answer_log.models import DECLINED as LOG_DECLINED
from bot.answer_log.models import FALLBACK as LOG_FALLBACK
from bot.answer_log.models import OUT_OF_SCOPE as LOG_OUT_OF_SCOPE
from bot.masking import mask
from bot.nlu.normalization import fold
from console.queries.answer_log import Activity, Message
from console.similarity import group, grouping_key

FALLBACK = "fallback"
OUT_OF_SCOPE = "out_of_scope"
DECLINED = "declined"
NOT_HELPFUL = "not_helpful"
REASONS = {
    FALLBACK: "Không hiểu",
    OUT_OF_SCOPE: "Ngoài phạm vi",
    DECLINED: "Không chắc, không trả lời",
    NOT_HELPFUL: "Bị chê 👎",
}
_DECISION_REASONS = {LOG_FALLBACK: FALLBACK, LOG_OUT_OF_SCOPE: OUT_OF_SCOPE, LOG_DECLINED: DECLINED}
MAX_EXAMPLES = 8


@dataclass(frozen=True)
class Item:
    """One unanswered message, masked."""

    key: str  # digest of the comparable text: what a decision is remembered by
    compare: str
    text: str
    at: datetime
    user: str
    reason: str
    suggestion: Optional[str]
    answered_with: Optional[str] = None


@dataclass(frozen=True)
class GroupView:
    """A group of alike messages as the page shows it."""

    keys: List[str]
    texts: List[str]
    count: int
    users: int
    first: datetime
    last: datetime
    reasons: Dict[str, int]
    suggestion: Optional[str]
    answered_with: List[str]


def message_key(compare: str) -> str:
    """A short, fixed-length name for a comparable text."""
    return hashlib.sha256(compare.encode("utf-8")).hexdigest()[:40]


def _item(message: Message, reason: str, answered_with: Optional[str] = None) -> Item:
    text = mask(message.text)
    compare = grouping_key(text) or text.lower()
    ranked = [a for a in message.candidates if a != answered_with]
    return Item(message_key(compare), compare, text, message.at, message.user, reason, ranked[0] if ranked else None, answered_with)


def reason_for(message: Message) -> Optional[str]:
    """Why this message went unanswered, or None if it was answered (or is a button press)."""
    if not message.text or message.text.startswith("/"):
        return None
    return _DECISION_REASONS.get(message.decision)


def unanswered_items(activity: Activity) -> List[Item]:
    """Every unanswered message of the period, masked, oldest first."""
    found = []
    for message in activity.messages:
        reason = reason_for(message)
        if reason:
            found.append(_item(message, reason))
    for feedback in activity.feedback:
        if not feedback.helpful and feedback.question.text:
            found.append(_item(feedback.question, NOT_HELPFUL, feedback.article_id))
    return sorted(found, key=lambda i: i.at)


def _readable_first(items: Sequence[Item]) -> List[str]:
    """Distinct texts: most asked first, then those typed with diacritics (easier to read), then oldest."""
    ordered = sorted(items, key=lambda i: i.at)
    counts = Counter(i.text for i in ordered)
    first_seen = {text: n for n, text in reversed(list(enumerate(i.text for i in ordered)))}
    return sorted(counts, key=lambda t: (-counts[t], fold(t) == t.lower(), first_seen[t]))


def _view(items: Sequence[Item]) -> GroupView:
    suggestions = Counter(i.suggestion for i in items if i.suggestion)
    return GroupView(
        keys=sorted({i.key for i in items}),
        texts=_readable_first(items)[:MAX_EXAMPLES],
        count=len(items),
        users=len({i.user for i in items}),
        first=min(i.at for i in items),
        last=max(i.at for i in items),
        reasons=dict(Counter(i.reason for i in items).most_common()),
        suggestion=suggestions.most_common(1)[0][0] if suggestions else None,
        answered_with=sorted({i.answered_with for i in items if i.answered_with}),
    )


def open_groups(items: Iterable[Item], decided: Set[str], reason: Optional[str] = None) -> List[GroupView]:
    """Groups of the messages nobody has dealt with yet, biggest first."""
    remaining = [i for i in items if i.key not in decided and (reason is None or i.reason == reason)]
    return [_view(g.items) for g in group(remaining, key=lambda i: i.compare)]


def selected(items: Iterable[Item], keys: Iterable[str]) -> List[Item]:
    """The items an official's form named (by key)."""
    wanted = set(keys)
    return [i for i in items if i.key in wanted]


def summary(items: Sequence[Item]) -> GroupView:
    """The same view for an arbitrary selection (what a decision records)."""
    return _view(items)
