"""The scam checker's red flags, one by one, and the messages it must not call scams.

These examples are the rule tests, written with the rules; the benchmark sets
(dev_messages.yml, test_messages.yml) were written apart by other hands.
"""
import pytest

from bot.scam.checker import NO_RED_FLAGS, SCAM, SUSPICIOUS, check
from bot.scam.links import IP_ADDRESS, LOOKALIKE, SHORTENER, UNOFFICIAL, UNUSUAL_SUFFIX, find_links
from bot.scam.rules import folded_same_length, rules


def flags_of(text):
    return set(check(text).flags)


@pytest.mark.parametrize("text, flag", [
    ("Vui lòng cung cấp mã OTP vừa gửi để chúng tôi hủy giao dịch.", "otp_request"),
    ("vui long doc lai ma otp cho nhan vien de xac minh", "otp_request"),
    ("Cô đọc giúp cháu cái mã 6 số vừa gửi về máy cô nhé", "otp_request"),
    ("Quý khách nhập mật khẩu và số thẻ tại đường link sau để nhận ưu đãi", "otp_request"),
    ("Anh gửi em ảnh 2 mặt căn cước để em làm hồ sơ nhé", "id_request"),
    ("Tải file VNeID-moi.apk về cài đặt để được hỗ trợ", "apk_install"),
    ("Bạn tải ứng dụng qua đường link này để nhận tiền", "apk_install"),
    ("Bên em hỗ trợ lấy lại tiền bị lừa đảo, phí dịch vụ 10%", "recovery_scam"),
    ("Đầu tư vàng lợi nhuận 30% mỗi tháng, cam kết hoàn vốn", "guaranteed_returns"),
    ("Tuyển CTV việc nhẹ lương cao, làm tại nhà", "easy_job"),
    ("Tài khoản nhiệm vụ của chị cần nạp thêm 5 triệu để rút tiền", "easy_job"),
    ("Chúc mừng bạn trúng thưởng xe SH, vui lòng nộp phí vận chuyển 2 triệu", "fee_for_benefit"),
    ("Chú chuyển giúp cháu 15 triệu vào TK 1032456789 nhé, gấp lắm", "money_request"),
    ("Chuyện này bí mật điều tra, không được nói cho người nhà biết", "secrecy"),
    ("Tài khoản của quý khách sẽ bị khóa vĩnh viễn", "threat"),
    ("Điện lực sẽ cắt điện nhà ông trong 2 giờ tới", "threat"),
    ("Ông liên quan đến vụ án rửa tiền", "threat"),
    ("Hết hạn trong 24h, xử lý ngay lập tức", "urgency"),
    ("Cần cập nhật định danh mức 2 qua đường link cán bộ gửi", "level2_update"),
    ("Cuộc gọi đến từ +882 1234567", "foreign_number"),
    ("Đừng gọi lại cho con, con đang không nghe máy được", "no_callback"),
])
def test_each_red_flag_is_found(text, flag):
    assert flag in flags_of(text)


@pytest.mark.parametrize("text", [
    "Vui long cung cap ma OTP vua gui de chung toi huy giao dich.",
    "chuc mung ban trung thuong xe sh, vui long nop phi van chuyen 2 trieu",
    "Dien luc se cat dien nha ong trong 2 gio toi neu khong chuyen tien vao so tai khoan 0123456789",
])
def test_unaccented_messages_are_scams_too(text):
    assert check(text).verdict == SCAM


@pytest.mark.parametrize("host, problem", [
    ("agribank-xacthuc.info", LOOKALIKE),
    ("vneid-capnhat.com", LOOKALIKE),
    ("dienluc-hoadon.top", LOOKALIKE),
    ("vcb.digibank-online.net", LOOKALIKE),
    ("103.45.12.8", IP_ADDRESS),
    ("bit.ly", SHORTENER),
    ("nhanqua2026.xyz", UNUSUAL_SUFFIX),
    ("shop-giare.com", UNOFFICIAL),
    ("vietcombank.com.vn", UNOFFICIAL),
])
def test_links_are_judged_by_their_registered_domain(host, problem):
    [link] = find_links(f"Bấm vào http://{host}/xac-nhan ngay", rules())
    assert (link.host, link.problem) == (host, problem)


@pytest.mark.parametrize("host", ["dichvucong.gov.vn", "vneid.gov.vn", "congan.daklak.gov.vn", "evnhanoi.vn", "binhdanhocvuso.gov.vn"])
def test_official_sites_are_not_flagged(host):
    [link] = find_links(f"Xem tại https://{host}/tin-tuc", rules())
    assert link.problem is None


def test_a_lookalike_link_alone_is_a_scam_and_quoted():
    verdict = check("[THONG BAO] Tai khoan cua ban can xac thuc tai agribank-xacthuc.info")
    assert verdict.verdict == SCAM
    assert any("agribank-xacthuc.info" in r.quote for r in verdict.reasons)


def test_a_bank_message_with_any_link_is_a_scam():
    verdict = check("Vietcombank: Quy khach vui long dang nhap vietcombank.com.vn de cap nhat thong tin")
    assert verdict.verdict == SCAM
    assert "claim_with_link" in verdict.flags


def test_police_asking_for_money_is_a_scam_with_the_right_article():
    verdict = check("Tôi là cán bộ công an, ông phải chuyển tiền vào tài khoản tạm giữ 0123456789 để phục vụ điều tra")
    assert verdict.verdict == SCAM
    assert verdict.article == "scam_fake_officials"


def test_one_weak_flag_is_only_suspicious():
    assert check("Khẩn cấp: họp tổ dân phố trong 2 giờ tới").verdict == SUSPICIOUS


def test_reasons_are_at_most_listed_once_per_flag_and_strong_first():
    verdict = check("Công an: ông liên quan vụ án rửa tiền, không được nói cho ai, đọc mã OTP cho tôi ngay lập tức")
    assert len(verdict.flags) == len(set(verdict.flags))
    strengths = [r.strong for r in verdict.reasons]
    assert strengths == sorted(strengths, reverse=True)


@pytest.mark.parametrize("text", [
    "Ma OTP cua Quy khach la 482913. Tuyet doi KHONG cung cap ma nay cho bat ky ai, ke ca nhan vien ngan hang.",
    "VCB: TK 1234xxx789 +500,000VND luc 10:20 05/12. SD: 3,200,000VND. ND: con gui me",
    "UBND xã thông báo: sáng thứ Bảy tiêm chủng cho trẻ tại trạm y tế, mang theo sổ tiêm.",
    "Mẹ ơi tối nay con về muộn, mẹ ăn cơm trước nhé",
    "Ngân hàng không bao giờ gửi tin nhắn kèm đường link hay yêu cầu cung cấp OTP, mật khẩu.",
    "Công an KHÔNG gọi điện yêu cầu cài ứng dụng, chuyển tiền hay đọc mã OTP. Ai gặp hãy báo công an phường.",
    "Hồ sơ của bạn trên dichvucong.gov.vn đã được tiếp nhận.",
    "Tiền điện tháng 11 của quý khách là 350.000 đồng, hạn thanh toán ngày 15/12.",
])
def test_legitimate_messages_have_no_red_flags(text):
    assert check(text).verdict == NO_RED_FLAGS


def test_folding_keeps_every_character_in_place():
    text = "Đường LINK lạ: Chuyển khoản"
    folded = folded_same_length(text)
    assert len(folded) == len(text)
    assert folded == "duong link la: chuyen khoan"


def test_empty_and_odd_input_is_safe():
    assert check("").verdict == NO_RED_FLAGS
    assert check("🙂🙂🙂").verdict == NO_RED_FLAGS
    assert check("x" * 20000).verdict == NO_RED_FLAGS


def test_an_app_to_control_the_phone_is_a_scam():
    verdict = check("Nhân viên ngân hàng bảo bác cài ứng dụng để họ điều khiển máy giúp làm sinh trắc học")
    assert verdict.verdict == SCAM and "remote_control" in verdict.flags


@pytest.mark.parametrize("text", [
    "Nhân viên bảo bác mở ứng dụng rồi đọc mã OTP cho họ để xác minh",   # "dụng" is not "đừng"
    "nhan vien bao mo ung dung roi doc ma otp cho ho de xac minh",
])
def test_the_dung_of_ung_dung_is_not_a_negation(text):
    assert "otp_request" in flags_of(text)


def test_dung_without_diacritics_still_negates():
    assert "otp_request" not in flags_of("dung cung cap ma otp cho bat ky ai")


@pytest.mark.parametrize("text, flag", [
    ("Nhân viên ngân hàng hỗ trợ liên kết thẻ với Apple Pay, bác đọc mã OTP giúp", "wallet_link"),
    ("Nạp thêm 20 triệu để nâng cấp VIP, chuyên gia dẫn lệnh lãi chắc", "vip_upgrade"),
    ("Thuê bao của quý khách cần nâng cấp SIM 4G, nếu không SIM sẽ bị khóa", "sim_upgrade"),
    ("Em chuyển nhầm 2 triệu vào tài khoản chị, chị chuyển lại giúp em nhé", "refund_request"),
    ("Cần cập nhật thông tin cư trú sau sáp nhập tỉnh qua đường link", "level2_update"),
])
def test_tricks_from_the_fact_sheet_are_flagged(text, flag):
    assert flag in flags_of(text)
