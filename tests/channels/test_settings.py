"""Channel settings: secrets only from the environment; unset means off, half-set means a clear error."""
import pytest

from connectors.settings import ConfigurationError
from connectors.telegram import TelegramInput, TelegramSettings
from connectors.zalo import ZaloInput, ZaloSettings

ZALO = {"ZALO_APP_ID": "1", "ZALO_OA_SECRET_KEY": "k", "ZALO_APP_SECRET": "s", "ZALO_ACCESS_TOKEN": "a", "ZALO_REFRESH_TOKEN": "r"}


def set_env(monkeypatch, values):
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_without_variables_both_channels_are_off_and_make_run_still_starts():
    assert TelegramInput.from_credentials(None).config is None
    assert ZaloInput.from_credentials(None).config is None


def test_telegram_reads_secrets_from_the_environment_and_options_from_credentials(monkeypatch):
    set_env(monkeypatch, {"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_SECRET": "s3cret_-X"})
    config = TelegramSettings.read({"messages_per_second": 2, "address": {"bac": "anh", "Bac": "Anh"}})
    assert (config.token, config.secret_token, config.messages_per_second) == ("123:abc", "s3cret_-X", 2.0)
    assert config.address == {"bac": "anh", "Bac": "Anh"} and config.base_url == "https://api.telegram.org/bot"
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:9/bot")
    assert TelegramSettings.read({"base_url": "http://ignored/bot"}).base_url == "http://127.0.0.1:9/bot"


@pytest.mark.parametrize("variables, message", [
    ({"TELEGRAM_BOT_TOKEN": "123:abc"}, "set TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_WEBHOOK_SECRET": "abc"}, "set TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_SECRET": "has spaces"}, "A-Z a-z 0-9"),
])
def test_telegram_half_configured_is_refused(monkeypatch, variables, message):
    set_env(monkeypatch, variables)
    with pytest.raises(ConfigurationError, match=message):
        TelegramSettings.read(None)


@pytest.mark.parametrize("channel", [TelegramSettings, ZaloSettings])
def test_a_secret_in_credentials_yml_is_refused(channel):
    key = "token" if channel is TelegramSettings else "access_token"
    with pytest.raises(ConfigurationError, match="remove .* from credentials.yml"):
        channel.read({key: "leaked"})


def test_unknown_reply_names_and_bad_numbers_are_refused(monkeypatch):
    set_env(monkeypatch, {"TELEGRAM_BOT_TOKEN": "1:a", "TELEGRAM_WEBHOOK_SECRET": "abc"})
    with pytest.raises(ConfigurationError, match="unknown entries: photo"):
        TelegramSettings.read({"replies": {"photo": "..."}})
    with pytest.raises(ConfigurationError, match="must be a number"):
        TelegramSettings.read({"burst": "many"})


def test_zalo_needs_tokens_on_first_start_then_the_token_file_is_enough(monkeypatch, tmp_path):
    token_file = tmp_path / "zalo.json"
    set_env(monkeypatch, {**ZALO, "ZALO_TOKEN_FILE": str(token_file)})
    monkeypatch.delenv("ZALO_ACCESS_TOKEN")
    monkeypatch.delenv("ZALO_REFRESH_TOKEN")
    with pytest.raises(ConfigurationError, match="ZALO_ACCESS_TOKEN and ZALO_REFRESH_TOKEN"):
        ZaloSettings.read(None)
    token_file.write_text('{"access_token": "a1", "refresh_token": "r1"}')
    config = ZaloSettings.read({"max_text_length": 1000, "buttons_as": "text"})
    assert config.seed is None and config.max_text_length == 1000 and config.buttons_as == "text"


def test_zalo_options_are_checked(monkeypatch, tmp_path):
    set_env(monkeypatch, {**ZALO, "ZALO_TOKEN_FILE": str(tmp_path / "z.json")})
    with pytest.raises(ConfigurationError, match="buttons_as"):
        ZaloSettings.read({"buttons_as": "carousel"})
    with pytest.raises(ConfigurationError, match="set ZALO_APP_SECRET"):
        monkeypatch.delenv("ZALO_APP_SECRET")
        ZaloSettings.read(None)
