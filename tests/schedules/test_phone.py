import pytest

from bot.schedules import phone


@pytest.mark.parametrize(
    "typed, number",
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("số của tôi là 0388-123-456 nhé", "0388123456"),
        ("0701234567", "0701234567"),
        ("0868123456", "0868123456"),
        ("0599123456", "0599123456"),
    ],
)
def test_mobile_numbers_are_normalised(typed, number):
    checked = phone.check_mobile(typed)
    assert checked.ok and checked.number == number


@pytest.mark.parametrize(
    "typed, problem",
    [
        ("không có", phone.NO_NUMBER),
        ("091234567", phone.TOO_SHORT),
        ("09123456789", phone.TOO_LONG),
        ("02431234567", phone.LANDLINE_NOT_MOBILE),
        ("01681234567", phone.OLD_ELEVEN_DIGITS),
        ("0612345678", phone.BAD_PREFIX),
        ("0112345678", phone.BAD_PREFIX),
    ],
)
def test_wrong_numbers_say_why(typed, problem):
    checked = phone.check_mobile(typed)
    assert not checked.ok and checked.problem == problem


def test_spreadsheet_numbers_without_their_zero():
    assert phone.check_any("912345678").number == "0912345678"
    assert phone.check_any("2431234567").number == "02431234567"
    assert phone.check_any("1900 1234").number == "19001234"


def test_formatting():
    assert phone.format_phone("0912345678") == "0912 345 678"
    assert phone.format_phone("02431234567") == "0243 123 4567"
