"""The resident's remembered level and address form (bot/profile/).

Each conversation session starts by loading them into slots, so a restart of
the servers, an expired session or a "/restart" keeps them; a change is saved
at once. The address policy is in bot/profile/understanding.py. The database
is reached in a thread, never on the event loop; when it cannot be reached,
the conversation goes on with what the slots hold.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from bot.actions.knowledge import ActionExplainAgain, ActionGuideStep
from bot.actions.tracker_helpers import latest_intent
from bot.knowledge.address import address_forms, address_from_slots, address_words
from bot.knowledge.store import articles
from bot.profile.levels import BEGINNER, CONFIDENT, SKIPPED
from bot.profile.store import Profile, load_profile, save_profile
from bot.profile.understanding import ASK, greeting_address, named_address

logger = logging.getLogger(__name__)

LEVEL_OF_INTENT = {"prefer_detailed": BEGINNER, "prefer_short": CONFIDENT, "skip_level": SKIPPED}
LEVEL_RESPONSES = {BEGINNER: "utter_level_beginner", CONFIDENT: "utter_level_confident", SKIPPED: "utter_level_skipped"}


def address_events(form: str) -> List[EventType]:
    """The slots that make every later message use `form`."""
    return [SlotSet("address_form", form)] + [SlotSet(name, word) for name, word in address_words(form).items()]


def profile_events(profile: Profile) -> List[EventType]:
    """The slots of a remembered profile (nothing for what was never said)."""
    events: List[EventType] = []
    if profile.level:
        events.append(SlotSet("user_level", profile.level))
    if profile.address_form in address_forms():
        events += address_events(profile.address_form)
    return events


async def remember(sender_id: str, **changes: str) -> None:
    """Saves a change of the profile; a database failure is logged, not shown to the resident."""
    try:
        await asyncio.to_thread(save_profile, sender_id, **changes)
    except SQLAlchemyError:
        logger.exception("Could not save the profile change %s", sorted(changes))


async def recall(sender_id: str) -> Profile:
    """The remembered profile, or an empty one when the database cannot be read."""
    try:
        return await asyncio.to_thread(load_profile, sender_id)
    except SQLAlchemyError:
        logger.exception("Could not load a profile; the conversation starts with the defaults")
        return Profile()


class ActionSessionStart(Action):
    """Starts a session as Rasa's own action does, then puts the remembered profile in the slots."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        if (domain.get("session_config") or {}).get("carry_over_slots_to_new_session", True):
            events += [SlotSet(name, value) for name, value in tracker.slots.items() if value is not None]
        events += profile_events(await recall(tracker.sender_id))
        return events + [ActionExecuted("action_listen")]


async def ask_level_once(dispatcher: CollectingDispatcher, tracker: Tracker, words: Dict[str, str]) -> List[EventType]:
    """The level question, for someone never asked. Asking counts as "skipped" until a
    button or a yes/no answers it, so a resident who ignores it is not asked again."""
    if tracker.get_slot("user_level"):
        return []
    dispatcher.utter_message(response="utter_ask_level", **words)
    await remember(tracker.sender_id, level=SKIPPED)
    return [SlotSet("user_level", SKIPPED)]


async def greet(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """The greeting, in the form the greeting itself suggests, then at most one question:
    how to address them (when their words leave it unclear) or else, the first time,
    their level."""
    events: List[EventType] = []
    words: Dict[str, str] = {}
    found = None if tracker.get_slot("address_form") else greeting_address(tracker.latest_message.get("text"))
    if found and found != ASK:
        await remember(tracker.sender_id, address_form=found)
        events, words = address_events(found), address_words(found)
    dispatcher.utter_message(response="utter_greet", **words)
    if found == ASK:
        dispatcher.utter_message(response="utter_ask_address")
        return events
    return events + await ask_level_once(dispatcher, tracker, words)


class ActionSetAddress(Action):
    """"Gọi tôi là anh", "tôi là bà Tư", or a tap on the address buttons."""

    def name(self) -> Text:
        return "action_set_address"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        chosen = next(tracker.get_latest_entity_values("address_form"), None)
        form = chosen if chosen in address_forms() else named_address(tracker.latest_message.get("text"))
        if form is None:
            dispatcher.utter_message(response="utter_ask_address")
            return []
        await remember(tracker.sender_id, address_form=form)
        words = address_words(form)
        dispatcher.utter_message(response="utter_address_set", **words)
        return address_events(form) + await ask_level_once(dispatcher, tracker, words)


class ActionSetLevel(Action):
    """"Nói chi tiết hơn" / "nói ngắn thôi" / the level buttons: saved, confirmed, and
    the guide in hand goes on in the new way."""

    def name(self) -> Text:
        return "action_set_level"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return await self.change(dispatcher, tracker, latest_intent(tracker))

    async def change(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, intent: Optional[str]
    ) -> List[EventType]:
        """Carries out the level the intent asks for."""
        level = LEVEL_OF_INTENT.get(intent or "", SKIPPED)
        await remember(tracker.sender_id, level=level)
        dispatcher.utter_message(response=LEVEL_RESPONSES[level])
        events: List[EventType] = [SlotSet("user_level", level)]
        article = articles().get(tracker.get_slot("kb_article") or "")
        if level == CONFIDENT and tracker.get_slot("guide_article"):
            events += await ActionGuideStep().guide(dispatcher, tracker, "step_show_all")
        elif level == BEGINNER and article and len(article.steps) > 1 and not tracker.get_slot("guide_article"):
            events += ActionExplainAgain.step_by_step(dispatcher, article, address_from_slots(tracker.slots), level)
        return events
