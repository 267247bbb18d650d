"""NLU benchmark: the project pipeline against Rasa's default pipeline.

Trains both on the same data and evaluates intents on the held-out file
tests/nlu/heldout.yml, split into messages with and without diacritics, and
times training and parsing. Two training sets:

- all training examples (bot/data plus the generated knowledge phrasings),
  some typed without diacritics where people word things differently; the
  default pipeline also trains once with an unaccented copy of every example
  written into the data, which is what it needs to match our in-pipeline copies;
- only the examples typed with diacritics: what a developer who writes
  "proper" Vietnamese gets, which shows how much of the understanding of
  unaccented messages the pipeline itself brings.

    python -m benchmarks.bench_nlu [--skip-baseline] [--all-examples-only] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict

from benchmarks.evaluation import REPO_ROOT, Parser, evaluate_intents, load_nlu_examples, percentile
from benchmarks.training_sets import (
    TRAINING_DATA, training_examples, with_diacritics, with_unaccented_copies, write_nlu,
)

PROJECT = REPO_ROOT / "config.yml"
BASELINE = REPO_ROOT / "benchmarks" / "baseline_config.yml"
ALL, WITH_COPIES, ACCENTED = "All training examples", "with copies", "Training examples with diacritics only"
# (table, row, pipeline, training set); the tables are the training sets the
# pipelines are compared on, the copies row shows what data-level
# augmentation gives the default pipeline.
RUNS = [
    (ALL, "project (config.yml)", PROJECT, ALL),
    (ALL, "Rasa default (Whitespace + CountVectors + DIET)", BASELINE, ALL),
    (ALL, "Rasa default, unaccented copies written into the data", BASELINE, WITH_COPIES),
    (ACCENTED, "project (config.yml)", PROJECT, ACCENTED),
    (ACCENTED, "Rasa default (Whitespace + CountVectors + DIET)", BASELINE, ACCENTED),
]


def train_nlu(config: Path, out: Path, name: str, nlu: Path = TRAINING_DATA) -> float:
    """Trains an NLU-only model; returns the wall-clock seconds it took."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(REPO_ROOT)}
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "train", "nlu", "--config", str(config),
         "--nlu", str(nlu), "--out", str(out), "--fixed-model-name", name],
        check=True, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def measure(config: Path, nlu: Path, workdir: Path, name: str) -> Dict[str, float]:
    """Trains one pipeline on one training set and scores it on the held-out file."""
    seconds = train_nlu(config, workdir, name, nlu)
    parser = Parser(workdir / f"{name}.tar.gz")
    scores = evaluate_intents(parser, load_nlu_examples())
    return {
        "train_s": seconds,
        **{f"{split}_acc": score.accuracy for split, score in scores.items()},
        **{f"{split}_f1": score.macro_f1 for split, score in scores.items()},
        "n_all": scores["all"].total,
        "n_unaccented": scores["unaccented"].total,
        "p50_ms": 1000 * percentile(parser.latencies, 50),
        "p95_ms": 1000 * percentile(parser.latencies, 95),
    }


def print_table(title: str, results: Dict[str, Dict[str, float]]) -> None:
    """One markdown table per training set."""
    first = next(iter(results.values()))
    print(f"\n{title}: held-out {first['n_all']:.0f} messages, {first['n_unaccented']:.0f} without diacritics\n")
    print("| pipeline | accuracy | macro-F1 | acc. with diacritics | acc. without | F1 without | training | parse p50 | parse p95 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, r in results.items():
        print(f"| {label} | {r['all_acc']:.1%} | {r['all_f1']:.3f} | {r['accented_acc']:.1%} | "
              f"{r['unaccented_acc']:.1%} | {r['unaccented_f1']:.3f} | {r['train_s']:.0f} s | "
              f"{r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms |")


def training_files(workdir: Path) -> Dict[str, Path]:
    """The training sets as NLU files."""
    examples = training_examples()
    return {
        ALL: TRAINING_DATA,
        WITH_COPIES: write_nlu(with_unaccented_copies(examples), workdir / "with_copies.yml"),
        ACCENTED: write_nlu(with_diacritics(examples), workdir / "with_diacritics.yml"),
    }


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--skip-baseline", action="store_true")
    arguments.add_argument("--all-examples-only", action="store_true", help="only the first table")
    arguments.add_argument("--json", type=Path, help="also write the figures as JSON")
    options = arguments.parse_args()
    runs = [run for run in RUNS if not (options.skip_baseline and run[2] == BASELINE)
            and not (options.all_examples_only and run[0] != ALL)]
    figures: Dict[str, Dict[str, Dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        files = training_files(workdir)
        for index, (table, label, config, training_set) in enumerate(runs):
            figures.setdefault(table, {})[label] = measure(config, files[training_set], workdir, f"bench{index}")
    for title, results in figures.items():
        print_table(title, results)
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
