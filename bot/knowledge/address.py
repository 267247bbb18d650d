"""Fills the address placeholders ({bac}, {Bac}, {chau}, {Chau}) of article text.

Domain responses get the same placeholders filled by Rasa from the slots of
the same names, so one setting switches "bác/cháu" everywhere.
"""
from __future__ import annotations

from typing import Any, Mapping

import regex

ADDRESS_SLOTS = ("bac", "Bac", "chau", "Chau")
DEFAULT_ADDRESS = {"bac": "bác", "Bac": "Bác", "chau": "cháu", "Chau": "Cháu"}
_PLACEHOLDER = regex.compile(r"\{(bac|Bac|chau|Chau)\}")


def address_from_slots(slots: Mapping[str, Any]) -> dict:
    """The address words in force for this conversation."""
    return {name: slots.get(name) or DEFAULT_ADDRESS[name] for name in ADDRESS_SLOTS}


def fill(text: str, address: Mapping[str, str] = DEFAULT_ADDRESS) -> str:
    """Replaces the placeholders; other braces are left alone."""
    return _PLACEHOLDER.sub(lambda m: address[m.group(1)], text)
