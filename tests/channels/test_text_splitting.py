"""Long replies are split where a reader expects a break, and nothing but whitespace is lost."""
import re

import pytest

from connectors.text_splitting import split_text, utf16_length

STEPS = "\n".join(f"{n}. Bấm vào nút số {n} trên màn hình. Chờ một chút cho máy chạy xong." for n in range(1, 200))


def words(text):
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("limit", [4096, 700, 120, 45])
def test_pieces_fit_and_keep_every_word_in_order(limit):
    pieces = split_text(STEPS, limit, utf16_length)
    assert all(0 < utf16_length(p) <= limit for p in pieces)
    assert words(" ".join(pieces)) == words(STEPS)


def test_short_text_is_one_piece_and_empty_text_none():
    assert split_text("  Cháu chào bác ạ!  ", 4096) == ["Cháu chào bác ạ!"]
    assert split_text(" \n ", 10) == []


def test_numbered_lines_are_never_broken_when_a_line_fits():
    pieces = split_text(STEPS, 700)
    assert all(re.match(r"^\d+\. Bấm", line) for piece in pieces for line in piece.split("\n"))


def test_paragraphs_are_preferred_over_lines():
    first, second = "Đoạn một dòng một.\nĐoạn một dòng hai.", "Đoạn hai."
    assert split_text(f"{first}\n\n{second}", len(first) + 3) == [first, second]


def test_a_long_line_is_split_after_a_sentence_not_after_a_list_number():
    line = "1. Mở ứng dụng VNeID. Bấm Đăng nhập! Nhập mã số gửi qua tin nhắn (mã OTP)."
    pieces = split_text(line, 40)
    assert pieces == ["1. Mở ứng dụng VNeID. Bấm Đăng nhập!", "Nhập mã số gửi qua tin nhắn (mã OTP)."]


def test_a_word_longer_than_the_limit_is_cut_and_kept_whole():
    link = "https://dichvucong.gov.vn/" + "a" * 100
    pieces = split_text(f"Vào {link} nhé.", 30)
    assert all(len(p) <= 30 for p in pieces)
    assert "".join(pieces).replace(" ", "") == f"Vào{link}nhé."


def test_telegram_counts_emoji_as_two_units():
    assert utf16_length("😀a") == 3
    pieces = split_text("😀" * 3000, 4096, utf16_length)
    assert [utf16_length(p) for p in pieces] == [4096, 1904]
