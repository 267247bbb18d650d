"""The red-flag rules of red_flags.yml, compiled once.

Matching runs on accent-folded text of the same length as the original
(`folded_same_length`), so a match's span quotes the resident's own words.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Pattern, Tuple

import regex
import yaml

RULES_FILE = Path(__file__).with_name("red_flags.yml")
STRONG = "strong"  # any other level is weak
# A negation earlier in the same clause: "không bao giờ gửi link hay yêu cầu cung cấp OTP".
# Read on the text as typed where it has diacritics, since "đừng" (don't) folds to the
# "dụng" of "ứng dụng" and to "dùng" (use); without diacritics "dung" is taken as
# "đừng" unless it follows "ung"/"su" ("ung dung", "su dung").
_NOT_CAN = r"(?! \w+ (được|duoc|dc)\b)[^.!?;\n]*$"
_NEGATION_TYPED = regex.compile(r"\b(không|ko|đừng|chẳng|cấm|chưa bao giờ|tuyệt đối không)\b" + _NOT_CAN)
_NEGATION_FOLDED = regex.compile(r"\b(khong|ko|(?<!ung |su )dung|chang|cam|chua bao gio|tuyet doi khong)\b" + _NOT_CAN)
_NEGATION_WINDOW = 120


def folded_same_length(text: str) -> str:
    """Lower-case text without diacritics, one character for each character of `text` (NFC)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char.lower())[:1] or char
        out.append("d" if base == "đ" else base)
    return "".join(out)


@dataclass(frozen=True)
class Flag:
    """One kind of red flag: how strong, how to say it, which article explains it."""

    name: str
    level: str
    reason: str
    article: str
    patterns: Tuple[Pattern, ...]
    negatable: bool = False
    requires_also: Tuple[str, ...] = ()

    def spans(self, folded: str, typed: str) -> List[Tuple[int, int]]:
        """Where the flag's patterns match in `folded`, skipping negated requests.

        `typed` is the lower-case message as typed, character for character
        with `folded` (see folded_same_length).
        """
        accented = typed != folded
        negation = _NEGATION_TYPED if accented else _NEGATION_FOLDED
        found = []
        for pattern in self.patterns:
            for match in pattern.finditer(folded):
                before = (typed if accented else folded)[max(0, match.start() - _NEGATION_WINDOW) : match.start()]
                if self.negatable and negation.search(before):
                    continue
                found.append(match.span())
        return sorted(found)


@dataclass(frozen=True)
class Claim:
    """Whom a message claims to come from."""

    name: str
    label: str
    article: str
    pattern: Pattern


@dataclass(frozen=True)
class Rules:
    """Everything red_flags.yml says, ready to match."""

    flags: Dict[str, Flag]
    claims: Dict[str, Claim]
    official_suffixes: FrozenSet[str]
    official_domains: FrozenSet[str]
    brands: Dict[str, str]
    shorteners: FrozenSet[str]
    unusual_suffixes: FrozenSet[str]
    link_reasons: Dict[str, str]
    combination_reasons: Dict[str, str]

    def claim_in(self, folded: str) -> Optional[Claim]:
        """The first claimed sender found, authorities first."""
        return next((c for c in self.claims.values() if c.pattern.search(folded)), None)


def _compile(patterns: List[str]) -> Tuple[Pattern, ...]:
    """Each pattern starts at the start of a word ("ung tam" is not inside "trung tam")."""
    return tuple(regex.compile(r"(?<!\w)(?:" + p + ")") for p in patterns)


@functools.lru_cache(maxsize=1)
def rules() -> Rules:
    """The rules from red_flags.yml (read once per process)."""
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    flags = {
        name: Flag(
            name=name,
            level=spec["level"],
            reason=spec["reason"],
            article=spec["article"],
            patterns=_compile(spec["patterns"]),
            negatable=bool(spec.get("negatable")),
            requires_also=tuple(spec.get("requires_also", ())),
        )
        for name, spec in raw["flags"].items()
    }
    claims = {
        name: Claim(
            name=name,
            label=spec["name"],
            article=spec["article"],
            pattern=regex.compile(r"\b(" + "|".join(spec["patterns"]) + r")\b"),
        )
        for name, spec in raw["claims"].items()
    }
    return Rules(
        flags=flags,
        claims=claims,
        official_suffixes=frozenset(raw["official_suffixes"]),
        official_domains=frozenset(raw["official_domains"]),
        brands=dict(raw["brands"]),
        shorteners=frozenset(raw["shorteners"]),
        unusual_suffixes=frozenset(raw["unusual_suffixes"]),
        link_reasons=dict(raw["link_reasons"]),
        combination_reasons=dict(raw["combination_reasons"]),
    )
