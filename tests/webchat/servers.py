"""Servers for the browser tests: the web chat (as `make run` starts it, or
in-process against the fake Rasa) and a stand-in commune website."""
from __future__ import annotations

import http.server
import os
import subprocess
import threading
from functools import partial
from pathlib import Path
from typing import Any, Dict, Optional

import requests

from tests.conversation.servers import BIN, REPO_ROOT, free_port, wait_until_up


class WebchatProcess:
    """`python -m webchat` in its own process, configured by environment variables."""

    def __init__(self, workdir: Path, env: Dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / "webchat.log"
        self.env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "WEBCHAT_PORT": str(self.port),
                    "WEBCHAT_SECRET_FILE": str(workdir / "webchat-secret.key"), **env}
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> "WebchatProcess":
        self.process = subprocess.Popen([str(BIN / "python"), "-m", "webchat"], cwd=REPO_ROOT, env=self.env,
                                        stdout=self.log.open("ab"), stderr=subprocess.STDOUT)
        wait_until_up(f"{self.url}/healthz", self.process, self.log, seconds=30)
        return self

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)

    def history(self, sender: str) -> list:
        response = requests.post(f"{self.url}/api/history", json={"sender": sender}, timeout=30)
        response.raise_for_status()
        return response.json()["messages"]


class StaticSite:
    """A stand-in commune website: serves one folder on its own origin."""

    def __init__(self, folder: Path) -> None:
        handler = partial(_QuietHandler, directory=str(folder))
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def start(self) -> "StaticSite":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass
