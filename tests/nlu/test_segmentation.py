"""Word segmentation: compound words, exact original offsets, any input is safe."""
import unicodedata

import pytest

from bot.nlu.segmentation import MAX_SEGMENTED_PIECES, segment


def spans(text):
    return [(w.text, text[w.start : w.end]) for w in segment(text)]


def test_multi_syllable_words_are_single_tokens():
    words = [w.text for w in segment("Làm sao cài đặt điện thoại để dùng dịch vụ công?")]
    assert "điện thoại" in words
    assert "cài đặt" in words


def test_lemma_is_accent_folded_with_underscores():
    by_text = {w.text: w.lemma for w in segment("điện thoại")}
    assert by_text["điện thoại"] == "dien_thoai"


@pytest.mark.parametrize(
    "text",
    [
        "Cho HỎI cài  VNeID ntn ạ???",
        unicodedata.normalize("NFD", "Đăng ký lớp học ở thôn Đông"),
        "hoà bình THUỶ",
        "lớp ngày 15/12 lúc 8:00 ở vneid.gov.vn",
        "👍🏽 ok dc r",
    ],
)
def test_every_token_covers_exactly_its_original_text(text):
    words = segment(text)
    assert words, text
    previous_end = 0
    for word in words:
        assert 0 <= word.start < word.end <= len(text)
        assert word.start >= previous_end  # in order, never overlapping
        assert text[word.start : word.end].strip() == text[word.start : word.end]
        previous_end = word.end


def test_expanded_abbreviation_keeps_the_typed_span():
    assert ("như thế nào", "ntn") in spans("cài vneid ntn")


def test_emoji_is_its_own_token():
    assert spans("vn eid 👍🏽") == [("vneid", "vn eid"), ("👍🏽", "👍🏽")]


@pytest.mark.parametrize("text", ["", "    ", "!!!", "😀😀😀", "Привет 你好 مرحبا", "\u200b\u200d", "a" * 5000])
def test_edge_inputs_never_fail(text):
    for word in segment(text):
        assert text[word.start : word.end]


def test_very_long_message_is_segmented_up_to_a_cap_and_kept_whole():
    text = "tôi muốn hỏi về điện thoại " * 500  # about 13,500 characters
    words = segment(text)
    assert words[-1].end == len(text.rstrip())
    assert sum(1 for w in words if " " in w.text) > 0
    assert len(words) > MAX_SEGMENTED_PIECES


def test_segmenter_failure_falls_back_to_pieces(monkeypatch):
    import bot.nlu.segmentation as segmentation

    def broken(sentence):
        raise RuntimeError("model missing")

    monkeypatch.setattr(segmentation, "_underthesea_words", broken)
    assert [w.text for w in segment("điện thoại")] == ["điện", "thoại"]
