"""NLU benchmark: the project pipeline against Rasa's default pipeline.

Trains both on the same data (bot/data plus the generated knowledge phrasings),
evaluates intents on the held-out file tests/nlu/heldout.yml, split into
messages with and without diacritics, and times training and parsing.

    python -m benchmarks.bench_nlu [--skip-baseline]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict

from benchmarks.evaluation import REPO_ROOT, Parser, evaluate_intents, load_nlu_examples, percentile

PIPELINES = {
    "project (config.yml)": REPO_ROOT / "config.yml",
    "Rasa default (Whitespace + CountVectors + DIET)": REPO_ROOT / "benchmarks" / "baseline_config.yml",
}


def train_nlu(config: Path, out: Path, name: str) -> float:
    """Trains an NLU-only model; returns the wall-clock seconds it took."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(REPO_ROOT)}
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "train", "nlu", "--config", str(config),
         "--nlu", str(REPO_ROOT / "bot" / "data"), "--out", str(out), "--fixed-model-name", name],
        check=True, env=env, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def measure(config: Path, workdir: Path, name: str) -> Dict[str, float]:
    seconds = train_nlu(config, workdir, name)
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


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--skip-baseline", action="store_true")
    options = arguments.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as workdir:
        for index, (label, config) in enumerate(PIPELINES.items()):
            if index and options.skip_baseline:
                continue
            results[label] = measure(config, Path(workdir), f"bench{index}")
    first = next(iter(results.values()))
    print(f"\nHeld-out intents: {first['n_all']:.0f} messages, {first['n_unaccented']:.0f} without diacritics\n")
    print("| pipeline | accuracy | macro-F1 | acc. with diacritics | acc. without | F1 without | training | parse p50 | parse p95 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, r in results.items():
        print(f"| {label} | {r['all_acc']:.1%} | {r['all_f1']:.3f} | {r['accented_acc']:.1%} | "
              f"{r['unaccented_acc']:.1%} | {r['unaccented_f1']:.3f} | {r['train_s']:.0f} s | "
              f"{r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
