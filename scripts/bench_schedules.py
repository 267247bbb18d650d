#!/usr/bin/env python
"""Share of schedule questions answered with exactly the right classes.

Imports a timetable into a fresh temporary SQLite database, pins today, and
asks each question of the real lookup action (action_find_classes, driven
with a rasa_sdk Tracker as the action server would), then compares the slot
`class_ids` with the expected ids.

    .venv/bin/python scripts/bench_schedules.py                   # demo timetable + tests/schedules/questions.yml
    .venv/bin/python scripts/bench_schedules.py --classes lich.csv --questions my.yml --today 2027-01-04
    .venv/bin/python scripts/bench_schedules.py --min 0.95        # exit 1 below 95 %

A questions file: {today: YYYY-MM-DD, questions: [{q: "...", expected: [ids]}]}.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@dataclass
class Outcome:
    question: str
    expected: List[str]
    got: List[str]

    @property
    def exact(self) -> bool:
        return sorted(self.expected) == sorted(self.got)

    @property
    def in_order(self) -> bool:
        return self.expected == self.got


def run_bench(questions_file: Path, classes_file: Path, contacts_file: Optional[Path], today: Optional[str]) -> List[Outcome]:
    """Runs every question in a fresh database; restores the environment after."""
    spec = yaml.safe_load(questions_file.read_text(encoding="utf-8"))
    saved = {k: os.environ.get(k) for k in ("ASSISTANT_DB", "ASSISTANT_TODAY")}
    with tempfile.TemporaryDirectory() as workdir:
        os.environ["ASSISTANT_DB"] = f"sqlite:///{Path(workdir) / 'bench.db'}"
        os.environ["ASSISTANT_TODAY"] = str(today or spec["today"])
        try:
            return _ask_all(spec["questions"], classes_file, contacts_file)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _ask_all(questions, classes_file: Path, contacts_file: Optional[Path]) -> List[Outcome]:
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from bot.actions.schedules import ActionFindClasses
    from bot.schedules.importer import import_classes, import_contacts

    import_classes(classes_file)
    if contacts_file:
        import_contacts(contacts_file)
    action = ActionFindClasses()
    outcomes = []
    for item in questions:
        message = {"text": item["q"], "intent": {"name": "ask_schedule", "confidence": 1.0}, "entities": []}
        tracker = Tracker("bench", {"class_ids": [], "class_query": None}, message, [], False, None, {}, "action_listen")
        events = asyncio.run(action.run(CollectingDispatcher(), tracker, {}))
        got = next((e["value"] for e in events if e.get("event") == "slot" and e["name"] == "class_ids"), None)
        outcomes.append(Outcome(item["q"], [str(i) for i in item.get("expected") or []], [str(i) for i in got or []]))
    return outcomes


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "tests/schedules/questions.yml")
    parser.add_argument("--classes", type=Path, default=ROOT / "bot/schedules/demo/classes.csv")
    parser.add_argument("--contacts", type=Path, default=ROOT / "bot/schedules/demo/contacts.csv")
    parser.add_argument("--today", help="overrides the questions file's today (YYYY-MM-DD)")
    parser.add_argument("--min", type=float, default=0.0, help="fail (exit 1) below this share")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    outcomes = run_bench(args.questions, args.classes, args.contacts, args.today)
    elapsed = time.perf_counter() - started
    exact = sum(o.exact for o in outcomes)
    in_order = sum(o.in_order for o in outcomes)
    for o in outcomes:
        if not o.exact:
            print(f"MISS  {o.question!r}\n      expected {o.expected}\n      got      {o.got}")
    share = exact / len(outcomes) if outcomes else 0.0
    print(f"{exact}/{len(outcomes)} questions with exactly the right classes ({share:.1%}); "
          f"{in_order}/{len(outcomes)} also in the right order; {elapsed:.1f} s")
    return 0 if share >= args.min else 1


if __name__ == "__main__":
    sys.exit(main())
