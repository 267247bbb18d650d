"""Database connection for the schedule feature.

`ASSISTANT_DB` is a SQLAlchemy URL (e.g. postgresql://user@host/assistant);
without it a SQLite file under the repository's `var/` is used, created on
first use, so a fresh checkout works. Tables and the topic catalogue are set
up once per process and database.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.schedules.models import DATA_VERSION, Base, Meta

REPO_ROOT = Path(__file__).resolve().parents[2]
ENV_DB = "ASSISTANT_DB"

_engines: Dict[str, Engine] = {}
_lock = threading.Lock()


def database_url() -> str:
    """The configured database URL, or the default SQLite file."""
    url = os.environ.get(ENV_DB, "").strip()
    return url or f"sqlite:///{REPO_ROOT / 'var' / 'assistant.db'}"


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _create(url: str) -> Engine:
    parsed = make_url(url)
    options: dict = {"future": True, "pool_pre_ping": True}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # the action server answers from several threads; wait for a writer
        options["connect_args"] = {"check_same_thread": False, "timeout": 15}
    engine = create_engine(url, **options)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    Base.metadata.create_all(engine)
    from bot.schedules.topics import sync_catalogue

    with Session(engine) as session, session.begin():
        sync_catalogue(session)
    return engine


def get_engine() -> Engine:
    """The engine for the current ASSISTANT_DB, created and set up on first use."""
    url = database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _engines[url] = _create(url)
        return engine


def session_factory() -> sessionmaker:
    """Sessions bound to the current database."""
    return sessionmaker(bind=get_engine(), future=True, expire_on_commit=False)


@contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on error."""
    session = session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def data_version(session: Session) -> str:
    """Changes whenever an import or catalogue update changes places or topics."""
    row = session.get(Meta, DATA_VERSION)
    return row.value if row else "0"
