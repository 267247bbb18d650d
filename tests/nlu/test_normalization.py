"""Normalisation: Unicode forms, tone placement, teencode, spans back to the original."""
import unicodedata

import pytest

from bot.nlu.normalization import fold, normalize, normalize_word, normalized_text, place_tone


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("hoà", "hòa"),
        ("Thuỷ", "thủy"),
        ("khoẻ", "khỏe"),
        ("quý", "quý"),  # "u" belongs to "qu": the tone stays on "y"
        ("hoàng", "hoàng"),  # with a final consonant both placements agree
        ("ĐƯỢCCCC", "được"),
        ("xoong", "xoong"),  # two equal letters are real spelling
        ("kkkkk", "kkkkk"),  # laughter, not "k" (= không)
        ("jjjj", "jjjj"),
        ("ừừừ", "ừừừ"),
    ],
)
def test_normalize_word(typed, expected):
    assert normalize_word(typed) == expected


def test_composed_and_decomposed_input_normalise_alike():
    composed = "Điện thoại hoà"
    decomposed = unicodedata.normalize("NFD", composed)
    assert normalized_text(composed) == normalized_text(decomposed) == "điện thoại hòa"


def test_fold_strips_all_diacritics_and_d_stroke():
    assert fold("Đăng ký Dịch vụ công") == "dang ky dich vu cong"
    assert place_tone("hoà") == "hòa"


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("cai vneid ntn", "cai vneid như thế nào"),
        ("ko dc", "không được"),
        ("quên mk vn eid", "quên mật khẩu vneid"),
        ("tra 50k", "tra 50k"),  # only whole words are expanded
        ("sđt tổ công nghệ", "số điện thoại tổ công nghệ"),
    ],
)
def test_abbreviations_are_expanded(typed, expected):
    assert normalized_text(typed) == expected


def test_pieces_point_at_the_original_characters():
    text = "Cho hỏi   ntn để cài VN eid?? 😀"
    pieces = normalize(text)
    assert [text[p.start : p.end] for p in pieces] == ["Cho", "hỏi", "ntn", "để", "cài", "VN eid", "😀"]
    assert [p.text for p in pieces][2] == "như thế nào"
    assert pieces[-1].is_symbol


@pytest.mark.parametrize("text", ["", "   ", "?!...", "\n\t"])
def test_no_words_gives_no_pieces(text):
    assert normalize(text) == []
