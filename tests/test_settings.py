"""One place reads the assistant's and the console's environment (bot/settings.py).

The contracts ASSISTANT_DB and ASSISTANT_TODAY=YYYY-MM-DD are stable; a value
that cannot work stops with a message naming the variable.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.database import database_url
from bot.persistence.location import tracker_store_url
from bot.schedules import clock
from bot.settings import DEFAULT_ASSISTANT_DB, SettingsError, assistant_settings, console_settings
from console.config import Settings

VARIABLES = (
    "ASSISTANT_DB", "ASSISTANT_TODAY", "TRACKER_STORE_URL", "RASA_URL", "RASA_TOKEN",
    "CONSOLE_PORT", "CONSOLE_TRUSTED_PROXIES", "CONSOLE_SESSION_HOURS", "CONSOLE_SECURE_COOKIES",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)


def test_unset_or_empty_variables_give_the_defaults(monkeypatch):
    monkeypatch.setenv("ASSISTANT_DB", "  ")
    monkeypatch.setenv("CONSOLE_PORT", "")
    assert database_url() == DEFAULT_ASSISTANT_DB and DEFAULT_ASSISTANT_DB.endswith("var/assistant.db")
    assert tracker_store_url().endswith("var/tracker.db")
    assert assistant_settings().assistant_today is None
    console = console_settings()
    assert (console.port, console.rasa_url, console.rasa_token, console.trusted_proxies) == (
        8000, "http://127.0.0.1:5005", None, ()
    )


def test_each_read_sees_the_environment_as_it_is_now(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_DB", f"sqlite:///{tmp_path / 'a.db'}")
    assert database_url() == f"sqlite:///{tmp_path / 'a.db'}"
    monkeypatch.setenv("ASSISTANT_DB", "postgresql://bot@db/assistant")
    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://rasa@db/rasa")
    assert (database_url(), tracker_store_url()) == ("postgresql://bot@db/assistant", "postgresql://rasa@db/rasa")


def test_assistant_today_pins_the_day_or_the_minute(monkeypatch):
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-10")
    assert clock.now() == datetime(2026, 12, 10, 0, 0)
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-12-10T14:30")
    assert clock.now() == datetime(2026, 12, 10, 14, 30)
    assert clock.today().isoformat() == "2026-12-10"


@pytest.mark.parametrize(
    "variable, value, expected",
    [
        ("ASSISTANT_TODAY", "10/12/2026", "ASSISTANT_TODAY='10/12/2026': not YYYY-MM-DD"),
        ("ASSISTANT_DB", "assistant.db", "ASSISTANT_DB='assistant.db': not a SQLAlchemy URL"),
        ("TRACKER_STORE_URL", "tracker", "TRACKER_STORE_URL='tracker': not a SQLAlchemy URL"),
    ],
)
def test_a_bad_assistant_value_names_the_variable(monkeypatch, variable, value, expected):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as error:
        assistant_settings()
    assert str(error.value).startswith(expected)


@pytest.mark.parametrize(
    "variable, value",
    [("CONSOLE_PORT", "80a"), ("CONSOLE_SESSION_HOURS", "-1"), ("RASA_URL", "127.0.0.1:5005"), ("CONSOLE_SECURE_COOKIES", "maybe")],
)
def test_a_bad_console_value_names_the_variable(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=f"^{variable}="):
        console_settings()


def test_console_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CONSOLE_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.2 ,")
    monkeypatch.setenv("CONSOLE_SESSION_HOURS", "2.5")
    monkeypatch.setenv("CONSOLE_SECURE_COOKIES", "yes")
    monkeypatch.setenv("CONSOLE_BENCH_FILE", str(tmp_path / "kb.json"))
    monkeypatch.setenv("RASA_URL", "http://rasa:5005/")
    monkeypatch.setenv("RASA_TOKEN", "t0ken")
    monkeypatch.setenv("CONSOLE_SECRET_KEY", "k" * 40)
    settings = Settings.from_env()
    assert settings.trusted_proxies == ("127.0.0.1", "10.0.0.2")
    assert (settings.session_hours, settings.secure_cookies, settings.bench_file) == (2.5, True, Path(tmp_path / "kb.json"))
    assert (console_settings().rasa_url, console_settings().rasa_token) == ("http://rasa:5005", "t0ken")
