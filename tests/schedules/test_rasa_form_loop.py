"""The registration form run by Rasa's own FormAction, in process.

No server and no model: Rasa's ActionExtractSlots and FormAction run on a real
DialogueStateTracker with the project's domain files, and call our actions
through rasa_sdk's ActionExecutor instead of HTTP. This checks what the
FormChat emulation assumes: slot mappings, early stop, asking, submitting.
"""
import asyncio

import pytest

pytest.importorskip("rasa")

from rasa.core.actions.action import ActionExtractSlots, RemoteAction  # noqa: E402
from rasa.core.actions.forms import FormAction  # noqa: E402
from rasa.core.channels.channel import CollectingOutputChannel  # noqa: E402
from rasa.core.nlg import TemplatedNaturalLanguageGenerator  # noqa: E402
from rasa.shared.core.domain import Domain  # noqa: E402
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered  # noqa: E402
from rasa.shared.core.trackers import DialogueStateTracker  # noqa: E402
from rasa.utils.endpoints import EndpointConfig  # noqa: E402
from rasa_sdk.executor import ActionExecutor  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bot.schedules.db import session_scope  # noqa: E402
from bot.schedules.models import Registration  # noqa: E402
from tests.schedules.conftest import ROOT  # noqa: E402

FORM = "class_registration_form"


class InProcessEndpoint(EndpointConfig):
    """An action endpoint that hands the request to rasa_sdk directly."""

    def __init__(self) -> None:
        super().__init__(url="http://in-process/webhook")
        self.executor = ActionExecutor()
        self.executor.register_package("bot.actions.schedules")

    async def request(self, method="post", subpath=None, content_type="application/json", compress=False, **kwargs):
        return await self.executor.run(kwargs["json"])


class RasaChat:
    def __init__(self):
        self.domain = Domain.load([str(ROOT / "domain" / "core.yml"), str(ROOT / "domain" / "schedules.yml")])
        self.endpoint = InProcessEndpoint()
        self.nlg = TemplatedNaturalLanguageGenerator(self.domain.responses)
        self.tracker = DialogueStateTracker.from_events("rasa-user", [ActionExecuted("action_listen")], slots=self.domain.slots)

    async def _run(self, action, output):
        events = await action.run(output, self.nlg, self.tracker, self.domain)
        self.tracker.update(ActionExecuted(action.name()))
        self.tracker.update_with_events(events, self.domain)
        # Rasa's processor sends the BotUttered events to the channel
        self.said += [e.text or "" for e in events if isinstance(e, BotUttered)]

    def say(self, text, intent, entities=()):
        return asyncio.run(self._say(text, intent, list(entities)))

    async def _say(self, text, intent, entities):
        output = CollectingOutputChannel()
        self.said = []
        self.tracker.update(UserUttered(text, {"name": intent, "confidence": 1.0}, entities))
        # as MessageProcessor does: slot extraction events go in without an ActionExecuted
        extracted = await ActionExtractSlots(self.endpoint).run(output, self.nlg, self.tracker, self.domain)
        self.tracker.update_with_events(extracted, self.domain)
        if self.tracker.active_loop_name == FORM or intent == "register_class":
            await self._run(FormAction(FORM, self.endpoint), output)
            if self.tracker.active_loop_name is None:
                await self._run(RemoteAction("action_submit_registration", self.endpoint), output)
        else:
            await self._run(RemoteAction("action_find_classes", self.endpoint), output)
        self.tracker.update(ActionExecuted("action_listen"))
        return "\n".join(self.said)


def stored():
    with session_scope() as session:
        return [(r.class_id, r.name, r.phone) for r in session.execute(select(Registration)).scalars()]


def test_rasa_runs_the_registration_form(timetable):
    chat = RasaChat()
    chat.say("thôn thượng thứ bảy này có lớp không", "ask_schedule")
    assert chat.tracker.get_slot("class_ids") == ["BM-05"]
    assert "họ và tên" in chat.say("đăng ký lớp này", "register_class")
    assert chat.tracker.active_loop_name == FORM
    assert "số điện thoại" in chat.say("Nguyễn Văn An", "inform_registration")
    wrong = chat.say("12345", "inform_registration")
    assert "10 chữ số" in wrong and chat.tracker.get_slot("requested_slot") == "registration_phone"
    done = chat.say("0912 345 678", "inform_registration")
    assert "Nguyễn Văn An" in done and chat.tracker.active_loop_name is None
    assert stored() == [("BM-05", "Nguyễn Văn An", "0912345678")]
    assert chat.tracker.get_slot("registration_name") is None


def test_rasa_stops_the_form_for_a_full_class(timetable):
    from datetime import datetime

    from bot.schedules import registration

    registration.register("BM-07", "Người Khác", "0900111222", datetime(2026, 11, 23))
    chat = RasaChat()
    chat.say("thôn hạ chủ nhật này", "ask_schedule")
    reply = chat.say("đăng ký", "register_class")
    assert "đã đủ chỗ" in reply and chat.tracker.active_loop_name is None
    assert len(stored()) == 1


def test_rasa_takes_the_class_from_a_button(timetable):
    chat = RasaChat()
    chat.say("thôn thượng có lớp không", "ask_schedule")
    asked = chat.say("đăng ký học", "register_class")
    assert "lớp nào" in asked and chat.tracker.get_slot("requested_slot") == "registration_class_id"
    button = [{"entity": "class_id", "value": "BM-11", "start": 0, "end": 0}]
    assert "họ và tên" in chat.say('/register_class{"class_id": "BM-11"}', "register_class", button)
    assert chat.tracker.get_slot("registration_class_id") == "BM-11"
