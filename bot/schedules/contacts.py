"""Local people who help in person: for hand-offs from any part of the assistant.

`local_contacts("thon dong")` gives the village's Tổ công nghệ số cộng đồng
and Đại sứ số first, then the helpers serving the whole commune. The village
is understood as residents write it (with or without marks, "tổ 3" ...).
A database problem never breaks a hand-off: it gives no contacts and a log line.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import List, Optional

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot.schedules import models
from bot.schedules.db import session_scope
from bot.schedules.phone import digits_of, format_phone
from bot.schedules.places import in_sentence
from bot.schedules.text import fold_phrase

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Contact:
    """A helper as residents see them."""

    id: str
    commune: str
    village: str
    role: str
    name: str
    phone: str
    zalo: str
    hours: str
    notes: str

    def describe(self) -> str:
        """ "Tổ công nghệ số cộng đồng thôn Đông: chị Lan, 0900 000 101 (có Zalo), 7:00–17:00"."""
        where = self.village or self.commune
        role = self.role
        if where and fold_phrase(where) not in fold_phrase(role):
            place = in_sentence(where).split()
            # "... hành chính công xã" + "xã Hòa An": the role already says "xã"
            if len(place) > 1 and fold_phrase(role.split()[-1]) == fold_phrase(place[0]):
                place = place[1:]
            role = f"{role} {' '.join(place)}"
        line = f"{role}: {self.name}, {format_phone(self.phone)}"
        if self.zalo:
            same = digits_of(self.zalo) == self.phone
            line += " (có Zalo)" if same else f" (Zalo: {self.zalo})"
        if self.hours:
            line += f", {self.hours}"
        return line


def from_row(row: models.Contact) -> Contact:
    """The resident-facing view of a contact row."""
    return Contact(
        id=row.id,
        commune=row.commune,
        village=row.village,
        role=row.role,
        name=row.name,
        phone=row.phone,
        zalo=row.zalo,
        hours=row.hours,
        notes=row.notes,
    )


def _order(contact: Contact) -> tuple:
    """Tổ công nghệ số cộng đồng first, then Đại sứ số, then other helpers."""
    role = fold_phrase(contact.role)
    rank = 0 if "to cong nghe so" in role else 1 if "dai su so" in role else 2
    return (rank, role, fold_phrase(contact.name))


def local_contacts(village: Optional[str], commune: Optional[str] = None) -> List[Contact]:
    """Helpers for a village (as typed), then those for the whole commune."""
    try:
        with session_scope() as session:
            return contacts_for(session, village, commune)
    except SQLAlchemyError:
        logger.exception("Could not read local help contacts")
        return []


def contacts_for(session, village: Optional[str], commune: Optional[str] = None) -> List[Contact]:
    """`local_contacts` inside an open session."""
    from bot.schedules.query import vocabulary

    rows = [from_row(r) for r in session.execute(select(models.Contact)).scalars()]
    if commune:
        wanted = fold_phrase(commune)
        rows = [c for c in rows if fold_phrase(c.commune) == wanted or wanted in fold_phrase(c.commune)]
    keys = vocabulary(session).places.resolve_village(village) if village else ()
    local = [c for c in rows if c.village and (fold_phrase(c.commune), fold_phrase(c.village)) in keys]
    communes = {k[0] for k in keys}
    commune_wide = [
        c for c in rows if not c.village and (not communes or fold_phrase(c.commune) in communes)
    ]
    return sorted(local, key=_order) + sorted(commune_wide, key=_order)
