"""Alembic's entry point: runs the migrations on the connection `upgrade_to_head`
passes, or, from the `alembic` command line, on ASSISTANT_DB."""
from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from bot.database import connect, database_url, metadata


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite alters a table by copying it and dropping the old one; with
        # foreign keys on, that drop would cascade into the rows pointing at it.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    context.configure(
        connection=connection,
        target_metadata=metadata(),
        render_as_batch=sqlite,  # SQLite's ALTER TABLE is limited: autogenerate batch operations
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


if context.is_offline_mode():
    context.configure(url=database_url(), target_metadata=metadata(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
elif context.config.attributes.get("connection") is not None:
    _run(context.config.attributes["connection"])
else:
    engine = connect(database_url())
    try:
        with engine.connect() as connection:
            _run(connection)
    finally:
        engine.dispose()
