"""The address policy: outright choices, a greeting's own words, buttons when unclear."""
import pytest

from bot.knowledge.address import DEFAULT_ADDRESS, address_words, fill
from bot.profile.understanding import ASK, greeting_address, named_address


@pytest.mark.parametrize("text, form", [
    ("gọi tôi là anh", "anh"),
    ("Gọi tôi là Chị nhé", "chi"),
    ("goi toi la chi", "chi"),
    ("kêu tui bằng anh nghen", "anh"),
    ("cứ gọi là ông được rồi", "ong"),
    ("xưng hô với tôi là bạn thôi", "ban"),
    ("tôi là bà Tư ở thôn Đông", "ba"),
    ("đừng gọi bác, gọi chị thôi", "chi"),
])
def test_address_form_said_outright_is_understood(text, form):
    assert named_address(text) == form


@pytest.mark.parametrize("text", [
    "tôi là bà con thôn Đông",   # "bà con": the people of the village
    "tôi là bác sĩ",              # a doctor
    "tôi là ba của bé",           # with diacritics, "ba" is a father, not "bà"
    "toi la bac si",
    "đổi cách xưng hô được không",
])
def test_address_form_is_not_read_into_other_words(text):
    assert named_address(text) is None


@pytest.mark.parametrize("text, expected", [
    ("ông chào cháu", "ong"),
    ("cho chị hỏi chút", "chi"),
    ("cháu ơi, bác chào cháu", "bac"),
    ("ba chao chau", "ba"),         # typed without diacritics, "ba" is read as "bà"
    ("anh chào em", "anh"),
    ("em ơi", ASK),                  # anh or chị?
    ("chào em", ASK),
    ("chao ban", ASK),
    ("em muốn hỏi", ASK),
    ("chào cháu", None),             # fits the default "bác": nothing to change
    ("xin chào", None),
])
def test_address_form_from_a_greeting(text, expected):
    assert greeting_address(text) == expected


@pytest.mark.parametrize("form, reader, itself", [
    ("bac", "bác", "cháu"), ("ong", "ông", "cháu"), ("ba", "bà", "cháu"),
    ("anh", "anh", "em"), ("chi", "chị", "em"), ("ban", "bạn", "mình"),
])
def test_address_form_names_the_assistant_to_match(form, reader, itself):
    words = address_words(form)
    assert fill("{Chau} chào {bac}. {Bac} hỏi {chau} nhé.", words) == (
        f"{itself.capitalize()} chào {reader}. {reader.capitalize()} hỏi {itself} nhé.")


def test_address_form_default_is_bac():
    assert DEFAULT_ADDRESS == {"bac": "bác", "Bac": "Bác", "chau": "cháu", "Chau": "Cháu"}
