import os

import pytest

from tests.conversation.servers import MODEL, Assistant


@pytest.fixture(scope="session", autouse=True)
def assistant_database_outside_the_repository(tmp_path_factory):
    """The actions write the answer log: no test writes var/assistant.db or var/assistant-secret.key."""
    saved = {name: os.environ.get(name) for name in ("ASSISTANT_DB", "ASSISTANT_SECRET_KEY")}
    os.environ.setdefault("ASSISTANT_DB", f"sqlite:///{tmp_path_factory.mktemp('assistant-db') / 'assistant.db'}")
    os.environ.setdefault("ASSISTANT_SECRET_KEY", "answer-log-key-for-the-tests-only-0123456789")
    yield
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """One real assistant (action server + Rasa) shared by every test that needs it."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does) first")
    server = Assistant(tmp_path_factory.mktemp("assistant")).start()
    yield server
    server.stop()
