"""A stand-in for Rasa's REST channel and tracker endpoint, as an httpx transport.

It keeps per-sender events the way Rasa does (user/bot/restart), so the
web chat's history, payload and reset logic run against realistic data
without a trained model.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Dict, List

import httpx

GREETING = {
    "text": "Cháu chào bác ạ! Bác muốn hỏi về việc gì ạ?",
    "buttons": [
        {"title": "VNeID", "payload": '/browse_topic{"topic": "vneid"}'},
        {"title": "👍 Có", "payload": "/feedback_helpful"},
    ],
}


class FakeRasa:
    def __init__(self) -> None:
        self.events: Dict[str, List[Dict[str, Any]]] = defaultdict(list)
        self.received: List[tuple] = []  # (sender, text) as Rasa got them
        self.replies: Dict[str, List[Dict[str, Any]]] = {"/greet": [GREETING]}
        self.down = False
        self.transport = httpx.MockTransport(self.handle)

    def reply(self, text: str) -> List[Dict[str, Any]]:
        return self.replies.get(text, [{"text": f"Bác vừa hỏi: {text}"}])

    def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("Rasa is down", request=request)
        if request.method == "POST" and request.url.path == "/webhooks/rest/webhook":
            body = json.loads(request.content)
            return httpx.Response(200, json=self._message(body["sender"], body["message"]))
        prefix, suffix = "/conversations/", "/tracker"
        if request.method == "GET" and request.url.path.startswith(prefix) and request.url.path.endswith(suffix):
            sender = request.url.path[len(prefix):-len(suffix)]
            return httpx.Response(200, json={"sender_id": sender, "slots": {"secret": 1},
                                             "events": self._after_restart(sender)})
        return httpx.Response(404, json={"error": "not found"})

    def _message(self, sender: str, text: str) -> List[Dict[str, Any]]:
        self.received.append((sender, text))
        events = self.events[sender]
        events.append({"event": "user", "text": text, "parse_data": {"intent": {"name": "x"}}})
        if text == "/restart":
            events.append({"event": "restart"})
            return []
        replies = self.reply(text)
        for reply in replies:
            events.append({"event": "bot", "text": reply.get("text"),
                           "data": {"buttons": reply.get("buttons")}})
        return [{"recipient_id": sender, **reply} for reply in replies]

    def _after_restart(self, sender: str) -> List[Dict[str, Any]]:
        events = self.events[sender]
        restarts = [i for i, event in enumerate(events) if event["event"] == "restart"]
        return events[restarts[-1]:] if restarts else list(events)
