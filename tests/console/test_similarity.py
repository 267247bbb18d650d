"""Grouping of alike messages: same question however typed, different questions apart."""
from __future__ import annotations

import pytest

from console.similarity import THRESHOLD, group, grouping_key, text_similarity


def test_accents_teencode_and_masking_labels_do_not_matter():
    assert grouping_key("Cài VNeID thế nào?") == grouping_key("cai vneid the nao")
    assert grouping_key("ko đăng nhập dc") == grouping_key("không đăng nhập được")
    assert grouping_key("số em [SĐT] nhé") == grouping_key("số em nhé")


@pytest.mark.parametrize("a, b", [
    ("cho tôi hỏi giá vàng hôm nay", "giá vàng hôm nay bao nhiêu"),
    ("cài vneid thế nào", "làm sao cài vneid"),
    ("đăng ký xe máy online", "dang ky xe may truc tuyen"),
    ("thời tiết ngày mai", "thoi tiet mai the nao"),
    ("app vneid bi loi", "ứng dụng vneid lỗi rồi"),
])
def test_the_same_question_typed_differently_is_alike(a, b):
    assert text_similarity(a, b) >= THRESHOLD


@pytest.mark.parametrize("a, b", [
    ("cách đăng ký xe máy online", "cách đăng ký kết hôn online"),
    ("giá vàng hôm nay", "thời tiết hôm nay"),
    ("làm sao đổi bằng lái xe", "làm sao đăng ký kết hôn"),
    ("số em [SĐT] giúp em với", "tư vấn giúp em với"),
])
def test_different_questions_are_kept_apart(a, b):
    assert text_similarity(a, b) < THRESHOLD


def test_groups_are_deterministic_and_biggest_first():
    texts = ["thời tiết hôm nay", "giá vàng hôm nay", "gia vang hom nay", "giá vàng hôm nay bao nhiêu", "thoi tiet hom nay the nao"]
    first = group(texts, key=grouping_key)
    again = group(list(reversed(texts)), key=grouping_key)
    assert [sorted(g.items) for g in first] == [sorted(g.items) for g in again]
    assert sorted(first[0].items) == ["gia vang hom nay", "giá vàng hôm nay", "giá vàng hôm nay bao nhiêu"]
    assert first[0].keys[0] == "gia vang hom nay"  # the most frequent text leads
    assert sorted(first[1].items) == ["thoi tiet hom nay the nao", "thời tiết hôm nay"]
