"""Cross-validation on the training data: how DIET and the folded-text model
should be weighted in the intent vote, chosen without the held-out file.

Splits the NLU training examples into folds (an example and its unaccented
copy always land in the same fold), trains the project pipeline on the rest
with the vote switched off (DIET's ranking passes through), fits the
folded-text model on the same examples, and scores every DIET weight on the
left-out fold with the FallbackClassifier's thresholds applied.

    python -m benchmarks.cross_validate_nlu [--folds 5] [--weights 0,0.1,...,1] [--c 5,20,50]
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import yaml

from benchmarks.bench_nlu import train_nlu
from benchmarks.evaluation import REPO_ROOT, Parser, base_intent
from benchmarks.training_sets import Example, training_examples, write_nlu
from bot.nlu.folded_text_model import build_pipeline, folded_text
from bot.nlu.normalization import fold, is_unaccented

FALLBACK = "nlu_fallback"
Ranking = Dict[str, float]


def fold_assignment(examples: Sequence[Example], folds: int) -> List[int]:
    """Stratified by intent, grouped by folded text, reproducible."""
    from sklearn.model_selection import StratifiedGroupKFold

    groups = [" ".join(fold(text).lower().split()) for text, _ in examples]
    labels = [base_intent(intent) for _, intent in examples]
    assignment = [0] * len(examples)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=0)
    for index, (_, test) in enumerate(splitter.split(examples, labels, groups)):
        for position in test:
            assignment[position] = index
    return assignment


def diet_only_config(path: Path) -> None:
    """config.yml with the vote passing DIET's ranking through and no knowledge ranker."""
    config = yaml.safe_load((REPO_ROOT / "config.yml").read_text(encoding="utf-8"))
    pipeline = []
    for component in config["pipeline"]:
        if component["name"].endswith("ArticleRanker"):
            continue
        if component["name"].endswith("IntentVote"):
            component = {**component, "diet_weight": 1.0}
        pipeline.append(component)
    config["pipeline"] = pipeline
    config.pop("policies", None)
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")


def fallback_thresholds() -> Tuple[float, float]:
    """The FallbackClassifier's threshold and ambiguity threshold from config.yml."""
    config = yaml.safe_load((REPO_ROOT / "config.yml").read_text(encoding="utf-8"))
    fallback = next(c for c in config["pipeline"] if c["name"] == "FallbackClassifier")
    return fallback["threshold"], fallback["ambiguity_threshold"]


def decide(diet: Ranking, own: Ranking, weight: float, thresholds: Tuple[float, float]) -> str:
    """The intent the pipeline would output for one weight."""
    scores = {n: weight * diet.get(n, 0.0) + (1 - weight) * own.get(n, 0.0) for n in set(diet) | set(own)}
    ranked = sorted(scores.values(), reverse=True) + [0.0]
    best = max(scores, key=scores.get)
    threshold, ambiguity = thresholds
    if ranked[0] < threshold or ranked[0] - ranked[1] < ambiguity:
        return FALLBACK
    return best


def diet_rankings(examples: Sequence[Example], assignment: Sequence[int], folds: int) -> List[Ranking]:
    """DIET's ranking of every example by the model trained without its fold (slow)."""
    rankings: List[Ranking] = [{} for _ in examples]
    for index in range(folds):
        train = [e for e, f in zip(examples, assignment) if f != index]
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            diet_only_config(workdir / "config.yml")
            train_nlu(workdir / "config.yml", workdir, "fold", nlu=write_nlu(train, workdir / "nlu.yml"))
            parser = Parser(workdir / "fold.tar.gz")
            for position, ((text, _), f) in enumerate(zip(examples, assignment)):
                if f == index:
                    ranking = parser.parse(text).get("intent_ranking") or []
                    rankings[position] = {r["name"]: r["confidence"] for r in ranking if r["name"] != FALLBACK}
        print(f"DIET fold {index + 1}/{folds} done", file=sys.stderr)
    return rankings


def folded_rankings(examples: Sequence[Example], assignment: Sequence[int], folds: int, c: float) -> List[Ranking]:
    """The folded-text model's ranking of every example, trained without its fold (fast)."""
    rankings: List[Ranking] = [{} for _ in examples]
    for index in range(folds):
        train = [(folded_text(t), base_intent(i)) for (t, i), f in zip(examples, assignment) if f != index]
        model = build_pipeline(c).fit(*zip(*train))
        positions = [p for p, f in enumerate(assignment) if f == index]
        probabilities = model.predict_proba([folded_text(examples[p][0]) for p in positions])
        for position, row in zip(positions, probabilities):
            rankings[position] = dict(zip(model.classes_, map(float, row)))
    return rankings


def cached_diet_rankings(examples: Sequence[Example], assignment: Sequence[int], folds: int,
                         cache: Path) -> List[Ranking]:
    """DIET's rankings from the cache when it was made from the same examples and folds."""
    key = {"examples": list(map(list, examples)), "assignment": list(assignment)}
    if cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored["key"] == key:
            return stored["rankings"]
    rankings = diet_rankings(examples, assignment, folds)
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"key": key, "rankings": rankings}, ensure_ascii=False), encoding="utf-8")
    return rankings


def accuracy_by_split(examples: Sequence[Example], predictions: Sequence[str]) -> Dict[str, float]:
    """Accuracy overall and split by diacritics."""
    hits: Dict[str, List[bool]] = defaultdict(list)
    for (text, intent), predicted in zip(examples, predictions):
        hit = predicted == base_intent(intent)
        hits["all"].append(hit)
        hits["unaccented" if is_unaccented(text) else "accented"].append(hit)
    return {split: sum(h) / len(h) for split, h in hits.items()}


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--folds", type=int, default=5)
    arguments.add_argument("--weights", default="0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1")
    arguments.add_argument("--c", default="20", help="regularisation values of the folded-text model")
    arguments.add_argument("--cache", type=Path, default=REPO_ROOT / "var" / "bench" / "cv_diet_rankings.json",
                           help="DIET's rankings, reused while the training data is unchanged")
    options = arguments.parse_args()
    examples = training_examples()
    assignment = fold_assignment(examples, options.folds)
    thresholds = fallback_thresholds()
    diet = cached_diet_rankings(examples, assignment, options.folds, options.cache)
    print(f"\n{len(examples)} training examples, {options.folds}-fold cross-validation\n")
    print("| folded-model C | DIET weight | accuracy | with diacritics | without |")
    print("|---|---|---|---|---|")
    for c in map(float, options.c.split(",")):
        own = folded_rankings(examples, assignment, options.folds, c)
        for weight in map(float, options.weights.split(",")):
            predictions = [decide(d, o, weight, thresholds) for d, o in zip(diet, own)]
            rate = accuracy_by_split(examples, predictions)
            print(f"| {c:g} | {weight:.1f} | {rate['all']:.1%} | {rate['accented']:.1%} | {rate['unaccented']:.1%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
