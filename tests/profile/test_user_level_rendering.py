"""A resident's level changes how an answer is shown, never what it says."""
import pytest
import regex

from bot.knowledge import rendering
from bot.knowledge.address import ADDRESS_SLOTS, DEFAULT_ADDRESS, address_words
from bot.knowledge.glossary import step_notes, terms
from bot.knowledge.store import articles
from bot.profile.levels import BEGINNER, CONFIDENT, SKIPPED

SHORT = articles()["dvc_track"]        # 4 steps: one list in the standard answers
LONG = articles()["vneid_activate"]    # 9 steps: step by step in the standard answers
BARE_ADDRESS = regex.compile(r"(?<!con )\b(?:[Bb]ác(?! sĩ)|[Cc]háu)\b")
FACT = regex.compile(r"\d+|https?://\S+|\"[^\"]+\"")


def _has_step_buttons(messages):
    return any(m.get("buttons") == rendering.STEP_BUTTONS for m in messages)


@pytest.mark.parametrize("level", [None, SKIPPED])
def test_user_level_unknown_keeps_the_standard_answers(level):
    assert not _has_step_buttons(rendering.answer_messages(SHORT, DEFAULT_ADDRESS, level))
    assert _has_step_buttons(rendering.answer_messages(LONG, DEFAULT_ADDRESS, level))


def test_user_level_beginner_is_guided_step_by_step_even_through_a_short_procedure():
    messages = rendering.answer_messages(SHORT, DEFAULT_ADDRESS, BEGINNER)
    assert _has_step_buttons(messages)
    assert messages[-1]["text"].splitlines()[1].startswith(f"Bước 1/{len(SHORT.steps)}:")


def test_user_level_confident_gets_the_short_answer_and_every_step_at_once():
    messages = rendering.answer_messages(LONG, DEFAULT_ADDRESS, CONFIDENT)
    assert not _has_step_buttons(messages)
    assert messages[0]["text"] == LONG.level_answers[CONFIDENT]
    assert messages[1]["text"].splitlines() == [f"{i}. {s.do}" for i, s in enumerate(LONG.steps, 1)]
    assert messages[-1]["buttons"] == rendering.FEEDBACK_BUTTONS


def test_user_level_beginner_steps_explain_each_new_term_once():
    first = rendering.step_message(LONG, 1, DEFAULT_ADDRESS, level=BEGINNER)["text"]
    assert "💬 VNeID: ứng dụng giấy tờ tùy thân điện tử trên điện thoại" in first
    assert "💬" not in rendering.step_message(LONG, 1, DEFAULT_ADDRESS)["text"]
    notes = [note for n in range(1, len(LONG.steps) + 1) for note in step_notes(LONG, n)]
    assert len(notes) == len(set(notes)), "a term is explained at its first step only"


def test_user_level_beginner_notes_skip_a_term_the_step_explains_itself():
    article = articles()["pay_qr"]
    assert "ví điện tử (" in article.steps[0].do
    assert not any(note.startswith("ví điện tử:") for note in step_notes(article, 1))


def test_user_level_glossary_holds_definitions_only():
    for term in terms():
        assert not regex.search(r"\d|https?://|www\.", term.plain), term.term
        assert not BARE_ADDRESS.search(term.plain) and " mình " not in f" {term.plain} "


@pytest.mark.parametrize("article", [a for a in articles().values() if a.level_answers], ids=lambda a: a.id)
def test_user_level_answers_never_change_the_facts(article):
    standard = " ".join([article.answer] + [s.do for s in article.steps] + list(article.warnings))
    for level, text in article.level_answers.items():
        assert level in (BEGINNER, CONFIDENT)
        assert set(FACT.findall(text)) <= set(FACT.findall(standard)), f"{level} answer says something new"
        assert not BARE_ADDRESS.search(text)
        assert set(regex.findall(r"\{(\w+)\}", text)) <= set(ADDRESS_SLOTS)
        assert len(regex.findall(r"[.!?…](?=\s|$)", text)) <= 3


def test_user_level_answers_take_the_address_form():
    words = address_words("chi")
    messages = rendering.answer_messages(SHORT, words, BEGINNER)
    shown = "\n".join(m["text"] for m in messages)
    assert not BARE_ADDRESS.search(shown) and "chị" in shown
