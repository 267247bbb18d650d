"""Rasa actions for class schedules: lookup, follow-ups and registration.

Thin glue: the answers are built by bot.schedules.replies from the raw text
of the message (not NLU entities), so a village added by an import is
understood without retraining. Database work runs in a worker thread so the
action server keeps answering other conversations meanwhile: every call that
reads or writes the assistant's database (replies.lookup/follow_up/
registration_candidates/open_classes, registration.open_class/is_registered/
register) goes through `asyncio.to_thread`; the text handling around them
stays on the event loop.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from bot.actions.reminders import offer_reminders
from bot import answer_log
from bot.answer_log.models import SCHEDULE, SCHEDULE_UNAVAILABLE
from bot.knowledge.address import address_from_slots
from bot.schedules import clock, registration, replies, wording
from bot.schedules.formatting import class_line, contact_line
from bot.schedules.phone import check_mobile, find_number, format_phone
from bot.schedules.text import analyse
from bot.schedules.wording import say

logger = logging.getLogger(__name__)

FORM = "class_registration_form"
CLASS_SLOT = "registration_class_id"
NAME_SLOT = "registration_name"
PHONE_SLOT = "registration_phone"
CHOICES_SLOT = "registration_choices"
REGISTRATION_SLOTS = (CLASS_SLOT, NAME_SLOT, PHONE_SLOT, CHOICES_SLOT)
# What to say when a class cannot be registered for, alone or with other classes to choose from.
_REFUSED = {
    registration.FULL: wording.CLASS_FULL,
    registration.STARTED: wording.CLASS_STARTED,
    registration.CANCELLED: wording.CLASS_CANCELLED,
}
_REFUSED_WITH_OTHERS = {
    registration.FULL: wording.CLASS_FULL_OTHERS,
    registration.STARTED: wording.CLASS_STARTED_OTHERS,
    registration.CANCELLED: wording.CLASS_CANCELLED_OTHERS,
}
FOLLOW_UP_INTENTS = {
    "ask_class_place": replies.PLACE,
    "ask_class_time": replies.TIME,
    "ask_class_topic": replies.TOPIC,
    "ask_more_classes": replies.MORE,
}
PAYLOAD_PLACE_ENTITIES = ("class_place",)
STOP_WORDS = {
    "thoi", "huy", "khong", "dung", "dung lai", "thoi khoi", "khong can", "thoi khong",
    "khong dang ky", "huy dang ky", "dung dang ky", "thoi khong dang ky", "thoi khong can",
    "khong muon dang ky", "khong muon", "de sau", "luc khac", "cancel", "stop",
}
FILLER_WORDS = {"a", "ah", "nhe", "nha", "nua", "roi", "chau", "bac", "oi", "em", "minh", "toi", "da", "vang", "di", "dau", "the", "vay"}
UNAVAILABLE = "{Chau} chưa xem được lịch học lúc này ạ. {Bac} thử lại sau ít phút, hoặc gọi Tổ công nghệ số cộng đồng ở thôn mình giúp {chau} nhé."


def message_text(tracker: Tracker) -> Tuple[str, bool]:
    """The text to read, and whether it refines the last question.

    A button payload ("/ask_schedule{"class_place": "thon dong"}") arrives as
    text; its entities carry what the button means, on top of the last question.
    """
    text = (tracker.latest_message or {}).get("text") or ""
    if not text.startswith("/"):
        return text, False
    values = [
        str(e.get("value"))
        for e in (tracker.latest_message or {}).get("entities", [])
        if e.get("entity") in PAYLOAD_PLACE_ENTITIES and e.get("value")
    ]
    return " ".join(values), bool(values)


def _state(tracker: Tracker) -> Optional[replies.State]:
    return replies.State.load(tracker.get_slot("class_query"))


def _class_ids(tracker: Tracker) -> List[str]:
    return [str(i) for i in (tracker.get_slot("class_ids") or [])]


def _send(dispatcher: CollectingDispatcher, outcome: replies.Outcome) -> List[EventType]:
    for message in outcome.messages:
        dispatcher.utter_message(text=message.text, buttons=message.buttons or None)
    return [SlotSet(name, value) for name, value in outcome.slots.items()]


async def _answer(dispatcher: CollectingDispatcher, tracker: Tracker, work) -> List[EventType]:
    try:
        outcome = await asyncio.to_thread(work)
    except SQLAlchemyError:
        logger.exception("Schedule lookup failed")
        dispatcher.utter_message(text=say(UNAVAILABLE, address_from_slots(tracker.slots)))
        await answer_log.record(tracker, SCHEDULE_UNAVAILABLE)
        return []
    await answer_log.record(tracker, SCHEDULE)
    return _send(dispatcher, outcome)


class ActionFindClasses(Action):
    """ "Khi nào, ở đâu có lớp học?" -> at most 5 upcoming classes; sets class_ids."""

    def name(self) -> Text:
        return "action_find_classes"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text, refine = message_text(tracker)
        address = address_from_slots(tracker.slots)
        return await _answer(
            dispatcher,
            tracker,
            lambda: replies.lookup(text, _state(tracker), _class_ids(tracker), address, refine=refine),
        )


class ActionClassFollowup(Action):
    """ "Ở đâu?", "mấy giờ?", "lớp đó dạy gì?", "còn lớp nào khác không?" about the classes shown."""

    def name(self) -> Text:
        return "action_class_followup"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text, refine = message_text(tracker)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        kind = FOLLOW_UP_INTENTS.get(intent) or replies.follow_up_kind(text)
        address = address_from_slots(tracker.slots)
        state, ids = _state(tracker), _class_ids(tracker)
        if kind is None or refine:
            work = lambda: replies.lookup(text, state, ids, address, refine=refine)  # noqa: E731
        else:
            work = lambda: replies.follow_up(kind, text, ids, state, address)  # noqa: E731
        return await _answer(dispatcher, tracker, work)


def wants_to_stop(text: str) -> bool:
    """ "thôi", "hủy", "không đăng ký nữa ạ" while the form is asking."""
    words = [w for w in analyse(text).folded.split() if w not in FILLER_WORDS]
    return " ".join(words) in STOP_WORDS


def _abort() -> Dict[Text, Any]:
    """Slot values that end the form at once (Rasa stops a form whose requested_slot is None)."""
    return {**{slot: None for slot in REGISTRATION_SLOTS}, "requested_slot": None}


class ValidateClassRegistrationForm(FormValidationAction):
    """Which class, the person's name, a Vietnamese mobile number; refuses full classes and duplicates."""

    def name(self) -> Text:
        return "validate_class_registration_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = (tracker.latest_message or {}).get("text") or ""
        if tracker.get_slot("requested_slot") and not text.startswith("/") and wants_to_stop(text):
            dispatcher.utter_message(text=say(wording.REGISTRATION_CANCELLED, address_from_slots(tracker.slots)))
            return [SlotSet(slot, value) for slot, value in _abort().items()]
        try:
            return await super().run(dispatcher, tracker, domain)
        except SQLAlchemyError:
            logger.exception("Registration check failed")
            dispatcher.utter_message(text=say(wording.REGISTRATION_FAILED, address_from_slots(tracker.slots)))
            return [SlotSet(slot, value) for slot, value in _abort().items()]

    # -- which class --------------------------------------------------------------
    # The choices are set by the validate_ method only: rasa_sdk drops slots that an
    # extract_ method sets when they are not required slots of the form.
    async def extract_registration_class_id(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        if tracker.get_slot(CLASS_SLOT):
            return {}  # a button named the class
        requested = tracker.get_slot("requested_slot")
        if requested == CLASS_SLOT:
            text = (tracker.latest_message or {}).get("text") or ""
            choices = await asyncio.to_thread(replies.open_classes, tracker.get_slot(CHOICES_SLOT) or [])
            return {CLASS_SLOT: replies.pick_choice(text, choices, clock.today())}
        if requested is None:
            return {CLASS_SLOT: None}  # the form starts: validate_ finds the class
        return {}

    async def validate_registration_class_id(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        address = address_from_slots(tracker.slots)
        now = clock.now()
        if value:
            return await self._check(str(value), dispatcher, tracker, address, now)
        if tracker.get_slot("requested_slot") is None:
            text = (tracker.latest_message or {}).get("text") or ""
            text = "" if text.startswith("/") else text
            found = await asyncio.to_thread(replies.registration_candidates, text, _class_ids(tracker), _state(tracker), now)
            if len(found) == 1:
                return await self._check(found[0].id, dispatcher, tracker, address, now)
            choices = [c for c in found if c.is_open(now)]
            if not choices:
                template = wording.ALL_CHOICES_FULL if found else wording.NO_CLASS_TO_REGISTER
                dispatcher.utter_message(text=say(template, address))
                return _abort()
        else:
            choices = await asyncio.to_thread(replies.open_classes, tracker.get_slot(CHOICES_SLOT) or [], now)
            if not choices:
                dispatcher.utter_message(text=say(wording.ALL_CHOICES_FULL, address))
                return _abort()
            dispatcher.utter_message(text=say(wording.CHOICE_NOT_UNDERSTOOD, address))
        return {CLASS_SLOT: None, CHOICES_SLOT: [c.id for c in choices[:5]]}

    async def _check(self, class_id: str, dispatcher, tracker, address, now) -> Dict[Text, Any]:
        try:
            await asyncio.to_thread(registration.open_class, class_id, now)
        except registration.RegistrationRefused as refused:
            return await self._refused(refused, class_id, dispatcher, tracker, address, now)
        return {CLASS_SLOT: class_id, CHOICES_SLOT: None}

    async def _refused(self, refused, class_id, dispatcher, tracker, address, now) -> Dict[Text, Any]:
        if refused.reason == registration.NOT_FOUND:
            dispatcher.utter_message(text=say(wording.CLASS_GONE, address))
            return _abort()
        label = class_line(refused.klass, now.date()).split(" \u2014 ")[0]
        others_from = (tracker.get_slot(CHOICES_SLOT) or []) + _class_ids(tracker)
        state = _state(tracker)
        if state:
            others_from += state.shown + state.suggested
        still_open = await asyncio.to_thread(replies.open_classes, list(dict.fromkeys(others_from)), now)
        others = [c for c in still_open if c.id != class_id]
        if others:
            template = _REFUSED_WITH_OTHERS.get(refused.reason, wording.CLASS_STARTED_OTHERS)
            dispatcher.utter_message(text=say(template, address, label=label))
            return {CLASS_SLOT: None, CHOICES_SLOT: [c.id for c in others[:5]]}
        template = _REFUSED.get(refused.reason, wording.CLASS_STARTED)
        dispatcher.utter_message(text=say(template, address, label=label), buttons=[{"title": wording.BUTTON_ALL, "payload": "/ask_schedule"}])
        return _abort()

    # -- name and phone -------------------------------------------------------------
    async def validate_registration_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        text = str(value or "")
        number = find_number(text)
        result: Dict[Text, Any] = {}
        if number:  # "Nguyễn Văn An 0912 345 678": both at once
            text = text.replace(number, " ")
            result.update(await self.validate_registration_phone(number, dispatcher, tracker, domain))
            if result.get("requested_slot", "") is None:
                return result  # already registered: the form ends
        name = registration.clean_name(text)
        if name is None:
            if not number:
                dispatcher.utter_message(text=say(wording.NAME_NOT_UNDERSTOOD, address_from_slots(tracker.slots)))
            return {**result, NAME_SLOT: None}
        return {**result, NAME_SLOT: name}

    async def validate_registration_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        address = address_from_slots(tracker.slots)
        checked = check_mobile(str(value or ""))
        if not checked.ok:
            problem = wording.PHONE_PROBLEMS[checked.problem]
            dispatcher.utter_message(text=say(problem, address, digits=checked.digits))
            return {PHONE_SLOT: None}
        class_id = tracker.get_slot(CLASS_SLOT)
        if class_id and await asyncio.to_thread(registration.is_registered, class_id, checked.number):
            dispatcher.utter_message(
                text=say(wording.ALREADY_REGISTERED, address, phone=format_phone(checked.number)),
                buttons=[{"title": wording.BUTTON_ALL, "payload": "/ask_schedule"}],
            )
            return _abort()
        return {PHONE_SLOT: checked.number}


class ActionAskRegistrationClassId(Action):
    """Asks which class, with one button per class that still has seats."""

    def name(self) -> Text:
        return "action_ask_registration_class_id"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        choices = await asyncio.to_thread(replies.open_classes, tracker.get_slot(CHOICES_SLOT) or [])
        address = address_from_slots(tracker.slots)
        if not choices:
            dispatcher.utter_message(text=say(wording.NO_CLASS_TO_REGISTER, address))
            return []
        message = replies.choice_message(choices[:5], address, clock.today())
        dispatcher.utter_message(text=message.text, buttons=message.buttons)
        return []


class ActionSubmitRegistration(Action):
    """Stores the registration (re-checking seats) and confirms it."""

    def name(self) -> Text:
        return "action_submit_registration"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        reset = [SlotSet(slot, None) for slot in REGISTRATION_SLOTS]
        class_id, name, phone = (tracker.get_slot(s) for s in (CLASS_SLOT, NAME_SLOT, PHONE_SLOT))
        if not (class_id and name and phone):
            return reset  # the form was stopped; it already said why
        address = address_from_slots(tracker.slots)
        now = clock.now()
        try:
            klass = await asyncio.to_thread(
                registration.register, class_id, name, phone, now, tracker.sender_id, tracker.get_latest_input_channel()
            )
        except registration.RegistrationRefused as refused:
            template = {**_REFUSED, registration.DUPLICATE: wording.ALREADY_REGISTERED}.get(refused.reason, wording.CLASS_GONE)
            label = class_line(refused.klass, now.date()).split(" \u2014 ")[0] if refused.klass else ""
            dispatcher.utter_message(
                text=say(template, address, label=label, phone=format_phone(phone)),
                buttons=[{"title": wording.BUTTON_ALL, "payload": "/ask_schedule"}],
            )
            return reset
        except SQLAlchemyError:
            logger.exception("Registration failed")
            dispatcher.utter_message(text=say(wording.REGISTRATION_FAILED, address))
            return reset
        lines = [say(wording.REGISTERED, address, name=name, line=class_line(klass, now.date()), phone=format_phone(phone))]
        if klass.notes:
            lines.append(say(wording.REGISTERED_NOTE, address, notes=klass.notes))
        contact = contact_line(klass)
        if contact:
            lines.append(contact)
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=[{"title": wording.BUTTON_OTHER_CLASSES, "payload": "/ask_schedule"}],
        )
        await offer_reminders(dispatcher, klass.id, phone)
        return reset + [SlotSet("class_ids", [klass.id])]
