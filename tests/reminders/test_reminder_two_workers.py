"""Two workers polling the same database at the same moment send each reminder exactly once,
on SQLite and on PostgreSQL (the local server's `test` database, in a schema of its own)."""
from __future__ import annotations

import threading
import uuid
from collections import Counter
from datetime import datetime, timedelta
from typing import Iterator

import pytest
from sqlalchemy import create_engine, text

from bot.reminders.worker import Worker
from bot.schedules.importer import CLASS_COLUMNS, import_classes
from tests.reminders.conftest import Clock, accept, register
from tests.schedules.conftest import CLASSES, row_dict, write_csv

POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
OPEN_CLASS = "BM-08"  # no capacity limit; Wednesday 2026-12-02 19:00
RESIDENTS = 25


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, db, monkeypatch) -> Iterator[str]:
    if request.param == "sqlite":
        yield request.param
        return
    schema = f"reminders_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES, future=True)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    monkeypatch.setenv("ASSISTANT_DB", f"{POSTGRES}?options=-csearch_path%3D{schema}")
    try:
        yield request.param
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_reminder_two_workers_at_once_send_each_reminder_once(database, db, delivery):
    import_classes(write_csv(db / "classes.csv", CLASS_COLUMNS, [row_dict(r) for r in CLASSES]))
    for number in range(RESIDENTS):
        sender = f"telegram:{1000 + number}"
        accept(register(sender, f"09123450{number:02d}", class_id=OPEN_CLASS), sender)
    due = Clock(datetime(2026, 12, 2, 19, 0) - timedelta(hours=24))
    workers = [Worker(delivery, due), Worker(delivery, due)]
    start = threading.Barrier(len(workers))
    tallies = []

    def poll(worker: Worker) -> None:
        start.wait()
        tallies.append(worker.run_once())

    threads = [threading.Thread(target=poll, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    said = Counter(s.job.id for s in delivery.said)
    assert len(said) == RESIDENTS and set(said.values()) == {1}
    assert sum((t["sent"] for t in tallies)) == RESIDENTS
    assert sorted(s.job.recipient_id for s in delivery.said) == sorted(f"telegram:{1000 + n}" for n in range(RESIDENTS))
