import httpx
import pytest

from tests.webchat.fake_rasa import FakeRasa
from webchat.app import create_app
from webchat.sender_ids import SenderIds
from webchat.settings import Settings

ALLOWED = "https://xa-dong-hoa.gov.vn"
SECRET_KEY = b"test-key-for-the-web-chat-" + b"x" * 16


def rasa_id(sender: str) -> str:
    """The Rasa sender id behind a signed web-chat id."""
    return "web-" + sender.split(".", 1)[0]


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
def fake_rasa():
    return FakeRasa()


@pytest.fixture
def make_app(fake_rasa):
    """A web-chat app talking to the fake Rasa; settings may be overridden."""
    def make(**overrides):
        settings = Settings(**{"allowed_origins": (ALLOWED,), "secret_key": SECRET_KEY, **overrides})
        return create_app(settings, rasa_transport=fake_rasa.transport)
    return make


def client_for(app, address: str = "203.0.113.7") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://chat.test")


@pytest.fixture
def make_client(make_app):
    return lambda **overrides: client_for(make_app(**overrides))


@pytest.fixture
def sender():
    """A conversation id as the web chat issues it (signed with the apps' key)."""
    return SenderIds(SECRET_KEY).issue()


@pytest.fixture
def open_browser(tmp_path):
    """Starts a fresh headless Chromium (new profile) of the given window size."""
    from tests.webchat.browser import chromium

    drivers = []

    def start(width: int = 390, height: int = 844):
        drivers.append(chromium(tmp_path / f"profile-{len(drivers)}", width, height))
        return drivers[-1]

    yield start
    for driver in drivers:
        driver.quit()


@pytest.fixture
def serve(make_app):
    """Serves a web-chat app (fake Rasa behind it) over real HTTP; returns its URL."""
    from tests.fakes.server import ThreadedServer

    servers = []

    def start(**overrides) -> str:
        servers.append(ThreadedServer(make_app(**overrides), lifespan="auto").start())
        return servers[-1].url

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def webchat(assistant, tmp_path_factory):
    """`python -m webchat` in front of the real assistant, as `make run` starts it."""
    from tests.webchat.servers import WebchatProcess

    server = WebchatProcess(tmp_path_factory.mktemp("webchat"), {
        "RASA_URL": assistant.url,
        # every test's browser comes from 127.0.0.1: a generous limit for the suite
        "WEBCHAT_RATE_PER_MINUTE": "600", "WEBCHAT_RATE_BURST": "100",
    }).start()
    yield server
    server.stop()
