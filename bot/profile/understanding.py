"""How a resident wants to be addressed, read from what they write.

Policy (docs/voice.md: respectful and simple):
1. A choice said outright ("gọi tôi là anh", "tôi là bà Tư") or tapped on a
   button is the resident's form from then on.
2. In a greeting, the word they use for themselves is taken when it is one of
   the forms and clearly theirs ("ông chào cháu", "cho chị hỏi").
3. Cues that fit several forms ("em ơi", "chào bạn", "em muốn hỏi": anh or
   chị? a young person or an elder being friendly?) are answered with buttons
   rather than a guess.
4. Otherwise nothing is changed: the default "bác" is the respectful one for
   the movement's elderly readers.
A message with diacritics is read with them ("ba" is not "bà" there); one
without is read folded, as residents often type.
"""
from __future__ import annotations

import functools
import unicodedata
from typing import Dict, Optional

import regex

from bot.knowledge.address import address_forms
from bot.nlu.normalization import fold, is_unaccented

ASK = "ask"  # the message calls for the address question
_ME = r"(?:tôi|tui|mình|tớ|ta|em)"
_CALL = r"(?:gọi|kêu|xưng|xưng hô)"
# words after "tôi là bà ..." that make it something else ("bà con", "bạn của")
_NOT_A_FORM_AFTER = r"(?:con|xã|ngoại|nội|già|cả|bè|hàng|đồng|của|trẻ|sĩ|nhà)"
_SELF_VERBS = r"(?:chào|muốn|hỏi|cần|mới|đây|xin|nhờ|định|đang)"
_NEGATION = regex.compile(r"\b(?:dung|khong|khoi)\s*$")  # folded: đừng, không, khỏi
_FORMS_OF_SELF = ("bac", "ong", "ba", "anh", "chi")  # "bạn" is never someone's word for themselves

_CUES = {
    "named": rf"(?:\b{_CALL}\s+(?:{_ME}\s+)?(?:(?:là|bằng)\s+)?@any"
             rf"|\b{_ME}\s+là\s+@any(?!\s+{_NOT_A_FORM_AFTER}\b))\b",
    "self": rf"(?:^|[,.!?;]\s*|\b(?:dạ|vâng|cho)\s+)@self\s+{_SELF_VERBS}\b",
    "unclear": rf"\b(?:em|bạn)\s+ơi\b|\bchào\s+(?:em|bạn)\b|(?:^|[,.!?;]\s*|\b(?:dạ|vâng|cho)\s+)em\s+{_SELF_VERBS}\b",
}


@functools.lru_cache(maxsize=2)
def _patterns(accented: bool) -> Dict[str, regex.Pattern]:
    """The cue patterns, spelt with or without diacritics."""
    spell = (lambda s: s) if accented else fold
    words = {code: spell(form["reader"]) for code, form in address_forms().items()}
    groups = {"@any": "(?P<form>" + "|".join(words.values()) + ")",
              "@self": "(?P<form>" + "|".join(words[c] for c in _FORMS_OF_SELF) + ")"}
    patterns = {}
    for kind, cue in _CUES.items():
        cue = spell(cue)
        for marker, group in groups.items():
            cue = cue.replace(marker, group)
        patterns[kind] = regex.compile(cue, regex.IGNORECASE)
    return patterns


def _code(word: str) -> str:
    return next(code for code, form in address_forms().items() if fold(form["reader"]) == fold(word))


def _read(text: str, kind: str) -> Optional[str]:
    """The form of the last cue of this kind that is not negated ("đừng gọi bác, gọi anh")."""
    text = unicodedata.normalize("NFC", (text or "").strip())
    folded = fold(text)  # as long as the NFC text, so positions agree
    forms = [_code(m.group("form")) for m in _patterns(not is_unaccented(text))[kind].finditer(text)
             if not _NEGATION.search(folded[:m.start()])]
    return forms[-1] if forms else None


def named_address(text: str) -> Optional[str]:
    """The form asked for outright ("gọi tôi là chị" -> "chi"), else None."""
    return _read(text, "named")


def greeting_address(text: str) -> Optional[str]:
    """What a greeting says about the form: a form code, ASK when unclear, or None."""
    found = named_address(text) or _read(text, "self")
    if found:
        return found
    text = (text or "").strip()
    return ASK if _patterns(not is_unaccented(text))["unclear"].search(text) else None
