"""Fakes and connectors wired together for the channel tests."""
from __future__ import annotations

import os
from typing import Iterator

import pytest

from tests.fakes.server import ThreadedServer
from tests.fakes.telegram_api import FakeTelegram
from tests.fakes.zalo_api import FakeZalo

CHANNEL_VARIABLES = [name for name in os.environ if name.startswith(("TELEGRAM_", "ZALO_"))]


@pytest.fixture(autouse=True)
def no_channel_settings_from_the_developer(monkeypatch):
    """A developer's real TELEGRAM_* / ZALO_* variables must not leak into a test."""
    for name in CHANNEL_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegram]:
    fake = FakeTelegram()
    with ThreadedServer(fake.app) as url:
        fake.url = url
        yield fake


@pytest.fixture
def fake_zalo() -> Iterator[FakeZalo]:
    fake = FakeZalo()
    with ThreadedServer(fake.app) as url:
        fake.url = url
        yield fake
