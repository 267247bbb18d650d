"""The assistant's own database (`ASSISTANT_DB`): one declarative Base, engines, sessions.

Every table the assistant and the console keep there (classes, contacts,
console accounts, the answer log, ...) is a model on `Base`, and its schema
is changed only by the Alembic migrations in `bot/migrations`, which an engine
applies on its first use in each process. `ASSISTANT_DB` is a SQLAlchemy URL
(e.g. postgresql://user@host/assistant); without it a SQLite file under the
repository's `var/` is used, so a fresh checkout works.
"""
from __future__ import annotations

import importlib
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Dict, Iterator

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, declarative_base, sessionmaker

from bot.settings import assistant_settings

Base = declarative_base()

# Modules whose models live on `Base`. A module with new tables is added here,
# so that migrations (autogenerate, the model/migration agreement test) see it.
MODEL_MODULES = (
    "bot.schedules.models", "console.db", "bot.answer_log.models", "bot.reminders.models", "bot.profile.models",
)

_engines: Dict[str, Engine] = {}
_lock = threading.Lock()


def metadata() -> MetaData:
    """Every table of the assistant's database, as the models describe it now."""
    for module in MODEL_MODULES:
        importlib.import_module(module)
    return Base.metadata


def database_url() -> str:
    """ASSISTANT_DB, or the default SQLite file under var/."""
    return assistant_settings().assistant_db


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def connect(url: str) -> Engine:
    """A new engine for `url`, without migrating (the migrations use it too)."""
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
    return engine


def get_engine() -> Engine:
    """The engine for the current ASSISTANT_DB, migrated to the newest schema on first use."""
    from bot.migrations import upgrade_to_head

    url = database_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = connect(url)
            upgrade_to_head(engine)
            _engines[url] = engine
        return engine


@contextmanager
def session_scope() -> Iterator[Session]:
    """One transaction: committed when the block ends, rolled back on error."""
    session = sessionmaker(bind=get_engine(), future=True, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
