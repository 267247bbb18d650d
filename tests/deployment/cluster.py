"""Starts processes of deploy/Procfile, as the deployment runs them, on the local services.

The commands come from the Procfile itself (read with honcho, which runs it in
production) and the settings from deploy/cluster.env.example, with free ports,
a fresh token and this machine's PostgreSQL, Redis and RabbitMQ. Each process
is started on its own, so a test can kill one and watch the others carry on.
"""
from __future__ import annotations

import asyncio
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterable, List

import aio_pika
import redis
import requests
from honcho.environ import parse as parse_env
from honcho.environ import parse_procfile

from tests.conversation.servers import MODEL, REPO_ROOT, free_port, wait_until_up

PROCFILE = REPO_ROOT / "deploy" / "Procfile"
ENV_EXAMPLE = REPO_ROOT / "deploy" / "cluster.env.example"
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
STATE_URL = "redis://127.0.0.1:6379/5"  # this Redis database belongs to these runs: emptied at each start


def cluster_env(workdir: Path, extra: Dict[str, str]) -> Dict[str, str]:
    """The example settings, filled in for this machine and this test run."""
    example = parse_env(ENV_EXAMPLE.read_text(encoding="utf-8"))
    ports = {name: str(free_port()) for name in ("ACTIONS_PORT", "RASA_1_PORT", "RASA_2_PORT", "PROXY_PORT")}
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_"))},
        **example,
        **ports,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "PYTHONPATH": str(REPO_ROOT),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "MODEL": str(MODEL),
        "RASA_TOKEN": secrets.token_urlsafe(24),
        "TRACKER_STORE_URL": POSTGRES_URL,
        "REDIS_DB": "3",
        "CONNECTOR_STATE_URL": STATE_URL,
        "RABBITMQ_QUEUE": f"rasa-cluster-{secrets.token_hex(4)}",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{ports['ACTIONS_PORT']}/webhook",
        "ASSISTANT_DB": f"sqlite:///{workdir / 'assistant.db'}",
        "ASSISTANT_TODAY": "2026-11-23",
        **extra,
    }


class Cluster:
    """Some processes of the Procfile, their logs, and how to reach them."""

    def __init__(self, workdir: Path, extra_env: Dict[str, str]) -> None:
        self.workdir = workdir
        self.env = cluster_env(workdir, extra_env)
        self.commands = parse_procfile(PROCFILE.read_text(encoding="utf-8")).processes
        self.processes: Dict[str, subprocess.Popen] = {}
        self.token = self.env["RASA_TOKEN"]
        self.proxy = f"http://127.0.0.1:{self.env['PROXY_PORT']}"
        self.instances = {
            "rasa1": f"http://127.0.0.1:{self.env['RASA_1_PORT']}",
            "rasa2": f"http://127.0.0.1:{self.env['RASA_2_PORT']}",
        }

    def start(self, names: Iterable[str]) -> "Cluster":
        # the fake platforms number their updates from 1 in every run: yesterday's ids are not today's
        redis.Redis.from_url(STATE_URL).flushdb()
        for name in names:
            log = self.workdir / f"{name}.log"
            self.processes[name] = subprocess.Popen(
                self.commands[name], shell=True, cwd=REPO_ROOT, env=self.env,
                stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
            )
        for name, url in self._health_urls().items():
            if name in self.processes:
                wait_until_up(url, self.processes[name], self.workdir / f"{name}.log")
        return self

    def _health_urls(self) -> Dict[str, str]:
        return {
            "actions": f"http://127.0.0.1:{self.env['ACTIONS_PORT']}/health",
            **{name: f"{url}/status?token={self.token}" for name, url in self.instances.items()},
            "proxy": self.proxy + "/",
        }

    def kill(self, name: str) -> None:
        """As a crash or a lost machine: no chance to finish anything."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:  # one that failed to start has nothing left to stop
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()
        self._delete_event_queue()

    def _delete_event_queue(self) -> None:
        """Nothing reads this run's events: left behind, every run's queue would pile up in RabbitMQ."""

        async def delete() -> None:
            connection = await aio_pika.connect(
                host=self.env["RABBITMQ_HOST"], port=int(self.env["RABBITMQ_PORT"]),
                login=self.env["RABBITMQ_USER"], password=self.env["RABBITMQ_PASSWORD"],
            )
            async with connection:
                channel = await connection.channel()
                await channel.queue_delete(self.env["RABBITMQ_QUEUE"])

        asyncio.run(delete())

    def say(self, base_url: str, sender: str, text: str) -> List[Dict]:
        response = requests.post(
            f"{base_url}/webhooks/rest/webhook", params={"token": self.token},
            json={"sender": sender, "message": text}, timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def tracker(self, base_url: str, sender: str) -> Dict:
        response = requests.get(f"{base_url}/conversations/{sender}/tracker", params={"token": self.token}, timeout=30)
        response.raise_for_status()
        return response.json()

    def log(self, name: str) -> str:
        return (self.workdir / f"{name}.log").read_text(encoding="utf-8", errors="replace")
