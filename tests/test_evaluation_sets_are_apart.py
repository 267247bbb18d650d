"""The three sets stay apart: training phrasings, development sets, blind test sets.

A test line that also appears in training or development data (accent-folded,
lower-cased, punctuation ignored) measures memory, not understanding, so any
such line fails this test; drop it from the test set or the training data.
"""
from pathlib import Path
from typing import Dict, Iterable, List

import regex
import yaml

from bot.knowledge.store import load_articles
from bot.nlu.normalization import fold

ROOT = Path(__file__).resolve().parents[1]
TRAINING_FILES = sorted((ROOT / "bot" / "data").glob("*.yml"))
DEV_FILES = [ROOT / "tests" / "nlu" / "dev.yml", ROOT / "tests" / "knowledge" / "dev_questions.yml",
             ROOT / "tests" / "knowledge" / "dev_questions_2.yml", ROOT / "tests" / "scam" / "dev_messages.yml"]
TEST_FILES = [ROOT / "tests" / "nlu" / "heldout.yml", ROOT / "tests" / "knowledge" / "test_set_a.yml",
              ROOT / "tests" / "knowledge" / "test_set_b.yml", ROOT / "tests" / "scam" / "test_messages.yml"]


def key(line: str) -> str:
    """The form two lines are compared in."""
    return " ".join(regex.sub(r"[^\w\s]", " ", fold(line)).split())


def lines_of(path: Path) -> List[str]:
    """Every message of a Rasa NLU file, a question file or a scam message file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    found = [item["text"] for name in ("questions", "messages") for item in data.get(name) or []]
    for block in data.get("nlu") or []:
        found += [line.strip()[2:] for line in (block.get("examples") or "").splitlines() if line.strip().startswith("- ")]
    return found


def keyed(lines: Iterable[str], origin: str) -> Dict[str, str]:
    return {key(line): origin for line in lines if key(line)}


def test_no_test_line_appears_in_training_or_development_data():
    seen = keyed((q for a in load_articles().values() for q in a.questions), "article questions")
    for path in TRAINING_FILES + DEV_FILES:
        seen.update(keyed(lines_of(path), str(path.relative_to(ROOT))))
    overlaps = [
        f"{path.relative_to(ROOT)}: {line!r} is in {seen[key(line)]}"
        for path in TEST_FILES for line in lines_of(path) if key(line) in seen
    ]
    assert not overlaps, "\n".join(overlaps)


def test_the_sets_are_not_empty():
    assert all(lines_of(path) for path in TEST_FILES + DEV_FILES)
