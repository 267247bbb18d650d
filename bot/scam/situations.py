"""What a resident's message is about, as far as scams go: routing comes before answering.

A pasted or forwarded message goes to the checker; a request to check one
without the message asks for it; a resident who already lost money gets the
victim steps; a scam situation told in their own words ("có người gọi xưng
điện lực, bảo chuyển tiền kẻo cắt điện") is answered from the scam articles,
never as a payment how-to or as out of scope.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Optional, Pattern, Tuple

import regex
import yaml

from bot.knowledge.routing import SITUATION_KIND, VICTIM_KIND
from bot.scam.checker import NO_RED_FLAGS, SCAM, Verdict, check
from bot.scam.links import find_links
from bot.scam.rules import RULES_FILE, folded_same_length, rules

PASTED, ASK_TO_CHECK, VICTIM, SITUATION = "pasted", "ask_to_check", VICTIM_KIND, SITUATION_KIND
MIN_PASTED_WORDS = 6
MIN_CONTENT_WORDS = 8
LONG_MESSAGE_WORDS = 12
OPENING_CHARACTERS = 60
ASSISTANT_NAMES = frozenset({"anh", "chi"})


@dataclass(frozen=True)
class Signals:
    """Compiled routing patterns from red_flags.yml."""

    sender_tag: Pattern
    forwarded: Pattern
    quote_intro: Pattern
    notice_register: Pattern
    vocative: Pattern
    self_intro: Pattern
    check_request: Tuple[Pattern, ...]
    third_party: Pattern
    not_victim: Pattern
    risky_mention: Pattern
    message_word: Pattern
    victim: Tuple[Pattern, ...]


@functools.lru_cache(maxsize=1)
def signals() -> Signals:
    """The routing section of red_flags.yml, compiled once."""
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))["routing"]
    return Signals(
        sender_tag=regex.compile(raw["sender_tag"]),
        forwarded=regex.compile(raw["forwarded"]),
        quote_intro=regex.compile(raw["quote_intro"]),
        notice_register=regex.compile(raw["notice_register"]),
        vocative=regex.compile(raw["vocative"]),
        self_intro=regex.compile(raw["self_intro"]),
        check_request=tuple(regex.compile(p) for p in raw["check_request"]),
        third_party=regex.compile(raw["third_party"]),
        not_victim=regex.compile(raw["not_victim"]),
        risky_mention=regex.compile(raw["risky_mention"]),
        message_word=regex.compile(raw["message_word"]),
        victim=tuple(regex.compile(p) for p in raw["victim"]),
    )


@dataclass(frozen=True)
class Situation:
    """How to route a message: its kind, and the checker's verdict behind it."""

    kind: str
    verdict: Verdict


def _words(folded: str) -> int:
    return len(regex.findall(r"\w+", folded))


def _without_requests(folded: str, found: Signals) -> str:
    for pattern in found.check_request:
        folded = pattern.sub(" ", folded)
    return folded


def _addressed_to_the_resident(folded: str, found: Signals, flagged: bool) -> bool:
    """Someone else's message: it opens by calling the resident ("bác ơi") or, with a red
    flag, introduces its sender or reads like a notice (the caller has checked that it does
    not tell what somebody else did)."""
    opening = folded[:OPENING_CHARACTERS]
    calling = found.vocative.match(opening)
    # residents call the assistant "anh", "chị" too: those need a red flag as well
    if calling and (flagged or calling.group("who") not in ASSISTANT_NAMES):
        return True
    if not flagged:
        return False
    if found.self_intro.search(opening):
        return True
    return bool(found.notice_register.search(folded) or found.vocative.search(folded))


def tells_of_someone_else(text: str) -> bool:
    """The message tells what somebody else did or asked ("có người gọi", "nó nhắn"),
    or names what scams ask for: the evidence a learned guess needs besides its words."""
    found = signals()
    folded = folded_same_length(unicodedata.normalize("NFC", text or ""))
    return bool(found.third_party.search(folded) or found.risky_mention.search(folded))


def classify(text: str, verdict: Optional[Verdict] = None) -> Optional[Situation]:
    """The scam routing for a message, or None when scams are not its subject.

    `verdict` is the checker's verdict on `text` when the caller has it already.
    """
    text = unicodedata.normalize("NFC", text or "").strip()
    if not text:
        return None
    found = signals()
    folded = folded_same_length(text)
    verdict = verdict or check(text)
    flagged = verdict.verdict != NO_RED_FLAGS
    asks_check = any(p.search(folded) for p in found.check_request)
    bad_link = any(link.problem for link in find_links(text, rules()))
    words = _words(folded)
    content_words = _words(_without_requests(folded, found))

    marked = bool(
        found.sender_tag.search(text) or found.forwarded.search(folded) or found.quote_intro.search(folded)
    ) and words >= MIN_PASTED_WORDS
    # "có người gọi ... nó gửi link vneid-capnhat.com": a story, answered from the article
    told = found.third_party.search(folded)
    if marked or (not told and (
        bad_link
        or (words >= LONG_MESSAGE_WORDS and _addressed_to_the_resident(folded, found, flagged))
        or (asks_check and content_words >= LONG_MESSAGE_WORDS and flagged)
    )):
        return Situation(PASTED, verdict)
    if any(p.search(folded) for p in found.victim) and not found.not_victim.search(folded):
        return Situation(VICTIM, verdict)
    if asks_check and content_words < MIN_CONTENT_WORDS and not flagged and found.message_word.search(folded):
        return Situation(ASK_TO_CHECK, verdict)
    risky = found.risky_mention.search(folded) and not found.not_victim.search(folded)
    if verdict.verdict == SCAM or (told and (flagged or risky)):
        return Situation(SITUATION, verdict)
    return None
    found = signals()
    folded = folded_same_length(text)
    verdict = check(text)
    asks_check = any(p.search(folded) for p in found.check_request)
    has_link = bool(find_links(text, rules()))
    words = _words(folded)
    content_words = _words(_without_requests(folded, found))

    marked = bool(
        found.sender_tag.search(text) or found.forwarded.search(folded) or found.quote_intro.search(folded)
    ) and words >= MIN_PASTED_WORDS
    if (
        marked
        or (has_link and (verdict.verdict != NO_RED_FLAGS or words >= LONG_MESSAGE_WORDS or asks_check))
        or (words >= LONG_MESSAGE_WORDS and _addressed_to_the_resident(folded, found))
        or (asks_check and content_words >= MIN_CONTENT_WORDS and verdict.verdict != NO_RED_FLAGS
            and not found.third_party.search(folded))
    ):
        return Situation(PASTED, verdict)
    if any(p.search(folded) for p in found.victim):
        return Situation(VICTIM, verdict)
    if asks_check and content_words < MIN_CONTENT_WORDS and verdict.verdict == NO_RED_FLAGS:
        return Situation(ASK_TO_CHECK, verdict)
    if verdict.verdict == SCAM or (verdict.verdict != NO_RED_FLAGS and found.third_party.search(folded)):
        return Situation(SITUATION, verdict)
    return None
