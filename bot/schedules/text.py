"""Accent-folded tokens of a resident's message, each pointing back at what was typed.

Matching runs on folded words ("thôn Đông" and "thon dong" are the same
tokens) using the NLU's own normaliser (Unicode forms, tone placement,
teencode such as "ko", "dk"), so the schedule parser and the NLU model read a
message the same way. Every token keeps the span of the original text, so a
place that is not in the database can be quoted back as the resident wrote it.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import List, Tuple

import regex

from bot.nlu.normalization import fold, normalize

# Letters and digits are separate tokens ("tổ3" -> "to", "3"), dates stay whole
# pieces for the time parser but split here into "15", "/", "12".
_SUBTOKEN = regex.compile(r"\p{L}+|\p{N}+|[^\s\p{L}\p{N}]")


@dataclass(frozen=True)
class Token:
    """One folded word and the span of the original message it came from."""

    text: str
    start: int
    end: int
    piece: int


@dataclass(frozen=True)
class Analysed:
    """A message split into pieces (for the time parser) and tokens (for phrases)."""

    original: str
    pieces: Tuple[Tuple[str, int, int], ...]
    tokens: Tuple[Token, ...]

    @property
    def folded(self) -> str:
        """The folded pieces joined by single spaces: what the time patterns read."""
        return " ".join(text for text, _, _ in self.pieces)

    def piece_offsets(self) -> List[Tuple[int, int]]:
        """Start and end of each piece inside `folded`."""
        offsets, position = [], 0
        for text, _, _ in self.pieces:
            offsets.append((position, position + len(text)))
            position += len(text) + 1
        return offsets

    def raw(self, first_piece: int, last_piece: int) -> str:
        """What the resident typed from one piece to another, inclusive."""
        return self.original[self.pieces[first_piece][1] : self.pieces[last_piece][2]]


def fold_phrase(text: str) -> str:
    """Folded, single-spaced form of a name from the database or a data file."""
    return " ".join(token.text for token in analyse(text).tokens)


def analyse(text: str) -> Analysed:
    """Normalises and folds a message, keeping the original spans."""
    original = unicodedata.normalize("NFC", text or "")
    pieces: List[Tuple[str, int, int]] = []
    tokens: List[Token] = []
    for piece in normalize(original):
        if piece.is_symbol:
            continue
        # an expanded abbreviation ("dk" -> "đăng ký") may hold several words
        for word in piece.text.split():
            folded = fold(word)
            index = len(pieces)
            pieces.append((folded, piece.start, piece.end))
            for sub in _SUBTOKEN.finditer(folded):
                tokens.append(Token(sub.group(), piece.start, piece.end, index))
    return Analysed(original, tuple(pieces), tuple(tokens))
