"""`make run` refuses to open Rasa to the network without a token, before starting anything."""
import os
import subprocess

import pytest

from tests.conversation.servers import REPO_ROOT


@pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.5", "::"])
def test_rasa_on_another_interface_needs_a_token(host):
    env = {**os.environ, "RASA_HOST": host, "RASA_TOKEN": ""}
    run = subprocess.run(["bash", str(REPO_ROOT / "scripts" / "run.sh")], env=env, capture_output=True, text=True, timeout=30)
    assert run.returncode == 2
    assert f"RASA_HOST={host} would open Rasa's HTTP API to the network" in run.stderr
