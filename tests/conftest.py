import pytest

from tests.conversation.servers import MODEL, Assistant


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """One real assistant (action server + Rasa) shared by every test that needs it."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does) first")
    server = Assistant(tmp_path_factory.mktemp("assistant")).start()
    yield server
    server.stop()
