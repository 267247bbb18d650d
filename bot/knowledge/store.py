"""Loads knowledge-base articles (YAML data) into typed, read-only objects.

The articles in `articles/*.yml` are the single source of truth for answers
and for the NLU phrasings generated from them; this module is the only place
that reads them.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

import yaml

ARTICLES_DIR = Path(__file__).with_name("articles")
TOPIC_TITLES = {
    "vneid": "VNeID",
    "dvc": "Dịch vụ công",
    "payment": "Chuyển tiền, QR",
    "scam": "Phòng lừa đảo",
    "health": "Y tế số",
    "basics": "Dùng điện thoại",
    "movement": "Bình dân học vụ số",
}


@dataclass(frozen=True)
class Step:
    """One action the reader does, with an optional tip for when it fails."""

    do: str
    help: Optional[str] = None


@dataclass(frozen=True)
class Source:
    """Where a fact comes from and when it was checked."""

    url: str
    publisher: str
    page_date: str
    checked: dt.date
    supports: str


@dataclass(frozen=True)
class Article:
    """A knowledge-base article: one catalogue question, answered."""

    id: str
    topic: str
    title: str
    button: str
    reviewed: dt.date
    questions: Tuple[str, ...]
    answer: str
    steps: Tuple[Step, ...] = ()
    alternatives: Optional[str] = None
    warnings: Tuple[str, ...] = ()
    handoff: Optional[str] = None
    sources: Tuple[Source, ...] = field(default_factory=tuple)
    # the answer worded for one level ("beginner" / "confident"), where it matters;
    # the same facts as `answer`, only said more simply or more briefly
    level_answers: Mapping[str, str] = field(default_factory=dict)

    def answer_for(self, level: Optional[str]) -> str:
        """The answer for a resident's level, or the standard one."""
        return self.level_answers.get(level or "", self.answer)


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _article(raw: Mapping) -> Article:
    return Article(
        id=raw["id"],
        topic=raw["topic"],
        title=raw["title"],
        button=raw["button"],
        reviewed=_as_date(raw["reviewed"]),
        questions=tuple(str(q) for q in raw["questions"]),
        answer=raw["answer"].strip(),
        steps=tuple(Step(s["do"].strip(), (s.get("help") or "").strip() or None) for s in raw.get("steps") or []),
        alternatives=(raw.get("alternatives") or "").strip() or None,
        warnings=tuple(w.strip() for w in raw.get("warnings") or []),
        handoff=(raw.get("handoff") or "").strip() or None,
        sources=tuple(
            Source(
                url=s["url"],
                publisher=s["publisher"],
                page_date=str(s["page_date"]),
                checked=_as_date(s["checked"]),
                supports=s["supports"],
            )
            for s in raw.get("sources") or []
        ),
        level_answers={level: text.strip() for level, text in (raw.get("level_answers") or {}).items()},
    )


def load_articles(directory: Path = ARTICLES_DIR) -> Dict[str, Article]:
    """All articles by id, in file order; raises on a duplicate id."""
    articles: Dict[str, Article] = {}
    for path in sorted(directory.glob("*.yml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            article = _article(raw)
            if article.id in articles:
                raise ValueError(f"duplicate article id {article.id!r} in {path}")
            articles[article.id] = article
    return articles


@functools.lru_cache(maxsize=1)
def articles() -> Dict[str, Article]:
    """The shipped articles, loaded once per process."""
    return load_articles()


def by_topic(topic: str) -> List[Article]:
    """Articles of one catalogue topic, in file order."""
    return [a for a in articles().values() if a.topic == topic]
