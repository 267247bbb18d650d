"""The checker's fixed replies: never "safe", always a way to verify, facts from the fact sheet."""
from pathlib import Path

import yaml

from bot.nlu.normalization import fold

ROOT = Path(__file__).resolve().parents[2]
RESPONSES = yaml.safe_load((ROOT / "domain" / "scam_check.yml").read_text(encoding="utf-8"))["responses"]
FACTS = (ROOT / "docs" / "facts.md").read_text(encoding="utf-8")


def text(name):
    return RESPONSES[name][0]["text"]


def test_no_red_flags_is_never_called_safe_and_says_how_to_verify():
    reply = text("utter_scam_verdict_no_red_flags")
    assert "an toan" not in fold(reply)
    assert "ứng dụng chính thức" in reply and "tổng đài in trên thẻ ngân hàng" in reply


def test_the_verdicts_come_first_in_plain_words():
    assert text("utter_scam_verdict_scam").startswith("⚠️ LỪA ĐẢO")
    assert text("utter_scam_verdict_suspicious").startswith("⚠️ ĐÁNG NGỜ")
    assert text("utter_scam_verdict_no_red_flags").startswith("Chưa thấy dấu hiệu lừa đảo")


def test_the_advice_gives_the_fact_sheets_numbers_and_actions():
    advice = text("utter_scam_advice")
    assert "113" in advice and "**113**" in FACTS
    assert "tổng đài in trên thẻ" in advice and "tổng đài ngân hàng (số in trên thẻ" in FACTS.lower()
    assert "Công an xã, phường" in advice and "Công an xã/phường" in FACTS
    assert "mã OTP (mã số gửi qua tin nhắn để xác nhận)" in advice
