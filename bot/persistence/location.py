"""Where the conversations are kept: the tracker store's SQLAlchemy URL.

Kept apart from `tracker_store` (which imports Rasa) so that light readers of
the conversations, such as the officials' console, find the same database
without loading Rasa.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
URL_VARIABLE = "TRACKER_STORE_URL"
DEFAULT_URL = f"sqlite:///{REPO_ROOT / 'var' / 'tracker.db'}"


def tracker_store_url() -> str:
    """The configured URL, or the SQLite file under var/."""
    return os.environ.get(URL_VARIABLE) or DEFAULT_URL
