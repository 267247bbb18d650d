"""Conversation basics: fallback with escalation, hand-off to people, topic menus."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from bot import answer_log
from bot.actions.handoff import handoff_for
from bot.actions.profile import greet
from bot.actions.tracker_helpers import latest_intent
from bot.answer_log.models import FALLBACK, OUT_OF_SCOPE, SMALL_TALK
from bot.knowledge.address import address_from_slots, fill
from bot.knowledge.store import TOPIC_TITLES, articles, by_topic

FALLBACK_INTENT = "nlu_fallback"
MISSES_BEFORE_HANDOFF = 2
MAX_BUTTONS = 5


def consecutive_misses(events: List[Dict[Text, Any]]) -> int:
    """How many of the latest user messages in a row were not understood."""
    misses = 0
    for event in reversed(events):
        if event.get("event") != "user":
            continue
        intent = (event.get("parse_data") or {}).get("intent") or {}
        if intent.get("name") != FALLBACK_INTENT:
            break
        misses += 1
    return misses


class ActionHandleFallback(Action):
    """First miss: ask to rephrase with topics. Second miss in a row: offer people."""

    def name(self) -> Text:
        return "action_handle_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        await answer_log.record(tracker, FALLBACK)
        if consecutive_misses(tracker.events) >= MISSES_BEFORE_HANDOFF:
            address = address_from_slots(tracker.slots)
            dispatcher.utter_message(
                text=fill("{Chau} vẫn chưa hiểu được, {chau} xin lỗi {bac} ạ.", address)
            )
            dispatcher.utter_message(**await handoff_for(tracker))
        else:
            dispatcher.utter_message(response="utter_ask_rephrase")
        return [UserUtteranceReverted()]


class ActionHumanHandoff(Action):
    """Tells the resident who can help in person and how to reach them."""

    def name(self) -> Text:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        # "thế thì gọi cho ai?" right after an answer: that topic's own helpers first
        # (after a scam answer, the bank's hotline and the police, not a class teacher)
        article = articles().get(tracker.get_slot("kb_article") or "")
        if article and article.handoff:
            dispatcher.utter_message(text=fill(article.handoff, address_from_slots(tracker.slots)))
        dispatcher.utter_message(**await handoff_for(tracker))
        return []


class ActionBrowseTopic(Action):
    """Lists a topic's questions as buttons, so nobody has to type."""

    def name(self) -> Text:
        return "action_browse_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        topic = tracker.get_slot("topic")
        articles = by_topic(topic) if topic else []
        if not articles:
            dispatcher.utter_message(response="utter_help")
            return [SlotSet("topic", None)]
        address = address_from_slots(tracker.slots)
        buttons = [
            {"title": article.button, "payload": f'/choose_article{{"article": "{article.id}"}}'}
            for article in articles
        ]
        dispatcher.utter_message(
            text=fill(f"Về {TOPIC_TITLES[topic]}, {{bac}} muốn hỏi việc nào ạ? {{Bac}} cũng có thể gõ câu hỏi.", address),
            buttons=buttons,
        )
        return []


# Intent -> response for the small talk every conversation has. Answering it
# through one action clears `kb_article`, so the slot never suggests that a
# greeting or an out-of-scope question was answered from the knowledge base.
# (A greeting also asks the first-time questions: bot.actions.profile.greet.)
SMALL_TALK_RESPONSES = {
    "goodbye": "utter_goodbye",
    "thanks": "utter_thanks",
    "bot_challenge": "utter_iamabot",
    "help": "utter_help",
    "out_of_scope": "utter_out_of_scope",
    "symbols_only": "utter_symbols_only",
    "message_too_long": "utter_message_too_long",
}


class ActionSmallTalk(Action):
    """Replies to greetings, thanks, out-of-scope and the like."""

    def name(self) -> Text:
        return "action_small_talk"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        intent = latest_intent(tracker)
        await answer_log.record(tracker, OUT_OF_SCOPE if intent == "out_of_scope" else SMALL_TALK)
        if intent == "greet":
            return [SlotSet("kb_article", None)] + await greet(dispatcher, tracker)
        dispatcher.utter_message(response=SMALL_TALK_RESPONSES.get(intent, "utter_help"))
        return [SlotSet("kb_article", None)]
