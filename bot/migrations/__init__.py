"""Schema migrations of the assistant's database (Alembic), applied on first use.

`bot.database.get_engine()` calls `upgrade_to_head` once per process and
database. Several processes may start at once (two action servers, the
console, an import), so the upgrade is serialised: a PostgreSQL advisory lock,
or an exclusive lock on a file next to a SQLite database. The second process
then finds the schema at head and does nothing.

How to add a migration: bot/migrations/README.md.
"""
from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent
# Any fixed number: every process of the assistant takes the same lock.
ADVISORY_LOCK_KEY = 7_146_245_390_117


def alembic_config() -> Config:
    """Alembic's configuration, built in code: no alembic.ini is needed at run time."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision; two heads mean two migrations forked and must be merged."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@contextmanager
def _exclusive(engine: Engine) -> Iterator[Connection]:
    """A connection held while no other process migrates the same database."""
    backend = engine.url.get_backend_name()
    database = engine.url.database
    if backend == "sqlite" and database and database != ":memory:":
        with open(f"{database}.migrations.lock", "a") as lock_file, engine.connect() as connection:
            fcntl.flock(lock_file, fcntl.LOCK_EX)  # released when the file is closed
            yield connection
    elif backend == "postgresql":
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            connection.commit()
            try:
                yield connection
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
                connection.commit()
    else:
        with engine.connect() as connection:
            yield connection


def upgrade_to_head(engine: Engine) -> None:
    """Brings the database to the newest schema; a no-op when it is already there."""
    with _exclusive(engine) as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
