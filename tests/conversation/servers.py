"""Starts the real action server and Rasa server for conversation tests.

The servers run exactly as `make run` runs them (same model, credentials,
tracker store class), on free ports, with their databases in a temporary
folder and "today" fixed, so conversations are reproducible.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MODEL = REPO_ROOT / "models" / "assistant.tar.gz"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited; log:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server at {url} did not start; log:\n{log.read_text()[-3000:]}")


class Assistant:
    """An action server plus a Rasa server, and a small REST client for them."""

    def __init__(
        self, workdir: Path, extra_env: Optional[Dict[str, str]] = None, credentials: Optional[str] = None
    ) -> None:
        """`credentials`: YAML text to use instead of the repository's credentials.yml."""
        self.workdir = workdir
        self.credentials = REPO_ROOT / "credentials.yml"
        if credentials is not None:
            self.credentials = workdir / "credentials.yml"
            self.credentials.write_text(credentials, encoding="utf-8")
        self.env = {
            # never reach a real Telegram or Zalo from a developer's shell
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))},
            "PYTHONPATH": str(REPO_ROOT),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "ASSISTANT_TODAY": "2026-11-23",
            "ASSISTANT_DB": f"sqlite:///{workdir / 'assistant.db'}",
            "TRACKER_STORE_URL": f"sqlite:///{workdir / 'tracker.db'}",
            **(extra_env or {}),
        }
        self.action_port = free_port()
        self.rasa_port = free_port()
        self.url = f"http://127.0.0.1:{self.rasa_port}"
        self._processes: List[subprocess.Popen] = []

    def _spawn(self, args: List[str], name: str) -> subprocess.Popen:
        log = self.workdir / f"{name}.log"
        process = subprocess.Popen(
            args, cwd=REPO_ROOT, env=self.env, stdout=log.open("ab"), stderr=subprocess.STDOUT
        )
        self._processes.append(process)
        return process

    def start(self) -> "Assistant":
        endpoints = self.workdir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.action_port}/webhook"\n'
            "tracker_store:\n  type: bot.persistence.tracker_store.UrlSQLTrackerStore\n"
        )
        subprocess.run([str(BIN / "python"), "-m", "bot.schedules.demo", "--if-empty"],
                       cwd=REPO_ROOT, env=self.env, check=True, capture_output=True)
        actions = self._spawn(
            [str(BIN / "rasa"), "run", "actions", "--actions", "bot.actions", "--port", str(self.action_port)],
            "actions",
        )
        rasa = self._spawn(
            [str(BIN / "rasa"), "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(self.rasa_port),
             "--credentials", str(self.credentials), "--endpoints", str(endpoints), "--model", str(MODEL)],
            "rasa",
        )
        wait_until_up(f"http://127.0.0.1:{self.action_port}/health", actions, self.workdir / "actions.log")
        wait_until_up(f"{self.url}/status", rasa, self.workdir / "rasa.log")
        return self

    def stop(self) -> None:
        for process in self._processes:
            process.terminate()
        for process in self._processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self._processes.clear()

    def say(self, sender: str, text: str) -> List[Dict[str, Any]]:
        """Sends a message through the REST channel; returns the bot's messages."""
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60
        )
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> Dict[str, Any]:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker", timeout=30)
        response.raise_for_status()
        return response.json()

    def slot(self, sender: str, name: str) -> Any:
        return self.tracker(sender)["slots"].get(name)
