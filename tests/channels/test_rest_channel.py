"""The REST channel serves this machine, or callers with the server's token, and never another channel's conversation.

Over real HTTP with the stand-in assistant. Callers "from another machine"
come through a reverse proxy (SANIC_PROXIES_COUNT=1 and X-Forwarded-For),
as they would in a deployment.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Optional

import httpx
import pytest
import yaml

from connectors.rest import GuardedRestInput
from connectors.telegram import TelegramInput
from tests.channels.channel_server import ChannelServer, StandInAssistant
from tests.conversation.servers import REPO_ROOT

TOKEN = "rasa-token-for-the-tests-0123456789"
FAR_AWAY = {"X-Forwarded-For": "203.0.113.9"}


@contextmanager
def rest(token: Optional[str]) -> Iterator[ChannelServer]:
    server = ChannelServer(GuardedRestInput(token), StandInAssistant())
    server.app.config.PROXIES_COUNT = 1
    with server:
        yield server


def say(server: ChannelServer, sender: str, params=None, headers=None) -> httpx.Response:
    return httpx.post(server.webhook, params=params, headers=headers, json={"sender": sender, "message": "xin chao"})


def test_without_a_token_this_machine_is_served_and_other_machines_are_refused_and_logged(caplog):
    with rest(None) as server:
        local = say(server, "bac-an")
        remote = say(server, "bac-an", headers=FAR_AWAY)
        remote_with_a_guess = say(server, "bac-an", params={"token": "guess"}, headers=FAR_AWAY)
    assert local.status_code == 200 and local.json() == [{"recipient_id": "bac-an", "text": "Bác hỏi: xin chao"}]
    assert (remote.status_code, remote_with_a_guess.status_code) == (403, 403)
    assert server.assistant.texts() == ["xin chao"]
    assert "from 203.0.113.9 with 403: a caller from another machine, and RASA_TOKEN is not set" in caplog.text


def test_with_a_token_every_caller_needs_it_even_on_this_machine():
    with rest(TOKEN) as server:
        missing = say(server, "bac-an")
        wrong = say(server, "bac-an", params={"token": TOKEN[:-1]})
        remote_right = say(server, "bac-an", params={"token": TOKEN}, headers=FAR_AWAY)
        local_right = say(server, "bac-binh", params={"token": TOKEN})
    assert (missing.status_code, wrong.status_code) == (403, 403)
    assert (remote_right.status_code, local_right.status_code) == (200, 200)
    assert [m.sender_id for m in server.assistant.received] == ["bac-an", "bac-binh"]


@pytest.mark.parametrize("sender", ["telegram:501", "zalo:8401234567890123456"])
def test_nobody_speaks_or_reads_as_a_telegram_or_zalo_resident_here(sender):
    with rest(TOKEN) as server:
        response = say(server, sender, params={"token": TOKEN})
    assert response.status_code == 403 and response.json() == {"ok": False}
    assert server.assistant.received == []


def test_the_token_comes_from_rasa_token(monkeypatch):
    monkeypatch.setenv("RASA_TOKEN", TOKEN)
    assert GuardedRestInput.from_credentials(None).token == TOKEN
    monkeypatch.setenv("RASA_TOKEN", "")
    assert GuardedRestInput.from_credentials(None).token is None


def test_the_repository_uses_the_guarded_channel_at_the_usual_address():
    channels = yaml.safe_load((REPO_ROOT / "credentials.yml").read_text(encoding="utf-8"))
    assert "connectors.rest.GuardedRestInput" in channels and "rest" not in channels
    assert GuardedRestInput.name() == "rest"  # /webhooks/rest/webhook, as before


def test_the_rule_covers_the_rest_channel_only_so_proxied_platform_webhooks_still_arrive():
    server = ChannelServer(GuardedRestInput(None), StandInAssistant())
    server.app.config.PROXIES_COUNT = 1
    server.app.blueprint(TelegramInput(None).blueprint(server.assistant), url_prefix="/webhooks/telegram")
    with server:
        telegram_health = httpx.get(f"{server.url}/webhooks/telegram/", headers=FAR_AWAY)
        rest_health = httpx.get(f"{server.url}/webhooks/rest/", headers=FAR_AWAY)
    assert telegram_health.status_code == 200 and rest_health.status_code == 403
