"""The profile actions on hand-made trackers: session start, greeting, changes of level and address."""
from bot.actions.knowledge import ActionHandleFeedback
from bot.actions.profile import ActionSessionStart, ActionSetAddress, ActionSetLevel
from bot.actions.conversation import ActionSmallTalk
from bot.knowledge import rendering
from bot.knowledge.store import articles
from bot.profile.levels import BEGINNER, CONFIDENT, SKIPPED
from bot.profile.store import Profile, load_profile, save_profile
from tests.profile.conftest import run, slots_set, tracker

LEVEL_QUESTION = {"event": "bot", "text": "…", "data": {"buttons": [
    {"title": "Chưa thạo, nói kỹ", "payload": "/prefer_detailed"},
    {"title": "Thạo rồi, nói gọn", "payload": "/prefer_short"},
    {"title": "Bỏ qua", "payload": "/skip_level"}]}}


def _responses(messages):
    return [m.get("response") for m in messages]


def test_user_level_and_address_form_are_loaded_when_a_session_starts(profile_db):
    save_profile("tg-1001", level=CONFIDENT, address_form="chi")
    carried = {"user_village": "Thôn Đông", "kb_article": None}
    _, events = run(ActionSessionStart(), tracker(slots=carried),
                    {"session_config": {"carry_over_slots_to_new_session": True}})
    assert events[0]["event"] == "session_started" and events[-1]["name"] == "action_listen"
    assert slots_set(events) == {"user_village": "Thôn Đông", "user_level": CONFIDENT, "address_form": "chi",
                                 "bac": "chị", "Bac": "Chị", "chau": "em", "Chau": "Em"}


def test_user_level_unknown_session_starts_with_the_defaults_when_the_database_is_down(monkeypatch):
    monkeypatch.setenv("ASSISTANT_DB", "postgresql://nobody@127.0.0.1:9/nothing")
    _, events = run(ActionSessionStart(), tracker(slots={"bac": "bác"}),
                    {"session_config": {"carry_over_slots_to_new_session": True}})
    assert slots_set(events) == {"bac": "bác"}


def test_address_form_from_a_greeting_is_used_at_once_and_remembered(profile_db):
    messages, events = run(ActionSmallTalk(), tracker("ông chào cháu"))
    assert _responses(messages) == ["utter_greet", "utter_ask_level"]
    assert messages[0]["bac"] == "ông" and messages[1]["Bac"] == "Ông"
    assert slots_set(events)["bac"] == "ông"
    assert load_profile("tg-1001").address_form == "ong"


def test_user_level_question_is_asked_once_even_when_ignored(profile_db):
    first, events = run(ActionSmallTalk(), tracker("xin chào"))
    assert _responses(first) == ["utter_greet", "utter_ask_level"]
    assert slots_set(events)["user_level"] == SKIPPED
    _, events = run(ActionSessionStart(), tracker(), {"session_config": {"carry_over_slots_to_new_session": False}})
    again, _ = run(ActionSmallTalk(), tracker("xin chào", slots=slots_set(events)))
    assert _responses(again) == ["utter_greet"]


def test_address_form_unclear_greeting_asks_with_buttons(profile_db):
    messages, events = run(ActionSmallTalk(), tracker("em ơi"))
    assert _responses(messages) == ["utter_greet", "utter_ask_address"]
    assert slots_set(events) == {"kb_article": None}
    assert load_profile("tg-1001") == Profile()


def test_address_form_chosen_before_is_not_guessed_again(profile_db):
    slots = {"address_form": "chi", "user_level": BEGINNER}
    messages, events = run(ActionSmallTalk(), tracker("anh chào em", slots=slots))
    assert _responses(messages) == ["utter_greet"]  # no question: both are known
    assert "bac" not in slots_set(events)


def test_address_form_button_is_saved_confirmed_in_it_and_followed_by_the_level_question(profile_db):
    entities = [{"entity": "address_form", "value": "anh"}]
    messages, events = run(ActionSetAddress(), tracker("/set_address", "set_address", entities=entities))
    assert _responses(messages) == ["utter_address_set", "utter_ask_level"]
    assert (messages[0]["chau"], messages[0]["bac"]) == ("em", "anh")
    assert slots_set(events) == {"address_form": "anh", "bac": "anh", "Bac": "Anh", "chau": "em", "Chau": "Em",
                                 "user_level": SKIPPED}
    assert load_profile("tg-1001") == Profile(level=SKIPPED, address_form="anh")


def test_address_form_change_without_a_form_asks_which(profile_db):
    messages, events = run(ActionSetAddress(), tracker("đổi cách xưng hô được không", "set_address"))
    assert _responses(messages) == ["utter_ask_address"] and events == []


def test_user_level_short_in_the_middle_of_a_guide_shows_every_step(profile_db):
    article = articles()["vneid_activate"]
    slots = {"guide_article": article.id, "guide_step": 3.0, "kb_article": article.id}
    messages, events = run(ActionSetLevel(), tracker("nói ngắn thôi", "prefer_short", slots=slots))
    assert messages[0]["response"] == "utter_level_confident"
    assert messages[1]["text"] == rendering.numbered_steps(article, rendering.fill.__defaults__[0])
    assert slots_set(events)["user_level"] == CONFIDENT and slots_set(events)["guide_article"] is None
    assert load_profile("tg-1001").level == CONFIDENT


def test_user_level_detailed_after_a_list_goes_through_it_step_by_step(profile_db):
    article = articles()["dvc_track"]
    messages, events = run(ActionSetLevel(), tracker("nói chi tiết hơn", "prefer_detailed",
                                                     slots={"kb_article": article.id}))
    assert messages[0]["response"] == "utter_level_beginner"
    assert f"Bước 1/{len(article.steps)}" in messages[1]["text"]
    assert slots_set(events)["guide_article"] == article.id


def test_user_level_yes_or_no_answers_the_level_question(profile_db):
    run(ActionHandleFeedback(), tracker("chưa", "deny", events=[LEVEL_QUESTION]))
    assert load_profile("tg-1001").level == BEGINNER
    messages, _ = run(ActionHandleFeedback(), tracker("có", "affirm", events=[LEVEL_QUESTION]))
    assert messages[0]["response"] == "utter_level_confident"
    assert load_profile("tg-1001").level == CONFIDENT
