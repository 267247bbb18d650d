"""The console's settings, read once from the environment.

Every path and limit is a field so that tests (and odd deployments) can point
the console at their own files without touching the real ones.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Optional, Tuple

from bot.persistence.secret_key import signing_key
from bot.schedules import clock
from bot.settings import console_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
SECRET_VARIABLE = "CONSOLE_SECRET_KEY"


@dataclass(frozen=True)
class Settings:
    """Where the data is and how strict the console is."""

    secret_key: bytes
    catalogue_file: Path
    bench_file: Path
    review_file: Path
    # the running Rasa (`--enable-api`) that "try a question" asks
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: Optional[str] = field(default=None, repr=False)
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
        """Settings from the CONSOLE_* variables, RASA_URL and RASA_TOKEN (`bot.settings.ConsoleSettings`)."""
        env = console_settings()
        return cls(
            secret_key=_secret_key(),
            catalogue_file=env.catalogue,
            bench_file=env.bench_file,
            review_file=env.review_file,
            rasa_url=env.rasa_url,
            rasa_token=env.rasa_token,
            session_hours=env.session_hours,
            secure_cookies=env.secure_cookies,
            trusted_proxies=env.trusted_proxies,
        )


def _secret_key() -> bytes:
    """CONSOLE_SECRET_KEY, or a random key kept in var/ so sessions survive a restart."""
    return signing_key(SECRET_VARIABLE, REPO_ROOT / "var" / "console-secret.key")
