"""Scam routing of residents' messages: pasted, asking to check, victim, situation, or none."""
import pytest

from bot.scam.situations import ASK_TO_CHECK, PASTED, SITUATION, VICTIM, classify


def kind(text):
    situation = classify(text)
    return situation.kind if situation else None


@pytest.mark.parametrize("text", [
    "VCB: Tai khoan cua quy khach bi khoa, truy cap vcb-xacthuc.com de mo khoa",
    "[THONG BAO] Ban da trung thuong 50 trieu, lien he 0987654321 de nhan",
    "Forwarded message: Con đang cấp cứu, mẹ chuyển gấp 20 triệu vào tài khoản 0123456789",
    "Bạn đã trúng thưởng 1 chiếc iPhone, vui lòng nộp phí 500k để nhận quà. có phải lừa đảo không cháu",
    "Nó nhắn thế này: \"Tai khoan VNeID cua ban se bi khoa, cap nhat tai vneid-capnhat.com\"",
])
def test_a_message_carrying_another_message_goes_to_the_checker(text):
    assert kind(text) == PASTED


@pytest.mark.parametrize("text", ["tin nhắn này có phải lừa đảo không", "Kiểm tra tin nhắn lạ", "xem giup tin nhan nay that khong"])
def test_a_bare_request_to_check_asks_for_the_message(text):
    assert kind(text) == ASK_TO_CHECK


@pytest.mark.parametrize("text", [
    "tôi lỡ chuyển cho nó 5 triệu rồi giờ làm sao",
    "doc ma otp cho nguoi ta roi chau oi",
    "bị lừa mất tiền rồi báo ở đâu",
    "tai khoan bac tu nhien bi tru het tien",
])
def test_a_resident_who_already_lost_money_is_a_victim(text):
    assert kind(text) == VICTIM


@pytest.mark.parametrize("text", [
    "hôm qua có người gọi xưng điện lực bảo không chuyển tiền thì cắt điện",
    "co nguoi nhan tin bao toi trung thuong xe may, phai dong phi van chuyen",
    "có người xưng công an nói tôi dính vào vụ rửa tiền",
])
def test_a_scam_told_in_the_residents_words_is_a_situation(text):
    assert kind(text) == SITUATION


@pytest.mark.parametrize("text", [
    "cai vneid the nao", "lam sao chuyen tien cho con qua app", "Cho hoi: cai vneid the nao",
    "dichvucong.gov.vn dang nhap the nao", "thanh toán tiền điện trên điện thoại ra sao", "", "👍",
])
def test_ordinary_questions_are_left_to_the_classifiers(text):
    assert kind(text) is None


def test_no_ordinary_training_phrasing_is_routed_as_a_scam():
    """Every non-scam article question and every conversation example stays with the classifiers."""
    import yaml

    from bot.knowledge.store import load_articles
    from tests.test_evaluation_sets_are_apart import TRAINING_FILES

    ordinary = [q for a in load_articles().values() if a.topic != "scam" for q in a.questions]
    for path in TRAINING_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if not block["intent"].startswith(("faq", "ask_message_check")):
                ordinary += lines_of_block(block)
    routed = [(text, classify(text).kind) for text in ordinary if classify(text)]
    assert not routed, routed


def lines_of_block(block):
    return [line.strip()[2:] for line in (block.get("examples") or "").splitlines() if line.strip().startswith("- ")]
