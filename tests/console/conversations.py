"""Conversations in Rasa's own event format, saved through the project's tracker store.

The console must read what Rasa writes, so the fixture data is made of real
`rasa.shared.core.events` objects saved by `UrlSQLTrackerStore`, exactly as
the running assistant saves them. "Now" is Monday 2026-11-23 14:00 in Vietnam.

Expected figures (used by the tests):
- vneid_install answered on 23/11 (an) and 10/11 (chi), and on 01/10 (em,
  outside 30 days); an's step-by-step navigation re-sets the slot twice and
  must not count. 👍 from an and em.
- pay_qr answered on 20/11 (binh), 👎 -> "quét mã QR trả tiền sao" unanswered.
- pay_transfer answered on 21/11 (giang) after a clarification.
- unanswered in 30 days: a fallback with a phone number, three "giá vàng"
  questions (out of scope, two people), an OTP question the router declined.
"""
from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any, Dict, List, Sequence, Tuple

from console.periods import to_epoch

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 14, 0)


def at(month: int, day: int, hour: int, minute: int = 0) -> float:
    return to_epoch(datetime(2026, month, day, hour, minute))


class Script:
    """Builds one sender's events turn by turn, a few seconds apart."""

    def __init__(self, channel: str) -> None:
        from rasa.shared.core import events

        self.e = events
        self.channel = channel
        self.events: List[Any] = []
        self.clock = 0.0

    def _tick(self) -> float:
        self.clock += 2
        return self.clock

    def session(self, timestamp: float) -> "Script":
        self.clock = timestamp
        self.events += [
            self.e.ActionExecuted("action_session_start", timestamp=self._tick()),
            self.e.SessionStarted(timestamp=self._tick()),
            self.e.ActionExecuted("action_listen", timestamp=self._tick()),
        ]
        return self

    def say(self, text: str, intent: str, ranking: Sequence[Tuple[str, float]] = (), confidence: float = 0.9) -> "Script":
        parse: Dict[str, Any] = {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": [],
            "article_ranking": [{"id": a, "confidence": c} for a, c in ranking],
        }
        self.events.append(self.e.UserUttered(text, parse["intent"], [], parse, timestamp=self._tick(), input_channel=self.channel))
        return self

    def act(self, action: str, *slots: Tuple[str, Any], buttons: Sequence[Dict[str, str]] = ()) -> "Script":
        self.events.append(self.e.ActionExecuted(action, timestamp=self._tick()))
        self.events.append(self.e.BotUttered("…", {"buttons": list(buttons)} if buttons else {}, timestamp=self._tick()))
        self.events += [self.e.SlotSet(name, value, timestamp=self._tick()) for name, value in slots]
        self.events.append(self.e.ActionExecuted("action_listen", timestamp=self._tick()))
        return self

    def answer(self, article: str) -> "Script":
        return self.act("action_answer_question", ("kb_article", article))

    def feedback(self, article: str, helpful: bool) -> "Script":
        self.say("👍" if helpful else "👎", "feedback_helpful" if helpful else "feedback_not_helpful", confidence=1.0)
        return self.act("action_handle_feedback", ("kb_feedback", {"article": article, "helpful": helpful}))


def scripts() -> Dict[str, Script]:
    an = (Script("telegram").session(at(11, 23, 9))
          .say("cài vneid thế nào", "faq", [("vneid_install", 0.85), ("vneid_register_level1", 0.05)]).answer("vneid_install")
          .say("tiếp", "step_next").act("action_guide_step", ("kb_article", "vneid_install"), ("guide_step", 2.0))
          .say("tiếp", "step_next").act("action_guide_step", ("kb_article", "vneid_install"), ("guide_step", 3.0))
          .feedback("vneid_install", True))
    binh = (Script("rest").session(at(11, 20, 10))
            .say("quét mã QR trả tiền sao", "faq", [("pay_qr", 0.7), ("pay_transfer", 0.1)]).answer("pay_qr")
            .feedback("pay_qr", False))
    chi = (Script("telegram").session(at(11, 10, 8))
           .say("cai vneid o dau", "faq", [("vneid_install", 0.8)]).answer("vneid_install")
           .say("số em 0912 345 678 gọi lại giúp em", "nlu_fallback", confidence=0.3).act("action_default_fallback"))
    dung = (Script("telegram").session(at(11, 22, 20))
            .say("cho tôi hỏi giá vàng hôm nay", "out_of_scope").act("utter_out_of_scope")
            .say("giá vàng hôm nay bao nhiêu", "out_of_scope").act("utter_out_of_scope")
            .session(at(11, 23, 8))
            .say("mã OTP 482913 là gì vậy", "faq", [("scam_otp", 0.11), ("vneid_activate", 0.09)])
            .act("action_answer_question", ("kb_article", None)))
    em = (Script("rest").session(at(10, 1, 9))
          .say("tải vneid", "faq", [("vneid_install", 0.9)]).answer("vneid_install").feedback("vneid_install", True))
    giang = (Script("rest").session(at(11, 21, 15))
             .say("hoi gia vang hom nay", "out_of_scope").act("utter_out_of_scope")
             .say("lớp học máy tính ở thôn Đông khi nào", "ask_schedule").act("action_search_classes")
             .say("chuyển tiền", "faq", [("pay_transfer", 0.35), ("pay_wrong_transfer", 0.30)])
             .act("action_answer_question", ("kb_article", None), buttons=[{"title": "Chuyển tiền", "payload": '/choose_article{"article": "pay_transfer"}'}])
             .say('/choose_article{"article": "pay_transfer"}', "choose_article", confidence=1.0).answer("pay_transfer"))
    return {"an": an, "binh": binh, "chi": chi, "dung": dung, "em": em, "giang": giang}


def save(url: str, conversations: Dict[str, Script] | None = None) -> None:
    """Saves the scripts (by default all of the above) into the tracker store at `url`, as Rasa does."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.persistence.tracker_store import UrlSQLTrackerStore

    domain = Domain.from_yaml(
        'version: "3.1"\nslots:\n'
        "  kb_article: {type: text, mappings: [{type: custom}]}\n"
        "  kb_feedback: {type: any, mappings: [{type: custom}]}\n"
        "  guide_step: {type: float, mappings: [{type: custom}]}\n"
        "  scam_verdict: {type: text, mappings: [{type: custom}]}\n"
        "  scam_check: {type: any, mappings: [{type: custom}]}\n"
    )
    store = UrlSQLTrackerStore(domain=domain, host=url)
    for sender, script in (conversations or scripts()).items():
        asyncio.run(store.save(DialogueStateTracker.from_events(sender, script.events)))
