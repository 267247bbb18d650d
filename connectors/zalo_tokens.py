"""Keeps the Zalo OA access/refresh token pair in a small JSON file.

A refresh token works only once, so the new pair must be on disk before it is
used: the file is replaced atomically (temporary file, fsync, os.replace) and
readable only by its owner. The first pair comes from ZALO_ACCESS_TOKEN and
ZALO_REFRESH_TOKEN; the file remembers a fingerprint of that seed, so setting a
new pair in the environment (after re-authorising the OA) wins over the file,
while a restart with the old variables keeps the refreshed pair.
Several processes on one machine share the file and take turns refreshing
(an advisory lock next to it). Instances on several machines keep the pair in
Redis instead (`SharedTokenStore`, with CONNECTOR_STATE_URL set), with the
same seed rule and a Redis lock around each refresh.
"""
from __future__ import annotations

import asyncio
import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import AsyncIterator, Optional, Union

from redis import RedisError

from connectors.shared_state import SharedState

STORAGE_ERRORS = (OSError, RedisError)  # what saving a pair may raise, file or Redis


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: float = 0.0  # Unix time; 0 when unknown

    def expiring(self, now: float, margin: float = 300.0) -> bool:
        return bool(self.expires_at) and now >= self.expires_at - margin


def fingerprint(refresh_token: str) -> str:
    return hashlib.sha256(refresh_token.encode("utf-8")).hexdigest()[:16]


class TokenStore:
    """The current pair: read from the file, written atomically."""

    def __init__(self, path: Union[str, Path], seed: Optional[TokenPair] = None) -> None:
        self.path = Path(path)
        self._seed = seed
        self._seeded_from = fingerprint(seed.refresh_token) if seed else None
        self._lock = asyncio.Lock()

    @property
    def where(self) -> str:
        return str(self.path)

    def load(self) -> Optional[TokenPair]:
        """The pair to use now; None when there is neither a file nor a seed."""
        stored = self._read()
        if stored is not None and (self._seeded_from is None or stored.get("seeded_from") == self._seeded_from):
            self._seeded_from = stored.get("seeded_from")
            return TokenPair(stored["access_token"], stored["refresh_token"], float(stored.get("expires_at") or 0))
        if self._seed is None:
            return None
        self.save(self._seed)
        return self._seed

    def save(self, pair: TokenPair) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        record = {**asdict(pair), "seeded_from": self._seeded_from, "saved_at": time.time()}
        handle, temporary = tempfile.mkstemp(prefix=".tokens-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(record, file)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o600)
            os.replace(temporary, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    @contextlib.asynccontextmanager
    async def refreshing(self) -> AsyncIterator[None]:
        """One refresh at a time: in this process (asyncio) and across processes (flock)."""
        async with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(f"{self.path}.lock", "w") as lock_file:
                while True:
                    try:
                        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        await asyncio.sleep(0.1)
                try:
                    yield
                finally:
                    fcntl.flock(lock_file, fcntl.LOCK_UN)

    def _read(self) -> Optional[dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            raise RuntimeError(f"The Zalo token file {self.path} cannot be read ({error}); fix or delete it") from error
        if not isinstance(data, dict) or not data.get("access_token") or not data.get("refresh_token"):
            raise RuntimeError(f"The Zalo token file {self.path} has no token pair; fix or delete it")
        return data


class SharedTokenStore(TokenStore):
    """The pair in Redis, for instances on several machines; a Redis lock serialises refreshes."""

    LOCK_SECONDS = 60  # a refresh holding the lock longer is presumed dead

    def __init__(self, state: SharedState, seed: Optional[TokenPair] = None) -> None:
        super().__init__(state.key("tokens"), seed)
        self._state = state
        self._key = state.key("tokens")

    @property
    def where(self) -> str:
        return f"Redis key {self._key}"

    def save(self, pair: TokenPair) -> None:
        record = {**asdict(pair), "seeded_from": self._seeded_from, "saved_at": time.time()}
        self._state.blocking_client.set(self._key, json.dumps(record))

    @contextlib.asynccontextmanager
    async def refreshing(self) -> AsyncIterator[None]:
        async with self._lock:
            async with self._state.client.lock(self._key + ":lock", timeout=self.LOCK_SECONDS, sleep=0.1):
                yield

    def _read(self) -> Optional[dict]:
        raw = self._state.blocking_client.get(self._key)
        if raw is None:
            return None
        try:
            data = json.loads(raw)
        except ValueError as error:
            raise RuntimeError(f"The Zalo token pair in {self.where} cannot be read ({error}); fix or delete it") from error
        if not isinstance(data, dict) or not data.get("access_token") or not data.get("refresh_token"):
            raise RuntimeError(f"{self.where} holds no Zalo token pair; fix or delete it")
        return data
