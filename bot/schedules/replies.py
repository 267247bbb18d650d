"""What the assistant answers to schedule questions and their follow-ups.

Independent of Rasa: takes the raw text and the conversation's schedule
state, returns messages and the slot values to set. The Rasa actions in
bot/actions/schedules.py are thin glue around these functions.

The state (slot `class_query`) holds the last query, the ids already shown
and the alternatives suggested, so "còn lớp nào khác không?" and
"thế còn thứ bảy?" continue the same question.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Dict, List, Mapping, Optional, Sequence

from bot.knowledge.address import DEFAULT_ADDRESS
from bot.schedules import clock, wording
from bot.schedules.contacts import contacts_for
from bot.schedules.db import session_scope
from bot.schedules.formatting import (
    about_line,
    button,
    class_list,
    join_words,
    lower_first,
    numbered,
    short_class_label,
    venue_with_village,
    when_line,
    where_line,
)
from bot.schedules.dates import day_label
from bot.schedules.matcher import within_one_edit
from bot.schedules.places import in_sentence
from bot.schedules.query import (
    ClassQuery,
    ClassView,
    Vocabulary,
    alternatives,
    load_classes,
    parse_question,
    part_of_day_hours,
    search,
    vocabulary,
)
from bot.schedules.text import analyse, fold_phrase
from bot.schedules.time_expressions import parse_time
from bot.schedules.wording import say

PLACE, TIME, TOPIC, MORE = "place", "time", "topic", "more"
MAX_PLACE_BUTTONS = 4
PAYLOAD_MAX_BYTES = 64  # Telegram's callback_data limit

_ELLIPSIS_START = re.compile(r"^(?:(?:the|vay|thi|the thi|vay thi)\s+)?con\b(?!\s+(?:lop|buoi)\s+(?:nao|khac|nua|gi))")
_ELLIPSIS_END = re.compile(r"\b(?:thi sao|the nao|thi the nao|co khong)\s*$")
_LOOKUP_CUE = re.compile(r"\b(?:co (?:lop|buoi|day|hoc)|lich (?:hoc|lop)|lop (?:hoc )?nao|buoi (?:hoc )?nao)\b")
_ANAPHORA = r"(?:lop|buoi) (?:do|nay|ay|kia|tren|vua roi)|no"
_CUES = {
    MORE: re.compile(r"\b(?:(?:lop|buoi) (?:nao )?khac|con (?:lop|buoi) nao|them lop|lop nua|con nua|con (?:lop|buoi) khong|xem them)\b"),
    PLACE: re.compile(r"\b(?:o dau|cho nao|dia diem|dia chi|noi nao|duong di|di the nao|di duong nao|o cho nao)\b"),
    TIME: re.compile(r"\b(?:may gio|may h|luc may|gio nao|bat dau luc|ket thuc luc|((?:khi nao|bao gio|luc nao|ngay nao|hom nao).*(?:%s))|((?:%s).*(?:khi nao|bao gio|luc nao|ngay nao|hom nao)))\b" % (_ANAPHORA, _ANAPHORA)),
    TOPIC: re.compile(r"\b(?:day gi|hoc gi|noi dung|ve gi|lop gi|day cai gi|hoc cai gi|day nhung gi|hoc nhung gi|la lop gi|day ve)\b"),
}
_ORDINAL = re.compile(
    r"\b(?:lop|buoi|cai|so)\s+(?:thu\s+|so\s+)?(?P<n>[1-9]|nhat|mot|hai|ba|bon|tu|nam|dau(?: tien)?|cuoi(?: cung)?)\b"
)
_ORDINAL_WORDS = {"nhat": 1, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5}


@dataclass
class Message:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


@dataclass
class Outcome:
    """Messages to send and slots to set (None values clear a slot)."""

    messages: List[Message]
    slots: Dict[str, Any] = field(default_factory=dict)


@dataclass
class State:
    """The schedule conversation kept in the `class_query` slot."""

    query: ClassQuery = field(default_factory=ClassQuery)
    shown: List[str] = field(default_factory=list)
    suggested: List[str] = field(default_factory=list)

    @classmethod
    def load(cls, raw: Any) -> Optional["State"]:
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                return None
        if not isinstance(raw, dict):
            return None
        return cls(ClassQuery.from_json(raw.get("query")), list(raw.get("shown", [])), list(raw.get("suggested", [])))

    def dump(self) -> Dict[str, Any]:
        return {"query": self.query.to_json(), "shown": self.shown, "suggested": self.suggested}


# -- reading the kind of question ---------------------------------------------
def follow_up_kind(text: str) -> Optional[str]:
    """ "ở đâu?", "mấy giờ?", "lớp đó dạy gì?", "còn lớp nào khác không?" -> the kind."""
    folded = analyse(text).folded
    if _CUES[MORE].search(folded):
        return MORE
    if _LOOKUP_CUE.search(folded):
        return None
    for kind in (PLACE, TIME, TOPIC):
        if _CUES[kind].search(folded):
            return kind
    return None


def is_elliptical(text: str) -> bool:
    """ "thế còn thứ bảy?", "tuần sau thì sao?": continues the previous question."""
    folded = analyse(text).folded
    return bool(_ELLIPSIS_START.search(folded) or _ELLIPSIS_END.search(folded))


def ordinal(text: str, count: int) -> Optional[int]:
    """ "lớp thứ 2", "lớp đầu", "lớp cuối" -> index into the shown classes."""
    match = _ORDINAL.search(analyse(text).folded)
    if not match:
        return None
    word = match.group("n")
    if word.startswith("dau"):
        return 0
    if word.startswith("cuoi"):
        return count - 1 if count else None
    n = int(word) if word.isdigit() else _ORDINAL_WORDS.get(word)
    return n - 1 if n and n <= count else None


def strip_ordinal(text: str) -> str:
    folded = analyse(text).folded
    return _ORDINAL.sub(" ", folded)


# -- lookup ---------------------------------------------------------------------
def lookup(
    text: str,
    state: Optional[State],
    class_ids: Sequence[str] = (),
    address: Mapping[str, str] = DEFAULT_ADDRESS,
    refine: bool = False,
    now: Optional[datetime] = None,
) -> Outcome:
    """Answers a schedule question from its raw text."""
    now = now or clock.now()
    with session_scope() as session:
        vocab = vocabulary(session)
        parsed = parse_question(text, vocab, now.date())
        query = parsed.query
        asks_something = query.has_filters or query.unknown_places or query.invalid_dates
        if not asks_something and (class_ids or (state and state.suggested)) and not refine:
            kind = follow_up_kind(text)
            if kind:
                return _follow_up(session, vocab, kind, text, class_ids, state, address, now)
        if state is not None and asks_something and (refine or is_elliptical(text)):
            query = state.query.refined_by(query)
        return _answer(session, vocab, query, address, now)


def follow_up(
    kind: str,
    text: str,
    class_ids: Sequence[str],
    state: Optional[State],
    address: Mapping[str, str] = DEFAULT_ADDRESS,
    now: Optional[datetime] = None,
) -> Outcome:
    """Answers "ở đâu?", "mấy giờ?", "dạy gì?", "còn lớp nào khác?" about the classes shown."""
    now = now or clock.now()
    with session_scope() as session:
        vocab = vocabulary(session)
        return _follow_up(session, vocab, kind, text, class_ids, state, address, now)


def _follow_up(session, vocab, kind, text, class_ids, state, address, now) -> Outcome:
    if kind == MORE:
        return _more(session, vocab, class_ids, state, address, now)
    shown = [c for c in load_classes(session, list(class_ids) or (state.suggested if state else [])) if not c.cancelled]
    index = ordinal(text, len(shown)) if shown else None
    if index is None:
        parsed = parse_question(strip_ordinal(text), vocab, now.date())
        if parsed.query.has_filters or parsed.query.unknown_places:
            query = state.query.refined_by(parsed.query) if state else parsed.query
            return _answer(session, vocab, query, address, now)
    if not shown:
        return Outcome([Message(say(wording.NO_CONTEXT, address), _place_buttons(vocab, None))])
    slots: Dict[str, Any] = {}
    if index is not None:
        shown = [shown[index]]
        slots["class_ids"] = [shown[0].id]
    today = now.date()
    if kind == PLACE:
        if len(shown) == 1:
            text_out = say(wording.PLACE_ONE, address, where=where_line(shown[0]))
        else:
            lines = [f"{day_label(c.start.date(), today)}: {where_line(c)}" for c in shown]
            text_out = say(wording.PLACE_SOME, address) + "\n" + numbered(lines)
    elif kind == TIME:
        if len(shown) == 1:
            text_out = say(wording.TIME_ONE, address, when=when_line(shown[0], today))
        else:
            lines = [f"{when_line(c, today)} \u2014 {venue_with_village(c)}" for c in shown]
            text_out = say(wording.TIME_SOME, address) + "\n" + numbered(lines)
    else:
        if len(shown) == 1:
            text_out = about_line(shown[0], vocab.topics.label)
        else:
            lines = [f"{day_label(c.start.date(), today)}: {about_line(c, vocab.topics.label)}" for c in shown]
            text_out = say(wording.TOPIC_SOME, address) + "\n" + numbered(lines)
    return Outcome([Message(text_out, _class_buttons(has_more=False))], slots)


def _more(session, vocab, class_ids, state, address, now) -> Outcome:
    query = state.query if state else ClassQuery()
    seen = list(dict.fromkeys((state.shown if state else []) + list(class_ids)))
    result = search(session, query, vocab, now, exclude=seen)
    criteria = _criteria(query, vocab)
    if not result.classes:
        messages = [Message(say(wording.NO_MORE, address, criteria=criteria))]
        alternative = alternatives(session, query, vocab, now)
        suggested = []
        if alternative:
            fresh = [c for c in alternative.classes if c.id not in seen]
            if fresh:
                suggested = [c.id for c in fresh]
                messages[0].text += "\n" + _alternative_text(alternative.dropped, fresh, query, vocab, address, now.date())
        messages[0].buttons = _no_match_buttons(bool(suggested))
        new_state = State(query, seen, suggested)
        return Outcome(messages, {"class_query": new_state.dump()})
    ids = [c.id for c in result.classes]
    header = say(wording.MORE_FOUND, address, count=len(ids), criteria=criteria)
    text = header + "\n" + class_list(result.classes, now.date())
    new_state = State(query, seen + ids, [])
    has_more = result.total > len(ids)
    return Outcome([Message(text, _class_buttons(has_more))], {"class_ids": ids, "class_query": new_state.dump()})


def _answer(session, vocab: Vocabulary, query: ClassQuery, address, now: datetime) -> Outcome:
    today = now.date()
    if query.invalid_dates and not query.windows:
        text = say(wording.INVALID_DATE, address, phrase=query.invalid_dates[0])
        state = State(query.without_time())
        return Outcome([Message(text)], {"class_ids": [], "class_query": state.dump()})
    if query.unknown_places and not query.has_place:
        return _unknown_place(vocab, query, address)
    result = search(session, query, vocab, now)
    slots: Dict[str, Any] = {}
    if len(query.villages) == 1:
        slots["user_village"] = vocab.places.village_name(query.villages[0])
    criteria = _criteria(query, vocab)
    if result.classes:
        ids = [c.id for c in result.classes]
        if not query.has_filters:
            header = say(wording.UPCOMING, address, count=len(ids))
        elif result.total > len(ids):
            header = say(wording.FOUND_MANY, address, total=result.total, count=len(ids), criteria=criteria)
        elif len(ids) == 1:
            header = say(wording.FOUND_ONE, address, criteria=criteria)
        else:
            header = say(wording.FOUND_SOME, address, count=len(ids), criteria=criteria)
        text = "\n".join([header, class_list(result.classes, today), say(wording.HOW_TO_REGISTER, address)])
        slots.update(class_ids=ids, class_query=State(query, ids).dump())
        return Outcome([Message(text, _class_buttons(result.total > len(ids)))], slots)

    windows_past = query.windows and all(w.end < today for w in query.windows)
    if windows_past:
        lines = [say(wording.PAST_DAYS, address, when=_capitalised(query.windows[0].label))]
    elif not query.has_filters:
        lines = [say(wording.NOTHING_AT_ALL, address)]
    else:
        lines = [say(wording.NONE_FOUND, address, criteria=criteria)]
    suggested: List[str] = []
    alternative = alternatives(session, query, vocab, now) if query.has_filters else None
    if alternative:
        suggested = [c.id for c in alternative.classes]
        lines.append(_alternative_text(alternative.dropped, alternative.classes, query, vocab, address, today))
    contact = _contact_line(session, vocab, query)
    if contact:
        lines.append(say(wording.ASK_CONTACT, address, contact=contact))
    slots.update(class_ids=[], class_query=State(query, [], suggested).dump())
    return Outcome([Message("\n".join(lines), _no_match_buttons(bool(suggested)))], slots)


def _unknown_place(vocab: Vocabulary, query: ClassQuery, address) -> Outcome:
    unknown = query.unknown_places[0]
    names = [vocab.places.village_name(k) for k in _ranked_villages(vocab, unknown)]
    text = say(wording.UNKNOWN_PLACE, address, place=unknown, known=join_words(names, "và"))
    state = State(query.without_place())
    return Outcome(
        [Message(text, _place_buttons(vocab, unknown))],
        {"class_ids": [], "class_query": state.dump()},
    )


# -- pieces of answers -------------------------------------------------------------
def _criteria(query: ClassQuery, vocab: Vocabulary) -> str:
    """ " về phòng chống lừa đảo ở thôn Đông, tuần sau (30/11–06/12)"."""
    places = vocab.places
    text = ""
    if query.topics:
        text += " về " + join_words([lower_first(vocab.topics.label(c)) for c in query.topics])
    names = [in_sentence(places.venue_name(k)) for k in query.venues]
    names += [in_sentence(places.village_name(k)) for k in query.villages]
    if not names:
        names = [in_sentence(places.commune_name(k)) for k in query.communes]
    if names:
        text += " ở " + join_words(names)
    label = query.time_label
    if label:
        text += " vào " + label
    return text


def _alternative_text(dropped, classes, query, vocab, address, today) -> str:
    if dropped == "time":
        criteria = _criteria(query.without_time(), vocab)
    elif dropped == "place":
        criteria = _criteria(query.without_place(), vocab)
    else:
        criteria = _criteria(query.without_topics().without_time(), vocab) if dropped == "topic" else ""
    header = say(wording.ALTERNATIVE_HEADERS[dropped], address, criteria=criteria)
    return header + "\n" + class_list(classes, today)


def _contact_line(session, vocab: Vocabulary, query: ClassQuery) -> Optional[str]:
    village = vocab.places.village_name(query.villages[0]) if len(query.villages) == 1 else None
    contacts = contacts_for(session, village)
    return contacts[0].describe() if contacts else None


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _class_buttons(has_more: bool) -> List[Dict[str, str]]:
    buttons = [button(wording.BUTTON_REGISTER, "/register_class")]
    if has_more:
        buttons.append(button(wording.BUTTON_MORE, "/ask_more_classes"))
    buttons.append(button(wording.BUTTON_TOPIC, "/ask_class_topic"))
    return buttons


def _no_match_buttons(has_suggestions: bool) -> List[Dict[str, str]]:
    buttons = [button(wording.BUTTON_REGISTER, "/register_class")] if has_suggestions else []
    buttons.append(button(wording.BUTTON_ALL, "/ask_schedule"))
    return buttons


def _ranked_villages(vocab: Vocabulary, unknown: Optional[str]) -> List:
    """Known villages, the ones most like what was typed first."""
    keys = list(vocab.places.villages)
    target = fold_phrase(unknown or "")

    def score(key) -> tuple:
        name = key[1]
        close = within_one_edit(name, target) or (target and target.split()[-1:] == name.split()[-1:])
        return (not close, name)

    return sorted(keys, key=score)


def _place_buttons(vocab: Vocabulary, unknown: Optional[str]) -> List[Dict[str, str]]:
    several_communes = len(vocab.places.communes) > 1
    buttons = []
    for key in _ranked_villages(vocab, unknown)[:MAX_PLACE_BUTTONS]:
        name = vocab.places.village_name(key)
        place = key[1] + (", " + key[0] if several_communes else "")
        payload = "/ask_schedule" + json.dumps({"class_place": place}, ensure_ascii=False)
        if len(payload.encode("utf-8")) > PAYLOAD_MAX_BYTES:
            payload = "lịch học " + name
        buttons.append(button(name, payload))
    return buttons


# -- which class to register for -----------------------------------------------------
def registration_candidates(
    text: str, class_ids: Sequence[str], state: Optional[State], now: Optional[datetime] = None
) -> List[ClassView]:
    """The classes "đăng ký lớp này" can mean: named in the message, or shown before."""
    now = now or clock.now()
    with session_scope() as session:
        vocab = vocabulary(session)
        shown = load_classes(session, list(class_ids))
        index = ordinal(text, len(shown)) if shown else None
        if index is not None:
            return [shown[index]]
        parsed = parse_question(strip_ordinal(text), vocab, now.date())
        if parsed.query.has_filters:
            base = state.query if (state and is_elliptical(text)) else ClassQuery()
            return list(search(session, base.refined_by(parsed.query), vocab, now).classes)
        if shown:
            return shown
        return load_classes(session, state.suggested) if state else []


def open_classes(ids: Sequence[str], now: Optional[datetime] = None) -> List[ClassView]:
    """Those of the classes one can still register for, in the same order."""
    now = now or clock.now()
    with session_scope() as session:
        return [c for c in load_classes(session, list(ids)) if c.is_open(now)]


def pick_choice(text: str, choices: Sequence[ClassView], today: date) -> Optional[str]:
    """The class a resident picked from a list: "2", "lớp thứ hai", "thứ bảy", "HA-011"."""
    if not choices:
        return None
    folded = analyse(text).folded.strip()
    for c in choices:
        if fold_phrase(c.id) == fold_phrase(text.strip()):
            return c.id
    if folded.isdigit() and 1 <= int(folded) <= len(choices):
        return choices[int(folded) - 1].id
    index = ordinal(text, len(choices))
    if index is not None:
        return choices[index].id
    when = parse_time(text, today)
    if when.windows:
        hits = [c for c in choices if any(w.start <= c.start.date() <= w.end for w in when.windows)]
        if when.part_of_day:
            first, after = part_of_day_hours(when.part_of_day)
            hits = [c for c in hits if first <= c.start.hour < after]
        if len(hits) == 1:
            return hits[0].id
    return None


def choice_message(choices: Sequence[ClassView], address: Mapping[str, str], today: date) -> Message:
    """ "Bác muốn đăng ký lớp nào?" with one button per class."""
    text = say(wording.CHOOSE_CLASS, address) + "\n" + class_list(choices, today)
    buttons = [
        button(f"{i}. {short_class_label(c, today)}", "/register_class" + json.dumps({"class_id": c.id}))
        for i, c in enumerate(choices, 1)
    ]
    return Message(text, buttons)
