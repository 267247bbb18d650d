"""Vietnamese phone numbers as residents and spreadsheets write them.

Residents type "0912 345 678", "0912.345.678", "+84 912 345 678"; Excel drops
the leading zero ("912345678"). All become "0912345678". A mobile number has
10 digits and starts with 03, 05, 07, 08 or 09 (the ranges in use since the
2018 renumbering); a landline has 11 digits and starts with 02. When a number
is wrong the reason is returned, so the resident can be told what to fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

MOBILE = re.compile(r"^0(3[2-9]|5[2-9]|7[06-9]|8[1-9]|9\d)\d{7}$")
LANDLINE = re.compile(r"^02\d{9}$")
HOTLINE = re.compile(r"^1[89]00\d{4}(\d{2})?$")
# a run of digits with the separators people put inside numbers
_NUMBER_IN_TEXT = re.compile(r"(?:\+\s*)?\d[\d .\-()]{6,}\d")

# Why a number was refused; the wording for residents lives with the messages.
NO_NUMBER = "no_number"
TOO_SHORT = "too_short"
TOO_LONG = "too_long"
LANDLINE_NOT_MOBILE = "landline"
OLD_ELEVEN_DIGITS = "old_eleven_digits"
BAD_PREFIX = "bad_prefix"


@dataclass(frozen=True)
class PhoneCheck:
    """A normalised number, or why there is none."""

    number: Optional[str] = None
    problem: Optional[str] = None
    digits: int = 0

    @property
    def ok(self) -> bool:
        return self.number is not None


def digits_of(text: str) -> str:
    """The digits of a number, with +84 / 84 turned into the leading 0."""
    text = text.strip()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+84") or (digits.startswith("84") and len(digits) in (11, 12)):
        rest = digits[2:]
        digits = rest if rest.startswith("0") else "0" + rest
    if len(digits) == 9 and digits[0] in "35789":
        digits = "0" + digits  # Excel dropped the zero
    if len(digits) == 10 and digits[0] == "2":
        digits = "0" + digits  # a landline without its zero
    return digits


def find_number(text: str) -> Optional[str]:
    """The first phone-like run of digits in a message ("số tôi là 0912 345 678")."""
    match = _NUMBER_IN_TEXT.search(text or "")
    return match.group().strip() if match else None


def check_mobile(text: str) -> PhoneCheck:
    """A resident's mobile number, for registration."""
    raw = find_number(text) or text or ""
    digits = digits_of(raw)
    if not digits:
        return PhoneCheck(problem=NO_NUMBER)
    if MOBILE.match(digits):
        return PhoneCheck(number=digits, digits=len(digits))
    if LANDLINE.match(digits):
        return PhoneCheck(problem=LANDLINE_NOT_MOBILE, digits=len(digits))
    if len(digits) == 11 and digits.startswith("01"):
        return PhoneCheck(problem=OLD_ELEVEN_DIGITS, digits=11)
    if len(digits) < 10:
        return PhoneCheck(problem=TOO_SHORT, digits=len(digits))
    if len(digits) > 10:
        return PhoneCheck(problem=TOO_LONG, digits=len(digits))
    return PhoneCheck(problem=BAD_PREFIX, digits=len(digits))


def check_any(text: str) -> PhoneCheck:
    """A contact number in a timetable: mobile, landline or a 1800/1900 hotline."""
    digits = digits_of(text or "")
    if digits and (MOBILE.match(digits) or LANDLINE.match(digits) or HOTLINE.match(digits)):
        return PhoneCheck(number=digits, digits=len(digits))
    return check_mobile(text) if digits else PhoneCheck(problem=NO_NUMBER)


def format_phone(number: str) -> str:
    """ "0912345678" -> "0912 345 678", easy to read and to dial."""
    if len(number) == 10 and number.startswith("0"):
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    if len(number) == 11 and number.startswith("02"):
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    if HOTLINE.match(number):
        return f"{number[:4]} {number[4:]}"
    return number
