"""Rate limiter, history reading and settings, without any server."""
import pytest

from bot.offered_payloads import Offers
from webchat.history import read_events
from webchat.rate_limit import RateLimiter
from webchat.settings import Settings, SettingsError


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_a_burst_then_a_steady_rate():
    clock = Clock()
    limiter = RateLimiter(per_minute=12, burst=3, clock=clock)  # one token every 5 s
    assert [limiter.wait_seconds("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.wait_seconds("a") == 5
    clock.now += 4.9
    assert limiter.wait_seconds("a") == 1
    clock.now += 0.2
    assert limiter.wait_seconds("a") == 0
    assert limiter.wait_seconds("b") == 0


def test_refused_requests_do_not_use_up_tokens():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=1, clock=clock)
    assert limiter.wait_seconds("a") == 0
    for _ in range(5):
        assert limiter.wait_seconds("a") == 1
    clock.now += 1.0
    assert limiter.wait_seconds("a") == 0


def test_memory_stays_bounded_by_forgetting_idle_clients():
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=2, clock=clock, max_clients=100)
    for i in range(1000):
        limiter.wait_seconds(f"client-{i}")
        clock.now += 0.001
    assert len(limiter._buckets) <= 101


def test_history_follows_restarts_and_shows_tapped_buttons_by_their_titles():
    greeting = {"event": "bot", "text": "Chào bác", "data": {"buttons": [{"title": "VNeID", "payload": "/vneid"}]}}
    events = [
        {"event": "user", "text": "so cccd 012345678901"},
        {"event": "bot", "text": "Dạ", "data": {}},
        {"event": "restart"},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": "/greet"},
        greeting,
        {"event": "user", "text": "/vneid"},
        {"event": "bot", "text": "Về VNeID", "data": {"buttons": [{"title": "Cài", "payload": "/install"},
                                                                  {"title": "", "payload": "/blank"}]}},
        {"event": "bot", "text": None, "data": {"custom": {"x": 1}}},
    ]
    assert read_events(events) == [
        {"from": "bot", "text": "Chào bác", "buttons": [{"title": "VNeID", "payload": "/vneid"}]},
        {"from": "user", "text": "VNeID"},
        {"from": "bot", "text": "Về VNeID", "buttons": [{"title": "Cài", "payload": "/install"}]},
    ]
    offers = Offers.from_events(events)
    assert offers.buttons == {"/vneid": "VNeID", "/install": "Cài"}


def test_settings_from_the_environment(tmp_path):
    key_file = str(tmp_path / "webchat-secret.key")
    settings = Settings.from_env({
        "WEBCHAT_SECRET_FILE": key_file,
        "WEBCHAT_ALLOWED_ORIGINS": " https://xa.gov.vn/, http://localhost:3000 ",
        "WEBCHAT_PORT": "9090", "RASA_URL": "http://10.0.0.5:5005/", "RASA_TOKEN": "",
        "WEBCHAT_RATE_PER_MINUTE": "30", "WEBCHAT_COLOR": "#123", "WEBCHAT_KIOSK_IDLE_SECONDS": "120",
    })
    assert settings.allowed_origins == ("https://xa.gov.vn", "http://localhost:3000")
    assert (settings.port, settings.rasa_url, settings.rasa_token) == (9090, "http://10.0.0.5:5005", None)
    assert (settings.rate_per_minute, settings.colour, settings.kiosk_idle_seconds) == (30.0, "#123", 120)
    assert Settings.from_env({"WEBCHAT_SECRET_FILE": key_file}) == Settings()


@pytest.mark.parametrize("env", [
    {"WEBCHAT_ALLOWED_ORIGINS": "xa.gov.vn"},
    {"WEBCHAT_ALLOWED_ORIGINS": "https://xa.gov.vn/trang"},
    {"WEBCHAT_COLOR": "red; background:url(x)"},
    {"WEBCHAT_PORT": "tám"},
    {"WEBCHAT_RATE_BURST": "0"},
])
def test_settings_that_cannot_work_are_refused(env):
    with pytest.raises(SettingsError):
        Settings.from_env(env)
