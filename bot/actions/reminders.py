"""Rasa actions for class reminders: the offer after registering, saying a due reminder,
cancelling a registration (after asking).

Thin glue over bot.reminders.conversation (database work in a worker thread);
the sentences are responses in domain/reminders.yml. A bare "có"/"không"
typed under one of these questions reaches `answer_yes_no` through the
yes/no rule's action (bot/actions/knowledge.py), like a tap on its buttons.
"""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from bot.actions.tracker_helpers import latest_intent
from bot.knowledge.address import address_from_slots
from bot.reminders import conversation, scheduling, settings
from bot.reminders.details import class_details, times_phrase
from bot.schedules import clock
from bot.schedules.formatting import button, short_class_label

logger = logging.getLogger(__name__)

ACCEPT_PAYLOAD = "/reminder_accept"
CONFIRM_CANCEL_PAYLOAD = "/confirm_cancel_registration"
REGISTRATION_ENTITY = "registration_id"
REMINDER_ENTITY = "reminder_id"
MAX_CHOICES = 5


def _number(value: Any) -> Optional[int]:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def entity_number(tracker: Tracker, name: str) -> Optional[int]:
    """An id carried by the latest message's entities (a button's or the worker's), or None."""
    values = [e.get("value") for e in (tracker.latest_message or {}).get("entities", []) if e.get("entity") == name]
    return _number(values[0]) if values else None


def payload_number(payload: str, name: str) -> Optional[int]:
    """The id inside a payload such as `/reminder_accept{"registration_id": "12"}`."""
    _, brace, rest = payload.partition("{")
    try:
        return _number(json.loads(brace + rest).get(name)) if brace else None
    except (ValueError, AttributeError):
        return None


async def _guarded(dispatcher: CollectingDispatcher, work: Callable[[], Awaitable[None]]) -> List[EventType]:
    """Runs `work`; a database failure becomes a polite message, never a crash."""
    try:
        await work()
    except SQLAlchemyError:
        logger.exception("Reminder action failed")
        dispatcher.utter_message(response="utter_reminder_unavailable")
    return []


async def offer_reminders(dispatcher: CollectingDispatcher, class_id: str, phone: str) -> None:
    """After a registration: "Nhắc {bac} trước 1 ngày và trước 1 giờ nhé?" (when a time is still ahead)."""
    config, now = settings.load(), clock.now()
    try:
        booked = await asyncio.to_thread(conversation.reminder_offer, class_id, phone, now, config)
    except SQLAlchemyError:
        logger.exception("Could not check whether to offer reminders")
        return
    if booked is not None:
        times = scheduling.times_ahead(booked.klass.start, now, config)
        dispatcher.utter_message(
            response="utter_reminder_offer", times=times_phrase(times), registration_id=booked.registration_id
        )


async def accept(dispatcher: CollectingDispatcher, tracker: Tracker, registration_id: Optional[int]) -> None:
    config = settings.load()
    times = None
    if registration_id is not None:
        try:
            times = await asyncio.to_thread(
                conversation.accept_reminders, registration_id, tracker.sender_id, clock.now(), config
            )
        except conversation.ClassCancelled as cancelled:
            # the offer was older than the cancellation: say so, as the cancellation notice does, never "will remind"
            details = class_details(cancelled.klass, clock.today(), config, address_from_slots(tracker.slots))
            dispatcher.utter_message(response="utter_reminder_class_cancelled", **details)
            return
    if times is None:
        dispatcher.utter_message(response="utter_no_registration")
    elif not times:
        dispatcher.utter_message(response="utter_reminder_too_late")
    else:
        dispatcher.utter_message(response="utter_reminder_accepted", times=times_phrase(times))


async def cancel(dispatcher: CollectingDispatcher, tracker: Tracker, registration_id: Optional[int]) -> None:
    klass = None
    if registration_id is not None:
        klass = await asyncio.to_thread(conversation.cancel_registration, registration_id, tracker.sender_id)
    if klass is None:
        dispatcher.utter_message(response="utter_no_registration")
    else:
        dispatcher.utter_message(response="utter_registration_cancelled", title=klass.title)


async def answer_yes_no(dispatcher: CollectingDispatcher, tracker: Tracker, intent: Optional[str], offer: List[str]) -> Optional[List[EventType]]:
    """A bare yes/no (typed, or the "no" button) under the reminder offer or the cancel question;
    None when the latest question was not one of these."""
    for payload in offer:
        if payload.startswith(ACCEPT_PAYLOAD):
            answers = {"affirm": lambda: accept(dispatcher, tracker, payload_number(payload, REGISTRATION_ENTITY)),
                       "deny": lambda: _say(dispatcher, "utter_reminder_declined")}
        elif payload.startswith(CONFIRM_CANCEL_PAYLOAD):
            answers = {"affirm": lambda: cancel(dispatcher, tracker, payload_number(payload, REGISTRATION_ENTITY)),
                       "deny": lambda: _say(dispatcher, "utter_registration_kept")}
        else:
            continue
        return await _guarded(dispatcher, answers[intent]) if intent in answers else None
    return None


async def _say(dispatcher: CollectingDispatcher, response: str) -> None:
    dispatcher.utter_message(response=response)


class ActionAcceptReminders(Action):
    """The "Có, nhắc giúp" button under the offer: schedules the registration's reminders."""

    def name(self) -> Text:
        return "action_accept_reminders"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return await _guarded(dispatcher, lambda: accept(dispatcher, tracker, entity_number(tracker, REGISTRATION_ENTITY)))


class ActionSendClassReminder(Action):
    """Says a reminder the worker triggered (EXTERNAL_class_reminder) in the resident's conversation."""

    def name(self) -> Text:
        return "action_send_class_reminder"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        reminder_id = entity_number(tracker, REMINDER_ENTITY)
        if reminder_id is None:
            return []
        to_say = await asyncio.to_thread(conversation.reminder_to_say, reminder_id, tracker.sender_id, clock.now())
        if to_say is None:
            logger.warning("Reminder %s is not claimed for %s; nothing said", reminder_id, tracker.sender_id)
            return []
        details = class_details(to_say.booked.klass, clock.today(), settings.load(), address_from_slots(tracker.slots))
        dispatcher.utter_message(
            response=f"utter_reminder_{to_say.kind}", registration_id=to_say.booked.registration_id, **details
        )
        return []


class ActionAskCancelRegistration(Action):
    """ "Hủy đăng ký" (the reminder's button, or typed): which class, then "are you sure?"."""

    def name(self) -> Text:
        return "action_ask_cancel_registration"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return await _guarded(dispatcher, lambda: self._ask(dispatcher, tracker))

    async def _ask(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
        now = clock.now()
        booked = await asyncio.to_thread(conversation.upcoming_registrations, tracker.sender_id, now)
        wanted = entity_number(tracker, REGISTRATION_ENTITY)
        if wanted is not None:
            booked = [b for b in booked if b.registration_id == wanted]
        if not booked:
            dispatcher.utter_message(response="utter_no_registration")
        elif len(booked) > 1:
            dispatcher.utter_message(
                response="utter_choose_registration_to_cancel",
                buttons=[
                    button(short_class_label(b.klass, now.date()),
                           f'/cancel_registration{{"{REGISTRATION_ENTITY}": "{b.registration_id}"}}')
                    for b in booked[:MAX_CHOICES]
                ],
            )
        else:
            details = class_details(booked[0].klass, now.date(), settings.load(), address_from_slots(tracker.slots))
            dispatcher.utter_message(
                response="utter_ask_cancel_registration", registration_id=booked[0].registration_id, **details
            )


class ActionCancelRegistration(Action):
    """The "Đúng, hủy đăng ký" button: cancels the registration and its reminders."""

    def name(self) -> Text:
        return "action_cancel_registration"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if latest_intent(tracker) != "confirm_cancel_registration":
            return []  # only on the explicit confirmation, whatever a policy predicts
        return await _guarded(dispatcher, lambda: cancel(dispatcher, tracker, entity_number(tracker, REGISTRATION_ENTITY)))
