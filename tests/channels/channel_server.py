"""Serves one connector's blueprint in a small Sanic app on a thread, with a stand-in assistant.

This is the connector exactly as Rasa mounts it (same blueprint, same
listeners, same URL), minus the model: the stand-in records every
`UserMessage` and answers through the connector's output channel, so the tests
of webhook rules, retries and pacing run in seconds. Like Rasa, it keeps each
conversation in a tracker store (Rasa's in-memory one) reachable as
`app.ctx.agent.tracker_store`, where the connectors look up the buttons they
offered. The trained model is exercised by test_*_with_rasa.py.
"""
from __future__ import annotations

import asyncio
import itertools
import threading
from typing import Any, Awaitable, Callable, Dict, List, Optional

from types import SimpleNamespace

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Sanic

from tests.fakes.server import free_port

# Several apps start and stop in one test process; outside test mode Sanic
# rewrites its request handler in place the first time and fails the second.
Sanic.test_mode = True

Answer = Callable[[UserMessage], List[Dict[str, Any]]]
_names = itertools.count()


def canned_answer(message: UserMessage) -> List[Dict[str, Any]]:
    """Greets with two buttons, answers anything else with one echo."""
    if message.text == "/greet":
        return [{"text": "Cháu chào bác ạ!", "buttons": [
            {"title": "VNeID", "payload": '/browse_topic{"topic": "vneid"}'},
            {"title": "Bài rất dài", "payload": '/choose_article{"article": "' + "x" * 60 + '"}'},
        ]}]
    return [{"text": f"Bác hỏi: {message.text}"}]


class StandInAssistant:
    """Records messages; answers with `answer` (after `delays[text]` seconds), or raises when told to."""

    def __init__(self, answer: Answer = canned_answer, delays: Optional[Dict[str, float]] = None) -> None:
        self.answer = answer
        self.delays = delays or {}
        self.received: List[UserMessage] = []
        self.fail_next = False
        self.tracker_store = InMemoryTrackerStore(Domain.empty())

    async def __call__(self, message: UserMessage) -> None:
        self.received.append(message)
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("the stand-in assistant was told to fail")
        await asyncio.sleep(self.delays.get(message.text or "", 0.0))
        tracker = await self.tracker_store.get_or_create_tracker(message.sender_id)
        tracker.update(UserUttered(message.text))
        for reply in self.answer(message):
            tracker.update(BotUttered(reply.get("text"), data={"buttons": reply.get("buttons")}))
            await message.output_channel.send_response(message.sender_id, dict(reply))
        await self.tracker_store.save(tracker)

    def texts(self) -> List[Optional[str]]:
        return [m.text for m in self.received]


class ChannelServer:
    """`with ChannelServer(channel, assistant) as url:`; `url` is the server root."""

    def __init__(self, channel: InputChannel, assistant: StandInAssistant) -> None:
        self.channel = channel
        self.assistant = assistant
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.webhook = f"{self.url}/webhooks/{channel.name()}/webhook"
        self.app = Sanic(f"channel_test_{next(_names)}", configure_logging=False)
        self.app.ctx.agent = SimpleNamespace(tracker_store=assistant.tracker_store)
        self.app.blueprint(channel.blueprint(assistant), url_prefix=f"/webhooks/{channel.name()}")
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: Any = None

    def run(self, coroutine: Awaitable[Any], timeout: float = 30) -> Any:
        """Runs a coroutine on the server's loop (e.g. to call the output channel directly)."""
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    async def _boot(self) -> None:
        self._server = await self.app.create_server(host="127.0.0.1", port=self.port, return_asyncio_server=True)
        await self._server.startup()
        await self._server.before_start()
        await self._server.after_start()
        await self._server.start_serving()

    async def _halt(self) -> None:
        await self._server.before_stop()
        self._server.close()
        await self._server.wait_closed()
        await self._server.after_stop()

    def __enter__(self) -> "ChannelServer":
        self._thread.start()
        self.run(self._boot())
        return self

    def __exit__(self, *_: Any) -> None:
        try:
            self.run(self._halt())
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=10)
