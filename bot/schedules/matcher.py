"""Longest-match lookup of known phrases (place names, topic words) in folded tokens.

This is what spaCy's PhraseMatcher would do, in a few lines: importing spaCy
in the action server pulls in TensorFlow through thinc (+3.5 s start-up,
+400 MB memory) for a dictionary lookup. A one-letter typo is forgiven in
longer phrases ("dinh dang" for "định danh"), never in numbers ("tổ 3" is not
"tổ 8") and never in the first word, which keeps short names exact.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import AbstractSet, Dict, Generic, List, Sequence, Tuple, TypeVar

V = TypeVar("V")

FUZZY_MIN_CHARS = 9


@dataclass(frozen=True)
class Hit(Generic[V]):
    """A phrase found at token positions [start, end) and what it stands for."""

    start: int
    end: int
    values: Tuple[V, ...]
    fuzzy: bool = False


def within_one_edit(a: str, b: str) -> bool:
    """True if `a` becomes `b` by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = j = 0
    edited = False
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            i += 1
            j += 1
            continue
        if edited:
            return False
        edited = True
        if len(a) == len(b):
            i += 1
        j += 1
    return True


def _digits(words: Sequence[str]) -> Tuple[str, ...]:
    return tuple(w for w in words if w.isdigit())


class PhraseIndex(Generic[V]):
    """Phrases (tuples of folded words) mapped to the values they stand for."""

    def __init__(self) -> None:
        self._phrases: Dict[Tuple[str, ...], List[V]] = {}
        self._longest = 0

    def add(self, phrase: Sequence[str], value: V) -> None:
        """Registers a phrase; several values may share one phrase."""
        key = tuple(phrase)
        if not key:
            return
        values = self._phrases.setdefault(key, [])
        if value not in values:
            values.append(value)
        self._longest = max(self._longest, len(key))

    def __contains__(self, phrase: Sequence[str]) -> bool:
        return tuple(phrase) in self._phrases

    def get(self, phrase: Sequence[str]) -> Tuple[V, ...]:
        """Values of exactly this phrase."""
        return tuple(self._phrases.get(tuple(phrase), ()))

    def find(
        self,
        words: Sequence[str],
        blocked: AbstractSet[int] = frozenset(),
        fuzzy: bool = False,
    ) -> List[Hit[V]]:
        """Non-overlapping hits, left to right, longest phrase first."""
        hits: List[Hit[V]] = []
        i = 0
        while i < len(words):
            hit = self._match_at(words, i, blocked, fuzzy)
            if hit is None:
                i += 1
                continue
            hits.append(hit)
            i = hit.end
        return hits

    def _match_at(
        self, words: Sequence[str], i: int, blocked: AbstractSet[int], fuzzy: bool
    ) -> "Hit[V] | None":
        if i in blocked:
            return None
        top = min(self._longest, len(words) - i)
        lengths = [n for n in range(top, 0, -1) if not blocked.intersection(range(i, i + n))]
        for n in lengths:
            key = tuple(words[i : i + n])
            if key in self._phrases:
                return Hit(i, i + n, tuple(self._phrases[key]))
        if not fuzzy:
            return None
        for n in lengths:
            if n < 2:
                continue
            window = tuple(words[i : i + n])
            text = " ".join(window)
            found: List[V] = []
            for key, values in self._phrases.items():
                if (
                    len(key) == n
                    and key[0] == window[0]
                    and len(text) >= FUZZY_MIN_CHARS
                    and _digits(key) == _digits(window)
                    and within_one_edit(" ".join(key), text)
                ):
                    found.extend(v for v in values if v not in found)
            if found:
                return Hit(i, i + n, tuple(found), fuzzy=True)
        return None
