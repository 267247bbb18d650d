"""Unaccented copies of the training examples, made inside the pipeline."""
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.unaccented_copies import UnaccentedCopies, unaccented_copies


def texts(training_data):
    return sorted((m.get(TEXT), m.get_full_intent()) for m in training_data.intent_examples)


def augment(*examples):
    component = UnaccentedCopies.create({}, None, None, None)
    return component.process_training_data(TrainingData(list(examples)))


def test_each_accented_example_gains_its_folded_copy_with_the_same_intent():
    result = augment(Message.build("Cài VNeID thế nào?", intent="faq"), Message.build("Đúng rồi", intent="affirm"))
    assert texts(result) == [
        ("Cài VNeID thế nào?", "faq"), ("cai vneid the nao?", "faq"),
        ("dung roi", "affirm"), ("Đúng rồi", "affirm"),
    ]


def test_retrieval_sub_intent_is_kept_on_the_copy():
    original = Message(data={TEXT: "quên passcode", INTENT: "faq", INTENT_RESPONSE_KEY: "faq/vneid_forgot_passcode"})
    (copy,) = unaccented_copies([original])
    assert copy.get(TEXT) == "quen passcode"
    assert copy.get_full_intent() == "faq/vneid_forgot_passcode"


def test_no_copy_when_the_data_already_has_the_unaccented_form_or_none_is_needed():
    result = augment(
        Message.build("cảm ơn cháu", intent="thanks"),
        Message.build("cam on  chau", intent="thanks"),
        Message.build("ok", intent="affirm"),
    )
    assert len(result.intent_examples) == 3


def test_same_words_under_another_intent_still_get_their_copy():
    result = augment(Message.build("không", intent="deny"), Message.build("khong", intent="feedback_not_helpful"))
    assert ("khong", "deny") in texts(result)


def test_entities_survive_when_offsets_still_match():
    entity = {"start": 5, "end": 9, "value": "Đông", "entity": "place"}
    precomposed = Message(data={TEXT: "thôn Đông", INTENT: "ask_schedule", ENTITIES: [entity]})
    decomposed = Message(data={TEXT: "tho\u0302n \u0110o\u0302ng", INTENT: "ask_schedule", ENTITIES: [entity]})
    kept, dropped = unaccented_copies([precomposed]) + unaccented_copies([decomposed])
    assert kept.get(ENTITIES) == [entity] and kept.get(TEXT)[5:9] == "dong"
    assert not dropped.get(ENTITIES)


def test_messages_at_inference_pass_through_unchanged():
    message = Message(data={TEXT: "Cài VNeID"})
    assert UnaccentedCopies.create({}, None, None, None).process([message]) == [message]
    assert message.get(TEXT) == "Cài VNeID"
