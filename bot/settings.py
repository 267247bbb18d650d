"""The assistant's and the console's environment variables, read and checked in one place.

Each setting is read when asked for (tests and scripts change the environment
between calls), and a bad value stops with a message naming the variable and
what it should look like, never a traceback from deep inside a feature. The
web chat (`webchat/settings.py`) and the channels (`connectors/settings.py`)
keep their own settings next to their code.
"""
from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Optional, Tuple, Type, TypeVar

from pydantic import BaseSettings, Field, ValidationError, validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ASSISTANT_DB = f"sqlite:///{REPO_ROOT / 'var' / 'assistant.db'}"
DEFAULT_TRACKER_STORE_URL = f"sqlite:///{REPO_ROOT / 'var' / 'tracker.db'}"

_Settings = TypeVar("_Settings", bound=BaseSettings)


class SettingsError(ValueError):
    """An environment variable has a value that cannot work."""


def _database_url(default: str, value: Optional[str]) -> str:
    value = (value or "").strip()
    if not value:
        return default
    try:
        make_url(value)
    except ArgumentError:
        raise ValueError("not a SQLAlchemy URL such as postgresql://user@host/name") from None
    return value


class AssistantSettings(BaseSettings):
    """What the assistant (action server, Rasa plug-ins, importers) reads from the environment."""

    assistant_db: str = Field(DEFAULT_ASSISTANT_DB, env="ASSISTANT_DB")
    # pins "now" for tests, demos and evaluations: YYYY-MM-DD (start of that day) or YYYY-MM-DDTHH:MM
    assistant_today: Optional[datetime] = Field(None, env="ASSISTANT_TODAY")
    tracker_store_url: str = Field(DEFAULT_TRACKER_STORE_URL, env="TRACKER_STORE_URL")

    @validator("assistant_db", pre=True, always=True)
    def _assistant_db(cls, value: Optional[str]) -> str:
        return _database_url(DEFAULT_ASSISTANT_DB, value)

    @validator("tracker_store_url", pre=True, always=True)
    def _tracker_store_url(cls, value: Optional[str]) -> str:
        return _database_url(DEFAULT_TRACKER_STORE_URL, value)

    @validator("assistant_today", pre=True)
    def _assistant_today(cls, value: object) -> Optional[datetime]:
        pinned = str(value or "").strip()
        if not pinned:
            return None
        try:
            if "T" in pinned or " " in pinned:
                return datetime.fromisoformat(pinned.replace(" ", "T"))
            return datetime.combine(date.fromisoformat(pinned), datetime.min.time())
        except ValueError:
            raise ValueError("not YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None


class RasaApiSettings(BaseSettings):
    """Where a running Rasa's HTTP API (`--enable-api`) is, for the console and the reminder worker."""

    rasa_url: str = Field("http://127.0.0.1:5005", env="RASA_URL")
    rasa_token: Optional[str] = Field(None, env="RASA_TOKEN")  # as for the REST channel

    @validator("rasa_url")
    def _rasa_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("not an address such as http://127.0.0.1:5005")
        return value.rstrip("/")

    @validator("rasa_token", pre=True)
    def _rasa_token(cls, value: Optional[str]) -> Optional[str]:
        return value or None


class ConsoleSettings(RasaApiSettings):
    """The officials' console's CONSOLE_* variables and the running Rasa it asks ("try a question")."""

    host: str = Field("127.0.0.1", env="CONSOLE_HOST")
    port: int = Field(8000, env="CONSOLE_PORT", gt=0, lt=65536)
    catalogue: Path = Field(REPO_ROOT / "bot" / "knowledge" / "catalogue.yml", env="CONSOLE_CATALOGUE")
    bench_file: Path = Field(REPO_ROOT / "var" / "bench" / "kb.json", env="CONSOLE_BENCH_FILE")
    review_file: Path = Field(REPO_ROOT / "bot" / "knowledge" / "review" / "phrasings.yml", env="CONSOLE_REVIEW_FILE")
    session_hours: float = Field(12.0, env="CONSOLE_SESSION_HOURS", gt=0)
    secure_cookies: bool = Field(False, env="CONSOLE_SECURE_COOKIES")
    trusted_proxies: Tuple[str, ...] = Field((), env="CONSOLE_TRUSTED_PROXIES")

    class Config:
        @classmethod
        def parse_env_var(cls, field_name: str, raw_value: str) -> object:
            if field_name == "trusted_proxies":  # comma-separated, not JSON
                return tuple(part.strip() for part in raw_value.split(",") if part.strip())
            return cls.json_loads(raw_value)

    @validator("catalogue", "bench_file", "review_file", "session_hours", "port", "secure_cookies", pre=True)
    def _empty_is_default(cls, value: object, field) -> object:
        return field.default if isinstance(value, str) and not value.strip() else value


def _read(kind: Type[_Settings]) -> _Settings:
    try:
        return kind()
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            field = kind.__fields__[str(problem["loc"][0])]
            variable = next(iter(field.field_info.extra["env_names"])).upper()
            problems.append(f"{variable}={os.environ.get(variable, '')!r}: {problem['msg']}")
        raise SettingsError("; ".join(problems)) from None


def assistant_settings() -> AssistantSettings:
    """The assistant's settings as the environment says now."""
    return _read(AssistantSettings)


def console_settings() -> ConsoleSettings:
    """The console's settings as the environment says now."""
    return _read(ConsoleSettings)


def rasa_api_settings() -> RasaApiSettings:
    """The running Rasa's address and token as the environment says now (the reminder worker)."""
    return _read(RasaApiSettings)
