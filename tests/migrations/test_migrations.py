"""The assistant database's schema comes from Alembic migrations, applied on first use.

Checked here: the migrations build exactly what the models describe (so a
model change without its migration fails), a database made by the earlier
`create_all` is taken over with its rows, and processes starting together
migrate once without tripping over each other, on SQLite and PostgreSQL.
"""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from bot import database
from bot.migrations import alembic_config, head_revision

ROOT = Path(__file__).resolve().parents[2]
LEGACY_SQL = Path(__file__).with_name("legacy_create_all.sql")
POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"
STARTERS = 3


def _differences(url: str) -> list:
    with create_engine(url, future=True).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, database.metadata())


def _revision(url: str) -> list:
    with create_engine(url, future=True).connect() as connection:
        return [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))]


def _start_processes(url: str) -> None:
    """STARTERS processes open the database at the same moment, as action servers do."""
    env = {**os.environ, "ASSISTANT_DB": url, "PYTHONPATH": str(ROOT)}
    code = "from bot.database import get_engine; get_engine()"
    starters = [subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE) for _ in range(STARTERS)]
    for process in starters:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode()


def test_one_head_and_the_migrations_build_what_the_models_describe(tmp_path, monkeypatch):
    assert len(ScriptDirectory.from_config(alembic_config()).get_heads()) == 1, "migrations forked: merge the heads"
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("ASSISTANT_DB", url)
    database.get_engine()
    assert _revision(url) == [head_revision()]
    assert _differences(url) == []


def test_a_database_made_by_create_all_is_taken_over_with_its_rows(tmp_path, monkeypatch):
    path = tmp_path / "legacy.db"
    with sqlite3.connect(path) as legacy:
        legacy.executescript(LEGACY_SQL.read_text())
        legacy.execute(
            "INSERT INTO classes VALUES ('BM-01', 'Cài VNeID', 'Xã A', 'Thôn 1', 'Nhà văn hoá', "
            "'2026-12-10 08:00:00', '2026-12-10 10:00:00', '', '', '', NULL, '', ?, ?)",
            (datetime(2026, 12, 1), datetime(2026, 12, 1)),
        )
        legacy.execute(
            "INSERT INTO console_users (name, password_hash, session_epoch, created_at) VALUES ('lan', 'x', 1, ?)",
            (datetime(2026, 12, 1),),
        )
    url = f"sqlite:///{path}"
    monkeypatch.setenv("ASSISTANT_DB", url)
    database.get_engine()
    assert _revision(url) == [head_revision()]
    assert _differences(url) == []
    with sqlite3.connect(path) as upgraded:
        assert upgraded.execute("SELECT id, title FROM classes").fetchall() == [("BM-01", "Cài VNeID")]
        assert upgraded.execute("SELECT name FROM console_users").fetchall() == [("lan",)]


def test_a_create_all_database_without_the_console_tables_gets_them(tmp_path, monkeypatch):
    statements = [s for s in LEGACY_SQL.read_text().split(";") if s.strip() and "console_" not in s]
    path = tmp_path / "schedules-only.db"
    with sqlite3.connect(path) as legacy:
        for statement in statements:
            legacy.execute(statement)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("ASSISTANT_DB", url)
    database.get_engine()
    assert _differences(url) == []


def test_action_servers_starting_together_migrate_a_sqlite_file_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    _start_processes(url)
    assert _revision(url) == [head_revision()]
    assert _differences(url) == []


@pytest.fixture
def postgres_schema() -> Iterator[str]:
    """A fresh schema in the `test` database, dropped afterwards (other tests use the database too)."""
    schema = f"migrations_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES, future=True)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError:
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_action_servers_starting_together_migrate_postgresql_once(postgres_schema):
    _start_processes(postgres_schema)
    assert _revision(postgres_schema) == [head_revision()]
    assert _differences(postgres_schema) == []
