"""Splits a long reply into messages a platform accepts.

Platforms cap one message (Telegram 4096 UTF-16 units, Zalo about 2000
characters). A blind cut in the middle of a step confuses a reader, so cuts go
at the gentlest boundary that fits: blank line, line, sentence, word, and only
as a last resort inside a word. Only whitespace at a cut is dropped.
"""
from __future__ import annotations

import re
from typing import Callable, List

Measure = Callable[[str], int]

# Most to least preferred. A sentence ends with . ! ? or … (optionally a closing
# quote or bracket), but "1." in a numbered list is not a sentence end.
_BOUNDARIES = (
    re.compile(r"(\n[ \t]*\n\s*)"),
    re.compile(r"(\n\s*)"),
    re.compile(r"((?<=[^\d\s][.!?…])\s+|(?<=[.!?…][\"'”»)\]])\s+)"),
    re.compile(r"(\s+)"),
)


def utf16_length(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji is two)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int, measure: Measure = len) -> List[str]:
    """The text as pieces of at most `limit` (by `measure`), in order, none empty."""
    if limit < 1:
        raise ValueError("limit must be positive")
    text = text.strip()
    if not text:
        return []
    return [piece for piece in _split(text, limit, measure, 0) if piece]


def _split(text: str, limit: int, measure: Measure, level: int) -> List[str]:
    if measure(text) <= limit:
        return [text]
    if level == len(_BOUNDARIES):
        return _hard_cut(text, limit, measure)
    parts = _BOUNDARIES[level].split(text)
    pieces, separators = parts[0::2], parts[1::2] + [""]
    chunks: List[str] = []
    current = ""
    for piece, separator in zip(pieces, separators):
        if measure((current + piece).rstrip()) <= limit:
            current += piece + separator
            continue
        if current.strip():
            chunks.append(current.strip())
        if measure(piece) <= limit:
            current = piece + separator
        else:
            smaller = _split(piece, limit, measure, level + 1)
            chunks.extend(smaller[:-1])
            current = smaller[-1] + separator
    if current.strip():
        chunks.append(current.strip())
    return chunks


def _hard_cut(text: str, limit: int, measure: Measure) -> List[str]:
    chunks: List[str] = []
    current, size = "", 0
    for character in text:
        width = measure(character)
        if current and size + width > limit:
            chunks.append(current)
            current, size = "", 0
        current, size = current + character, size + width
    if current:
        chunks.append(current)
    return chunks
