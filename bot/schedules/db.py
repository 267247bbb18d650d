"""The schedule feature's view of the assistant's database (`bot.database`).

The engine is the assistant database's, migrated on first use; in addition the
topic catalogue (`topics.yml` words) is synchronised into it once per process
and database, so places and topics are read from one source of truth.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator, Set

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot import database
from bot.database import database_url
from bot.schedules.models import DATA_VERSION, Meta

__all__ = ["database_url", "get_engine", "session_scope", "data_version"]

_synced: Set[str] = set()
_lock = threading.Lock()


def get_engine() -> Engine:
    """The assistant database's engine, with the topic catalogue synchronised once."""
    engine = database.get_engine()
    url = database_url()
    with _lock:
        if url not in _synced:
            from bot.schedules.topics import sync_catalogue

            with Session(engine) as session, session.begin():
                sync_catalogue(session)
            _synced.add(url)
    return engine


@contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on error."""
    get_engine()
    with database.session_scope() as session:
        yield session


def data_version(session: Session) -> str:
    """Changes whenever an import or catalogue update changes places or topics."""
    row = session.get(Meta, DATA_VERSION)
    return row.value if row else "0"
