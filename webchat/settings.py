"""Web chat settings, read from environment variables."""
from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Tuple

from bot.persistence.secret_key import signing_key

REPO_ROOT = Path(__file__).resolve().parents[1]

_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_ORIGIN = re.compile(r"^https?://[^/\s]+$")


class SettingsError(ValueError):
    """A setting has a value the web chat cannot use."""


@dataclass(frozen=True)
class Settings:
    rasa_url: str = "http://127.0.0.1:5005"
    # If set, Rasa's HTTP API requires ?token=… (scripts/run.sh: RASA_TOKEN).
    rasa_token: Optional[str] = None
    host: str = "127.0.0.1"
    port: int = 8080
    # Other websites allowed to embed the chat and call its API ("*" = any).
    allowed_origins: Tuple[str, ...] = ()
    # Token bucket per client address: sustained rate and burst size.
    rate_per_minute: float = 20.0
    rate_burst: int = 8
    title: str = "Trợ lý Bình dân học vụ số"
    colour: str = "#0b4f8a"
    # Kiosk mode forgets the conversation after this much inactivity.
    kiosk_idle_seconds: int = 180
    # Sent, unseen, when someone opens the chat with no conversation yet.
    welcome_payload: str = "/greet"
    max_message_chars: int = 1000
    rasa_timeout_seconds: float = 60.0
    # Signs conversation ids (sender_ids.py). Built in code without one: a random key for this process.
    secret_key: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False, compare=False)

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Settings":
        env = os.environ if env is None else env
        defaults = cls()
        origins = tuple(
            origin.strip().rstrip("/")
            for origin in env.get("WEBCHAT_ALLOWED_ORIGINS", "").split(",")
            if origin.strip()
        )
        for origin in origins:
            if origin != "*" and not _ORIGIN.match(origin):
                raise SettingsError(
                    f"WEBCHAT_ALLOWED_ORIGINS: {origin!r} is not an origin like https://xa.gov.vn"
                )
        colour = env.get("WEBCHAT_COLOR", defaults.colour)
        if not _COLOUR.match(colour):
            raise SettingsError(f"WEBCHAT_COLOR: {colour!r} is not a colour like #0b4f8a")
        return cls(
            rasa_url=env.get("RASA_URL", defaults.rasa_url).rstrip("/"),
            rasa_token=env.get("RASA_TOKEN") or None,
            host=env.get("WEBCHAT_HOST", defaults.host),
            port=_number(env, "WEBCHAT_PORT", defaults.port, int),
            allowed_origins=origins,
            rate_per_minute=_number(env, "WEBCHAT_RATE_PER_MINUTE", defaults.rate_per_minute, float),
            rate_burst=_number(env, "WEBCHAT_RATE_BURST", defaults.rate_burst, int),
            title=env.get("WEBCHAT_TITLE", defaults.title),
            colour=colour,
            kiosk_idle_seconds=_number(env, "WEBCHAT_KIOSK_IDLE_SECONDS", defaults.kiosk_idle_seconds, int),
            secret_key=_secret_key(env),
        )


def _secret_key(env: Mapping[str, str]) -> bytes:
    """WEBCHAT_SECRET_KEY, or a random key kept in WEBCHAT_SECRET_FILE (var/webchat-secret.key)."""
    path = Path(env.get("WEBCHAT_SECRET_FILE") or REPO_ROOT / "var" / "webchat-secret.key")
    try:
        return signing_key("WEBCHAT_SECRET_KEY", path, env)
    except ValueError as error:
        raise SettingsError(str(error)) from None


def _number(env: Mapping[str, str], name: str, default, kind):
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{name}: {raw!r} is not a number") from None
    if value <= 0:
        raise SettingsError(f"{name}: must be greater than 0")
    return value
