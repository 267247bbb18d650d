"""Importing the officials' timetable and help contacts from CSV or XLSX.

A file is checked in full before anything is written: if any row is wrong,
nothing is imported and every bad row is reported with its spreadsheet row
number (the header is row 1) and the reasons, in Vietnamese. A good file is
written in one transaction; rows are matched by `id`, so re-importing the
corrected timetable updates the classes (registrations are kept). The
optional `status` column cancels a class ("hủy") or reinstates it (empty,
"mở"), with an optional `cancel_reason` for the officials (cancellation.py).

    python -m bot.schedules.importer classes lich-hoc.csv
    python -m bot.schedules.importer contacts nguoi-ho-tro.xlsx
    python -m bot.schedules.importer classes lich-hoc.csv --check   # only check
"""
from __future__ import annotations

import argparse
import csv
import io
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from bot.reminders import scheduling as reminder_scheduling
from bot.reminders import settings as reminder_settings
from bot.nlu.normalization import fold
from bot.schedules import cancellation, clock
from bot.schedules.db import session_scope
from bot.schedules.models import ClassSession, ClassTopic, Contact, Registration, Topic, bump_data_version
from bot.schedules import phone as phones
from bot.schedules.phone import check_any, digits_of

CLASS_COLUMNS = (
    "id", "title", "topics", "commune", "village", "venue", "start", "end",
    "instructor", "contact_phone", "audience", "capacity", "notes",
)
OPTIONAL_CLASS_COLUMNS = ("status", "cancel_reason")
# `status` values, compared without accents: the class goes ahead, or it is cancelled
SCHEDULED_WORDS = ("", "mo", "binh thuong", "dien ra", "open", "active", "scheduled")
CANCELLED_WORDS = ("huy", "da huy", "bi huy", "cancelled", "canceled", "cancel")
CONTACT_COLUMNS = ("id", "commune", "village", "role", "name", "phone", "zalo", "hours", "notes")
TIME_FORMAT = "YYYY-MM-DDTHH:MM"
MAX_CLASS_HOURS = 12
_LIMITS = {
    "id": 64, "title": 300, "commune": 120, "village": 120, "venue": 300, "instructor": 200,
    "audience": 300, "role": 200, "name": 200, "zalo": 200, "hours": 200, "notes": 2000,
    "cancel_reason": cancellation.REASON_LIMIT,
}
CLASSES, CONTACTS = "classes", "contacts"
_WHAT = {CLASSES: "lớp", CONTACTS: "người hỗ trợ"}
_PHONE_REASONS = {
    phones.NO_NUMBER: "không có chữ số nào",
    phones.TOO_SHORT: "chỉ có {digits} chữ số",
    phones.TOO_LONG: "có tới {digits} chữ số",
    phones.OLD_ELEVEN_DIGITS: "số 11 chữ số đầu 01 đã đổi sang số mới",
    phones.BAD_PREFIX: "đầu số không có ở Việt Nam",
    phones.LANDLINE_NOT_MOBILE: "số máy bàn",
}


@dataclass(frozen=True)
class Problem:
    """What is wrong with one row (or, with no row, with the whole file)."""

    row: Optional[int]
    reasons: Tuple[str, ...]

    def __str__(self) -> str:
        text = "; ".join(self.reasons)
        return f"Dòng {self.row}: {text}." if self.row else f"{text}."


class ImportRejected(Exception):
    """The file was refused as a whole; nothing was written."""

    def __init__(self, path: Path, problems: Sequence[Problem]):
        super().__init__(f"{path}: {len(problems)} problem(s)")
        self.path = path
        self.problems = list(problems)

    def report(self) -> str:
        rows = [p for p in self.problems if p.row]
        if rows:
            head = f"Tệp {self.path.name} có {len(rows)} dòng lỗi, chưa nhập gì vào hệ thống:"
        else:
            head = f"Tệp {self.path.name} chưa nhập được, chưa có gì thay đổi:"
        lines = [head] + [f"- {p}" for p in self.problems]
        if rows:
            lines.append("Sửa các dòng trên rồi nhập lại cả tệp.")
        return "\n".join(lines)


@dataclass
class ImportReport:
    """What a successful import did."""

    kind: str
    path: Path
    created: int = 0
    updated: int = 0
    kept: int = 0
    change_notices: int = 0  # residents to be told that their class moved (bot.reminders)
    cancelled: int = 0  # classes this file cancelled (status "hủy"), and those it reinstated
    reinstated: int = 0
    cancel_notices: int = 0  # residents to be told that their class was cancelled
    warnings: List[str] = field(default_factory=list)
    checked_only: bool = False

    def summary(self) -> str:
        what = _WHAT[self.kind]
        total = self.created + self.updated
        if self.checked_only:
            lines = [f"Tệp {self.path.name} hợp lệ: {total} {what} ({self.created} mới, {self.updated} cập nhật). Chưa ghi gì (chế độ kiểm tra)."]
        else:
            lines = [f"Đã nhập {total} {what} từ {self.path.name}: {self.created} mới, {self.updated} cập nhật."]
        if self.kept:
            lines.append(f"{self.kept} {what} đã có từ trước nhưng không có trong tệp vẫn được giữ nguyên.")
        if self.cancelled:
            lines.append(f"{self.cancelled} lớp bị hủy: người dân không còn thấy lớp này và không nhận nhắc lịch.")
        if self.reinstated:
            lines.append(f"{self.reinstated} lớp đã hủy nay được mở lại; nhắc lịch được đặt lại.")
        if self.change_notices and not self.checked_only:
            lines.append(f"Trợ lý sẽ nhắn báo đổi giờ/địa điểm cho {self.change_notices} người đã đăng ký.")
        if self.cancel_notices and not self.checked_only:
            lines.append(f"Trợ lý sẽ nhắn báo hủy lớp cho {self.cancel_notices} người đã đăng ký.")
        lines += [f"Lưu ý: {w}" for w in self.warnings]
        return "\n".join(lines)


# -- reading files --------------------------------------------------------------
Row = Tuple[int, Dict[str, str]]


def read_table(path: Path, columns: Sequence[str], optional: Sequence[str] = ()) -> List[Row]:
    """Rows of a CSV or XLSX file as {column: text}, numbered as in a spreadsheet;
    an `optional` column the file lacks reads as empty."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        header, body = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        header, body = _read_csv(path)
    else:
        raise ImportRejected(path, [Problem(None, ("Chỉ nhận tệp .csv (UTF-8) hoặc .xlsx",))])
    names = [_clean(h).lower() for h in header]
    while names and not names[-1]:
        names.pop()
    problems = _header_problems(names, columns, optional)
    if problems:
        raise ImportRejected(path, problems)
    rows: List[Row] = []
    bad: List[Problem] = []
    for number, cells in body:
        values = [_clean(c) for c in cells]
        if not any(values):
            continue
        if any(values[len(names):]):
            bad.append(Problem(number, (f"có {len([v for v in values if v])} ô có chữ, nhiều hơn {len(names)} cột của dòng tiêu đề (có dấu phẩy trong một ô mà không đặt trong ngoặc kép?)",)))
            continue
        values += [""] * (len(names) - len(values))
        rows.append((number, {**dict.fromkeys(optional, ""), **dict(zip(names, values))}))
    if bad:
        raise ImportRejected(path, bad)
    return rows


def _header_problems(names: List[str], columns: Sequence[str], optional: Sequence[str]) -> List[Problem]:
    reasons = []
    missing = [c for c in columns if c not in names]
    extra = [n for n in names if n not in columns and n not in optional]
    repeated = sorted({n for n in names if names.count(n) > 1 and n})
    if missing:
        reasons.append("thiếu cột " + ", ".join(missing))
    if extra:
        reasons.append("có cột không dùng được: " + ", ".join(n or "(cột không tên)" for n in extra))
    if repeated:
        reasons.append("cột bị lặp: " + ", ".join(repeated))
    if reasons:
        reasons.append("dòng tiêu đề phải có đúng các cột " + ",".join(columns))
        if optional:
            reasons.append("có thể thêm cột " + ",".join(optional))
        return [Problem(1, tuple(reasons))]
    return []


def _read_csv(path: Path) -> Tuple[List[str], List[Tuple[int, List[str]]]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRejected(path, [Problem(None, (
            "Tệp không ở dạng UTF-8 nên chữ tiếng Việt sẽ bị lỗi",
            "Trong Excel chọn Lưu thành (Save As) > CSV UTF-8; trong Google Trang tính chọn Tải xuống > CSV",
        ))])
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:
        delimiter = ";" if ";" in first_line else "\t" if "\t" in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records = list(reader)
    if not records:
        raise ImportRejected(path, [Problem(None, ("Tệp trống",))])
    return records[0], [(i + 2, r) for i, r in enumerate(records[1:])]


def _read_xlsx(path: Path) -> Tuple[List[str], List[Tuple[int, List[str]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for broken files
        raise ImportRejected(path, [Problem(None, (f"Không mở được tệp Excel ({type(error).__name__})",))])
    try:
        sheet = workbook.worksheets[0]
        rows = [(i, [_cell(v) for v in row]) for i, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        workbook.close()
    if not rows:
        raise ImportRejected(path, [Problem(None, ("Trang tính đầu tiên trống",))])
    return rows[0][1], rows[1:]


def _cell(value) -> str:
    """An Excel cell as the text an official would have typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean(value: str) -> str:
    value = unicodedata.normalize("NFC", value or "").replace("\ufeff", "")
    return " ".join(value.split())


# -- checking rows ------------------------------------------------------------------
def _parse_time(value: str) -> Optional[datetime]:
    text = value.strip().replace(" ", "T", 1)
    for pattern in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


def _phone(value: str, column: str, reasons: List[str]) -> str:
    if not value:
        return ""
    checked = check_any(value)
    if checked.ok:
        return checked.number
    why = _PHONE_REASONS[checked.problem].format(digits=checked.digits)
    reasons.append(f"cột {column} \"{value}\" không phải số điện thoại đúng ({why})")
    return ""


def _lengths(row: Dict[str, str], reasons: List[str]) -> None:
    for column, value in row.items():
        limit = _LIMITS.get(column)
        if limit and len(value) > limit:
            reasons.append(f"cột {column} dài quá {limit} ký tự")


def _required(row: Dict[str, str], columns: Sequence[str], reasons: List[str]) -> None:
    for column in columns:
        if not row.get(column):
            reasons.append(f"thiếu {column}")


def check_class(row: Dict[str, str], topic_codes: Sequence[str]) -> Tuple[dict, List[str]]:
    """A timetable row as class values, and what is wrong with it."""
    reasons: List[str] = []
    _required(row, ("id", "title", "topics", "commune", "venue", "start", "end"), reasons)
    _lengths(row, reasons)
    codes: List[str] = []
    for code in row["topics"].replace(",", ";").split(";"):
        code = code.strip().lower()
        if not code:
            continue
        if code not in topic_codes:
            reasons.append(f"chủ đề \"{code}\" không có trong danh mục ({', '.join(topic_codes)})")
        elif code not in codes:
            codes.append(code)
    times = {}
    for column in ("start", "end"):
        if row[column]:
            times[column] = _parse_time(row[column])
            if times[column] is None:
                reasons.append(f"cột {column} \"{row[column]}\" không đúng dạng {TIME_FORMAT} (ví dụ 2026-12-05T08:00)")
    start, end = times.get("start"), times.get("end")
    if start and end:
        if end <= start:
            reasons.append("giờ kết thúc (end) phải sau giờ bắt đầu (start)")
        elif end - start > timedelta(hours=MAX_CLASS_HOURS):
            reasons.append(f"buổi học dài hơn {MAX_CLASS_HOURS} giờ, xem lại start và end")
    capacity: Optional[int] = None
    if row["capacity"]:
        try:
            capacity = int(row["capacity"])
            if not 1 <= capacity <= 10000:
                raise ValueError
        except ValueError:
            reasons.append(f"cột capacity \"{row['capacity']}\" phải là số người (1, 2, 3 ...) hoặc để trống nếu không giới hạn")
    phone = _phone(row["contact_phone"], "contact_phone", reasons)
    status = fold(row.get("status", "")).strip(" .")
    if status not in SCHEDULED_WORDS + CANCELLED_WORDS:
        reasons.append(f"cột status \"{row['status']}\" phải để trống (lớp vẫn học) hoặc ghi \"hủy\" (lớp bị hủy)")
    values = dict(
        id=row["id"], title=row["title"], commune=row["commune"], village=row["village"],
        venue=row["venue"], start=start, end=end, instructor=row["instructor"],
        contact_phone=phone, audience=row["audience"], capacity=capacity, notes=row["notes"],
        topics=codes, cancelled=status in CANCELLED_WORDS, cancel_reason=row.get("cancel_reason", ""),
    )
    return values, reasons


def check_contact(row: Dict[str, str]) -> Tuple[dict, List[str]]:
    """A contacts row as contact values, and what is wrong with it."""
    reasons: List[str] = []
    _required(row, ("id", "commune", "role", "name", "phone"), reasons)
    _lengths(row, reasons)
    phone = _phone(row["phone"], "phone", reasons)
    zalo = row["zalo"]
    if zalo and len(digits_of(zalo)) >= 9 and not any(c.isalpha() for c in zalo):
        zalo = _phone(zalo, "zalo", reasons)
    values = dict(
        id=row["id"], commune=row["commune"], village=row["village"], role=row["role"],
        name=row["name"], phone=phone, zalo=zalo, hours=row["hours"], notes=row["notes"],
    )
    return values, reasons


def _check_all(rows: List[Row], check: Callable[[Dict[str, str]], Tuple[dict, List[str]]]) -> Tuple[List[dict], List[Problem]]:
    problems: List[Problem] = []
    good: List[dict] = []
    first_seen: Dict[str, int] = {}
    for number, row in rows:
        values, reasons = check(row)
        key = row.get("id", "")
        if key:
            if key in first_seen:
                reasons.append(f"mã (id) \"{key}\" trùng với dòng {first_seen[key]}")
            else:
                first_seen[key] = number
        if reasons:
            problems.append(Problem(number, tuple(reasons)))
        else:
            good.append(values)
    return good, problems


# -- writing ------------------------------------------------------------------------
def import_classes(path: Path | str, check_only: bool = False) -> ImportReport:
    """Imports a timetable file, all or nothing. Raises ImportRejected."""
    path = Path(path)
    rows = read_table(path, CLASS_COLUMNS, OPTIONAL_CLASS_COLUMNS)
    with session_scope() as session:
        catalogue = [t.code for t in session.execute(select(Topic).order_by(Topic.code)).scalars()]
        good, problems = _check_all(rows, lambda row: check_class(row, catalogue))
        if problems:
            raise ImportRejected(path, problems)
        if not good:
            raise ImportRejected(path, [Problem(None, ("Tệp không có dòng lớp học nào",))])
        report = ImportReport(CLASSES, path, checked_only=check_only)
        _write_classes(session, good, report)
        if check_only:
            session.rollback()
    return report


def _write_classes(session: Session, rows: List[dict], report: ImportReport) -> None:
    existing = {
        c.id: c for c in session.execute(select(ClassSession).options(selectinload(ClassSession.topic_links))).scalars()
    }
    now, settings = clock.now(), reminder_settings.load()
    for values in rows:
        values = dict(values)
        codes = values.pop("topics")
        cancelled, reason = values.pop("cancelled"), values.pop("cancel_reason")
        klass = existing.get(values["id"])
        if klass is None:
            klass = ClassSession(**values)
            session.add(klass)
            report.created += 1
            moved = False
        else:
            before = (klass.start, klass.venue, klass.village)
            for key, value in values.items():
                setattr(klass, key, value)
            report.updated += 1
            moved = (klass.start, klass.venue, klass.village) != before
        _set_topics(klass, codes)
        _set_status(session, klass, cancelled, reason, moved, now, settings, report)
    report.kept = len(set(existing) - {r["id"] for r in rows})
    session.flush()
    counts = dict(session.execute(select(Registration.class_id, func.count()).group_by(Registration.class_id)).all())
    for values in rows:
        registered = counts.get(values["id"], 0)
        if values["capacity"] is not None and registered > values["capacity"]:
            report.warnings.append(
                f"lớp {values['id']} đã có {registered} người đăng ký, nhiều hơn sức chứa mới ({values['capacity']})"
            )
    bump_data_version(session)


def _set_status(
    session: Session, klass: ClassSession, cancelled: bool, reason: str, moved: bool,
    now: datetime, settings: reminder_settings.ReminderSettings, report: ImportReport,
) -> None:
    """Cancels, reinstates or moves the class's reminders, only when its state changed (a re-run
    of the same file queues nothing); a move of a cancelled class tells nobody."""
    if cancelled:
        if not klass.cancelled:
            report.cancelled += 1
        report.cancel_notices += cancellation.cancel(session, klass, reason, now)
    elif klass.cancelled:
        report.reinstated += 1
        report.change_notices += cancellation.reinstate(session, klass, now, settings)
    elif moved:
        report.change_notices += reminder_scheduling.class_moved(session, klass, now, settings)


def _set_topics(klass: ClassSession, codes: List[str]) -> None:
    """Changes only the links that differ (re-inserting a link would clash with the old row)."""
    current = {link.topic_code: link for link in klass.topic_links}
    for link in list(klass.topic_links):
        if link.topic_code not in codes:
            klass.topic_links.remove(link)
    for position, code in enumerate(codes):
        if code in current:
            current[code].position = position
        else:
            klass.topic_links.append(ClassTopic(topic_code=code, position=position))


def import_contacts(path: Path | str, check_only: bool = False) -> ImportReport:
    """Imports a help-contacts file, all or nothing. Raises ImportRejected."""
    path = Path(path)
    rows = read_table(path, CONTACT_COLUMNS)
    good, problems = _check_all(rows, check_contact)
    if problems:
        raise ImportRejected(path, problems)
    if not good:
        raise ImportRejected(path, [Problem(None, ("Tệp không có dòng người hỗ trợ nào",))])
    report = ImportReport(CONTACTS, path, checked_only=check_only)
    with session_scope() as session:
        existing = {c.id: c for c in session.execute(select(Contact)).scalars()}
        for values in good:
            contact = existing.get(values["id"])
            if contact is None:
                session.add(Contact(**values))
                report.created += 1
            else:
                for key, value in values.items():
                    setattr(contact, key, value)
                report.updated += 1
        report.kept = len(set(existing) - {v["id"] for v in good})
        bump_data_version(session)
        if check_only:
            session.rollback()
    return report


IMPORTERS = {CLASSES: import_classes, CONTACTS: import_contacts}


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.schedules.importer",
        description="Nhập lịch lớp học hoặc danh sách người hỗ trợ từ tệp CSV (UTF-8) hoặc XLSX.",
    )
    parser.add_argument("kind", choices=sorted(IMPORTERS), help="classes: lịch lớp học; contacts: người hỗ trợ")
    parser.add_argument("file", type=Path, help="tệp .csv hoặc .xlsx")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp, không ghi gì")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(f"Không tìm thấy tệp {args.file}.", file=sys.stderr)
        return 1
    try:
        report = IMPORTERS[args.kind](args.file, check_only=args.check)
    except ImportRejected as rejected:
        print(rejected.report(), file=sys.stderr)
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
