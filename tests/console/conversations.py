"""Conversations as the action server records them in the answer log (bot.answer_log).

Rows are written with the log's own model and user hash, in the test's own
assistant database; `tests/answer_log` checks that the real actions write
such rows, `test_console_reads_what_the_actions_write` (test_indicators.py)
that the console reads what they write. "Now" is Monday 2026-11-23 14:00
in Vietnam.

Expected figures (used by the tests):
- vneid_install answered on 23/11 (an) and 10/11 (chi), and on 01/10 (em,
  outside 30 days). 👍 from an and em.
- pay_qr answered on 20/11 (binh), 👎 -> "quét mã QR trả tiền sao" unanswered.
- pay_transfer answered on 21/11 (giang) after a clarification.
- unanswered in 30 days: a fallback with a phone number, three "giá vàng"
  questions (out of scope, two people), an OTP question the router declined.
- dung talks on 22/11 20:00 and again on 23/11 08:00: two conversations.
"""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from typing import Dict, List, Optional, Sequence, Tuple

from bot.answer_log import user_hash
from bot.answer_log.models import ANSWERED, CLARIFIED, DECLINED, FALLBACK, OUT_OF_SCOPE, SCAM_CHECK, SCHEDULE, AnswerLogEntry
from bot.database import session_scope
from bot.masking import mask
from bot.schedules.clock import LOCAL_TZ

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 14, 0)


def _utc(local: datetime) -> datetime:
    """How the log stamps rows: naive UTC."""
    return local.replace(tzinfo=LOCAL_TZ).astimezone(timezone.utc).replace(tzinfo=None)


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A local (Vietnam) moment of 2026."""
    return datetime(2026, month, day, hour, minute)


class Script:
    """One resident's messages, ten seconds apart from `starting`, as log rows."""

    def __init__(self, sender: str, channel: str) -> None:
        self.sender, self.channel = sender, channel
        self.rows: List[AnswerLogEntry] = []
        self.clock = NOW

    def starting(self, moment: datetime) -> "Script":
        self.clock = moment
        return self

    def say(self, text: Optional[str], intent: str, decision: str, ranking: Sequence[Tuple[str, float]] = (),
            article: Optional[str] = None, verdict: Optional[str] = None, flags: Sequence[str] = ()) -> "Script":
        self.rows.append(AnswerLogEntry(
            at=_utc(self.clock),
            channel=self.channel, user_hash=user_hash(self.sender), intent=intent, confidence=0.9,
            decision=decision, article_id=article,
            candidates=json.dumps([{"id": a, "confidence": c} for a, c in ranking]),
            question=mask(text) if text is not None else None,
            scam_verdict=verdict, scam_flags=json.dumps(list(flags)),
        ))
        self.clock += timedelta(seconds=10)
        return self

    def answer(self, text: str, article: str, ranking: Sequence[Tuple[str, float]] = ()) -> "Script":
        return self.say(text, "faq", ANSWERED, ranking or [(article, 0.8)], article=article)

    def feedback(self, helpful: bool) -> "Script":
        self.rows[-1].helpful = helpful
        self.rows[-1].feedback_at = _utc(self.clock)
        self.clock += timedelta(seconds=10)
        return self

    def check(self, verdict: str, flags: Sequence[str]) -> "Script":
        return self.say(None, "check_message", SCAM_CHECK, verdict=verdict, flags=flags)


def scripts() -> Dict[str, Script]:
    an = (Script("an", "telegram").starting(at(11, 23, 9))
          .answer("cài vneid thế nào", "vneid_install", [("vneid_install", 0.85), ("vneid_register_level1", 0.05)])
          .feedback(True))
    binh = (Script("binh", "rest").starting(at(11, 20, 10))
            .answer("quét mã QR trả tiền sao", "pay_qr", [("pay_qr", 0.7), ("pay_transfer", 0.1)]).feedback(False))
    chi = (Script("chi", "telegram").starting(at(11, 10, 8))
           .answer("cai vneid o dau", "vneid_install")
           .say("số em 0912 345 678 gọi lại giúp em", "nlu_fallback", FALLBACK))
    dung = (Script("dung", "telegram").starting(at(11, 22, 20))
            .say("cho tôi hỏi giá vàng hôm nay", "out_of_scope", OUT_OF_SCOPE)
            .say("giá vàng hôm nay bao nhiêu", "out_of_scope", OUT_OF_SCOPE)
            .starting(at(11, 23, 8))
            .say("mã OTP 482913 là gì vậy", "faq", DECLINED, [("scam_otp", 0.11), ("vneid_activate", 0.09)]))
    em = (Script("em", "rest").starting(at(10, 1, 9)).answer("tải vneid", "vneid_install").feedback(True))
    giang = (Script("giang", "rest").starting(at(11, 21, 15))
             .say("hoi gia vang hom nay", "out_of_scope", OUT_OF_SCOPE)
             .say("lớp học máy tính ở thôn Đông khi nào", "ask_schedule", SCHEDULE)
             .say("chuyển tiền", "faq", CLARIFIED, [("pay_transfer", 0.35), ("pay_wrong_transfer", 0.30)])
             .answer("chuyển tiền", "pay_transfer"))
    return {"an": an, "binh": binh, "chi": chi, "dung": dung, "em": em, "giang": giang}


def save(conversations: Optional[Dict[str, Script]] = None) -> None:
    """Writes the scripts (by default all of the above) into the current assistant database's answer log."""
    with session_scope() as session:
        for script in (conversations or scripts()).values():
            session.add_all(script.rows)
