"""Answers from the knowledge base, guides step by step, takes follow-ups and feedback.

Slot contract: `kb_article` holds the id of the article the assistant has just
answered from, and nothing else; `guide_article` / `guide_step` remember an
unfinished step-by-step guide so the resident can ask something else and say
"tiếp tục" to come back.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import regex
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import answer_log
from bot.actions import reminders
from bot.actions.handoff import handoff_for
from bot.actions.tracker_helpers import latest_intent, latest_offer
from bot.knowledge import rendering
from bot.answer_log.models import ANSWERED, CLARIFIED, DECLINED
from bot.knowledge.address import address_from_slots, fill
from bot.knowledge.routing import (
    ANSWER, CLARIFY, RANKING_KEY, SAFETY_KEY, SITUATION_KIND, decide_safely, within_topic,
)
from bot.knowledge.store import Article, articles
from bot.nlu.normalization import fold
from bot.profile.levels import BEGINNER

NUMBER_WORDS = {"mot": 1, "nhat": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5,
                "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}
# a short message that leans on the last answer ("thế thì sao?", "người già có làm được không?")
FOLLOW_UP_WORDS = 8
_FOLLOW_UP_CUE = regex.compile(
    r"\b(the thi|vay thi|the con|vay con|thi sao|the sao|nhu vay|nhu the|cai do|cai nay|viec do|viec nay|"
    r"chuyen do|o do|con cach|nguoi gia|duoc khong|duoc ko|xa minh|phuong minh|thon minh)\b"
)
_STEP_NUMBER = regex.compile(r"\bbuoc\s+(?:thu\s+)?(\d+|" + "|".join(NUMBER_WORDS) + r")\b")


def situation_verdict(parse: Dict[str, Any]) -> List[EventType]:
    """A scam situation told or pasted as a question was checked by the red-flag rules too:
    its verdict goes into `scam_verdict`, as for a pasted message."""
    safety = parse.get(SAFETY_KEY) or {}
    if safety.get("kind") == SITUATION_KIND:
        return [SlotSet("scam_verdict", safety["verdict"])]
    return []


def is_follow_up(text: str, parse: Dict[str, Any], previous: Article) -> bool:
    """Short, and either leaning on the last answer in words or ranked in its topic."""
    if len(text.split()) > FOLLOW_UP_WORDS:
        return False
    ranking = parse.get(RANKING_KEY) or []
    top = articles().get(ranking[0]["id"]) if ranking else None
    return bool(_FOLLOW_UP_CUE.search(fold(text))) or (top is not None and top.topic == previous.topic)


def _send(dispatcher: CollectingDispatcher, messages: List[Dict[str, Any]]) -> None:
    for message in messages:
        dispatcher.utter_message(**message)


def requested_step(text: str) -> Optional[int]:
    """The step number in "nói lại bước 2" / "buoc thu hai", if any."""
    match = _STEP_NUMBER.search(fold(text or ""))
    if not match:
        return None
    value = match.group(1)
    return int(value) if value.isdigit() else NUMBER_WORDS[value]


def start_answer(
    dispatcher: CollectingDispatcher, tracker: Tracker, article: Article, address: Dict[str, str]
) -> List[EventType]:
    """Sends an article's answer and returns the slot events that go with it.

    A new guide replaces an unfinished one, which is kept to be offered again
    when the new one ends (one level is enough for a chat).
    """
    level = tracker.get_slot("user_level")
    _send(dispatcher, rendering.answer_messages(article, address, level))
    events: List[EventType] = [SlotSet("kb_article", article.id)]
    if rendering.goes_step_by_step(article, level):
        unfinished = tracker.get_slot("guide_article")
        if unfinished and unfinished != article.id:
            step = int(tracker.get_slot("guide_step") or 1)
            events.append(SlotSet("paused_guide", {"article": unfinished, "step": step}))
        events += [SlotSet("guide_article", article.id), SlotSet("guide_step", 1.0)]
    return events


class ActionAnswerQuestion(Action):
    """Answers, asks which article was meant, or declines, per the routing rules."""

    def name(self) -> Text:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        address = address_from_slots(tracker.slots)
        chosen = next(tracker.get_latest_entity_values("article"), None)
        if chosen in articles():
            await answer_log.record(tracker, ANSWERED, article_id=chosen, question=answer_log.typed_question(tracker))
            return start_answer(dispatcher, tracker, articles()[chosen], address) + [SlotSet("article", None)]
        decision = decide_safely(tracker.latest_message, articles())
        previous = articles().get(tracker.get_slot("kb_article") or "")
        text = tracker.latest_message.get("text") or ""
        if decision.kind != ANSWER and previous and is_follow_up(text, tracker.latest_message, previous):
            decision = within_topic(
                tracker.latest_message.get(RANKING_KEY) or [],
                lambda a: a in articles() and articles()[a].topic == previous.topic,
                previous.id,
            )
        if decision.kind == ANSWER:
            await answer_log.record(tracker, ANSWERED, article_id=decision.articles[0])
            return start_answer(dispatcher, tracker, articles()[decision.articles[0]], address) + situation_verdict(
                tracker.latest_message)
        if decision.kind == CLARIFY:
            await answer_log.record(tracker, CLARIFIED)
            buttons = [
                {"title": articles()[a].button, "payload": f'/choose_article{{"article": "{a}"}}'}
                for a in decision.articles
            ]
            dispatcher.utter_message(
                text=fill("{Bac} muốn hỏi việc nào dưới đây ạ?", address), buttons=buttons
            )
            return [SlotSet("kb_article", None)]
        dispatcher.utter_message(
            text=fill("Câu này {chau} chưa có câu trả lời chắc chắn, {chau} không dám đoán ạ.", address)
        )
        await answer_log.record(tracker, DECLINED)
        dispatcher.utter_message(**await handoff_for(tracker))
        return [SlotSet("kb_article", None)]


class ActionGuideStep(Action):
    """Step mode: next, not done, all steps, stop, continue, repeat a step."""

    def name(self) -> Text:
        return "action_guide_step"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return await self.guide(dispatcher, tracker, latest_intent(tracker))

    async def guide(self, dispatcher: CollectingDispatcher, tracker: Tracker, intent: Optional[str]) -> List[EventType]:
        """Carries out one step-mode command."""
        address = address_from_slots(tracker.slots)
        guide_id = tracker.get_slot("guide_article")
        article_id = guide_id or tracker.get_slot("kb_article")
        article = articles().get(article_id) if article_id else None
        if article is None or not article.steps:
            dispatcher.utter_message(
                text=fill("Hiện {bac} chưa làm theo hướng dẫn nào ạ. {Bac} muốn hỏi việc gì?", address),
                buttons=[{"title": "Xem chủ đề", "payload": "/help"}],
            )
            return []
        current = int(tracker.get_slot("guide_step") or 1) if guide_id else 1
        keep = [SlotSet("kb_article", article.id)]

        if intent == "step_show_all":
            _send(dispatcher, rendering.all_steps_messages(article, address))
            return keep + _end_guide(dispatcher, tracker, address)
        if intent == "step_stop":
            dispatcher.utter_message(
                text=fill("Dạ, {chau} dừng ở đây. Khi nào muốn làm tiếp, {bac} gõ \"tiếp tục\" nhé.", address),
                buttons=[{"title": "Tiếp tục", "payload": "/step_continue"}, {"title": "Hỏi việc khác", "payload": "/help"}],
            )
            return keep
        if intent == "step_not_done":
            return keep + await self._not_done(dispatcher, tracker, article, current, address)
        if intent == "step_continue" and guide_id and tracker.get_slot("kb_article") != guide_id:
            # back from another question: the step shown before it was done meanwhile
            intent = "step_next"
        if intent == "step_next":
            current += 1
            if current > len(article.steps):
                dispatcher.utter_message(text=fill("Xong rồi ạ! {Bac} đã làm hết các bước.", address))
                dispatcher.utter_message(**rendering.closing(article, address))
                return keep + _end_guide(dispatcher, tracker, address)
        elif intent == "step_repeat":
            number = requested_step(tracker.latest_message.get("text", ""))
            if number is not None:
                if not 1 <= number <= len(article.steps):
                    dispatcher.utter_message(
                        text=fill(f"Hướng dẫn này chỉ có {len(article.steps)} bước thôi ạ.", address)
                    )
                    number = current
                current = number
        level = tracker.get_slot("user_level")
        dispatcher.utter_message(**rendering.step_message(article, current, address, level=level))
        return keep + [SlotSet("guide_article", article.id), SlotSet("guide_step", float(current))]

    @staticmethod
    async def _not_done(
        dispatcher: CollectingDispatcher, tracker: Tracker, article: Article, current: int, address: Dict[str, str]
    ) -> List[EventType]:
        tip = rendering.step_help(article, current, address)
        if tip:
            dispatcher.utter_message(text=f"💡 {tip}")
            level = tracker.get_slot("user_level")
            dispatcher.utter_message(**rendering.step_message(article, current, address, level=level))
            return []
        dispatcher.utter_message(
            text=fill("Bước này cần người chỉ tận tay thì dễ hơn ạ.", address)
        )
        dispatcher.utter_message(**await handoff_for(tracker))
        return []


def _end_guide(dispatcher: CollectingDispatcher, tracker: Tracker, address: Dict[str, str]) -> List[EventType]:
    """Closes the current guide; brings back a paused one and offers to go on with it."""
    paused = tracker.get_slot("paused_guide") or {}
    article = articles().get(paused.get("article") or "")
    if article is None:
        return [SlotSet("guide_article", None), SlotSet("guide_step", None)]
    step = min(max(int(paused.get("step") or 1), 1), len(article.steps))
    dispatcher.utter_message(
        text=fill(f"{{Bac}} còn đang làm dở hướng dẫn \"{article.title}\" (bước {step}). Làm tiếp không ạ?", address),
        buttons=[{"title": "Tiếp tục", "payload": "/step_continue"}, {"title": "Hỏi việc khác", "payload": "/help"}],
    )
    return [SlotSet("guide_article", article.id), SlotSet("guide_step", float(step)), SlotSet("paused_guide", None)]


class ActionOtherWay(Action):
    """"Còn cách khác không?" about the article just answered."""

    def name(self) -> Text:
        return "action_other_way"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        address = address_from_slots(tracker.slots)
        article = articles().get(tracker.get_slot("kb_article") or "")
        if article and article.alternatives:
            dispatcher.utter_message(text=fill(article.alternatives, address))
            return [SlotSet("kb_article", article.id)]
        dispatcher.utter_message(
            text=fill("{Chau} chưa biết cách nào khác chắc chắn ạ. {Bac} có thể nhờ người hỗ trợ trực tiếp:", address)
        )
        dispatcher.utter_message(**await handoff_for(tracker))
        return []


class ActionExplainAgain(Action):
    """"Tôi không hiểu": go through the steps one at a time, or offer a person."""

    def name(self) -> Text:
        return "action_explain_again"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        address = address_from_slots(tracker.slots)
        article = articles().get(tracker.get_slot("kb_article") or "")
        if article is None:
            dispatcher.utter_message(response="utter_ask_rephrase")
            return []
        if article.steps:
            return self.step_by_step(dispatcher, article, address, tracker.get_slot("user_level"))
        dispatcher.utter_message(text=fill(article.answer_for(BEGINNER), address))
        dispatcher.utter_message(**await handoff_for(tracker))
        return [SlotSet("kb_article", article.id)]

    @staticmethod
    def step_by_step(
        dispatcher: CollectingDispatcher, article: Article, address: Dict[str, str], level: Optional[str]
    ) -> List[EventType]:
        """Goes through an article's steps from the first, one at a time."""
        intro = "Dạ, {chau} nói lại từng bước một nhé.\n"
        dispatcher.utter_message(**rendering.step_message(article, 1, address, intro=intro, level=level))
        return [SlotSet("kb_article", article.id), SlotSet("guide_article", article.id), SlotSet("guide_step", 1.0)]


def not_helpful_offer(article: Optional[Article]) -> List[Dict[str, str]]:
    """After 👎: ask again, the same topic's questions, or a person nearby."""
    buttons = [{"title": "Hỏi câu khác", "payload": "/help"}]
    if article is not None:
        buttons.append({"title": "Câu cùng chủ đề", "payload": f'/browse_topic{{"topic": "{article.topic}"}}'})
    buttons.append({"title": "Gặp người hỗ trợ", "payload": "/human_handoff"})
    return buttons


# A bare yes/no under a step of a guide answers "did it work?"; under the
# level question ("đã dùng thành thạo chưa?") it answers that.
STEP_ANSWERS = {"affirm": "step_next", "deny": "step_not_done"}
LEVEL_ANSWERS = {"affirm": "prefer_short", "deny": "prefer_detailed"}


class ActionHandleFeedback(Action):
    """Records 👍/👎 (or "có"/"không" after the feedback question) as a slot event;
    "có"/"không" under a step of a guide go on with the guide instead.

    The `kb_feedback` event ({"article", "helpful"}) is what the officials'
    coverage report counts.
    """

    def name(self) -> Text:
        return "action_handle_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        address = address_from_slots(tracker.slots)
        intent = latest_intent(tracker)
        offer = latest_offer(tracker)
        if intent in STEP_ANSWERS and "/step_next" in offer:
            return await ActionGuideStep().guide(dispatcher, tracker, STEP_ANSWERS[intent])
        if intent in LEVEL_ANSWERS and "/prefer_short" in offer:
            from bot.actions.profile import ActionSetLevel  # it continues guides with this module's actions

            return await ActionSetLevel().change(dispatcher, tracker, LEVEL_ANSWERS[intent])
        answered = await reminders.answer_yes_no(dispatcher, tracker, intent, offer)
        if answered is not None:  # under "shall I remind you?" or "cancel this registration?"
            return answered
        article_id = tracker.get_slot("kb_article") if "/feedback_helpful" in offer else None
        if article_id is None:
            if intent in ("affirm", "deny"):
                dispatcher.utter_message(
                    text=fill("Dạ vâng ạ. {Bac} cần {chau} giúp gì thêm không?", address),
                    buttons=[{"title": "Xem chủ đề", "payload": "/help"}, {"title": "Lịch lớp học", "payload": "/ask_schedule"}],
                )
            else:
                dispatcher.utter_message(text=fill("{Chau} cảm ơn {bac} ạ!", address))
            return []
        helpful = intent in ("feedback_helpful", "affirm")
        if helpful:
            dispatcher.utter_message(text=fill("{Chau} cảm ơn {bac} ạ! {Bac} cần hỏi gì thêm cứ nhắn {chau} nhé.", address))
        else:
            dispatcher.utter_message(
                text=fill("{Chau} xin lỗi vì chưa giúp được {bac}, {chau} sẽ ghi lại để cán bộ bổ sung ạ. "
                          "{Bac} muốn hỏi lại bằng câu khác, xem các câu cùng chủ đề, hay nhờ người hỗ trợ gần nhà?", address),
                buttons=not_helpful_offer(articles().get(article_id)),
            )
        await answer_log.record_feedback(tracker, article_id, helpful)
        return [SlotSet("kb_feedback", {"article": article_id, "helpful": helpful})]

