"""Content rules from the December 2026 outside review, checked on every article.

test_articles.py checks the schema, the sources and the addresses and numbers. This
file checks what the reader is told: the OTP/password warning that must reach the
reader, plain words for jargon, short sentences, one action per step, what to do
after installing a scam app or leaking a password, and the safety facts for
victims and for reporting scams. Expected wording comes from docs/facts.md, read
at test time, wherever facts.md has it.
"""
import unicodedata

import pytest
import regex

from bot.knowledge.address import DEFAULT_ADDRESS
from bot.knowledge.rendering import answer_messages, closing
from bot.nlu.normalization import fold
from tests.knowledge.test_articles import ARTICLES, FACTS, IDS, SENTENCE_END, texts_shown

BY_ID = {article.id: article for article in ARTICLES}


def facts_section(heading: str) -> str:
    """The text of one "### x.y" section of docs/facts.md (up to the next heading)."""
    match = regex.search(rf"^### {regex.escape(heading)}.*?(?=^#{{2,3}} )", FACTS, regex.M | regex.S)
    assert match, f"docs/facts.md has no section {heading!r}"
    return match.group(0)


AFTER_A_SCAM = facts_section("4.4")  # "Đã bị lừa thì làm gì"
WHERE_TO_REPORT = facts_section("4.3")  # "Kênh báo cáo"


def lower(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def reading_order(article):
    """Shown text in the order the reader meets it: answer, each step (do, then help),
    alternatives, handoff, warnings (the renderer sends the warnings last)."""
    parts = [article.answer]
    for step in article.steps:
        parts += [step.do, step.help or ""]
    parts += [article.alternatives or "", article.handoff or ""]
    return [part for part in parts + list(article.warnings) if part]


def sentences(text: str):
    return [part for part in SENTENCE_END.split(text.strip()) if part.strip()]


# --- 1. The OTP/password warning reaches every reader who logs in or handles money ---

OTP_WARNING = "không đọc mã otp, mật khẩu cho ai"
# Whole topics where the reader logs in or moves money: VNeID and public services
# (log in with VNeID, OTP, passcode), payments, and scams (OTP, money, fake apps).
WARNING_TOPICS = {"vneid", "dvc", "payment", "scam"}
# Articles of other topics that involve an account or money: the health services
# used through a VNeID account (health_ebook, health_insurance_card) and hospital
# booking apps that take payments (health_booking); passwords (basics_password);
# Zalo, whose hijacked accounts are used to ask for money and codes (basics_zalo);
# installing apps, which asks for the Google/Apple account (basics_wifi_install);
# and the movement articles that send the reader to log in with VNeID.
WARNING_IDS = {
    "health_ebook", "health_insurance_card", "health_booking",
    "basics_password", "basics_zalo", "basics_wifi_install",
    "movement_what_is", "movement_learn_online", "movement_community_team", "movement_digital_day",
}
# Any other article that talks about these (folded) needs the warning too, so a new
# article about accounts is caught without editing the lists above.
ACCOUNT_WORDS = ("otp", "mat khau", "passcode", "dang nhap", "tai khoan")


def needs_otp_warning(article) -> bool:
    shown = fold(" ".join(texts_shown(article)))
    return (article.topic in WARNING_TOPICS or article.id in WARNING_IDS
            or any(word in shown for word in ACCOUNT_WORDS))


WARNED = [article for article in ARTICLES if needs_otp_warning(article)]


def test_the_warning_lists_name_real_articles():
    assert WARNING_IDS <= set(BY_ID)
    assert WARNING_TOPICS <= {article.topic for article in ARTICLES}


@pytest.mark.parametrize("article", WARNED, ids=[a.id for a in WARNED])
def test_login_and_money_articles_carry_the_otp_password_warning(article):
    assert any(OTP_WARNING in lower(warning) for warning in article.warnings), (
        f'add a warning containing "{OTP_WARNING}"'
    )
    # Only the last warnings are sent (rendering.closing, and the first message of a
    # step-by-step guide), so check what the reader actually receives.
    first_reply = " ".join(message["text"] for message in answer_messages(article, DEFAULT_ADDRESS))
    assert OTP_WARNING in lower(first_reply), "the warning must be among the warnings the renderer sends"
    assert OTP_WARNING in lower(closing(article, DEFAULT_ADDRESS)["text"])


# --- 2. Jargon is explained in plain words the first time it is shown ---

JARGON = {
    "OTP": regex.compile(r"\bOTP\b"),
    "passcode": regex.compile(r"\bpasscode\b", regex.I),
    "QR": regex.compile(r"\bQR\b"),
    "NFC": regex.compile(r"\bNFC\b"),
}
# Explanation after the term: within 60 characters, before the sentence ends, an
# opening parenthesis or a dash followed by at least three words,
# e.g. "mã OTP (mã số gửi qua tin nhắn)" or "passcode — mã 6 chữ số".
EXPLAINED_AFTER = regex.compile(r"[^.!?…()]{0,60}?(?:\(|\s[—–]\s)\s*(?P<words>[^()—–.!?…]+)")


def explained_before(text: str, start: int, end: int) -> bool:
    """The term closes a short parenthesis after its explanation,
    e.g. "mã số gửi qua tin nhắn (mã OTP)" or "đọc chip trong thẻ (NFC)"."""
    opening, closing_ = text.rfind("(", 0, start), text.find(")", end)
    if opening < 0 or closing_ < 0 or ")" in text[opening:start] or "(" in text[end:closing_]:
        return False
    inside = (text[opening + 1:start] + text[end:closing_]).split()
    sentence_before = regex.split(r"[.!?…:;]\s", text[:opening])[-1]
    return len(inside) <= 2 and len(sentence_before.split()) >= 3


def first_use(article, pattern):
    for text in reading_order(article):
        match = pattern.search(text)
        if match:
            return text, match
    return None, None


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
@pytest.mark.parametrize("term", sorted(JARGON))
def test_jargon_is_explained_where_first_shown(article, term):
    text, match = first_use(article, JARGON[term])
    if match is None:
        return
    after = EXPLAINED_AFTER.match(text, match.end())
    explained = (after is not None and len(after.group("words").split()) >= 3) or explained_before(
        text, match.start(), match.end())
    assert explained, (
        f"first {term!r} needs a plain explanation, e.g. \"mã {term} (...)\": {text[max(0, match.start() - 40):match.end() + 60]!r}"
    )


# --- 3. Short sentences, short answers, one action per step ---

MAX_WORDS = 30


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_no_sentence_is_longer_than_30_words(article):
    for text in texts_shown(article):
        for sentence in sentences(text):
            assert len(sentence.split()) <= MAX_WORDS, f"split this sentence: {sentence!r}"


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_answer_has_at_most_three_sentences(article):
    assert len(sentences(article.answer)) <= 3


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_each_step_is_one_sentence_doing_one_thing(article):
    assert len(article.steps) <= 10
    for step in article.steps:
        assert len(sentences(step.do)) == 1, f"one sentence per step: {step.do!r}"
        # A semicolon joins two instructions: make them two steps.
        assert ";" not in step.do, f"split into two steps: {step.do!r}"


# --- 4. After installing an app from a scam link ---

INSTALL_SCAM_IDS = ["scam_otp", "scam_level2_update", "scam_links_apps", "scam_victim"]
# facts.md 4.4, item 3: turn the phone off, cut Wi-Fi and mobile data, take out the
# SIM; deleting the app is not enough, restore factory settings.
AFTER_INSTALLING = ["khôi phục cài đặt gốc", "Wi-Fi", "dữ liệu di động", "tháo SIM", "tắt nguồn"]


@pytest.mark.parametrize("article_id", INSTALL_SCAM_IDS)
def test_install_scam_articles_say_disconnect_and_factory_reset(article_id):
    shown = lower(" ".join(texts_shown(BY_ID[article_id])))
    for phrase in AFTER_INSTALLING:
        assert lower(phrase) in lower(AFTER_A_SCAM), f"{phrase!r} is no longer in facts.md 4.4"
        assert lower(phrase) in shown, f"{article_id} must say {phrase!r}"


# --- 5. After a lost or leaked password: lock at the bank first, then change it ---

LEAK_IDS = ["basics_password", "scam_otp", "scam_links_apps", "scam_level2_update", "scam_victim"]
CHANGE_PASSWORD = regex.compile(r"doi (?:sang )?mat khau")


def is_lock_step(text: str) -> bool:
    folded = fold(text)
    return "tong dai" in folded and "khoa" in folded


@pytest.mark.parametrize("article_id", LEAK_IDS)
def test_hotline_lock_comes_before_changing_the_password(article_id):
    steps = [fold(step.do) for step in BY_ID[article_id].steps]
    locks = [i for i, step in enumerate(steps) if is_lock_step(step)]
    changes = [i for i, step in enumerate(steps) if CHANGE_PASSWORD.search(step)]
    assert locks and changes, "needs a step calling the bank hotline to lock, and one changing the password"
    assert locks[0] < changes[0], "call the bank hotline to lock the account before changing the password"


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_no_text_says_change_the_password_before_calling_the_hotline(article):
    for text in texts_shown(article):
        folded = fold(text)
        change, hotline = CHANGE_PASSWORD.search(folded), folded.find("tong dai")
        if change and hotline >= 0:
            assert hotline < change.start(), f"hotline first, then the password: {text!r}"


# --- 6. Golden safety facts, taken from facts.md ---

# facts.md 4.4: stop transferring; call the number printed on the card; ask to
# investigate and freeze; keep evidence; report to the police (113 when urgent);
# factory reset after a scam app; nobody recovers money for a fee.
VICTIM_ACTIONS = ["dừng chuyển tiền", "in trên thẻ", "tra soát", "phong tỏa", "bằng chứng", "trình báo",
                  "khôi phục cài đặt gốc", "lấy lại tiền"]
VICTIM_NUMBERS = ["113", "19000368"]
# facts.md 4.3: 113, the commune police, the VNeID reporting feature, SMS to 5656.
REPORT_CHANNELS = ["113", "Công an xã", "Kiến nghị, phản ánh về ANTT", "Tạo mới yêu cầu", "Gửi yêu cầu", "5656"]
# Marked unconfirmed in facts.md (4.6, 2.4, 8): no article may send the reader there.
UNCONFIRMED = [r"\b156\b", r"canhbao\.khonggianmang", r"thongbaorac\.ais\.gov\.vn", r"tinnhiemmang\.vn",
               r"0692348560", r"18001096"]


def test_victim_article_gives_the_actions_facts_md_lists():
    shown = lower(" ".join(texts_shown(BY_ID["scam_victim"])))
    for phrase in VICTIM_ACTIONS:
        assert lower(phrase) in lower(AFTER_A_SCAM), f"{phrase!r} is no longer in facts.md 4.4"
        assert lower(phrase) in shown, f"scam_victim must say {phrase!r}"
    digits = regex.sub(r"[\s.]", "", shown)
    for number in VICTIM_NUMBERS:
        assert number in regex.sub(r"[\s.]", "", FACTS), f"{number} is no longer in facts.md"
        assert number in digits, f"scam_victim must give {number}"


def test_report_article_gives_the_channels_facts_md_confirms():
    shown = lower(" ".join(texts_shown(BY_ID["scam_report"])))
    for channel in REPORT_CHANNELS:
        assert lower(channel) in lower(WHERE_TO_REPORT), f"{channel!r} is no longer in facts.md 4.3"
        assert lower(channel) in shown, f"scam_report must give {channel!r}"


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_no_article_sends_the_reader_to_an_unconfirmed_channel(article):
    shown = " ".join(texts_shown(article))
    for pattern in UNCONFIRMED:
        assert regex.search(pattern, FACTS), f"{pattern} is no longer in facts.md"
        assert not regex.search(pattern, shown), f"facts.md marks {pattern} unconfirmed"


# --- 7. Statements the review removed for lack of a source stay out ---

# Transfer limits are only given with the date of the rule they come from
# ("theo quy định từ ngày 1/7/2024"): facts.md has no recent source saying they still apply.
LIMIT = regex.compile(r"\b[12]0 triệu")


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_transfer_limits_carry_the_date_of_their_rule(article):
    for text in texts_shown(article):
        if LIMIT.search(text):
            assert "quy định từ ngày" in lower(text), f"give the date of the rule: {text!r}"


UNSOURCED = [
    ("pay_bills", r"QR[^.]*hóa đơn|hóa đơn[^.]*QR", "QR codes printed on bills"),
    ("pay_bank_account", r"mã QR ở góc|mặt sau (?:thẻ|thẻ căn cước)", "steps copied from biometric setup"),
    ("health_insurance_card", r"(?i)passcode", "the card code is not documented as the passcode"),
]


@pytest.mark.parametrize("article_id, pattern, what", UNSOURCED, ids=[row[0] for row in UNSOURCED])
def test_statements_without_a_source_stay_out(article_id, pattern, what):
    shown = " ".join(texts_shown(BY_ID[article_id]))
    assert not regex.search(pattern, shown), f"{article_id}: {what} has no source in facts.md"
