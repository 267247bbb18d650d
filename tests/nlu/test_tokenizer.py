"""The Rasa tokenizer component: tokens, lemmas and offsets on Rasa messages."""
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.vietnamese_tokenizer import VietnameseTokenizer


def tokenize(text):
    tokenizer = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
    message = Message(data={TEXT: text})
    tokenizer.process([message])
    return message.get(TOKENS_NAMES[TEXT])


def test_tokens_text_lemma_and_offsets():
    text = "Cài VNeID trên Điện thoại ntn?"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["cài", "vneid", "trên", "điện thoại", "như thế nào"]
    assert [t.lemma for t in tokens][-2:] == ["dien_thoai", "nhu_the_nao"]
    assert [text[t.start : t.end] for t in tokens] == ["Cài", "VNeID", "trên", "Điện thoại", "ntn"]


def test_accented_and_unaccented_share_lemmas_for_single_syllables():
    accented = [t.lemma for t in tokenize("quên mật khẩu")]
    plain = [t.lemma for t in tokenize("quen mat khau")]
    assert "".join(accented).replace("_", "") == "".join(plain).replace("_", "")


def test_training_data_is_tokenized():
    tokenizer = VietnameseTokenizer(VietnameseTokenizer.get_default_config())
    data = TrainingData([Message(data={TEXT: "chào cháu", "intent": "greet"})])
    tokenizer.process_training_data(data)
    assert [t.text for t in data.training_examples[0].get(TOKENS_NAMES[TEXT])] == ["chào", "cháu"]


def test_empty_text_gives_no_tokens():
    assert tokenize("") == []


def test_the_trained_model_keeps_its_abbreviation_table(tmp_path, monkeypatch):
    """A model moved to a server with another (or no) abbreviations.yml normalises as trained."""
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource

    from bot.nlu import normalization

    storage = LocalModelStorage(tmp_path)
    resource = Resource("VietnameseTokenizer")
    config = VietnameseTokenizer.get_default_config()
    trained = VietnameseTokenizer.create(config, storage, resource, None)
    trained.train(TrainingData())
    assert trained.abbreviations["ntn"] == "như thế nào"

    elsewhere = tmp_path / "other-abbreviations.yml"
    elsewhere.write_text("ntn: nói thật nhé\n", encoding="utf-8")
    monkeypatch.setattr(normalization, "ABBREVIATIONS_FILE", elsewhere)
    monkeypatch.setattr(normalization, "_active_table", None)
    assert normalization.normalized_text("ntn") == "nói thật nhé"

    loaded = VietnameseTokenizer.load(config, storage, resource, None)
    message = Message(data={TEXT: "cài vneid ntn"})
    loaded.process([message])
    assert [t.text for t in message.get(TOKENS_NAMES[TEXT])][-1] == "như thế nào"
    assert normalization.normalized_text("ntn") == "như thế nào"
