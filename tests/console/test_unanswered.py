"""Unanswered messages: grouped, masked, and the officials' two decisions."""
from __future__ import annotations

import re

import yaml

from bot.knowledge.store import load_articles
from bot.knowledge.training_data import render
from console.review import REVIEW_HEADER, read_review_entries
from tests.console.conftest import page_token


def _groups(html: str):
    """(representative text, the group's HTML) for every open group on the page."""
    blocks = re.findall(r'<article class="card group".*?</article>', html, re.S)
    return {re.search(r'<h2 class="representative">“(.*?)”</h2>', b).group(1): b for b in blocks}


def _form(block: str, token: str, **extra):
    keys = re.findall(r'name="key" value="([0-9a-f]+)"', block)
    texts = re.findall(r'name="phrasing" value="([^"]*)" checked', block)
    data = {"csrf_token": token, "key": keys, "phrasing": texts, "days": "30", "reason": ""}
    data.update(extra)
    return data


def test_messages_that_fell_back_were_out_of_scope_declined_or_disliked_are_grouped(logged_in):
    html = logged_in.get("/unanswered").text
    groups = _groups(html)
    assert set(groups) == {
        "cho tôi hỏi giá vàng hôm nay",
        "số em [SĐT] gọi lại giúp em",
        "mã OTP [mã số] là gì vậy",
        "quét mã QR trả tiền sao",
    }
    gold = groups["cho tôi hỏi giá vàng hôm nay"]
    assert "<strong>3</strong> lần · 2 người · 21/11/2026 15:00 → 22/11/2026 20:00" in gold
    assert "giá vàng hôm nay bao nhiêu" in gold and "hoi gia vang hom nay" in gold
    assert "Ngoài phạm vi ×3" in gold
    assert "Không hiểu" in groups["số em [SĐT] gọi lại giúp em"]
    assert "Không chắc, không trả lời" in groups["mã OTP [mã số] là gì vậy"]
    disliked = groups["quét mã QR trả tiền sao"]
    assert "Bị chê 👎" in disliked and '<span class="article-id">pay_qr</span>' in disliked
    # the router's best guess is offered, but not the article that was already judged unhelpful
    assert '<option value="scam_otp" selected>' in groups["mã OTP [mã số] là gì vậy"]
    assert '<option value="pay_transfer" selected>' in disliked


def test_answered_questions_button_presses_and_clarifications_are_not_listed(logged_in):
    listed = set(re.findall(r'name="phrasing" value="([^"]*)"', logged_in.get("/unanswered").text))
    assert len(listed) == 6
    for answered in ("cài vneid thế nào", "cai vneid o dau", '/choose_article{"article": "pay_transfer"}',
                     "chuyển tiền", "lớp học máy tính ở thôn Đông khi nào", "👍", "👎", "tiếp"):
        assert answered not in listed


def test_phone_numbers_and_codes_never_reach_the_page(logged_in):
    html = logged_in.get("/unanswered").text
    for secret in ("0912 345 678", "0912345678", "482913"):
        assert secret not in html


def test_the_period_and_the_reason_filter_the_list(logged_in):
    week = _groups(logged_in.get("/unanswered?days=7").text)
    assert "số em [SĐT] gọi lại giúp em" not in week  # 10/11
    assert "cho tôi hỏi giá vàng hôm nay" in week
    only = _groups(logged_in.get("/unanswered?reason=not_helpful").text)
    assert list(only) == ["quét mã QR trả tiền sao"]


def test_this_is_article_x_goes_to_the_review_file_not_to_training(logged_in, settings):
    html = logged_in.get("/unanswered").text
    block = _groups(html)["mã OTP [mã số] là gì vậy"]
    response = logged_in.post("/unanswered/decide", data=_form(block, page_token(logged_in), action="article", article="scam_otp"), follow_redirects=False)
    assert response.status_code == 303 and "done=article" in response.headers["location"]
    page = logged_in.get(response.headers["location"]).text
    assert "Đã ghi các câu vào danh sách chờ duyệt" in page
    assert "mã OTP [mã số] là gì vậy" not in _groups(page)
    assert re.search(r"mã OTP \[mã số\] là gì vậy</td>\s*<td data-label=\"Quyết định\">Bài <span class=\"article-id\">scam_otp", page)

    text = settings.review_file.read_text(encoding="utf-8")
    assert text.startswith(REVIEW_HEADER)
    [entry] = read_review_entries(settings.review_file)
    assert entry["article"] == "scam_otp" and entry["marked_by"] == "lan" and entry["asked"] == 1
    assert entry["phrasings"] == ["mã OTP [mã số] là gì vậy"]
    # a human must copy it into the article: the training data does not read the review file
    assert "mã OTP [mã số] là gì vậy" not in render(load_articles().values())


def test_entries_are_appended_and_the_file_stays_valid_yaml(logged_in, settings):
    for representative, article in (("mã OTP [mã số] là gì vậy", "scam_otp"), ("quét mã QR trả tiền sao", "pay_qr")):
        block = _groups(logged_in.get("/unanswered").text)[representative]
        logged_in.post("/unanswered/decide", data=_form(block, page_token(logged_in), action="article", article=article))
    entries = yaml.safe_load(settings.review_file.read_text(encoding="utf-8"))
    assert [e["article"] for e in entries] == ["scam_otp", "pay_qr"]


def test_only_the_chosen_phrasings_are_kept(logged_in, settings):
    block = _groups(logged_in.get("/unanswered").text)["cho tôi hỏi giá vàng hôm nay"]
    data = _form(block, page_token(logged_in), action="article", article="movement_what_is")
    data["phrasing"] = ["giá vàng hôm nay bao nhiêu", "a text that was not in the group"]
    logged_in.post("/unanswered/decide", data=data)
    [entry] = read_review_entries(settings.review_file)
    assert entry["phrasings"] == ["giá vàng hôm nay bao nhiêu"] and entry["asked"] == 3


def test_new_question_needed_is_exported_as_a_list(logged_in):
    block = _groups(logged_in.get("/unanswered").text)["cho tôi hỏi giá vàng hôm nay"]
    data = _form(block, page_token(logged_in), action="new_question", note="Giá vàng: ngoài phạm vi, nên nói rõ")
    assert logged_in.post("/unanswered/decide", data=data, follow_redirects=False).status_code == 303
    download = logged_in.get("/unanswered/new-questions.csv")
    assert download.headers["content-type"].startswith("text/csv")
    assert "cau-hoi-moi-2026-11-23.csv" in download.headers["content-disposition"]
    assert download.content.startswith("\ufeff".encode())
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Câu hỏi,Cách hỏi khác,Số lần hỏi,Số người hỏi")
    assert lines[1].startswith("cho tôi hỏi giá vàng hôm nay,")
    assert ",3,2,21/11/2026,22/11/2026,\"Giá vàng: ngoài phạm vi, nên nói rõ\",lan," in lines[1]
    assert "cho tôi hỏi giá vàng hôm nay" not in _groups(logged_in.get("/unanswered").text)


def test_mistakes_are_explained_and_change_nothing(logged_in, settings):
    token = page_token(logged_in)
    block = _groups(logged_in.get("/unanswered").text)["quét mã QR trả tiền sao"]
    no_article = logged_in.post("/unanswered/decide", data=_form(block, token, action="article", article=""))
    assert no_article.status_code == 400 and "Chọn bài viết" in no_article.text
    unknown_article = logged_in.post("/unanswered/decide", data=_form(block, token, action="article", article="khong_co_bai"))
    assert unknown_article.status_code == 400
    no_phrasing = _form(block, token, action="article", article="pay_qr")
    no_phrasing["phrasing"] = []
    response = logged_in.post("/unanswered/decide", data=no_phrasing)
    assert response.status_code == 400 and "Chọn ít nhất một câu" in response.text
    gone = logged_in.post("/unanswered/decide", data={"csrf_token": token, "action": "new_question", "key": "0" * 40})
    assert gone.status_code == 400 and "đã được xử lý" in gone.text
    assert not settings.review_file.exists()
    assert "quét mã QR trả tiền sao" in _groups(logged_in.get("/unanswered").text)
    # a group decided twice (two officials at once) is refused the second time
    assert logged_in.post("/unanswered/decide", data=_form(block, token, action="new_question"), follow_redirects=False).status_code == 303
    again = logged_in.post("/unanswered/decide", data=_form(block, token, action="new_question"))
    assert again.status_code == 400


def test_appending_to_the_shipped_review_file_keeps_it_valid(tmp_path):
    from console.config import REPO_ROOT
    from console.review import append_review_entry

    shipped = REPO_ROOT / "bot" / "knowledge" / "review" / "phrasings.yml"
    copy = tmp_path / "phrasings.yml"
    copy.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    assert read_review_entries(copy) == []
    append_review_entry(copy, {"article": "vneid_install", "phrasings": ["tải vneid: ở đâu?", "- cài - vneid"]})
    append_review_entry(copy, {"article": "pay_qr", "phrasings": ["quét QR # trả tiền"]})
    entries = read_review_entries(copy)
    assert [e["phrasings"] for e in entries] == [["tải vneid: ở đâu?", "- cài - vneid"], ["quét QR # trả tiền"]]
    assert copy.read_text(encoding="utf-8").count(REVIEW_HEADER) == 1


def test_message_text_is_shown_as_text_never_as_markup(logged_in):
    from tests.console import conversations

    script = conversations.Script("x", "telegram").starting(conversations.at(11, 23, 10))
    conversations.save({"x": script.say('<img src=x onerror="alert(1)"> cai app', "nlu_fallback", "fallback")})
    html = logged_in.get("/unanswered").text
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt; cai app" in html
