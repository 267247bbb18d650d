"""The benchmarks' training subsets and the cross-validation's splits and vote.

The figures in the notes depend on these: a fold that leaked an example's
unaccented copy into training, or a "diacritics only" set that kept
unaccented examples, would report better numbers than the truth.
"""
from collections import Counter

import yaml

from benchmarks.cross_validate_nlu import FALLBACK, decide, fold_assignment
from benchmarks.evaluation import base_intent
from benchmarks.training_sets import training_examples, with_diacritics, with_unaccented_copies, write_nlu
from bot.nlu.normalization import fold, is_unaccented


def test_training_examples_keep_retrieval_intents_in_full():
    examples = training_examples()
    intents = {intent for _, intent in examples}
    assert "greet" in intents
    assert any(intent.startswith("faq/") for intent in intents)
    assert "faq" not in intents


def test_base_intent_drops_the_retrieval_key():
    assert base_intent("faq/vneid_install") == "faq"
    assert base_intent("step_next") == "step_next"


def test_with_diacritics_keeps_only_accented_examples():
    examples = [("cài VNeID thế nào", "faq/a"), ("cai vneid the nao", "faq/a"), ("ok", "affirm")]
    assert with_diacritics(examples) == [("cài VNeID thế nào", "faq/a")]
    kept = with_diacritics(training_examples())
    assert kept and not any(is_unaccented(text) for text, _ in kept)


def test_written_nlu_file_round_trips(tmp_path):
    examples = [("chào cháu", "greet"), ("cài  VNeID: thế nào?", "faq/vneid_install"), ("xin chao", "greet")]
    data = yaml.safe_load(write_nlu(examples, tmp_path / "nlu.yml").read_text(encoding="utf-8"))
    written = {b["intent"]: [l[2:] for l in b["examples"].splitlines()] for b in data["nlu"]}
    assert written == {"greet": ["chào cháu", "xin chao"], "faq/vneid_install": ["cài VNeID: thế nào?"]}


def test_folds_keep_an_example_and_its_unaccented_copy_together():
    examples = [(f"cài ứng dụng số {n}", "faq/a") for n in range(10)]
    examples += [(fold(text), intent) for text, intent in examples]
    examples += [(f"chào cháu lần {n}", "greet") for n in range(10)]
    assignment = fold_assignment(examples, folds=5)
    by_group = {}
    for (text, _), index in zip(examples, assignment):
        by_group.setdefault(fold(text).lower(), set()).add(index)
    assert all(len(indices) == 1 for indices in by_group.values())
    assert set(Counter(assignment)) == set(range(5))


def test_vote_weights_diet_against_the_folded_model():
    diet = {"step_next": 0.8, "feedback_helpful": 0.2}
    own = {"step_next": 0.1, "feedback_helpful": 0.9}
    thresholds = (0.3, 0.05)
    assert decide(diet, own, 1.0, thresholds) == "step_next"
    assert decide(diet, own, 0.0, thresholds) == "feedback_helpful"
    assert decide(diet, own, 0.5, thresholds) == "feedback_helpful"


def test_vote_falls_back_when_unsure_or_undecided():
    assert decide({"greet": 0.25}, {"greet": 0.25}, 0.5, (0.3, 0.05)) == FALLBACK
    assert decide({"a": 0.5, "b": 0.48}, {"a": 0.5, "b": 0.48}, 0.5, (0.3, 0.05)) == FALLBACK


def test_unaccented_copies_for_the_default_pipeline_are_added_once():
    examples = [("Cài VNeID", "faq/a"), ("cai vneid", "faq/a"), ("Chào cháu", "greet"), ("chào  cháu", "greet")]
    assert with_unaccented_copies(examples) == examples + [("chao chau", "greet")]
