"""Fills the address placeholders ({bac}, {Bac}, {chau}, {Chau}) of article text.

Domain responses get the same placeholders filled by Rasa from the slots of
the same names, so one setting switches "bác/cháu" everywhere. The forms a
resident may choose (bác, ông, bà, anh, chị, bạn) and the word the assistant
then uses for itself are data, in `address_forms.yml`.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Dict, Mapping

import regex
import yaml

ADDRESS_SLOTS = ("bac", "Bac", "chau", "Chau")
FORMS_FILE = Path(__file__).with_name("address_forms.yml")
_PLACEHOLDER = regex.compile(r"\{(bac|Bac|chau|Chau)\}")


@functools.lru_cache(maxsize=1)
def address_forms() -> Dict[str, Dict[str, str]]:
    """Form code -> {reader, self, button}, in file order (the first is the default)."""
    return yaml.safe_load(FORMS_FILE.read_text(encoding="utf-8"))


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


def address_words(form: str) -> Dict[str, str]:
    """The placeholder values of a form ("anh" -> anh/Anh/em/Em); KeyError if unknown."""
    words = address_forms()[form]
    return {"bac": words["reader"], "Bac": _capitalised(words["reader"]),
            "chau": words["self"], "Chau": _capitalised(words["self"])}


DEFAULT_FORM = next(iter(address_forms()))
DEFAULT_ADDRESS = address_words(DEFAULT_FORM)


def address_from_slots(slots: Mapping[str, Any]) -> dict:
    """The address words in force for this conversation."""
    return {name: slots.get(name) or DEFAULT_ADDRESS[name] for name in ADDRESS_SLOTS}


def fill(text: str, address: Mapping[str, str] = DEFAULT_ADDRESS) -> str:
    """Replaces the placeholders; other braces are left alone."""
    return _PLACEHOLDER.sub(lambda m: address[m.group(1)], text)
