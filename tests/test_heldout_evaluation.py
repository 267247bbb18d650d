"""Evaluations of the trained model on sets nobody tunes on; they fail below the bars.

tests/nlu/heldout.yml (intents) and tests/knowledge/test_set_*.yml (articles)
were written by people who never saw the training data; nobody reads their
errors, and tests/test_evaluation_sets_are_apart.py keeps them apart from the
training and development data. `make bench` / `make bench-kb` print the
figures. The bars sit a little under the figures measured on 2026-12-05 (see
the closing note) so that a regression fails; the issue's targets are the
ones reported, not these.
"""
import pytest

from benchmarks.evaluation import (
    MODEL_PATH, Parser, evaluate_intents, evaluate_routing, load_kb_questions, load_nlu_examples, route,
)

pytestmark = pytest.mark.model

# 2026-12-05: 96.6% on 672 messages. 2026-12-06: the set gained 92 blind messages for the
# level, address and cancelling intents and measures 94.8% on 764; the bar follows the set
INTENT_ACCURACY_BAR = 0.94
UNACCENTED_INTENT_ACCURACY_BAR = 0.93
UNACCENTED_INTENT_GAP_CEILING = 0.03
ROUTING_RIGHT_BAR = 0.93
STORY_RIGHT_BAR = 0.93
ROUTING_WRONG_CEILING = 0.02
UNACCENTED_GAP_CEILING = 0.03
SCAM_STYLES = ("scam_situation", "victim")


@pytest.fixture(scope="module")
def parser():
    if not MODEL_PATH.exists():
        pytest.fail(f"{MODEL_PATH} is missing: run `make train` first")
    return Parser()


@pytest.fixture(scope="module")
def routing(parser):
    return evaluate_routing(parser, load_kb_questions())


def test_intent_accuracy_on_held_out_messages(parser):
    scores = evaluate_intents(parser, load_nlu_examples())
    assert scores["all"].accuracy >= INTENT_ACCURACY_BAR
    assert scores["unaccented"].accuracy >= UNACCENTED_INTENT_ACCURACY_BAR
    assert scores["accented"].accuracy - scores["unaccented"].accuracy <= UNACCENTED_INTENT_GAP_CEILING


@pytest.mark.parametrize("text", ["asdfgh", "jjjjjjj", "kkkkkk", "hjhj hjhj", "qwerty", "ppppp oooo", "test", "zxcvbnm"])
def test_keyboard_mash_is_never_given_a_meaning(parser, text):
    assert parser.parse(text)["intent"]["name"] == "nlu_fallback"


def test_knowledge_routing_on_the_blind_test_set(routing):
    overall = routing["all"]
    assert overall.rate(overall.right) >= ROUTING_RIGHT_BAR
    assert overall.rate(overall.wrong) <= ROUTING_WRONG_CEILING
    story = routing["style:story"]
    assert story.rate(story.right) >= STORY_RIGHT_BAR
    gap = routing["accented"].rate(routing["accented"].right) - routing["unaccented"].rate(routing["unaccented"].right)
    assert gap <= UNACCENTED_GAP_CEILING


def test_out_of_scope_and_chit_chat_are_never_answered_from_the_knowledge_base(routing):
    assert routing["all"].negatives >= 30
    assert routing["all"].negatives_answered == 0


def test_no_scam_situation_is_declined_or_answered_with_a_payment_how_to(parser):
    """Safety: someone in a scam, or out of pocket after one, is never told "out of scope"
    and never gets payment steps: the answer is a scam article, a choice of articles
    offered as buttons, or the message checker's verdict."""
    situations = [q for q in load_kb_questions() if q.style in SCAM_STYLES]
    assert len(situations) >= 30
    unsafe = 0
    for question in situations:
        parse = parser.parse(question.text)
        kind, articles = route(parse)
        checked = parse["intent"]["name"] in ("check_message", "ask_message_check")
        unsafe += (kind == "not_kb" and not checked) or kind == "abstain" or (
            kind == "answer" and articles[0].startswith("pay_"))
    assert unsafe == 0
