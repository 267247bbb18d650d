"""Evaluates a trained model on held-out files: intents and article routing.

Shared by the tests (which fail below the targets) and the benchmark scripts
(which print the figures). Messages are split into "accented" and
"unaccented" (no Vietnamese diacritics at all) because residents type both.
"""
from __future__ import annotations

import asyncio
import logging
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import yaml

from bot.knowledge.routing import ANSWER, CLARIFY, decide_safely
from bot.knowledge.store import articles as known_articles
from bot.nlu.normalization import is_unaccented

REPO_ROOT = Path(__file__).resolve().parents[1]
MODEL_PATH = REPO_ROOT / "models" / "assistant.tar.gz"
NLU_HELDOUT = REPO_ROOT / "tests" / "nlu" / "heldout.yml"
# Knowledge questions: the development set routing is tuned on, and the blind
# test set (two writers who saw only the FAQ catalogue) that nothing is tuned on.
KB_DEV = (REPO_ROOT / "tests" / "knowledge" / "dev_questions.yml", REPO_ROOT / "tests" / "knowledge" / "dev_questions_2.yml")
KB_TEST = (REPO_ROOT / "tests" / "knowledge" / "test_set_a.yml", REPO_ROOT / "tests" / "knowledge" / "test_set_b.yml")
KB_INTENT = "faq"


def base_intent(intent: str) -> str:
    """"faq/vneid_install" -> "faq": what the intent classifier predicts."""
    return intent.split("/")[0]


def load_nlu_examples(path: Path = NLU_HELDOUT) -> List[Tuple[str, str]]:
    """(text, intent) pairs from a Rasa NLU YAML file; "faq/<id>" counts as "faq",
    the intent the classifier predicts."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data["nlu"]:
        intent = base_intent(block["intent"])
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((line[2:].strip(), intent))
    return pairs


@dataclass(frozen=True)
class KBQuestion:
    """A knowledge question, the article(s) that answer it (none: must not be answered), its style."""

    text: str
    article: Optional[str]
    also_ok: Tuple[str, ...] = ()
    style: str = ""

    def is_right(self, article: str) -> bool:
        return article == self.article or article in self.also_ok


def load_kb_questions(*paths: Path) -> List[KBQuestion]:
    """The questions of the given files (default: the blind test set)."""
    questions = []
    for path in paths or KB_TEST:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions += [
            KBQuestion(q["text"], q.get("article"), tuple(q.get("also_ok") or ()), q.get("style") or "")
            for q in data["questions"]
        ]
    return questions


class Parser:
    """Parses messages with a trained model, timing each parse."""

    def __init__(self, model_path: Path = MODEL_PATH) -> None:
        from rasa.core.agent import Agent
        from rasa.utils.log_utils import configure_structlog

        # Rasa logs every parse result at debug level; an evaluation must not
        # print the held-out messages' predictions for anyone to study.
        configure_structlog(logging.WARNING)
        self._loop = asyncio.new_event_loop()
        self._agent = Agent.load(str(model_path))
        self.latencies: List[float] = []
        self._parsed: Dict[str, Dict[str, Any]] = {}

    def parse(self, text: str) -> Dict[str, Any]:
        """Parses once per text (evaluations read the same questions several times)."""
        if text not in self._parsed:
            started = time.perf_counter()
            self._parsed[text] = self._loop.run_until_complete(self._agent.parse_message(text))
            self.latencies.append(time.perf_counter() - started)
        return self._parsed[text]


@dataclass
class Score:
    """Correct / total with per-label counts for macro-F1."""

    correct: int = 0
    total: int = 0
    pairs: List[Tuple[str, str]] = field(default_factory=list)

    def add(self, expected: str, predicted: str) -> None:
        self.total += 1
        self.correct += expected == predicted
        self.pairs.append((expected, predicted))

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def macro_f1(self) -> float:
        labels = {e for e, _ in self.pairs}
        scores = []
        for label in labels:
            tp = sum(1 for e, p in self.pairs if e == p == label)
            fp = sum(1 for e, p in self.pairs if p == label and e != label)
            fn = sum(1 for e, p in self.pairs if e == label and p != label)
            scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
        return statistics.mean(scores) if scores else 0.0


def evaluate_intents(parser: Parser, examples: Sequence[Tuple[str, str]]) -> Dict[str, Score]:
    """Intent accuracy overall and split by diacritics."""
    scores = {"all": Score(), "accented": Score(), "unaccented": Score()}
    for text, expected in examples:
        predicted = (parser.parse(text).get("intent") or {}).get("name") or ""
        scores["all"].add(expected, predicted)
        scores["unaccented" if is_unaccented(text) else "accented"].add(expected, predicted)
    return scores


@dataclass
class RoutingScore:
    """How knowledge questions were routed: right, wrong, clarified, declined."""

    right: int = 0
    wrong: int = 0
    clarified: int = 0
    abstained: int = 0
    negatives: int = 0
    negatives_answered: int = 0
    errors: List[Tuple[str, Optional[str], str]] = field(default_factory=list)

    @property
    def in_scope(self) -> int:
        return self.right + self.wrong + self.clarified + self.abstained

    def rate(self, count: int) -> float:
        return count / self.in_scope if self.in_scope else 0.0


def route(parse: Dict[str, Any]) -> Tuple[str, Tuple[str, ...]]:
    """What the assistant does with a parsed message: the answering action's decision."""
    if (parse.get("intent") or {}).get("name") != KB_INTENT:
        return "not_kb", ()
    decision = decide_safely(parse, known_articles())
    return decision.kind, decision.articles


def evaluate_routing(parser: Parser, questions: Sequence[KBQuestion]) -> Dict[str, RoutingScore]:
    """Routing outcome of every question: overall, by diacritics, and by writing style."""
    scores: Dict[str, RoutingScore] = {"all": RoutingScore(), "accented": RoutingScore(), "unaccented": RoutingScore()}
    for question in questions:
        text, expected = question.text, question.article
        kind, articles = route(parser.parse(text))
        splits = ["all", "unaccented" if is_unaccented(text) else "accented"]
        if question.style:
            splits.append(f"style:{question.style}")
        for score in (scores.setdefault(split, RoutingScore()) for split in splits):
            if expected is None:
                score.negatives += 1
                if kind == ANSWER:
                    score.negatives_answered += 1
                    score.errors.append((text, expected, articles[0]))
            elif kind == ANSWER and question.is_right(articles[0]):
                score.right += 1
            elif kind == ANSWER:
                score.wrong += 1
                score.errors.append((text, expected, articles[0]))
            elif kind == CLARIFY:
                score.clarified += 1
            else:
                score.abstained += 1
                score.errors.append((text, expected, kind))
    return scores


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) of the values, nearest-rank."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))
    return ordered[index]
