"""When a resident asks about: "hôm nay", "thứ bảy này", "tuần sau", "15/12" ...

Each time phrase is found by a pattern over the folded message (so "thu bay"
and "thứ bảy" are the same), then turned into dates:

- by dateparser (languages=['vi']) where it reads Vietnamese well: "hôm nay",
  "ngày mai", "hôm qua", "tuần này/sau/trước", "tháng này/sau/trước",
  "tháng 12", "15/12", "15-12-2026", "ngày 15 tháng 12", "ngày 15";
- by the hand-written rules below only where it does not: weekdays with or
  without "này/tới/tuần sau" ("thứ bảy này", "chủ nhật tuần sau", "t7",
  "cn"), "cuối tuần", "mai", "bữa nay", "ngày kia/mốt", "tuần tới",
  "tuần sau nữa", "tháng tới", "sang tuần", "mùng 5", "từ ... đến ...",
  parts of the day ("sáng", "chiều", "tối"), and choosing the year of a date
  written without one (the nearest such date, up to a month back; dateparser
  would move "23/11" asked on 23/11 to next year).

Weeks run Monday (thứ Hai) to Sunday (Chủ Nhật), as on Vietnamese calendars.
"""
from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from dateparser.date import DateDataParser

from bot.schedules.dates import DASH, day_label, month_end, short_date, week_start
from bot.schedules.text import Analysed, analyse

PARTS_OF_DAY: Dict[str, Tuple[str, int, int]] = {
    # folded word: (how it is written, first hour, hour after the last)
    "sang": ("buổi sáng", 0, 12),
    "trua": ("buổi trưa", 11, 14),
    "chieu": ("buổi chiều", 12, 18),
    "toi": ("buổi tối", 18, 24),
}
_PART_MARKED = {"sang": "sáng", "trua": "trưa", "chieu": "chiều", "toi": "tối"}
_MONTH_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6, "bay": 7,
    "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11, "muoi hai": 12,
}
_WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}
_NOT_TOMORROW_BEFORE = set(
    "chi co ba em anh ong bac chu cau di thay thon xom lang ban ap to hoa ngay".split()
)

_PATTERN = re.compile(
    r"(?<!\S)(?:"
    # "3 tháng 12" is a date, but not in "tổ dân phố số 3 tháng 12"
    r"(?P<dw>(?:(?:ngay|mung|mong)\s+(?P<dw_d>\d{1,2})|(?<!so )(?<!to )(?<!pho )(?<!khu )(?<!thon )"
    r"(?<!xom )(?<!tdp )(?<!kp )(?<!lop )(?P<dw_d2>\d{1,2}))\s+thang\s+(?P<dw_m>\d{1,2})"
    r"(?:\s+nam\s+(?P<dw_y>\d{4}))?)"
    r"|(?P<dn>(?:(?:ngay|mung|mong|hom)\s+)?(?P<dn_d>\d{1,2})(?P<sep>[/.\-])(?P<dn_m>\d{1,2})"
    r"(?:(?P=sep)(?P<dn_y>\d{4}|\d{2}))?)"
    r"|(?P<do>(?:ngay|mung|mong)\s+(?P<do_d>\d{1,2}))"
    r"|(?P<mn>thang\s+(?P<mn_m>\d{1,2})(?:(?:\s+nam\s+|\s*[/\-]\s*)(?P<mn_y>\d{4}))?)"
    r"|(?P<mr>(?:thang\s+(?P<mr_w>nay|sau|toi|truoc))|(?:sang\s+thang(?:\s+(?:sau|toi))?))"
    r"|(?P<mw>thang\s+(?P<mw_w>muoi\s+hai|muoi\s+mot|muoi|mot|hai|ba|tu|bon|nam|bay|tam|chin))"
    r"|(?P<we>cuoi\s+tuan(?:\s+(?P<we_w>nay|sau|toi|truoc))?)"
    r"|(?P<wr>(?:tuan\s+(?P<wr_w>sau\s+nua|nay|sau|toi|truoc))|(?:sang\s+tuan(?:\s+(?:sau|toi))?))"
    r"|(?P<wd>(?:thu\s*(?P<wd_n>[2-7])|thu\s+(?P<wd_w>hai|ba|tu|nam|sau|bay)|(?P<wd_cn>chu\s*nhat|cn)"
    r"|t(?P<wd_t>[2-7]))(?:\s+(?P<wd_mod>tuan\s+sau\s+nua|tuan\s+nay|tuan\s+sau|tuan\s+toi"
    r"|tuan\s+truoc|nay|toi|sau|truoc))?)"
    r"|(?P<dr>ngay\s+hom\s+nay|hom\s+nay|bua\s+nay|hnay|ngay\s+mai|hom\s+sau|bua\s+sau|mai"
    r"|ngay\s+kia|ngay\s+mot|bua\s+mot|mot|hom\s+qua|hom\s+kia|nay)"
    r"|(?P<pt>(?P<pt_b>buoi\s+)?(?P<pt_w>sang|trua|chieu|toi))"
    r")(?!\S)"
)


@dataclass(frozen=True)
class DateWindow:
    """Days from `start` to `end`, both included, and how to say them."""

    start: date
    end: date
    label: str

    def to_json(self) -> List[str]:
        return [self.start.isoformat(), self.end.isoformat(), self.label]

    @classmethod
    def from_json(cls, data: Sequence[str]) -> "DateWindow":
        return cls(date.fromisoformat(data[0]), date.fromisoformat(data[1]), data[2])


@dataclass(frozen=True)
class TimeExpression:
    """The days (and part of the day) a question is about."""

    windows: Tuple[DateWindow, ...] = ()
    part_of_day: Optional[str] = None  # folded key of PARTS_OF_DAY
    invalid: Tuple[str, ...] = ()  # phrases naming no real day ("31/11")
    positions: FrozenSet[int] = frozenset()  # piece indices used
    sources: Tuple[Tuple[str, str], ...] = ()  # (phrase, "dateparser" | "rules")

    @property
    def found(self) -> bool:
        return bool(self.windows or self.part_of_day)


@dataclass
class _Atom:
    kind: str  # day | span | weekday | day_of_month | month | part | invalid
    first: int
    last: int
    phrase: str
    source: str = "rules"
    start: Optional[date] = None
    end: Optional[date] = None
    label: str = ""
    weekday: Optional[int] = None
    modifier: Optional[str] = None
    part: Optional[str] = None
    week_offset: Optional[int] = None  # for spans that are calendar weeks
    day: Optional[int] = None


@functools.lru_cache(maxsize=8)
def _library(today: date) -> DateDataParser:
    settings = {
        "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
    }
    return DateDataParser(languages=["vi"], settings=settings)


_library_lock = threading.Lock()


def _ask_library(phrase: str, today: date) -> Optional[Tuple[date, str]]:
    """dateparser's reading of a phrase: (date, period) or None."""
    with _library_lock:  # the parser objects are shared between action threads
        data = _library(today).get_date_data(phrase)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), data.period or "day"


def parse_time(text: str, today: date) -> TimeExpression:
    """The days a message asks about, relative to `today`."""
    return parse_analysed(analyse(text), today)


def parse_analysed(message: Analysed, today: date) -> TimeExpression:
    atoms = _atoms(message, today)
    return _compose(atoms, message, today)


# -- finding the phrases --------------------------------------------------------
def _atoms(message: Analysed, today: date) -> List[_Atom]:
    folded = message.folded
    offsets = message.piece_offsets()
    atoms: List[_Atom] = []
    for match in _PATTERN.finditer(folded):
        first = next(i for i, (s, e) in enumerate(offsets) if e > match.start())
        last = max(i for i, (s, e) in enumerate(offsets) if s < match.end())
        typed = message.raw(first, last)
        atom = _read(match, first, last, typed, message, today)
        if atom is not None:
            atoms.append(atom)
    return [a for a in atoms if a.kind != "part" or _part_is_meant(a, atoms, message)]


def _typed_word(message: Analysed, index: int) -> str:
    return message.raw(index, index).lower()


def _read(match: re.Match, first: int, last: int, typed: str, message: Analysed, today: date) -> Optional[_Atom]:
    g = match.groupdict()
    atom = _Atom("invalid", first, last, typed)
    if g["dw"] or g["dn"]:
        explicit_year = g["dw_y"] or g["dn_y"]
        # dateparser knows "ngày", not "mùng"/"mồng" (days 1-10) nor "hôm 15/12"
        phrase = re.sub(r"(?i)^(mùng|mồng|mung|mong)\s", "ngày ", typed)
        phrase = re.sub(r"(?i)^(hôm|hom)\s+", "", phrase)
        typed_day = int(g["dw_d"] or g["dw_d2"] or g["dn_d"])
        typed_month = int(g["dw_m"] or g["dn_m"])
        if not _is_day_of_month(typed_day, typed_month):
            # "8.30" is more often a time than a date: ignore it, do not complain
            return None if g["dn"] and g["sep"] == "." else atom
        atom.source = "dateparser"
        read = _ask_library(phrase, today)
        if read is None or (read[0].day, read[0].month) != (typed_day, typed_month):
            return None if g["dn"] and g["sep"] == "." else atom
        day = read[0] if explicit_year else _nearest_year(typed_month, typed_day, today)
        if day is None:
            return atom
        return _day_atom(atom, day, today)
    if g["do"]:
        atom.kind, atom.day = "day_of_month", int(g["do_d"])
        atom.source = "dateparser" if _ask_library(typed, today) else "rules"
        return atom if 1 <= atom.day <= 31 else _Atom("invalid", first, last, typed)
    if g["mr"] and g["mr_w"] == "sau" and _typed_word(message, last) == "sáu":
        g = {**g, "mr": None, "mw": typed, "mw_w": "sau"}  # "tháng sáu" (June), not "tháng sau"
    if g["mw"]:
        word = re.sub(r"\s+", " ", g["mw_w"])
        g = {**{k: None for k in g}, "mn": typed, "mn_m": str(_MONTH_WORDS[word]), "mn_y": None}
    if g["mn"]:
        month = int(g["mn_m"])
        if not 1 <= month <= 12:
            return atom
        read = _ask_library(typed, today)
        year = int(g["mn_y"]) if g["mn_y"] else None
        if year is None:
            year = today.year if month_end(date(today.year, month, 1)) >= today else today.year + 1
        first_day = date(year, month, 1)
        atom.kind, atom.start, atom.end = "month", first_day, month_end(first_day)
        atom.source = "dateparser" if read and read[1] == "month" else "rules"
        atom.label = f"tháng {month}" + (f"/{year}" if year != today.year else "")
        return atom
    if g["mr"]:
        word = g["mr_w"]
        read = _ask_library(typed, today) if word in ("nay", "sau", "truoc") else None
        if read and read[1] == "month":
            first_day, atom.source = read[0].replace(day=1), "dateparser"
        else:
            step = {"nay": 0, "truoc": -1}.get(word, 1)
            first_day = today.replace(day=1)
            for _ in range(abs(step)):
                first_day = (first_day + timedelta(days=32)).replace(day=1) if step > 0 else (first_day - timedelta(days=1)).replace(day=1)
        atom.kind, atom.start, atom.end = "month", first_day, month_end(first_day)
        name = "tháng này" if first_day.month == today.month and first_day.year == today.year else "tháng sau" if first_day > today else "tháng trước"
        atom.label = f"{name} (tháng {first_day.month})"
        return atom
    if g["we"]:
        offset = {"sau": 1, "toi": 1, "truoc": -1}.get(g["we_w"] or "nay", 0)
        saturday = week_start(today) + timedelta(days=7 * offset + 5)
        atom.kind, atom.start, atom.end = "span", saturday, saturday + timedelta(days=1)
        name = {0: "cuối tuần này", 1: "cuối tuần sau", -1: "cuối tuần trước"}[offset]
        atom.label = f"{name} ({short_date(saturday, today)}{DASH}{short_date(saturday + timedelta(days=1), today)})"
        return atom
    if g["wr"]:
        word = g["wr_w"] or "sau"
        read = _ask_library(typed, today) if word in ("nay", "sau", "truoc") and g["wr_w"] else None
        if read and read[1] == "week":
            monday, atom.source = week_start(read[0]), "dateparser"
        else:
            offset = {"nay": 0, "truoc": -1, "sau nua": 2}.get(re.sub(r"\s+", " ", word), 1)
            monday = week_start(today) + timedelta(days=7 * offset)
        offset = (monday - week_start(today)).days // 7
        name = {0: "tuần này", 1: "tuần sau", -1: "tuần trước"}.get(offset, "tuần sau nữa")
        atom.kind, atom.start, atom.end, atom.week_offset = "span", monday, monday + timedelta(days=6), offset
        atom.label = f"{name} ({short_date(monday, today)}{DASH}{short_date(monday + timedelta(days=6), today)})"
        return atom
    if g["wd"]:
        if g["wd_n"] or g["wd_t"]:
            atom.weekday = int(g["wd_n"] or g["wd_t"]) - 2
        elif g["wd_w"]:
            atom.weekday = _WEEKDAY_WORDS[g["wd_w"]]
        else:
            atom.weekday = 6
        modifier = re.sub(r"\s+", " ", g["wd_mod"]) if g["wd_mod"] else None
        if modifier == "toi" and _typed_word(message, last) == "tối":
            # "thứ bảy tối" is Saturday evening, not "thứ bảy tới"
            atom.last, modifier = last - 1, None
            atom.part = "toi"
        atom.kind, atom.modifier = "weekday", modifier
        return atom
    if g["dr"]:
        word = re.sub(r"\s+", " ", g["dr"])
        if word == "mai" and first > 0 and message.pieces[first - 1][0] in _NOT_TOMORROW_BEFORE:
            return None  # "chị Mai", "thôn Mai"
        if word == "mot" and _typed_word(message, first) != "mốt":
            return None  # "một" (one), not "mốt"
        if word == "nay" and not _nay_means_today(message, first):
            return None
        offset = {
            "ngay hom nay": 0, "hom nay": 0, "bua nay": 0, "hnay": 0, "nay": 0,
            "ngay mai": 1, "hom sau": 1, "bua sau": 1, "mai": 1,
            "ngay kia": 2, "ngay mot": 2, "bua mot": 2, "mot": 2,
            "hom qua": -1, "hom kia": -2,
        }[word]
        read = _ask_library(typed, today)
        if read is not None and read[1] == "day" and (read[0] - today).days == offset:
            atom.source = "dateparser"
        day = today + timedelta(days=offset)
        name = {0: "hôm nay", 1: "ngày mai", 2: "ngày kia", -1: "hôm qua", -2: "hôm kia"}[offset]
        _day_atom(atom, day, today)
        atom.label = f"{name} ({atom.label})"
        return atom
    if g["pt"]:
        word = g["pt_w"]
        typed_word = _typed_word(message, last)
        if has_marks(typed_word) and typed_word != _PART_MARKED[word]:
            return None  # "tới", "tôi", "sàng" ... are other words
        atom.kind, atom.part = "part", word
        atom.modifier = "buoi" if g["pt_b"] else None
        return atom
    return None


def has_marks(word: str) -> bool:
    return any(ord(c) > 127 for c in word)


def _nay_means_today(message: Analysed, index: int) -> bool:
    """A lone "nay" is "today" at the start ("nay có lớp không") or after "sáng/chiều/tối"."""
    if index == 0:
        return True
    return message.pieces[index - 1][0] in PARTS_OF_DAY


def _part_is_meant(atom: _Atom, atoms: List[_Atom], message: Analysed) -> bool:
    """ "sáng", "chiều", "tối" name a time when written so, after "buổi", or beside a day."""
    if atom.modifier == "buoi":
        return True
    if has_marks(_typed_word(message, atom.last)) or atom.part in ("chieu", "trua"):
        return True
    return any(
        other is not atom and other.kind != "part" and (other.first == atom.last + 1 or other.last == atom.first - 1)
        for other in atoms
    )


def _day_atom(atom: _Atom, day: date, today: date) -> _Atom:
    atom.kind, atom.start, atom.end = "day", day, day
    atom.label = day_label(day, today)
    return atom


def _is_day_of_month(day: int, month: int) -> bool:
    """Whether some year has this day (29/2 counts, 31/11 does not)."""
    try:
        date(2028, month, day)
    except ValueError:
        return False
    return True


def _nearest_year(month: int, day: int, today: date) -> Optional[date]:
    """The date with that day and month nearest ahead, or up to a month back."""
    for year in (today.year - 1, today.year, today.year + 1, today.year + 4):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate >= today - timedelta(days=31):
            return candidate
    return None


# -- putting them together -------------------------------------------------------
_WEEK_MODIFIERS = {"tuan nay": 0, "tuan sau": 1, "tuan toi": 1, "tuan sau nua": 2, "tuan truoc": -1, "truoc": -1}


def _weekday_date(atom: _Atom, today: date, week_offset: Optional[int]) -> date:
    monday = week_start(today)
    modifier = atom.modifier
    if modifier in _WEEK_MODIFIERS:
        week_offset = _WEEK_MODIFIERS[modifier]
    if week_offset is not None:
        return monday + timedelta(days=7 * week_offset + atom.weekday)
    ahead = (atom.weekday - today.weekday()) % 7
    if ahead == 0 and modifier in ("toi", "sau"):
        ahead = 7  # "thứ hai tới" said on a Monday is next Monday
    return today + timedelta(days=ahead)


def _compose(atoms: List[_Atom], message: Analysed, today: date) -> TimeExpression:
    parts = [a.part for a in atoms if a.part]
    invalid = tuple(a.phrase for a in atoms if a.kind == "invalid")
    days = [a for a in atoms if a.kind == "day"]
    spans = [a for a in atoms if a.kind in ("span", "month")]
    weekdays = [a for a in atoms if a.kind == "weekday"]
    month_days = [a for a in atoms if a.kind == "day_of_month"]
    used_spans: List[_Atom] = []

    # a weekday beside a written date only describes it: "thứ bảy 5/12"
    weekdays = [w for w in weekdays if not any(abs(w.first - d.last) <= 2 or abs(d.first - w.last) <= 2 for d in days)]
    week_spans = [s for s in spans if s.week_offset is not None]
    # "thứ bảy, chủ nhật tuần sau": a week said once counts for every weekday
    said = {_WEEK_MODIFIERS.get(a.modifier) for a in weekdays} - {None}
    shared = said.pop() if len(said) == 1 else None
    for atom in weekdays:
        week = week_spans[0] if (len(week_spans) == 1 and atom.modifier is None) else None
        if week is not None:
            used_spans.append(week)
        offset = week.week_offset if week else (shared if atom.modifier is None else None)
        day = _weekday_date(atom, today, offset)
        _day_atom(atom, day, today)
        days.append(atom)
    months = [s for s in spans if s.kind == "month"]
    for atom in month_days:
        day = _day_in(atom.day, months[0] if len(months) == 1 else None, today)
        if day is None:
            invalid += (atom.phrase,)
            continue
        if len(months) == 1:
            used_spans.append(months[0])
        days.append(_day_atom(atom, day, today))

    days.sort(key=lambda a: a.first)
    windows = _ranges(days, message) if days else []
    if not windows:
        windows = [DateWindow(s.start, s.end, s.label) for s in spans if s not in used_spans]
    sources = tuple((a.phrase, a.source) for a in atoms if a.kind != "invalid")
    positions = frozenset(i for a in atoms for i in range(a.first, a.last + 1))
    return TimeExpression(
        windows=tuple(_merge(windows)),
        part_of_day=parts[0] if parts else None,
        invalid=invalid,
        positions=positions,
        sources=sources,
    )


def _day_in(day: int, month_atom: Optional[_Atom], today: date) -> Optional[date]:
    """ "ngày 15": in the month named beside it, else the next 15th from today."""
    if month_atom is not None:
        try:
            return month_atom.start.replace(day=day)
        except ValueError:
            return None
    first = today.replace(day=1)
    for _ in range(13):
        try:
            candidate = first.replace(day=day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate
        first = (first + timedelta(days=32)).replace(day=1)
    return None


def _ranges(days: List[_Atom], message: Analysed) -> List[DateWindow]:
    """Single days, or "từ 1/12 đến 15/12" as one window."""
    windows: List[DateWindow] = []
    i = 0
    pieces = [p[0] for p in message.pieces]
    while i < len(days):
        atom = days[i]
        if i + 1 < len(days):
            nxt = days[i + 1]
            between = pieces[atom.last + 1 : nxt.first]
            before = pieces[atom.first - 1] if atom.first > 0 else ""
            linked = between in (["den"], ["toi"], ["cho", "den"]) or (not between and before == "tu")
            if linked and before in ("tu", "") and nxt.start >= atom.start:
                label = f"từ {atom.label} đến {nxt.label}"
                windows.append(DateWindow(atom.start, nxt.start, label))
                i += 2
                continue
        windows.append(DateWindow(atom.start, atom.end, atom.label))
        i += 1
    return windows


def _merge(windows: List[DateWindow]) -> List[DateWindow]:
    unique: List[DateWindow] = []
    for window in windows:
        if not any(w.start == window.start and w.end == window.end for w in unique):
            unique.append(window)
    return unique
