"""A SQL tracker store configured by one SQLAlchemy URL.

Rasa's SQLTrackerStore takes the URL in parts (dialect, host, port, db ...);
operators think in URLs ("postgresql://user@host/db"), and the default must be
a SQLite file under var/ so a newcomer needs no database server.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Text

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine.url import make_url

from bot.persistence.location import DEFAULT_URL, REPO_ROOT, URL_VARIABLE, tracker_store_url

__all__ = ["DEFAULT_URL", "REPO_ROOT", "URL_VARIABLE", "UrlSQLTrackerStore", "tracker_store_url"]


class UrlSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose connection comes from `TRACKER_STORE_URL`."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[Text] = None,
        event_broker: Optional[EventBroker] = None,
        **kwargs: Any,
    ) -> None:
        url = make_url(host or tracker_store_url())
        if url.drivername.startswith("sqlite") and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(
            domain=domain,
            dialect=url.drivername,
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
            event_broker=event_broker,
            query=dict(url.query),
            **kwargs,
        )
