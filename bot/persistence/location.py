"""Where the conversations are kept: the tracker store's SQLAlchemy URL.

Kept apart from `tracker_store` (which imports Rasa) so that light readers of
the conversations, such as the officials' console, find the same database
without loading Rasa.
"""
from __future__ import annotations

from bot.settings import DEFAULT_TRACKER_STORE_URL as DEFAULT_URL
from bot.settings import REPO_ROOT, assistant_settings

URL_VARIABLE = "TRACKER_STORE_URL"


def tracker_store_url() -> str:
    """The configured URL, or the SQLite file under var/."""
    return assistant_settings().tracker_store_url
