"""A small fictional timetable, a temporary database, and helpers to drive the actions.

The timetable is deliberately not the demo one (other villages, a second
commune), so the tests show that places and topics come from the data.
Today is Monday 2026-11-23.
"""
from __future__ import annotations

import asyncio
import csv
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.knowledge.address import DEFAULT_ADDRESS
from bot.schedules.importer import CLASS_COLUMNS, CONTACT_COLUMNS, import_classes, import_contacts

TODAY = "2026-11-23"
ROOT = Path(__file__).resolve().parents[2]
# the domain the action server receives from Rasa (forms, slots and their mappings)
DOMAIN = yaml.safe_load((ROOT / "domain" / "schedules.yml").read_text(encoding="utf-8"))

# id, title, topics, commune, village, venue, start, end, capacity
CLASSES = [
    ("BM-01", "Làm quen điện thoại thông minh", "basics", "Xã Bình Minh", "Tổ dân phố 17", "Nhà văn hóa tổ dân phố 17", "2026-11-24T08:00", "2026-11-24T10:00", "30"),
    ("BM-02", "Nhận diện cuộc gọi lừa đảo", "scam", "Xã Bình Minh", "Tổ dân phố 7", "Nhà văn hóa tổ dân phố 7", "2026-11-24T15:00", "2026-11-24T17:00", "30"),
    ("BM-03", "Nộp hồ sơ trực tuyến bằng VNeID", "dvc;vneid", "Xã Bình Minh", "Xóm Đồng Cao", "Nhà văn hóa xóm Đồng Cao", "2026-11-25T19:00", "2026-11-25T21:00", "25"),
    ("BM-04", "Học trên nền tảng Bình dân học vụ số", "movement", "Xã Bình Minh", "Tổ dân phố 7", "Bưu điện xã Bình Minh", "2026-11-26T08:00", "2026-11-26T10:00", "15"),
    ("BM-05", "Cài VNeID mức 2", "vneid", "Xã Bình Minh", "Thôn Thượng", "Nhà văn hóa thôn Thượng", "2026-11-28T08:00", "2026-11-28T10:00", "30"),
    ("BM-06", "Dịch vụ công cho người dân khu phố", "dvc", "Phường Tân Lập", "Khu phố 2", "Nhà văn hóa khu phố 2", "2026-11-28T08:00", "2026-11-28T10:00", "30"),
    ("BM-07", "Dùng Zalo với con cháu", "basics", "Xã Bình Minh", "Thôn Hạ", "Nhà văn hóa thôn Hạ", "2026-11-29T08:00", "2026-11-29T10:00", "1"),
    ("BM-08", "Chuyển tiền an toàn", "payment;scam", "Xã Bình Minh", "Xóm Đồng Cao", "Nhà văn hóa xóm Đồng Cao", "2026-12-02T19:00", "2026-12-02T21:00", ""),
    ("BM-09", "Bảo vệ tài khoản trước kẻ gian", "scam", "Xã Bình Minh", "Thôn Thượng", "Nhà văn hóa thôn Thượng", "2026-12-05T08:00", "2026-12-05T10:00", "30"),
    ("BM-10", "Sổ sức khỏe điện tử", "health", "Xã Bình Minh", "Thôn Hạ", "Trạm y tế xã Bình Minh", "2026-12-06T19:00", "2026-12-06T20:30", "20"),
    ("BM-11", "Quét mã QR trả tiền điện", "payment", "Xã Bình Minh", "Thôn Thượng", "Nhà văn hóa thôn Thượng", "2026-12-12T14:00", "2026-12-12T16:00", "30"),
    ("BM-12", "Làm quen điện thoại thông minh", "basics", "Xã Bình Minh", "Thôn Thượng", "Nhà văn hóa thôn Thượng", "2026-12-15T08:00", "2026-12-15T10:00", "30"),
    ("BM-13", "Khám bệnh từ xa", "health", "Xã Bình Minh", "Tổ dân phố 7", "Nhà văn hóa tổ dân phố 7", "2027-01-05T08:00", "2027-01-05T10:00", "30"),
    ("BM-00", "Buổi đã qua", "basics", "Xã Bình Minh", "Thôn Thượng", "Nhà văn hóa thôn Thượng", "2026-11-20T08:00", "2026-11-20T10:00", "30"),
]

CONTACTS = [
    ("LH-1", "Xã Bình Minh", "Thôn Thượng", "Đại sứ số", "anh Vũ Hải", "0900000202", "0900000202", "18:00–21:00", ""),
    ("LH-2", "Xã Bình Minh", "Thôn Thượng", "Tổ công nghệ số cộng đồng", "chị Hà Thu", "0900000201", "", "7:00–17:00", ""),
    ("LH-3", "Xã Bình Minh", "", "Đại sứ số tại Trung tâm phục vụ hành chính công", "chị Lò Mai", "0900000200", "", "giờ hành chính", ""),
    ("LH-4", "Xã Bình Minh", "Tổ dân phố 7", "Tổ công nghệ số cộng đồng", "ông Kim Sơn", "0900000207", "", "", ""),
]


def row_dict(row: Sequence[str]) -> Dict[str, str]:
    id_, title, topics, commune, village, venue, start, end, capacity = row
    return dict(
        id=id_, title=title, topics=topics, commune=commune, village=village, venue=venue,
        start=start, end=end, instructor="Tổ công nghệ số", contact_phone="0900000299",
        audience="Mọi người dân", capacity=capacity, notes="",
    )


def write_csv(path: Path, columns: Sequence[str], rows: Sequence[Dict[str, str]], encoding: str = "utf-8-sig", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(autouse=True)
def db(tmp_path, monkeypatch):
    """An empty database of its own (never var/assistant.db), and today pinned to 2026-11-23."""
    monkeypatch.setenv("ASSISTANT_DB", f"sqlite:///{tmp_path / 'test.db'}")
    monkeypatch.setenv("ASSISTANT_TODAY", TODAY)
    return tmp_path


@pytest.fixture
def timetable(db):
    """The fixture timetable and contacts, imported the way officials do."""
    import_classes(write_csv(db / "classes.csv", CLASS_COLUMNS, [row_dict(r) for r in CLASSES]))
    contacts = [dict(zip(CONTACT_COLUMNS, c)) for c in CONTACTS]
    import_contacts(write_csv(db / "contacts.csv", CONTACT_COLUMNS, contacts))
    return db


def make_tracker(
    text: str,
    intent: Optional[str] = None,
    slots: Optional[Dict[str, Any]] = None,
    entities: Sequence[Dict[str, Any]] = (),
    events: Optional[List[Dict[str, Any]]] = None,
    active_loop: Optional[str] = None,
) -> Tracker:
    all_slots: Dict[str, Any] = dict(DEFAULT_ADDRESS)
    all_slots.update({"class_ids": [], "class_query": None, "requested_slot": None})
    all_slots.update(slots or {})
    message = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": list(entities)}
    return Tracker(
        sender_id="test-user",
        slots=all_slots,
        latest_message=message,
        events=events if events is not None else [{"event": "user", "text": text, "parse_data": message}],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def run(action, tracker: Tracker):
    """Runs an action; returns (messages, events)."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


def slot_values(events) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


class Conversation:
    """Keeps slots between turns, as Rasa's tracker does, for schedule actions."""

    def __init__(self) -> None:
        self.slots: Dict[str, Any] = {}

    def say(self, action, text: str, intent: Optional[str] = None, entities: Sequence[Dict[str, Any]] = ()):
        messages, events = run(action, make_tracker(text, intent, self.slots, entities))
        self.slots.update(slot_values(events))
        return messages


def texts(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)
