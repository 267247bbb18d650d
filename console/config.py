"""The console's settings, read once from the environment.

Every path and limit is a field so that tests (and odd deployments) can point
the console at their own files without touching the real ones.
"""
from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

from bot.persistence.location import tracker_store_url
from bot.schedules import clock

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[1]
SECRET_VARIABLE = "CONSOLE_SECRET_KEY"
MIN_SECRET_LENGTH = 32


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
    secure_cookies: bool = False
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
        )


def _secret_key() -> bytes:
    """CONSOLE_SECRET_KEY, or a random key kept in var/ so sessions survive a restart."""
    configured = os.environ.get(SECRET_VARIABLE, "")
    if configured:
        if len(configured) < MIN_SECRET_LENGTH:
            raise ValueError(f"{SECRET_VARIABLE} must be at least {MIN_SECRET_LENGTH} characters")
        return configured.encode()
    path = REPO_ROOT / "var" / "console-secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"{path.name}.{os.getpid()}")
        draft.write_text(secrets.token_urlsafe(48))
        draft.chmod(0o600)
        try:
            os.link(draft, path)  # atomic: two workers starting together keep one key
            logger.warning("%s is not set; created a random key in %s", SECRET_VARIABLE, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_bytes().strip()
