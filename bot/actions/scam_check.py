"""Checks a pasted message for scam red flags and tells the resident what to do.

The reply puts the verdict first, then at most three reasons, each quoting
the words of the message it is about, then the advice, then a button to the
scam article that explains it. Links are never opened. The log keeps only the
verdict and the flags, never the message.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import answer_log
from bot.answer_log.models import SCAM_CHECK
from bot.knowledge.address import address_from_slots, fill
from bot.knowledge.store import articles
from bot.scam.checker import NO_RED_FLAGS, Verdict, check

logger = logging.getLogger(__name__)
MAX_REASONS = 3
VICTIM_ARTICLE = "scam_victim"


def reasons_text(verdict: Verdict) -> str:
    """"Vì sao:" and one line per reason: the quoted words, then why they matter."""
    lines = ["Vì sao:"]
    for number, reason in enumerate(verdict.reasons[:MAX_REASONS], start=1):
        lines.append(f"{number}. «{reason.quote}»: {reason.explanation}.")
    return "\n".join(lines)


def buttons_for(verdict: Verdict) -> List[Dict[str, str]]:
    """The explaining article, the victim steps (when there were red flags), another check."""
    def article_button(article_id: str, title: str) -> Dict[str, str]:
        return {"title": title, "payload": f'/choose_article{{"article": "{article_id}"}}'}

    buttons = [article_button(verdict.article, articles()[verdict.article].button)]
    if verdict.verdict != NO_RED_FLAGS:
        buttons.append(article_button(VICTIM_ARTICLE, "Lỡ làm theo rồi"))
    return buttons + [{"title": "Kiểm tra tin khác", "payload": "/ask_message_check"}]


class ActionCheckMessage(Action):
    """Gives the verdict on the message just pasted (or the one the form asked for)."""

    def name(self) -> Text:
        return "action_check_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = tracker.get_slot("message_to_check") or (tracker.latest_message or {}).get("text") or ""
        verdict = check(text)
        logger.info("scam check: verdict=%s flags=%s", verdict.verdict, ",".join(verdict.flags))
        await answer_log.record(tracker, SCAM_CHECK, scam_verdict=verdict.verdict, scam_flags=verdict.flags)
        dispatcher.utter_message(response=f"utter_scam_verdict_{verdict.verdict}")
        if verdict.verdict != NO_RED_FLAGS:
            dispatcher.utter_message(text=reasons_text(verdict))
            dispatcher.utter_message(response="utter_scam_advice", buttons=buttons_for(verdict))
        else:
            dispatcher.utter_message(
                text=fill("Tin nào đòi tiền, mã OTP hay bảo bấm link thì {bac} cứ gửi {chau} xem lại nhé.",
                          address_from_slots(tracker.slots)),
                buttons=buttons_for(verdict),
            )
        return [
            SlotSet("scam_verdict", verdict.verdict),
            SlotSet("scam_check", {"verdict": verdict.verdict, "flags": list(verdict.flags)}),
            SlotSet("message_to_check", None),
            SlotSet("kb_article", None),
        ]
