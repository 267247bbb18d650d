"""Maps button payloads that do not fit Telegram's callback data to short keys.

Telegram accepts 1–64 bytes of `callback_data`; payloads such as
`/choose_article{"article": "..."}` with long ids exceed that. A long payload
travels as `k:` + a hash of it, and the key is kept in a small SQLite file so
taps on buttons sent before a restart still work; with several instances
(CONNECTOR_STATE_URL set) it is kept in Redis, so a tap reaching another
instance than the one that sent the button works too. The key is derived from
the payload, so every process computes the same key and writes are idempotent.
"""
from __future__ import annotations

import base64
import hashlib
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Dict, Optional, Union

from redis import RedisError

from connectors.shared_state import SharedState

logger = logging.getLogger(__name__)

KEY_PREFIX = "k:"
TELEGRAM_CALLBACK_DATA_BYTES = 64


def key_for(payload: str) -> str:
    """A 22-byte key that is the same for the same payload everywhere."""
    digest = hashlib.sha256(payload.encode("utf-8")).digest()
    return KEY_PREFIX + base64.urlsafe_b64encode(digest)[:20].decode("ascii")


class PayloadKeys:
    """Two-way map between payloads and callback data that fits the limit."""

    def __init__(
        self, path: Union[str, Path, None], limit_bytes: int = TELEGRAM_CALLBACK_DATA_BYTES, shared: Optional[SharedState] = None
    ) -> None:
        self._limit = limit_bytes
        self._cache: Dict[str, str] = {}
        self._lock = threading.Lock()
        self._db: Optional[sqlite3.Connection] = None
        self._shared = shared
        self._hash = shared.key("payload_keys") if shared else ""
        if path and shared is None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), timeout=5, check_same_thread=False)
            with self._db:
                self._db.execute("CREATE TABLE IF NOT EXISTS payload_keys (key TEXT PRIMARY KEY, payload TEXT NOT NULL)")

    def to_callback_data(self, payload: str) -> str:
        """The payload itself when it fits (and cannot be mistaken for a key), else its key."""
        if payload and len(payload.encode("utf-8")) <= self._limit and not payload.startswith(KEY_PREFIX):
            return payload
        key = key_for(payload)
        if key not in self._cache:
            self._remember(key, payload)
        return key

    def from_callback_data(self, data: str) -> Optional[str]:
        """The payload a button carried, or None for a key nobody here knows."""
        if not data.startswith(KEY_PREFIX):
            return data
        if data in self._cache:
            return self._cache[data]
        payload = self._stored(data)
        if payload is not None:
            self._cache[data] = payload
        return payload

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _stored(self, key: str) -> Optional[str]:
        if self._shared is not None:
            try:
                stored = self._shared.blocking_client.hget(self._hash, key)
            except RedisError:
                logger.exception("Could not read the button key %s from Redis", key)
                return None
            return stored.decode("utf-8") if stored is not None else None
        if self._db is None:
            return None
        with self._lock:
            row = self._db.execute("SELECT payload FROM payload_keys WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _remember(self, key: str, payload: str) -> None:
        self._cache[key] = payload
        if self._shared is not None:
            try:
                self._shared.blocking_client.hset(self._hash, key, payload)
            except RedisError:
                logger.exception("Could not store the button key %s in Redis; it works on this instance only", key)
            return
        if self._db is None:
            return
        try:
            with self._lock, self._db:
                self._db.execute("INSERT OR IGNORE INTO payload_keys (key, payload) VALUES (?, ?)", (key, payload))
        except sqlite3.Error:
            # The button still works until a restart; say so rather than lose the reply.
            logger.exception("Could not store the button key %s; it works until the server restarts", key)
