"""NLU benchmark: the project pipeline against Rasa's default pipeline.

Trains both on the same data and evaluates intents on the held-out file
tests/nlu/heldout.yml, split into messages with and without diacritics, and
times training and parsing. Two training sets:

- all training examples (bot/data plus the generated knowledge phrasings),
  about 40% of them typed without diacritics;
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
from benchmarks.training_sets import TRAINING_DATA, training_examples, with_diacritics, write_nlu

PIPELINES = {
    "project (config.yml)": REPO_ROOT / "config.yml",
    "Rasa default (Whitespace + CountVectors + DIET)": REPO_ROOT / "benchmarks" / "baseline_config.yml",
}


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


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--skip-baseline", action="store_true")
    arguments.add_argument("--all-examples-only", action="store_true", help="skip the diacritics-only set")
    arguments.add_argument("--json", type=Path, help="also write the figures as JSON")
    options = arguments.parse_args()
    pipelines = dict(list(PIPELINES.items())[:1] if options.skip_baseline else PIPELINES.items())
    figures: Dict[str, Dict[str, Dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        training_sets = {"All training examples": TRAINING_DATA}
        if not options.all_examples_only:
            training_sets["Training examples with diacritics only"] = write_nlu(
                with_diacritics(training_examples()), workdir / "with_diacritics.yml")
        for set_index, (title, nlu) in enumerate(training_sets.items()):
            figures[title] = {
                label: measure(config, nlu, workdir, f"bench{set_index}{index}")
                for index, (label, config) in enumerate(pipelines.items())
            }
    for title, results in figures.items():
        print_table(title, results)
    if options.json:
        options.json.parent.mkdir(parents=True, exist_ok=True)
        options.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
