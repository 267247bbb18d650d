"""Groups residents' messages that ask the same thing, however they were typed.

Messages are compared as the ArticleRanker reads them: normalised (teencode
expanded, tone marks placed consistently) and accent-folded, so "cài vneid
thế nào" and "cai vneid the nao" are one text. Masking labels and the words
every question has ("cho tôi hỏi", "làm sao", "thế nào") are left out. Two
texts are alike by the mean of two overlaps (Dice coefficients):

- character trigrams, which forgive typos and word order;
- syllable pairs ("xe máy", "kết hôn"), since Vietnamese meaning lives in
  compounds: "đăng ký xe máy online" and "đăng ký kết hôn online" share most
  trigrams but are different questions.

Grouping is greedy and deterministic and needs no model: the most frequent
texts found groups; each other text joins the group it is most like, if that
is at least THRESHOLD. Tuned on examples in tests/console/test_similarity.py.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, FrozenSet, Generic, List, Sequence, Tuple, TypeVar

from bot.nlu.normalization import fold, normalized_text

T = TypeVar("T")
THRESHOLD = 0.55
_COMPARED_MEMBERS = 8
_MASK_LABEL = re.compile(r"\[[^\]]{1,20}\]")
# question scaffolding, forms of address, particles (accent-folded)
STOPWORDS = frozenset(
    "a ah ak ay bac cach chau chi cho co cua da dan dau duoc em gi giup ha hay hoi huong khong la lam "
    "ma minh muon nao nhe nhi nhu o oi phai ra roi sao the thi toi tui va vay voi xin".split()
)


def grouping_key(text: str) -> str:
    """The comparable form of a (masked) message: normalised, folded, single-spaced."""
    return " ".join(fold(normalized_text(_MASK_LABEL.sub(" ", text))).split())


def content_words(key: str) -> Tuple[str, ...]:
    """The syllables that carry the meaning (all of them if nothing else is left)."""
    words = key.split()
    kept = tuple(w for w in words if w not in STOPWORDS)
    return kept or tuple(words)


def trigrams(words: Sequence[str]) -> FrozenSet[str]:
    """Character trigrams of each word, with the word's edges marked."""
    grams = set()
    for word in words:
        padded = f" {word} "
        grams.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def pairs(words: Sequence[str]) -> FrozenSet[Tuple[str, ...]]:
    """Neighbouring syllable pairs (a one-word text is its own feature)."""
    if len(words) < 2:
        return frozenset((w,) for w in words)
    return frozenset(zip(words, words[1:]))


def dice(a: FrozenSet, b: FrozenSet) -> float:
    """2|A∩B| / (|A|+|B|): 1.0 for the same features, 0.0 for none in common."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


class Features:
    """What is compared of one text."""

    __slots__ = ("grams", "pairs")

    def __init__(self, key: str) -> None:
        words = content_words(key)
        self.grams = trigrams(words)
        self.pairs = pairs(words)


def similarity(a: Features, b: Features) -> float:
    """How alike two texts are, from 0 to 1."""
    return (dice(a.grams, b.grams) + dice(a.pairs, b.pairs)) / 2


def text_similarity(a: str, b: str) -> float:
    """`similarity` of two raw messages (for tests and tuning)."""
    return similarity(Features(grouping_key(a)), Features(grouping_key(b)))


class Group(Generic[T]):
    """Items whose texts are alike; `keys` lists their distinct comparable texts, most frequent first."""

    def __init__(self) -> None:
        self.items: List[T] = []
        self.keys: List[str] = []
        self._features: List[Features] = []

    def add(self, key: str, features: Features, members: Sequence[T]) -> None:
        self.items.extend(members)
        self.keys.append(key)
        self._features.append(features)

    def closeness(self, features: Features) -> float:
        """Similarity to the group's most frequent texts."""
        return max(similarity(features, f) for f in self._features[:_COMPARED_MEMBERS])


def group(items: Sequence[T], key: Callable[[T], str], threshold: float = THRESHOLD) -> List[Group[T]]:
    """Groups items by the similarity of their keys; biggest groups first."""
    by_key: Dict[str, List[T]] = {}
    for item in items:
        by_key.setdefault(key(item), []).append(item)
    groups: List[Group[T]] = []
    for text, members in sorted(by_key.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        features = Features(text)
        best, best_score = None, threshold
        for candidate in groups:
            score = candidate.closeness(features)
            if score >= best_score and (best is None or score > best_score):
                best, best_score = candidate, score
        if best is None:
            best = Group()
            groups.append(best)
        best.add(text, features, members)
    return sorted(groups, key=lambda g: -len(g.items))
