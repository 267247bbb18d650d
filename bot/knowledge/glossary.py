"""Plain words for an article's terms, for beginners (terms as data in `terms.yml`).

A term is explained under the step where it first appears, unless the
article explains it right there in brackets ("mã OTP (mã số gửi qua tin
nhắn)"); at most two notes per step, so a message stays short.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

import regex
import yaml

from bot.knowledge.store import Article

TERMS_FILE = Path(__file__).with_name("terms.yml")
NOTES_PER_STEP = 2


@dataclass(frozen=True)
class Term:
    """A term, the spellings that name it, and its plain-words explanation."""

    term: str
    pattern: regex.Pattern
    plain: str

    def mention(self, text: str) -> Tuple[bool, bool]:
        """(named in `text`, explained there in brackets right after a mention)."""
        matches = list(self.pattern.finditer(text))
        return bool(matches), any(text[m.end():].lstrip().startswith("(") for m in matches)


@functools.lru_cache(maxsize=1)
def terms() -> Tuple[Term, ...]:
    raw = yaml.safe_load(TERMS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Term(item["term"], regex.compile(r"\b(?:" + "|".join(map(regex.escape, item["match"])) + r")\b",
                                         regex.IGNORECASE), item["plain"])
        for item in raw
    )


def step_notes(article: Article, number: int) -> List[str]:
    """The "term: plain words" notes for step `number` (1-based) of `article`."""
    earlier = " ".join(step.do for step in article.steps[:number - 1])
    text = article.steps[number - 1].do
    notes = []
    for term in terms():
        named, explained = term.mention(text)
        if named and not explained and not term.mention(earlier)[0]:
            notes.append(f"{term.term}: {term.plain}")
    return notes[:NOTES_PER_STEP]
