"""The answer / clarify / abstain rules of the knowledge-base router."""
from bot.knowledge.routing import ABSTAIN, ANSWER, CLARIFY, Thresholds, decide

BARS = Thresholds(answer=0.4, margin=0.15, clarify=0.12, max_choices=3)


def ranking(*pairs):
    return [{"id": i, "confidence": c} for i, c in pairs]


def test_confident_and_clear_answers():
    assert decide(ranking(("a", 0.7), ("b", 0.1)), BARS).articles == ("a",)


def test_confident_but_close_runner_up_asks():
    decision = decide(ranking(("a", 0.45), ("b", 0.40), ("c", 0.05)), BARS)
    assert decision.kind == CLARIFY and decision.articles == ("a", "b")


def test_weak_candidates_are_offered_at_most_three():
    decision = decide(ranking(("a", 0.3), ("b", 0.25), ("c", 0.2), ("d", 0.15)), BARS)
    assert decision.kind == CLARIFY and decision.articles == ("a", "b", "c")


def test_nothing_good_abstains():
    assert decide(ranking(("a", 0.08), ("b", 0.05)), BARS).kind == ABSTAIN
    assert decide([], BARS).kind == ABSTAIN


def test_never_answers_below_the_bar_even_without_runner_up():
    assert decide(ranking(("a", 0.39)), BARS).kind != ANSWER
