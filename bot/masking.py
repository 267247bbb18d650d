"""Hides personal numbers in residents' messages before anyone else sees them.

Residents paste phone numbers, ID card numbers and even one-time codes into
the chat ("số em 0912 345 678", "mã OTP 482913 là gì"). The console needs the
words, never the numbers, so every run of digits is judged by its length and
surroundings and replaced by a label:

- 10–11 digits from 0 or +84/84: a phone number -> [SĐT]
- 9 or 12 digits: an ID number (CMND / CCCD) -> [số giấy tờ]
- any other run of 9+ digits (bank account, card) -> [dãy số]
- 4–8 digits: an OTP-like code -> [mã số], except an amount of money
  ("500.000 đồng", "50k"), a year ("năm 2025", unless a code word is near)
  or a 1800/1900 hotline, which stay.
E-mail addresses become [email]. Masking errs on the side of hiding.
"""
from __future__ import annotations

import re

PHONE, ID_NUMBER, LONG_NUMBER, CODE, EMAIL = "[SĐT]", "[số giấy tờ]", "[dãy số]", "[mã số]", "[email]"

# digits, optionally with one space, dot or dash between them ("0912 345 678", "482-913")
_DIGIT_RUN = re.compile(r"(?<![\d])\+?\d(?:[ .\-]?\d)*")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MONEY_AFTER = re.compile(r"\s?(?:đ|đồng|dong|vnd|vnđ|k|nghìn|nghin|ngàn|ngan|triệu|trieu|tr|tỷ|ty)(?!\w)", re.IGNORECASE)
_CODE_WORDS = re.compile(r"(otp|mã|ma|code|passcode|pin|mật khẩu|mat khau|mật mã|xác thực|xac thuc|kích hoạt|kich hoat)\W*$", re.IGNORECASE)
_HOTLINE = re.compile(r"^1[89]00\d{4}(\d{2})?$")
_CODE_CONTEXT = 25


def _label(text: str, start: int, end: int) -> str:
    run = text[start:end]
    digits = re.sub(r"\D", "", run)
    count = len(digits)
    if count >= 9:
        international = run.startswith("+84") or (digits.startswith("84") and count in (11, 12))
        if international or (digits.startswith("0") and count in (10, 11)):
            return PHONE
        if count in (9, 12):
            return ID_NUMBER
        return LONG_NUMBER
    if count < 4 or _HOTLINE.match(digits):
        return run
    if _MONEY_AFTER.match(text, end):
        return run
    code_word_before = _CODE_WORDS.search(text[max(0, start - _CODE_CONTEXT):start])
    if count == 4 and 1900 <= int(digits) <= 2099 and not code_word_before:
        return run
    return CODE


def mask(text: str) -> str:
    """The text with phone numbers, ID numbers, codes and e-mail addresses replaced by labels."""
    if not text:
        return ""
    text = _EMAIL.sub(EMAIL, text)
    pieces, last = [], 0
    for match in _DIGIT_RUN.finditer(text):
        pieces.append(text[last:match.start()])
        pieces.append(_label(text, match.start(), match.end()))
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def mask_phone(number: str) -> str:
    """A registration's phone as officials see it on screen: "091••••678"."""
    digits = re.sub(r"\D", "", number or "")
    if len(digits) < 7:
        return "•" * len(digits)
    return digits[:3] + "•" * (len(digits) - 6) + digits[-3:]
