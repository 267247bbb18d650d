"""Vietnamese word segmentation over normalised pieces, with original offsets.

Vietnamese writes a word's syllables apart ("điện thoại", "dịch vụ công"), so
whitespace tokens are syllables, not words. underthesea's CRF segmenter joins
them, but it also rewrites its input, so its words are aligned back onto our
pieces character by character; a piece is never split between two tokens, and
when alignment fails the pieces themselves are used, so any input is safe.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import List, Optional, Sequence, Set

from bot.nlu.normalization import Piece, fold, normalize

logger = logging.getLogger(__name__)

# Segmenting costs grow with length; beyond this many pieces the rest of a
# message keeps one token per piece (a 10,000-character message stays fast).
MAX_SEGMENTED_PIECES = 300


@dataclass(frozen=True)
class Word:
    """A segmented word: normalised text, folded lemma and original span."""

    text: str
    lemma: str
    start: int
    end: int


def _underthesea_words(sentence: str) -> List[str]:
    from underthesea import word_tokenize

    return word_tokenize(sentence)


def _align(sentence: str, words: Sequence[str]) -> Optional[List[int]]:
    """Gives each non-space character of `sentence` the index of its word.

    Returns None when the segmenter's output does not spell the sentence
    (compared accent-insensitively, since it may re-place tones).
    """
    owners = [-1] * len(sentence)
    cursor = 0
    for index, word in enumerate(words):
        for char in word:
            if char.isspace():
                continue
            while cursor < len(sentence) and sentence[cursor].isspace():
                cursor += 1
            if cursor >= len(sentence) or fold(sentence[cursor]) != fold(char):
                return None
            owners[cursor] = index
            cursor += 1
    if any(not c.isspace() for c in sentence[cursor:]):
        return None
    return owners


def _group_pieces(pieces: Sequence[Piece], owner_sets: Sequence[Set[int]]) -> List[Word]:
    """Merges consecutive word pieces that share a segmented word into one token."""
    groups: List[List[Piece]] = []
    current_owners: Set[int] = set()
    for piece, owners in zip(pieces, owner_sets):
        joins_word = not piece.is_symbol and groups and not groups[-1][-1].is_symbol
        if joins_word and owners & current_owners:
            groups[-1].append(piece)
            current_owners |= owners
        else:
            groups.append([piece])
            current_owners = set(owners)
    return [_word(group) for group in groups]


def _word(group: Sequence[Piece]) -> Word:
    text = " ".join(p.text for p in group)
    return Word(text, fold(text).replace(" ", "_"), group[0].start, group[-1].end)


def _segment_pieces(pieces: Sequence[Piece]) -> List[Word]:
    sentence = ""
    piece_ranges = []
    for piece in pieces:
        if sentence:
            sentence += " "
        piece_ranges.append((len(sentence), len(sentence) + len(piece.text)))
        sentence += piece.text
    try:
        owners = _align(sentence, _underthesea_words(sentence))
    except Exception:  # the segmenter must never take a message down
        logger.exception("underthesea failed; falling back to one token per piece")
        owners = None
    if owners is None:
        return [_word([piece]) for piece in pieces]
    owner_sets = [
        {o for o in owners[start:end] if o >= 0} or {-1 - i}
        for i, (start, end) in enumerate(piece_ranges)
    ]
    return _group_pieces(pieces, owner_sets)


def segment(text: str) -> List[Word]:
    """Normalises and word-segments a message; offsets index the original text."""
    pieces = normalize(text)
    head, tail = pieces[:MAX_SEGMENTED_PIECES], pieces[MAX_SEGMENTED_PIECES:]
    words = _segment_pieces(head) if head else []
    return words + [_word([piece]) for piece in tail]
