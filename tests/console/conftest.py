"""Fixtures of the console tests: their own assistant database (with the answer log), files and clock.

Nothing touches var/ or the real review file: every path is in a temporary
folder, "now" is 2026-11-23 14:00, and the "try a question" box talks to a
stand-in parser unless a test asks for a Rasa server (a fake, or the real one).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List

import pytest

from console.app import create_app
from console.config import REPO_ROOT, Settings
from console.users import create_user
from tests.console import conversations
from tests.console.client import ConsoleTestClient as TestClient
from tests.console.conversations import NOW

CATALOGUE = REPO_ROOT / "bot" / "knowledge" / "catalogue.yml"
DEMO_CLASSES = REPO_ROOT / "bot" / "schedules" / "demo" / "classes.csv"
DEMO_CONTACTS = REPO_ROOT / "bot" / "schedules" / "demo" / "contacts.csv"
PASSWORD = "mat-khau-du-dai-2026"
BENCH = {
    "measured_at": "2026-11-22T10:00:00",
    "articles": {"vneid_install": {"questions": 4, "right": 3}, "pay_qr": {"questions": 2, "right": 2}},
    "overall": {"all": {"right": 0.8, "wrong": 0.05}},
}
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def assistant_db(tmp_path, monkeypatch) -> Path:
    """An assistant database of the test's own (never var/assistant.db)."""
    monkeypatch.setenv("ASSISTANT_DB", f"sqlite:///{tmp_path / 'assistant.db'}")
    monkeypatch.setenv("ASSISTANT_TODAY", "2026-11-23T14:00")
    return tmp_path


@pytest.fixture
def answer_log(assistant_db) -> None:
    """The scripted conversations, in the test database's answer log."""
    conversations.save()


class FakeParser:
    """Stands in for Rasa's /model/parse: returns a canned parse and remembers the questions."""

    def __init__(self) -> None:
        self.questions: List[str] = []
        self.result: Dict[str, Any] = {
            "intent": {"name": "faq", "confidence": 0.93},
            "article_ranking": [{"id": "vneid_install", "confidence": 0.81}, {"id": "vneid_register_level1", "confidence": 0.07}],
        }

    async def parse(self, text: str) -> Dict[str, Any]:
        self.questions.append(text)
        return dict(self.result, text=text)


@pytest.fixture
def settings(tmp_path, answer_log) -> Settings:
    bench = tmp_path / "kb.json"
    bench.write_text(json.dumps(BENCH), encoding="utf-8")
    return Settings(
        secret_key=b"k" * 48,
        catalogue_file=CATALOGUE,
        bench_file=bench,
        review_file=tmp_path / "review" / "phrasings.yml",
        now=lambda: NOW,
    )


@pytest.fixture
def parser() -> FakeParser:
    return FakeParser()


@pytest.fixture
def client(settings, parser) -> TestClient:
    with TestClient(create_app(settings, parser)) as test_client:
        yield test_client


@pytest.fixture
def official() -> str:
    """An account made the way an administrator makes it."""
    return create_user("lan", PASSWORD).name


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def log_in(client: TestClient, name: str = "lan", password: str = PASSWORD, next_path: str = "/"):
    """Logs in through the real form; returns the response to the POST (not followed)."""
    token = csrf_from(client.get("/login").text)
    return client.post("/login", data={"name": name, "password": password, "next": next_path, "csrf_token": token}, follow_redirects=False)


@pytest.fixture
def logged_in(client, official) -> TestClient:
    response = log_in(client)
    assert response.status_code == 303, response.text
    return client


def page_token(client: TestClient, path: str = "/") -> str:
    """The CSRF token a logged-in page carries."""
    return csrf_from(client.get(path).text)
