"""Personal numbers in residents' messages are hidden; ordinary numbers are kept."""
from __future__ import annotations

import pytest

from bot.masking import CODE, EMAIL, ID_NUMBER, LONG_NUMBER, PHONE, mask, mask_phone


@pytest.mark.parametrize("text, expected", [
    ("số em 0912 345 678 nhé", f"số em {PHONE} nhé"),
    ("0912.345.678", PHONE),
    ("gọi +84 912 345 678", f"gọi {PHONE}"),
    ("sdt 84912345678", f"sdt {PHONE}"),
    ("máy bàn 0243 826 1234", f"máy bàn {PHONE}"),
    ("cccd của tôi 001203004567", f"cccd của tôi {ID_NUMBER}"),
    ("cmnd 123456789", f"cmnd {ID_NUMBER}"),
    ("số tài khoản 19036677889911", f"số tài khoản {LONG_NUMBER}"),
    ("mã OTP 482913 là gì", f"mã OTP {CODE} là gì"),
    ("otp: 4829", f"otp: {CODE}"),
    ("ma 123 456", f"ma {CODE}"),
    ("mã kích hoạt 2025", f"mã kích hoạt {CODE}"),
    ("nó gửi 77881234 bảo đọc lại", f"nó gửi {CODE} bảo đọc lại"),
    ("email an.nguyen@gmail.com", f"email {EMAIL}"),
])
def test_personal_numbers_are_replaced_by_labels(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text", [
    "năm 2025 có lớp không", "chuyển 500.000 đồng", "chuyển 50000đ", "trả 50k", "gọi 1900 1234",
    "lúc 8:00 ngày 15/12", "lớp 3 có 25 người", "tổ dân phố 17",
])
def test_ordinary_numbers_are_kept(text):
    assert mask(text) == text


def test_no_digit_of_a_phone_or_code_survives():
    masked = mask("Em tên Lan, sđt 0987.654.321, OTP vừa nhận 906412, CCCD 079199001234")
    assert not any(character.isdigit() for character in masked)


def test_registration_phones_keep_only_their_ends():
    assert mask_phone("0912345678") == "091••••678"
    assert mask_phone("12") == "••"
