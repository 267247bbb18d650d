"""Officials' decisions about unanswered messages, and the review file they feed.

"This is article X" appends the chosen phrasings to a review file
(bot/knowledge/review/phrasings.yml). Nothing reads that file during
training: a person reviews each entry, removes anything personal, copies the
good phrasings into the article's `questions:` and deletes the entry; only
then does the next `make train` learn them. A resident's message never
reaches a production model without a human reading it first.
"New question needed" is kept in the database and exported as a list for the
people who write articles.
"""
from __future__ import annotations

import fcntl
import json
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import yaml
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from console.csvfile import csv_text
from console.db import DecidedMessage, Decision, session_scope, utcnow
from console.periods import utc_to_local
from console.queries.unanswered import Item, summary

ARTICLE, NEW_QUESTION = "article", "new_question"
REVIEW_HEADER = """\
# Câu hỏi thật của người dân mà cán bộ đã đánh dấu "đây là bài X" trên trang quản trị
# (console, trang "Chưa trả lời được"). Tệp này chỉ được GHI THÊM.
#
# KHÔNG tự động dùng để huấn luyện. Người phụ trách nội dung đọc từng mục, sửa lỗi
# và bỏ mọi thông tin cá nhân, chép câu phù hợp vào `questions:` của bài viết trong
# bot/knowledge/articles/, rồi xoá mục đó khỏi tệp này. Lần `make train` sau sẽ học
# các câu đã chép. Xem bot/knowledge/review/README.md.
"""
_file_lock = threading.Lock()


class DecisionError(ValueError):
    """The decision cannot be recorded; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Recorded:
    """A decision as the page lists it."""

    id: int
    kind: str
    article_id: Optional[str]
    text: str
    examples: List[str]
    asked: int
    users: int
    first_seen: Optional[datetime]
    last_seen: Optional[datetime]
    note: str
    decided_by: str
    decided_at: datetime


def append_review_entry(path: Path, entry: Dict[str, Any]) -> None:
    """Appends one entry to the review file, under a lock (several workers may write)."""
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _file_lock, path.open("a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if handle.tell() == 0:
                handle.write(REVIEW_HEADER)
            handle.write("\n" + block)
            handle.flush()
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def read_review_entries(path: Path) -> List[Dict[str, Any]]:
    """The entries waiting for review (empty if there is no file)."""
    if not path.is_file():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def _recorded(decision: Decision) -> Recorded:
    return Recorded(
        decision.id, decision.kind, decision.article_id, decision.text, json.loads(decision.examples or "[]"),
        decision.asked, decision.users, decision.first_seen, decision.last_seen, decision.note,
        decision.decided_by, decision.decided_at,
    )


def decided_keys() -> set:
    """Keys of every message already dealt with."""
    with session_scope() as session:
        return set(session.execute(select(DecidedMessage.key)).scalars())


def record(
    items: Sequence[Item],
    kind: str,
    official: str,
    review_file: Path,
    article_id: Optional[str] = None,
    phrasings: Sequence[str] = (),
    note: str = "",
) -> Recorded:
    """Records a decision about the selected messages (and, for an article, appends the review entry)."""
    if kind not in (ARTICLE, NEW_QUESTION):
        raise DecisionError("Không rõ quyết định.")
    with session_scope() as session:
        done = set(session.execute(select(DecidedMessage.key).where(DecidedMessage.key.in_({i.key for i in items}))).scalars())
        items = [i for i in items if i.key not in done]
        if not items:
            raise DecisionError("Nhóm câu này đã được xử lý hoặc không còn trong khoảng thời gian đang xem. Tải lại trang.")
        view = summary(items)
        decision = Decision(
            kind=kind, article_id=article_id if kind == ARTICLE else None, text=view.texts[0],
            examples=json.dumps(view.texts, ensure_ascii=False), asked=view.count, users=view.users,
            first_seen=view.first, last_seen=view.last, note=note.strip()[:1000], decided_by=official, decided_at=utcnow(),
        )
        decision.messages = [DecidedMessage(key=key) for key in view.keys]
        session.add(decision)
        try:
            session.flush()
        except IntegrityError as clash:  # another official decided the same messages a moment ago
            raise DecisionError("Nhóm câu này vừa được người khác xử lý. Tải lại trang.") from clash
        if kind == ARTICLE:
            chosen = [p for p in dict.fromkeys(phrasings) if p in {i.text for i in items}]
            if not chosen:
                raise DecisionError("Chọn ít nhất một câu để đưa vào danh sách chờ duyệt.")
            append_review_entry(review_file, {
                "article": article_id,
                "marked_by": official,
                "marked_at": decision.decided_at.strftime("%Y-%m-%d %H:%M UTC"),
                "asked": view.count,
                "phrasings": chosen,
            })
        return _recorded(decision)


def recent(limit: int = 20, kind: Optional[str] = None) -> List[Recorded]:
    """The latest decisions, newest first."""
    with session_scope() as session:
        statement = select(Decision).order_by(Decision.decided_at.desc(), Decision.id.desc()).limit(limit)
        if kind:
            statement = statement.where(Decision.kind == kind)
        return [_recorded(d) for d in session.execute(statement).scalars()]


def new_questions_csv() -> str:
    """Every "new question needed" decision, for the people who write articles (UTF-8 with BOM)."""
    with session_scope() as session:
        decisions = session.execute(
            select(Decision).where(Decision.kind == NEW_QUESTION).order_by(Decision.decided_at, Decision.id)
        ).scalars()
        rows = [
            (d.text, " | ".join(json.loads(d.examples or "[]")[1:]), d.asked, d.users,
             _day(d.first_seen), _day(d.last_seen), d.note, d.decided_by, _day(utc_to_local(d.decided_at)))
            for d in decisions
        ]
    header = ("Câu hỏi", "Cách hỏi khác", "Số lần hỏi", "Số người hỏi", "Lần đầu", "Lần cuối", "Ghi chú của cán bộ", "Người đánh dấu", "Ngày đánh dấu")
    return csv_text(header, rows)


def _day(moment: Optional[datetime]) -> str:
    return moment.strftime("%d/%m/%Y") if moment else ""
