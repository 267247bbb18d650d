"""The console's settings, read once from the environment.

Every path and limit is a field so that tests (and odd deployments) can point
the console at their own files without touching the real ones.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Tuple

from bot.persistence.location import tracker_store_url
from bot.persistence.secret_key import signing_key
from bot.schedules import clock

REPO_ROOT = Path(__file__).resolve().parents[1]
SECRET_VARIABLE = "CONSOLE_SECRET_KEY"


@dataclass(frozen=True)
class Settings:
    """Where the data is and how strict the console is."""

    secret_key: bytes
    tracker_url: str
    catalogue_file: Path
    bench_file: Path
    review_file: Path
    model_path: Path
    session_hours: float = 12.0
    # Secure cookies always (else only on requests that arrived over HTTPS).
    secure_cookies: bool = False
    # Reverse proxies whose X-Forwarded-For/-Proto are believed (addresses, or "*").
    trusted_proxies: Tuple[str, ...] = ()
    login_window_minutes: int = 15
    login_max_failures_per_name: int = 5
    login_max_failures_per_client: int = 20
    upload_max_bytes: int = 5 * 1024 * 1024
    stale_after_days: int = 180
    # naive local time (Asia/Ho_Chi_Minh); ASSISTANT_TODAY pins it, as for the assistant
    now: Callable[[], datetime] = field(default=clock.now, compare=False)

    @classmethod
    def from_env(cls) -> "Settings":
        """Settings from CONSOLE_* variables, TRACKER_STORE_URL and the repository layout."""
        env = os.environ.get
        return cls(
            secret_key=_secret_key(),
            tracker_url=tracker_store_url(),
            catalogue_file=Path(env("CONSOLE_CATALOGUE") or REPO_ROOT / "bot" / "knowledge" / "catalogue.yml"),
            bench_file=Path(env("CONSOLE_BENCH_FILE") or REPO_ROOT / "var" / "bench" / "kb.json"),
            review_file=Path(env("CONSOLE_REVIEW_FILE") or REPO_ROOT / "bot" / "knowledge" / "review" / "phrasings.yml"),
            model_path=Path(env("CONSOLE_MODEL") or REPO_ROOT / "models" / "assistant.tar.gz"),
            session_hours=float(env("CONSOLE_SESSION_HOURS") or 12),
            secure_cookies=(env("CONSOLE_SECURE_COOKIES") or "").lower() in ("1", "true", "yes"),
            trusted_proxies=tuple(p.strip() for p in (env("CONSOLE_TRUSTED_PROXIES") or "").split(",") if p.strip()),
        )


def _secret_key() -> bytes:
    """CONSOLE_SECRET_KEY, or a random key kept in var/ so sessions survive a restart."""
    return signing_key(SECRET_VARIABLE, REPO_ROOT / "var" / "console-secret.key")
