"""Class topics from everyday words ("quét mã" -> payment), read from the database.

The words are data (`topic_words.yml`), copied into the database whenever the
file changes, so officials can add a word without touching code or retraining.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import AbstractSet, Dict, FrozenSet, List, Optional, Sequence, Tuple

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.schedules.matcher import PhraseIndex
from bot.schedules.models import TOPIC_WORDS_HASH, Meta, Topic, TopicWord, bump_data_version
from bot.schedules.text import fold_phrase

CATALOGUE_FILE = Path(__file__).with_name("topic_words.yml")
IGNORE = "-"


@dataclass(frozen=True)
class TopicWordEntry:
    """What a matched phrase means: a topic code (or IGNORE) and its strength."""

    code: str
    weak: bool


@dataclass(frozen=True)
class TopicFinding:
    """Topics named in a question and the token positions their words took."""

    codes: Tuple[str, ...]
    positions: FrozenSet[int]


def load_catalogue_file(path: Path = CATALOGUE_FILE) -> dict:
    """The YAML catalogue, checked for the shape the sync expects."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    topics = data.get("topics") or {}
    if not isinstance(topics, dict) or not topics:
        raise ValueError(f"{path}: 'topics' must map topic codes to label and words")
    for code, entry in topics.items():
        if not entry.get("label"):
            raise ValueError(f"{path}: topic {code!r} has no label")
    return data


def sync_catalogue(session: Session, path: Path = CATALOGUE_FILE) -> bool:
    """Copies the topic catalogue into the database if the file changed.

    Returns True when the database was updated.
    """
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    stored = session.get(Meta, TOPIC_WORDS_HASH)
    if stored is not None and stored.value == digest:
        return False
    data = load_catalogue_file(path)
    existing = {topic.code: topic for topic in session.execute(select(Topic)).scalars()}
    for code, entry in data["topics"].items():
        topic = existing.get(code) or Topic(code=code)
        topic.label = str(entry["label"])
        session.add(topic)
    session.flush()
    session.query(TopicWord).delete()
    seen = set()
    for code, entry in data["topics"].items():
        for weak, phrases in ((False, entry.get("words") or []), (True, entry.get("weak") or [])):
            for phrase in phrases:
                key = (code, str(phrase))
                if key not in seen:
                    seen.add(key)
                    session.add(TopicWord(topic_code=code, phrase=str(phrase), weak=weak))
    for phrase in data.get("ignore") or []:
        key = (None, str(phrase))
        if key not in seen:
            seen.add(key)
            session.add(TopicWord(topic_code=None, phrase=str(phrase), weak=False))
    if stored is None:
        session.add(Meta(key=TOPIC_WORDS_HASH, value=digest))
    else:
        stored.value = digest
    bump_data_version(session)
    return True


class TopicIndex:
    """Topic words of the database, ready to be found in a folded question."""

    def __init__(self, labels: Dict[str, str], words: Sequence[Tuple[Optional[str], str, bool]]):
        self.labels = dict(labels)
        self._index: PhraseIndex[TopicWordEntry] = PhraseIndex()
        for code in labels:
            # the code itself ("vneid", "dvc") is always a word for its topic
            self._index.add(fold_phrase(code).split(), TopicWordEntry(code, False))
        for code, phrase, weak in words:
            folded = fold_phrase(phrase).split()
            self._index.add(folded, TopicWordEntry(code or IGNORE, weak))

    @classmethod
    def from_session(cls, session: Session) -> "TopicIndex":
        labels = {t.code: t.label for t in session.execute(select(Topic)).scalars()}
        rows = session.execute(select(TopicWord.topic_code, TopicWord.phrase, TopicWord.weak))
        return cls(labels, [tuple(row) for row in rows])

    @property
    def codes(self) -> List[str]:
        return list(self.labels)

    def find(self, words: Sequence[str], blocked: AbstractSet[int] = frozenset()) -> TopicFinding:
        """Topics named in the words; weak words count only if nothing stronger is there."""
        strong: List[str] = []
        weak: List[str] = []
        positions = set()
        for hit in self._index.find(words, blocked, fuzzy=True):
            entries = [e for e in hit.values if e.code != IGNORE]
            if len(entries) < len(hit.values) and hit.fuzzy:
                continue  # a typo near an ignored phrase is not a topic word
            positions.update(range(hit.start, hit.end))
            if len(entries) < len(hit.values):
                continue  # an ignored phrase ("số điện thoại") hides its words
            for entry in entries:
                bucket = weak if entry.weak else strong
                if entry.code not in bucket:
                    bucket.append(entry.code)
        codes = strong or weak
        return TopicFinding(tuple(codes), frozenset(positions))

    def label(self, code: str) -> str:
        return self.labels.get(code, code)
