"""The NLU training examples the benchmarks train on, whole or in part.

The benchmarks retrain on subsets (cross-validation folds, the examples
written with diacritics only), so they read the examples the way `rasa train`
does and write a subset back as an NLU file.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import yaml

from benchmarks.evaluation import REPO_ROOT
from bot.nlu.normalization import is_unaccented

TRAINING_DATA = REPO_ROOT / "bot" / "data"
Example = Tuple[str, str]


def training_examples(data: Path = TRAINING_DATA) -> List[Example]:
    """(text, intent) of every NLU example; retrieval intents in full ("faq/<id>")."""
    from rasa.shared.importers.importer import TrainingDataImporter

    nlu = TrainingDataImporter.load_from_dict(training_data_paths=[str(data)]).get_nlu_data()
    return [(m.get("text"), m.get_full_intent()) for m in nlu.intent_examples]


def with_diacritics(examples: Sequence[Example]) -> List[Example]:
    """Only the examples typed with Vietnamese diacritics (no unaccented copies)."""
    return [(text, intent) for text, intent in examples if not is_unaccented(text)]


def with_unaccented_copies(examples: Sequence[Example]) -> List[Example]:
    """The examples plus the unaccented copies the pipeline would make, as the
    files held them before the pipeline made the copies itself."""
    from rasa.shared.nlu.training_data.message import Message

    from bot.nlu.unaccented_copies import unaccented_copies

    copies = unaccented_copies([Message.build(text, intent=intent) for text, intent in examples])
    return list(examples) + [(copy.get("text"), copy.get_full_intent()) for copy in copies]


def write_nlu(examples: Sequence[Example], path: Path) -> Path:
    """Writes the examples as a Rasa NLU training file."""
    by_intent: Dict[str, List[str]] = defaultdict(list)
    for text, intent in examples:
        by_intent[intent].append(" ".join(text.split()))
    blocks = [{"intent": i, "examples": "".join(f"- {t}\n" for t in texts)} for i, texts in by_intent.items()]
    path.write_text(yaml.safe_dump({"version": "3.1", "nlu": blocks}, allow_unicode=True), encoding="utf-8")
    return path
