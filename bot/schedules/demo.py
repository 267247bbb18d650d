"""Loads the fictional commune's timetable and contacts into an empty database.

`make run` calls this so a fresh checkout answers schedule questions. It
never touches a database that already has classes (unless --force), so a
commune's real data is not mixed with the demo.

    python -m bot.schedules.demo            # seed if the database is empty
    python -m bot.schedules.demo --if-empty # the same, said explicitly (make run)
    python -m bot.schedules.demo --force    # re-import the demo files anyway
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import List, Optional, Sequence

from sqlalchemy import func, select

from bot.schedules.db import database_url, session_scope
from bot.schedules.importer import ImportRejected, import_classes, import_contacts
from bot.schedules.models import ClassSession

DEMO_DIR = Path(__file__).with_name("demo")
DEMO_CLASSES = DEMO_DIR / "classes.csv"
DEMO_CONTACTS = DEMO_DIR / "contacts.csv"


def is_empty() -> bool:
    with session_scope() as session:
        return session.execute(select(func.count()).select_from(ClassSession)).scalar_one() == 0


def seed(force: bool = False) -> List[str]:
    """Imports the demo files if the database has no classes; returns what was done."""
    if not force and not is_empty():
        return []
    return [import_classes(DEMO_CLASSES).summary(), import_contacts(DEMO_CONTACTS).summary()]


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.schedules.demo", description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--if-empty", action="store_true", help="only into a database without classes (default)")
    group.add_argument("--force", action="store_true", help="import the demo files even if there are classes")
    args = parser.parse_args(argv)
    try:
        done = seed(force=args.force)
    except ImportRejected as rejected:  # the shipped files are tested; this means they were edited
        print(rejected.report(), file=sys.stderr)
        return 1
    if done:
        print("Dữ liệu mẫu (xã Hòa An, không có thật) đã được nạp vào " + database_url() + ":")
        print("\n".join(done))
    else:
        print("Cơ sở dữ liệu đã có lịch học, không nạp dữ liệu mẫu.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
