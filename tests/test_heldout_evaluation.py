"""Held-out evaluations of the trained model; they fail below the set bars.

The held-out files were written separately from the training data (and, for
the knowledge base, from the articles' phrasings). The figures themselves are
reported by `make bench` / `make bench-kb`. The intent bars sit a few points
under the measured figures (90.4% overall, 88.6% unaccented on 2026-11-23) to
catch regressions; they are below the 95% / 93% targets, which are not met yet.
"""
import pytest

from benchmarks.evaluation import MODEL_PATH, Parser, evaluate_intents, evaluate_routing, load_kb_questions, load_nlu_examples

pytestmark = pytest.mark.model

INTENT_ACCURACY_BAR = 0.87
UNACCENTED_INTENT_ACCURACY_BAR = 0.85
ROUTING_RIGHT_BAR = 0.90
ROUTING_WRONG_CEILING = 0.03
UNACCENTED_GAP_CEILING = 0.05


@pytest.fixture(scope="module")
def parser():
    if not MODEL_PATH.exists():
        pytest.fail(f"{MODEL_PATH} is missing: run `make train` first")
    return Parser()


def test_intent_accuracy_on_held_out_messages(parser):
    scores = evaluate_intents(parser, load_nlu_examples())
    assert scores["all"].accuracy >= INTENT_ACCURACY_BAR
    assert scores["unaccented"].accuracy >= UNACCENTED_INTENT_ACCURACY_BAR


def test_knowledge_routing_on_held_out_questions(parser):
    scores = evaluate_routing(parser, load_kb_questions())
    overall = scores["all"]
    assert overall.rate(overall.right) >= ROUTING_RIGHT_BAR, overall.errors
    assert overall.rate(overall.wrong) <= ROUTING_WRONG_CEILING, overall.errors
    gap = scores["accented"].rate(scores["accented"].right) - scores["unaccented"].rate(scores["unaccented"].right)
    assert gap <= UNACCENTED_GAP_CEILING


def test_out_of_scope_and_chit_chat_are_never_answered_from_the_knowledge_base(parser):
    scores = evaluate_routing(parser, load_kb_questions())
    assert scores["all"].negatives >= 50
    assert scores["all"].negatives_answered <= 1, scores["all"].errors
