"""Scam-checker benchmark: recall and false alarms on the blind message set, latency.

tests/scam/test_messages.yml was written apart from the rules by a writer who
never saw them (nothing is tuned on it); tests/scam/dev_messages.yml, which
the rules were tuned on, is reported apart. A scam message counts as caught
when the verdict is `scam` or `suspicious` and at least one reason is given;
a false alarm is a legitimate message called `scam`.

    python -m benchmarks.bench_scam [--rest]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List

import yaml

from benchmarks.evaluation import REPO_ROOT, percentile
from bot.scam.checker import NO_RED_FLAGS, SCAM, SUSPICIOUS, check
from bot.scam.situations import PASTED, classify

TEST_SET = REPO_ROOT / "tests" / "scam" / "test_messages.yml"
DEV_SET = REPO_ROOT / "tests" / "scam" / "dev_messages.yml"


def load(path: Path) -> List[Dict[str, str]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def scores(messages: List[Dict[str, str]]) -> Dict[str, float]:
    """Recall, strict recall, false alarms and 'suspicious' rate on legitimate messages."""
    scams = [m for m in messages if m["label"] == "scam"]
    legit = [m for m in messages if m["label"] == "legit"]
    verdicts = {id(m): check(m["text"]) for m in messages}
    routes = [classify(m["text"]) for m in messages]
    caught = [m for m in scams if verdicts[id(m)].verdict != NO_RED_FLAGS and verdicts[id(m)].reasons]
    return {
        "scams": len(scams),
        "legit": len(legit),
        "recall": len(caught) / len(scams),
        "called_scam": sum(verdicts[id(m)].verdict == SCAM for m in scams) / len(scams),
        "false_alarms": sum(verdicts[id(m)].verdict == SCAM for m in legit) / len(legit),
        "legit_suspicious": sum(verdicts[id(m)].verdict == SUSPICIOUS for m in legit) / len(legit),
        "routed_to_checker": sum(r is not None and r.kind == PASTED for r in routes) / len(messages),
    }


def check_latencies(messages: List[Dict[str, str]], repeat: int = 5) -> List[float]:
    """Milliseconds per message for the rules alone (routing + checking), best of `repeat`."""
    times = []
    for message in messages:
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            classify(message["text"])
            check(message["text"])
            best = min(best, time.perf_counter() - started)
        times.append(1000 * best)
    return times


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description="Scam-checker benchmark")
    parser.add_argument("--rest", action="store_true", help="also time whole replies through a running assistant")
    args = parser.parse_args(argv)
    print("| set | scams | legitimate | caught (scam or suspicious, with a reason) | called scam | "
          "legitimate called scam | legitimate called suspicious | sent to the checker |")
    print("|---|---|---|---|---|---|---|---|")
    for name, path in (("test (blind)", TEST_SET), ("development", DEV_SET)):
        s = scores(load(path))
        print(f"| {name} | {s['scams']} | {s['legit']} | {s['recall']:.1%} | {s['called_scam']:.1%} | "
              f"{s['false_alarms']:.1%} | {s['legit_suspicious']:.1%} | {s['routed_to_checker']:.1%} |")
    messages = load(TEST_SET)
    rules_ms = sorted(check_latencies(messages))
    print(f"\nRules per message ({len(rules_ms)}): p50 {percentile(rules_ms, 50):.2f} ms, "
          f"p95 {percentile(rules_ms, 95):.2f} ms, mean {statistics.mean(rules_ms):.2f} ms")
    if args.rest:
        from benchmarks.bench_kb import rest_latencies

        replies = sorted(1000 * t for t in rest_latencies([m["text"] for m in messages]))
        print(f"Whole reply through REST ({len(replies)}): p50 {percentile(replies, 50):.0f} ms, "
              f"p95 {percentile(replies, 95):.0f} ms, max {replies[-1]:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
