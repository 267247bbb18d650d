"""Who a resident can turn to when the assistant cannot help.

The people come from the assistant's database (local help contacts imported
by the commune); the general places (commune police, the commune public
administration centre) are always true and need no phone number.

Reading the contacts is a database query, so `handoff_for` runs it in a
worker thread: a slow database does not hold up the action server's other
conversations.
"""
from __future__ import annotations

import asyncio
from typing import Any, Dict, Mapping, Optional

from rasa_sdk import Tracker

from bot.knowledge.address import address_from_slots, fill
from bot.schedules.contacts import local_contacts

GENERAL_HELP = (
    "{Bac} có thể nhờ Tổ công nghệ số cộng đồng ở thôn, tổ dân phố của mình, "
    "hoặc đến Trung tâm phục vụ hành chính công của xã, phường để được hướng dẫn trực tiếp."
)


def _contacts_text(village: Optional[str]) -> Optional[str]:
    contacts = local_contacts(village)[:2]
    if not contacts:
        return None
    lines = [contact.describe() for contact in contacts]
    return "Người hỗ trợ gần {bac}:\n" + "\n".join(f"• {line}" for line in lines)


async def handoff_for(tracker: Tracker) -> Dict[str, Any]:
    """The hand-off message for this conversation (its address form and village)."""
    address = address_from_slots(tracker.slots)
    return await asyncio.to_thread(handoff_message, address, tracker.get_slot("user_village"))


def handoff_message(address: Mapping[str, str], village: Optional[str] = None) -> Dict[str, Any]:
    """The hand-off message: local contacts when known, the general places always."""
    text = fill(GENERAL_HELP, address)
    contacts = _contacts_text(village)
    if contacts:
        text = fill(contacts, address) + "\n" + text
    return {
        "text": text,
        "buttons": [
            {"title": "Lịch lớp học", "payload": "/ask_schedule"},
            {"title": "Hỏi việc khác", "payload": "/help"},
        ],
    }
