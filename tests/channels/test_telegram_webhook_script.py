"""`make telegram-webhook`: registers the webhook with its secret, and the channel then accepts Telegram's calls."""
import pytest

from connectors import telegram_webhook
from tests.channels.test_telegram_channel import SECRET, telegram
from tests.fakes.server import wait_for
from tests.fakes.telegram_api import Failure


@pytest.fixture
def environment(monkeypatch, fake_telegram):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", fake_telegram.token)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", fake_telegram.url + "/bot")


def test_set_registers_url_secret_and_update_types_and_the_channel_accepts_the_result(fake_telegram, environment, tmp_path, capsys):
    with telegram(fake_telegram, tmp_path) as server:
        fake_telegram.webhook = {}
        assert telegram_webhook.main(["set", "--url", server.webhook]) == 0
        assert fake_telegram.webhook["url"] == server.webhook
        assert fake_telegram.webhook["secret_token"] == SECRET
        assert set(fake_telegram.webhook["allowed_updates"]) >= {"message", "callback_query"}
        assert fake_telegram.deliver(fake_telegram.text_update(7, "/start")).status_code == 200
        wait_for(lambda: fake_telegram.sent(7), what="the greeting")
    out = capsys.readouterr().out
    assert f"Webhook of @BinhDanTestBot set to {server.webhook}" in out and "pending updates: 0" in out


def test_the_url_can_come_from_the_environment_and_info_shows_it(fake_telegram, environment, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/webhooks/telegram/webhook")
    assert telegram_webhook.main([]) == 0
    assert telegram_webhook.main(["info"]) == 0
    assert "url: https://bot.example.org/webhooks/telegram/webhook" in capsys.readouterr().out
    assert telegram_webhook.main(["delete"]) == 0 and fake_telegram.webhook == {}


@pytest.mark.parametrize("change, message", [
    ({"TELEGRAM_WEBHOOK_SECRET": None}, "set TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_WEBHOOK_SECRET": "not allowed!"}, "set TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_BOT_TOKEN": None}, "set TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_WEBHOOK_URL": "http://bot.example.org/webhooks/telegram/webhook"}, "only calls HTTPS webhooks"),
])
def test_missing_or_unsafe_settings_are_explained(environment, monkeypatch, capsys, change, message):
    for name, value in change.items():
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", change.get("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/webhooks/telegram/webhook"))
    assert telegram_webhook.main(["set"]) == 2
    assert message in capsys.readouterr().err


def test_a_refusal_from_telegram_is_reported_without_the_token(fake_telegram, environment, capsys):
    fake_telegram.fail("setWebhook", Failure("error", description="Bad Request: bad webhook: Failed to resolve host"))
    assert telegram_webhook.main(["set", "--url", "https://nowhere.invalid/webhooks/telegram/webhook"]) == 1
    err = capsys.readouterr().err
    assert "failed to resolve host" in err.lower() and fake_telegram.token not in err


def test_a_rejected_token_is_reported_without_printing_it(environment, monkeypatch, capsys):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "999:WRONG-TOKEN")
    assert telegram_webhook.main(["info"]) == 1
    err = capsys.readouterr().err
    assert "rejected" in err and "999:WRONG-TOKEN" not in err and "<TELEGRAM_BOT_TOKEN>" in err


def test_new_secret_prints_a_valid_secret(capsys):
    assert telegram_webhook.main(["new-secret"]) == 0
    secret = capsys.readouterr().out.strip()
    assert telegram_webhook.SECRET_PATTERN.match(secret) and len(secret) >= 40
