"""Places and topics are read from data, with and without diacritics."""
import pytest

from bot.schedules.places import Gazetteer, in_sentence
from bot.schedules.text import analyse
from bot.schedules.topics import TopicIndex, load_catalogue_file

COMMUNE = "Xã Hòa An"
VILLAGES = [
    (COMMUNE, "Thôn Đông"), (COMMUNE, "Thôn Tây"), (COMMUNE, "Thôn Phú Xuân"),
    (COMMUNE, "Xóm Trại"), (COMMUNE, "Tổ dân phố 3"), (COMMUNE, "Tổ dân phố 30"),
    ("Phường Tân Lập", "Khu phố 2"), ("Phường Tân Lập", "Thôn Đông"),
]
VENUES = [(COMMUNE, "Bưu điện xã Hòa An"), (COMMUNE, "Nhà văn hóa thôn Đông")]


@pytest.fixture(scope="module")
def places():
    return Gazetteer(VILLAGES, VENUES)


def villages(places, text):
    return sorted(places.village_name(k) + "|" + k[0] for k in places.find(analyse(text)).villages)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("thôn Đông có lớp không", ["Thôn Đông|phuong tan lap", "Thôn Đông|xa hoa an"]),
        ("thon dong co lop ko", ["Thôn Đông|phuong tan lap", "Thôn Đông|xa hoa an"]),
        ("THÔN TÂY", ["Thôn Tây|xa hoa an"]),
        ("tổ 3 có học không", ["Tổ dân phố 3|xa hoa an"]),
        ("to 3", ["Tổ dân phố 3|xa hoa an"]),
        ("tổ dân phố 3", ["Tổ dân phố 3|xa hoa an"]),
        ("to dan pho so 3", ["Tổ dân phố 3|xa hoa an"]),
        ("tdp 3", ["Tổ dân phố 3|xa hoa an"]),
        ("tổ3", ["Tổ dân phố 3|xa hoa an"]),
        ("tổ 30", ["Tổ dân phố 30|xa hoa an"]),
        ("phú xuân có lớp không", ["Thôn Phú Xuân|xa hoa an"]),
        ("thon phu", ["Thôn Phú Xuân|xa hoa an"]),
        ("ở đông có lớp không", ["Thôn Đông|phuong tan lap", "Thôn Đông|xa hoa an"]),
        ("xom trai", ["Xóm Trại|xa hoa an"]),
        ("làng trại", ["Xóm Trại|xa hoa an"]),
        ("kp 2", ["Khu phố 2|phuong tan lap"]),
        ("thôn đông và thôn tây", ["Thôn Tây|xa hoa an", "Thôn Đông|phuong tan lap", "Thôn Đông|xa hoa an"]),
    ],
)
def test_villages(places, text, expected):
    assert villages(places, text) == expected


@pytest.mark.parametrize("text", ["thôn 3 có lớp không", "đông người quá", "lớp học điện thoại", "tổ công nghệ số ở đâu"])
def test_no_village(places, text):
    found = places.find(analyse(text))
    assert not found.villages


@pytest.mark.parametrize(
    "text, unknown",
    [
        ("thôn nam có lớp không", "thôn Nam"),
        ("thon nam co lop ko", "thon Nam"),
        ("tổ 9 có học không", "tổ 9"),
        ("xóm Chợ Mới thứ bảy", "xóm Chợ Mới"),
        ("bản Nà Hang có lớp không", "bản Nà Hang"),
    ],
)
def test_unknown_places_are_reported_as_typed(places, text, unknown):
    found = places.find(analyse(text))
    assert found.unknown == (unknown,)
    assert not found.found


@pytest.mark.parametrize("text", ["thôn nào có lớp", "thôn mình có lớp không", "bán hàng online", "tổ công nghệ số"])
def test_not_a_place_name(places, text):
    assert places.find(analyse(text)).unknown == ()


def test_venues_and_communes(places):
    found = places.find(analyse("lớp ở bưu điện"))
    assert found.venues == (("xa hoa an", "buu dien xa hoa an"),)
    found = places.find(analyse("nha van hoa thon dong"))
    assert found.venues == (("xa hoa an", "nha van hoa thon dong"),)
    assert places.find(analyse("phường Tân Lập")).communes == ("phuong tan lap",)
    assert places.find(analyse("xã hòa an có lớp không")).communes == ("xa hoa an",)


def test_richest_spelling_is_shown():
    places = Gazetteer([(COMMUNE, "thon dong"), (COMMUNE, "Thôn Đông"), (COMMUNE, "thôn đông")])
    assert list(places.villages) == [("xa hoa an", "thon dong")]
    assert places.village_name(("xa hoa an", "thon dong")) == "Thôn Đông"
    assert in_sentence("Thôn Đông") == "thôn Đông"
    assert in_sentence("Tổ dân phố 3") == "tổ dân phố 3"


@pytest.fixture(scope="module")
def topics():
    data = load_catalogue_file()
    labels = {code: entry["label"] for code, entry in data["topics"].items()}
    words = [(code, w, False) for code, e in data["topics"].items() for w in e.get("words") or []]
    words += [(code, w, True) for code, e in data["topics"].items() for w in e.get("weak") or []]
    words += [(None, w, False) for w in data.get("ignore") or []]
    return TopicIndex(labels, words)


def topic_codes(topics, text):
    return list(topics.find([t.text for t in analyse(text).tokens]).codes)


@pytest.mark.parametrize(
    "text, codes",
    [
        ("lớp dạy chống lừa đảo", ["scam"]),
        ("lop lua dao", ["scam"]),
        ("thanh toán số", ["payment"]),
        ("quét mã", ["payment"]),
        ("quet ma qr", ["payment"]),
        ("dịch vụ công", ["dvc"]),
        ("dich vu cong", ["dvc"]),
        ("định danh điện tử", ["vneid"]),
        ("dinh danh", ["vneid"]),
        ("dinh dang dien tu", ["vneid"]),
        ("sức khỏe", ["health"]),
        ("suc khoe", ["health"]),
        ("sức khoẻ", ["health"]),
        ("điện thoại", ["basics"]),
        ("dien thoai", ["basics"]),
        ("dịch vụ công trên điện thoại", ["dvc"]),
        ("lớp VNeID hoặc lừa đảo", ["vneid", "scam"]),
        ("cho tôi số điện thoại của thầy", []),
        ("lớp bình dân học vụ số ở thôn đông", []),
        ("trồng lúa", []),
    ],
)
def test_topics_from_everyday_words(topics, text, codes):
    assert topic_codes(topics, text) == codes


@pytest.mark.parametrize("text", ["Đông", "ở đông có lớp không", "Đông có lớp không", "lịch học Đông tuần sau"])
def test_a_bare_one_word_name_when_it_is_meant(places, text):
    assert [k[1] for k in places.find(analyse(text)).villages] == ["thon dong", "thon dong"]


@pytest.mark.parametrize("text", ["đông người quá không học được", "lớp đông lắm"])
def test_a_bare_one_word_name_in_ordinary_words(places, text):
    assert places.find(analyse(text)).villages == ()
