"""A level variant (`level_answers`) is the article's own answer, reworded.

A confident resident gets `level_answers.confident` instead of the answer, and
nobody re-reads the sources for it: every checked fact must already be in the
same article. So each web address, number and quoted button label in a variant,
and each name written with a capital letter inside a sentence (app, menu,
agency), must appear in the article's answer, steps or alternatives; the variant
is shorter than what it condenses; it addresses the reader with the placeholders
the answer uses; and it keeps the answer's safety wording.
"""
import pytest
import regex

from bot.knowledge.address import ADDRESS_SLOTS
from bot.knowledge.store import articles
from bot.profile.levels import BEGINNER, CONFIDENT

WITH_VARIANTS = [a for a in articles().values() if a.level_answers]
VARIANTS = [(a, level, text) for a in WITH_VARIANTS for level, text in a.level_answers.items()]
VARIANT_IDS = [f"{a.id}-{level}" for a, level, _ in VARIANTS]

WEB = regex.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s\"'),]*)?", regex.I)
# a number, with the spaces or dots a phone number or amount may carry ("1900 0368", "3.000")
NUMBER = regex.compile(r"\d(?:[ .]?\d)*")
QUOTED = regex.compile(r"[\"“]([^\"”]+)[\"”]")
PLACEHOLDER = regex.compile(r"\{(\w+)\}")
WORD = regex.compile(r"[\p{L}\p{N}]+")
SENTENCE_START = regex.compile(r"(?:^|[.!?…:;]\s+|[\"“])$")
# Safety wording: when the answer says it, every variant says it too.
SAFETY = ("người lạ", "kẻ gian", "lừa đảo", "mã otp, mật khẩu cho ai")


def source_text(article) -> str:
    """What a variant may draw on: the answer, the steps and the alternatives."""
    return "\n".join([article.answer] + [s.do for s in article.steps] + [article.alternatives or ""])


def web_addresses(text: str) -> set:
    return {regex.sub(r"^https?://", "", a).rstrip("./").lower() for a in WEB.findall(text)}


def numbers(text: str) -> set:
    return {regex.sub(r"\D", "", n) for n in NUMBER.findall(text)}


def labels(text: str) -> set:
    return {label.strip() for label in QUOTED.findall(text)}


def names(text: str) -> set:
    """Words with a capital letter that do not start a sentence or a quotation."""
    text = PLACEHOLDER.sub("", text)
    found = set()
    for match in WORD.finditer(text):
        word = match.group()
        if word != word.lower() and not SENTENCE_START.search(text[:match.start()]):
            found.add(word)
    return found


def test_some_articles_have_a_confident_variant():
    assert sum(CONFIDENT in a.level_answers for a in WITH_VARIANTS) >= 10


@pytest.mark.parametrize("article, level, text", VARIANTS, ids=VARIANT_IDS)
def test_level_variant_is_a_known_level(article, level, text):
    assert level in (BEGINNER, CONFIDENT)
    assert text.strip()


FACT_KINDS = {"web addresses": web_addresses, "numbers": numbers, "quoted labels": labels}


@pytest.mark.parametrize("kind", FACT_KINDS)
@pytest.mark.parametrize("article, level, text", VARIANTS, ids=VARIANT_IDS)
def test_level_variant_adds_no_fact_of_its_own(article, level, text, kind):
    """A variant says less than its article, never something else: no new address, number or label."""
    find = FACT_KINDS[kind]
    new = find(text) - find(source_text(article))
    assert not new, f"{level} variant gives {kind} the article does not: {sorted(new)}"


@pytest.mark.parametrize("article, level, text", VARIANTS, ids=VARIANT_IDS)
def test_level_variant_adds_no_name(article, level, text):
    known = set(WORD.findall(source_text(article)))
    new = names(text) - known
    assert not new, f"{level} variant names what the article does not: {sorted(new)}"


@pytest.mark.parametrize("article, level, text", VARIANTS, ids=VARIANT_IDS)
def test_level_variant_is_shorter_than_what_it_condenses(article, level, text):
    assert len(text) < len(article.answer) + sum(len(s.do) for s in article.steps)
    if level == CONFIDENT:
        # the confident variant is the brief one; the steps follow it anyway
        assert len(text) < len(article.answer), "a confident variant is shorter than the answer"


@pytest.mark.parametrize("article, level, text", VARIANTS, ids=VARIANT_IDS)
def test_level_variant_addresses_the_reader_as_the_answer_does(article, level, text):
    used = set(PLACEHOLDER.findall(text))
    assert used <= set(ADDRESS_SLOTS), f"unknown placeholders {sorted(used - set(ADDRESS_SLOTS))}"
    # {Bac} and {bac} are one word; only its capital depends on where it stands
    allowed = {name.lower() for name in PLACEHOLDER.findall(article.answer)}
    extra = {name for name in used if name.lower() not in allowed}
    assert not extra, f"{level} variant uses placeholders the answer does not: {sorted(extra)}"


@pytest.mark.parametrize("article, level, text", VARIANTS, ids=VARIANT_IDS)
def test_level_variant_keeps_the_answers_safety_wording(article, level, text):
    for phrase in SAFETY:
        if phrase in article.answer.lower():
            assert phrase in text.lower(), f"{level} variant drops the answer's safety wording {phrase!r}"


# --- the checks above catch what they guard against ---

def test_the_checks_catch_an_invented_phone_address_label_or_name():
    article = articles()["pay_transfer"]
    source = source_text(article)
    assert numbers("gọi 1900 1234 nhé") - numbers(source) == {"19001234"}
    assert web_addresses("vào https://nganhang-that.vn.") - web_addresses(source) == {"nganhang-that.vn"}
    assert labels('bấm "Chuyển nhanh 24/7"') - labels(source) == {"Chuyển nhanh 24/7"}
    assert names("{Bac} mở MoMo rồi chuyển") - set(WORD.findall(source)) == {"MoMo"}
    assert names("Tải ứng dụng ngân hàng (ví dụ MoMo).") == {"MoMo"}
    assert names('Mở app. Bấm "Tiếp tục" rồi nhập OTP.') == {"OTP"}
