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
