"""How classes are written for residents: short lines that read well aloud.

"Thứ Bảy 05/12, 8:00–10:00 — Nhà văn hóa thôn Tây — Dịch vụ công trực tuyến với VNeID"
"""
from __future__ import annotations

from datetime import date
from typing import Callable, Dict, List, Optional, Sequence

from bot.schedules.dates import day_label, time_range
from bot.schedules.phone import format_phone
from bot.schedules.places import in_sentence
from bot.schedules.query import ClassView
from bot.schedules.text import fold_phrase

SEP = " \u2014 "  # em dash between the parts of a line
BUTTON_MAX = 20


def venue_with_village(c: ClassView) -> str:
    """The venue, with the village added when the venue name does not say it."""
    if c.village and fold_phrase(c.village) not in fold_phrase(c.venue):
        return f"{c.venue} ({in_sentence(c.village)})"
    return c.venue


def class_line(c: ClassView, today: date) -> str:
    """One class on one line, as in the examples of the issue."""
    line = f"{day_label(c.start.date(), today)}, {time_range(c.start, c.end)}{SEP}{venue_with_village(c)}{SEP}{c.title}"
    if c.is_full:
        line += " (đã đủ chỗ)"
    return line


def numbered(lines: Sequence[str]) -> str:
    if len(lines) == 1:
        return lines[0]
    return "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1))


def class_list(classes: Sequence[ClassView], today: date) -> str:
    return numbered([class_line(c, today) for c in classes])


def when_line(c: ClassView, today: date) -> str:
    """ "Thứ Bảy 05/12, từ 8:00 đến 10:00"."""
    start, end = time_range(c.start, c.end).split("\u2013")
    return f"{day_label(c.start.date(), today)}, từ {start} đến {end}"


def where_line(c: ClassView) -> str:
    """ "Nhà văn hóa thôn Tây (thôn Tây, Xã Hòa An)"."""
    around = ", ".join(p for p in (in_sentence(c.village) if c.village else "", c.commune) if p)
    return f"{c.venue} ({around})" if around else c.venue


def about_line(c: ClassView, label: Callable[[str], str]) -> str:
    """What a class teaches, for whom, and who teaches it."""
    parts = [f"{c.title}: " + ", ".join(lower_first(label(code)) for code in c.topics) + "."]
    if c.audience:
        parts.append(f"Dành cho: {lower_first(c.audience)}.")
    if c.instructor:
        parts.append(f"Người hướng dẫn: {c.instructor}.")
    return " ".join(parts)


def contact_line(c: ClassView) -> Optional[str]:
    if not c.contact_phone:
        return None
    return f"Hỏi thêm về lớp: {format_phone(c.contact_phone)}."


def button(title: str, payload: str) -> Dict[str, str]:
    """A button whose label fits a phone screen (≤ 20 characters)."""
    if len(title) > BUTTON_MAX:
        title = title[: BUTTON_MAX - 1].rstrip() + "\u2026"
    return {"title": title, "payload": payload}


def short_class_label(c: ClassView, today: date) -> str:
    """ "T7 05/12 8:00": a class on a button."""
    weekday = c.start.weekday()
    short = "CN" if weekday == 6 else f"T{weekday + 2}"
    return f"{short} {c.start.strftime('%d/%m')} {c.start.hour}:{c.start.minute:02d}"


def lower_first(text: str) -> str:
    """ "Dịch vụ công" -> "dịch vụ công"; "VNeID ..." stays (an acronym)."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def join_words(items: List[str], last: str = "hoặc") -> str:
    """ "a, b hoặc c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]
