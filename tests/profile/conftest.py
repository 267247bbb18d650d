"""A temporary assistant database and signing key for the profile tests, and a tracker maker."""
from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Tuple

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.persistence import resident


def use_key(monkeypatch, key: str) -> None:
    """Makes the residents' hashes use `key` from now on."""
    monkeypatch.setenv(resident.SECRET_VARIABLE, key)
    resident._key.cache_clear()


@pytest.fixture
def profile_db(tmp_path, monkeypatch):
    """ASSISTANT_DB and the hashing key set for this test alone."""
    monkeypatch.setenv("ASSISTANT_DB", f"sqlite:///{tmp_path / 'assistant.db'}")
    use_key(monkeypatch, "k" * 40)
    yield tmp_path
    resident._key.cache_clear()


def tracker(text: str = "", intent: str = "greet", slots: Optional[Dict[str, Any]] = None,
            entities: Optional[List[Dict[str, Any]]] = None, events: Optional[List[Dict[str, Any]]] = None,
            sender: str = "tg-1001") -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    return Tracker(sender, slots or {}, latest, events or [], False, None, {}, "action_listen")


def run(
    action, tracker_: Tracker, domain: Optional[Dict[str, Any]] = None
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """The messages an action sends and the events it returns."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, domain or {}))
    return dispatcher.messages, events


def slots_set(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
