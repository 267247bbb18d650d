"""Knowledge-base benchmark: routing quality on the blind test set and the development set, REST latency.

Routing figures come from the trained model's parse of each question and the
answering action's own decision rule (scam safety included). The test set
(tests/knowledge/test_set_*.yml) is reported by writing style; the development
set (tests/knowledge/dev_questions*.yml), which thresholds are tuned on, apart. Latency is measured end to end:
each question is sent through the REST channel of a running Rasa server with
its action server, as a resident's message would be.
Writes the per-article results to var/bench/kb.json for the officials' console.

    python -m benchmarks.bench_kb
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.evaluation import KB_DEV, REPO_ROOT, Parser, evaluate_routing, load_kb_questions, percentile, route

RESULTS_FILE = REPO_ROOT / "var" / "bench" / "kb.json"


def per_article(parser: Parser, questions) -> dict:
    """Right answers per article, for the coverage report."""
    counts = defaultdict(lambda: {"questions": 0, "right": 0})
    for question in questions:
        if question.article is None:
            continue
        kind, articles = route(parser.parse(question.text))
        counts[question.article]["questions"] += 1
        counts[question.article]["right"] += kind == "answer" and question.is_right(articles[0])
    return dict(counts)


def rest_latencies(texts) -> list:
    """Seconds per message sent through a running assistant's REST channel, one new sender each."""
    from tests.conversation.servers import Assistant

    with tempfile.TemporaryDirectory() as workdir:
        assistant = Assistant(Path(workdir)).start()
        try:
            latencies = []
            for index, text in enumerate(texts):
                started = time.perf_counter()
                assistant.say(f"bench-{index}", text)
                latencies.append(time.perf_counter() - started)
            return latencies
        finally:
            assistant.stop()


def print_table(title: str, scores: dict) -> None:
    """One row per split: right, wrong, asked to choose, declined, negatives answered."""
    print(f"\n{title}\n")
    print("| questions | right article | wrong article | asked to choose | declined | out-of-scope answered |")
    print("|---|---|---|---|---|---|")
    for split, s in scores.items():
        print(f"| {split} ({s.in_scope}) | {s.rate(s.right):.1%} | {s.rate(s.wrong):.1%} | "
              f"{s.rate(s.clarified):.1%} | {s.rate(s.abstained):.1%} | {s.negatives_answered}/{s.negatives} |")


def main() -> int:
    questions = load_kb_questions()
    parser = Parser()
    scores = evaluate_routing(parser, questions)
    print_table("Blind test set (tests/knowledge/test_set_*.yml): nothing is tuned on it", scores)
    print_table("Development set (tests/knowledge/dev_questions*.yml): thresholds are tuned on it",
                evaluate_routing(parser, load_kb_questions(*KB_DEV)))
    parse_ms = sorted(1000 * t for t in parser.latencies)
    print(f"\nNLU parse per message ({len(parse_ms)}): p50 {percentile(parse_ms, 50):.0f} ms, "
          f"p95 {percentile(parse_ms, 95):.0f} ms")
    latencies = rest_latencies([q.text for q in questions])
    print(f"\nREST latency per message ({len(latencies)} messages): "
          f"p50 {1000 * percentile(latencies, 50):.0f} ms, p95 {1000 * percentile(latencies, 95):.0f} ms, "
          f"max {1000 * max(latencies):.0f} ms")
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(json.dumps({
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "articles": per_article(parser, questions),
        "overall": {split: {"right": s.rate(s.right), "wrong": s.rate(s.wrong)} for split, s in scores.items()},
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {RESULTS_FILE.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
