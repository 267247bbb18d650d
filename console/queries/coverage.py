"""The coverage page: how well each catalogue question is answered, and how often it is asked.

For every catalogue question: whether an article answers it, when the article
was last reviewed (flagged after 180 days), its sources, how many training
phrasings it has, its accuracy on the held-out questions of the latest
`make bench-kb` (var/bench/kb.json, which may be missing), how often it was
answered in the last 7 and 30 days, and its 👍 / 👎 counts.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

from bot.knowledge.store import TOPIC_TITLES, Article, Source
from bot.knowledge.training_data import phrasings
from console.periods import Period
from console.queries.answer_log import Answer, AnswerLogReader


@dataclass(frozen=True)
class CatalogueEntry:
    """One question of the FAQ catalogue (bot/knowledge/catalogue.yml)."""

    id: str
    topic: str
    question: str


@dataclass(frozen=True)
class Bench:
    """Held-out results of the latest `make bench-kb`, or why there are none."""

    measured_at: Optional[str] = None
    articles: Mapping[str, Tuple[int, int]] = field(default_factory=dict)  # id -> (right, questions)
    problem: Optional[str] = None


@dataclass(frozen=True)
class Row:
    """One catalogue question and everything the page says about it."""

    id: str
    topic: str
    question: str
    article: Optional[Article]
    in_catalogue: bool
    stale: bool
    phrasings: int
    heldout: Optional[Tuple[int, int]]
    asked_7: int
    asked_30: int
    helpful: int
    not_helpful: int

    @property
    def sources(self) -> Tuple[Source, ...]:
        return self.article.sources if self.article else ()

    @property
    def accuracy(self) -> Optional[float]:
        return self.heldout[0] / self.heldout[1] if self.heldout and self.heldout[1] else None


@dataclass(frozen=True)
class Total:
    """Sums over a topic (or over everything)."""

    code: str
    title: str
    questions: int
    with_article: int
    stale: int
    phrasings: int
    heldout_right: int
    heldout_questions: int
    asked_7: int
    asked_30: int
    helpful: int
    not_helpful: int

    @property
    def accuracy(self) -> Optional[float]:
        return self.heldout_right / self.heldout_questions if self.heldout_questions else None


@dataclass(frozen=True)
class Coverage:
    """The whole coverage page."""

    rows: List[Row]
    topics: List[Total]
    total: Total
    bench: Bench
    catalogue_problem: Optional[str]
    log_available: bool


def load_catalogue(path: Path, articles: Mapping[str, Article]) -> Tuple[List[CatalogueEntry], Optional[str]]:
    """The catalogue questions; without the file, the articles stand in for it (with a note)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        entries = [CatalogueEntry(str(e["id"]), str(e["topic"]), str(e["question"])) for e in raw]
        return entries, None
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        fallback = [CatalogueEntry(a.id, a.topic, a.title) for a in articles.values()]
        return fallback, f"Không đọc được danh mục câu hỏi {path} ({type(error).__name__}); đang dùng danh sách bài viết."


def load_bench(path: Path) -> Bench:
    """Per-article held-out results from kb.json, tolerating a missing or broken file."""
    if not path.is_file():
        return Bench(problem="Chưa có kết quả đo trên bộ câu hỏi kiểm tra: chạy `make bench-kb`.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        results = {
            str(article): (int(r["right"]), int(r["questions"]))
            for article, r in (data.get("articles") or {}).items()
        }
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return Bench(problem=f"Không đọc được {path.name}: chạy lại `make bench-kb`.")
    return Bench(measured_at=str(data.get("measured_at") or "") or None, articles=results)


def _asked(answers: Iterable[Answer], since: date) -> Counter:
    return Counter(a.article_id for a in answers if a.at.date() >= since)


def build_coverage(
    catalogue: Sequence[CatalogueEntry],
    articles: Mapping[str, Article],
    bench: Bench,
    answers: Sequence[Answer],
    feedback: Mapping[str, Tuple[int, int]],
    today: date,
    stale_after_days: int = 180,
) -> List[Row]:
    """One row per catalogue question, then any article the catalogue lacks."""
    asked_30 = _asked(answers, today - timedelta(days=29))
    asked_7 = _asked(answers, today - timedelta(days=6))
    oldest_fresh = today - timedelta(days=stale_after_days)
    entries = list(catalogue)
    known = {e.id for e in entries}
    entries += [CatalogueEntry(a.id, a.topic, a.title) for a in articles.values() if a.id not in known]
    rows = []
    for entry in entries:
        article = articles.get(entry.id)
        up, down = feedback.get(entry.id, (0, 0))
        rows.append(Row(
            id=entry.id,
            topic=entry.topic,
            question=entry.question,
            article=article,
            in_catalogue=entry.id in known,
            stale=article is not None and article.reviewed < oldest_fresh,
            phrasings=len(phrasings(article)) if article else 0,
            heldout=bench.articles.get(entry.id),
            asked_7=asked_7[entry.id],
            asked_30=asked_30[entry.id],
            helpful=up,
            not_helpful=down,
        ))
    return rows


def total(code: str, title: str, rows: Sequence[Row]) -> Total:
    """Sums of the rows."""
    return Total(
        code=code,
        title=title,
        questions=len(rows),
        with_article=sum(1 for r in rows if r.article),
        stale=sum(1 for r in rows if r.stale),
        phrasings=sum(r.phrasings for r in rows),
        heldout_right=sum(r.heldout[0] for r in rows if r.heldout),
        heldout_questions=sum(r.heldout[1] for r in rows if r.heldout),
        asked_7=sum(r.asked_7 for r in rows),
        asked_30=sum(r.asked_30 for r in rows),
        helpful=sum(r.helpful for r in rows),
        not_helpful=sum(r.not_helpful for r in rows),
    )


def by_topic(rows: Sequence[Row]) -> List[Total]:
    """Totals per topic, in the catalogue's topic order."""
    order: Dict[str, List[Row]] = {}
    for row in rows:
        order.setdefault(row.topic, []).append(row)
    return [total(code, TOPIC_TITLES.get(code, code), members) for code, members in order.items()]


def coverage(
    reader: AnswerLogReader,
    articles: Mapping[str, Article],
    catalogue_file: Path,
    bench_file: Path,
    today: date,
    stale_after_days: int = 180,
) -> Coverage:
    """Everything the coverage page shows, read from the live sources."""
    catalogue, problem = load_catalogue(catalogue_file, articles)
    bench = load_bench(bench_file)
    activity = reader.activity(Period.last_days(30, today))
    rows = build_coverage(catalogue, articles, bench, activity.answers, reader.feedback_totals(), today, stale_after_days)
    return Coverage(rows, by_topic(rows), total("all", "Tất cả", rows), bench, problem, reader.available())
