"""The values the reminder responses (domain/reminders.yml) are filled with.

The sentences themselves are responses, so Rasa fills the address words
({bac}, {chau}) from the conversation's slots; this module gives the rest:
the class's title, day and hours, place, and what to bring.
"""
from __future__ import annotations

from datetime import date
from typing import Dict, Mapping, Sequence

from bot.knowledge.address import fill
from bot.reminders.settings import ReminderSettings, ReminderTime
from bot.schedules.formatting import join_words, when_line, where_line
from bot.schedules.query import ClassView


def class_details(klass: ClassView, today: date, settings: ReminderSettings, address: Mapping[str, str]) -> Dict[str, str]:
    """title, when ("Thứ Bảy 05/12, từ 8:00 đến 10:00"), where, bring, and `notes`: the class's
    own notes as a line of their own ("" when it has none)."""
    notes = "\n" + fill(settings.notes_line, address).format(notes=klass.notes.strip()) if klass.notes.strip() else ""
    return {
        "title": klass.title, "when": when_line(klass, today), "where": where_line(klass),
        "bring": fill(settings.bring, address), "notes": notes,
    }


def times_phrase(times: Sequence[ReminderTime]) -> str:
    """ "trước 1 ngày và trước 1 giờ"."""
    return join_words([t.offer for t in times], last="và")
