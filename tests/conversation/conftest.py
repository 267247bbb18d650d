import pytest

from tests.conversation.servers import MODEL, Assistant


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does) first")
    server = Assistant(tmp_path_factory.mktemp("assistant")).start()
    yield server
    server.stop()


def texts(messages):
    return "\n".join(m.get("text", "") for m in messages)


def button_payloads(messages):
    return [b["payload"] for m in messages for b in m.get("buttons", [])]
