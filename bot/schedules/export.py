"""Registrations per class as CSV, for the officials who run the class.

The file opens correctly in Excel (UTF-8 with BOM) and keeps the phone's
leading zero (written as "0912 345 678", which Excel leaves as text). Cells
that a spreadsheet would run as a formula are neutralised.

    python -m bot.schedules.export HA-012                 # to stdout
    python -m bot.schedules.export HA-012 -o HA-012.csv
    python -m bot.schedules.export --all -d var/exports   # one file per class
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path
from typing import List, Optional, Sequence

from sqlalchemy import select

from bot.schedules.db import session_scope
from bot.schedules.models import ClassSession, Registration
from bot.schedules.phone import format_phone

HEADER = ("STT", "Mã lớp", "Tên lớp", "Thời gian", "Địa điểm", "Họ tên", "Số điện thoại", "Đăng ký lúc")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class UnknownClass(LookupError):
    """No class with that id in the timetable."""


def _safe(value: str) -> str:
    """Stops a spreadsheet from running a cell as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def registrations_csv(class_id: str) -> str:
    """The CSV text of one class's registrations, oldest first."""
    with session_scope() as session:
        klass = session.get(ClassSession, class_id)
        if klass is None:
            raise UnknownClass(class_id)
        rows = session.execute(
            select(Registration).where(Registration.class_id == class_id).order_by(Registration.created_at, Registration.id)
        ).scalars()
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(HEADER)
        when = f"{klass.start:%d/%m/%Y %H:%M}\u2013{klass.end:%H:%M}"
        for number, registration in enumerate(rows, 1):
            writer.writerow(
                [
                    number,
                    _safe(klass.id),
                    _safe(klass.title),
                    when,
                    _safe(klass.venue),
                    _safe(registration.name),
                    format_phone(registration.phone),
                    f"{registration.created_at:%d/%m/%Y %H:%M}",
                ]
            )
        return buffer.getvalue()


def write_registrations(class_id: str, path: Path) -> int:
    """Writes one class's registrations; returns how many there are."""
    text = registrations_csv(class_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8-sig", newline="")
    return len(list(csv.reader(io.StringIO(text)))) - 1


def classes_with_registrations() -> List[str]:
    with session_scope() as session:
        return list(session.execute(select(Registration.class_id).distinct().order_by(Registration.class_id)).scalars())


def file_name(class_id: str) -> str:
    return "dang-ky-" + re.sub(r"[^\w.-]+", "_", class_id) + ".csv"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bot.schedules.export",
        description="Xuất danh sách người đăng ký theo lớp ra tệp CSV.",
    )
    parser.add_argument("class_id", nargs="?", help="mã lớp (cột id của lịch học)")
    parser.add_argument("-o", "--out", type=Path, help="tệp CSV để ghi (mặc định: in ra màn hình)")
    parser.add_argument("--all", action="store_true", help="mọi lớp có người đăng ký, mỗi lớp một tệp")
    parser.add_argument("-d", "--dir", type=Path, default=Path("var/exports"), help="thư mục cho --all")
    args = parser.parse_args(argv)
    if args.all:
        ids = classes_with_registrations()
        for class_id in ids:
            path = args.dir / file_name(class_id)
            count = write_registrations(class_id, path)
            print(f"{path}: {count} người đăng ký")
        if not ids:
            print("Chưa có lớp nào có người đăng ký.")
        return 0
    if not args.class_id:
        parser.error("cần mã lớp, hoặc --all")
    try:
        if args.out:
            count = write_registrations(args.class_id, args.out)
            print(f"Đã ghi {count} người đăng ký lớp {args.class_id} vào {args.out}.")
        else:
            sys.stdout.write(registrations_csv(args.class_id))
    except UnknownClass:
        print(f"Không có lớp nào mã {args.class_id} trong lịch học.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
