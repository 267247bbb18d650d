"""Every catalogue question has a complete, sourced, readable article.

Facts an elderly reader acts on (web addresses, phone numbers) must come from
the checked fact sheet, so they are compared with docs/facts.md (the repository's
copy; tests/test_shared_copies.py compares it with the shared original).
"""
import datetime as dt
from pathlib import Path

import pytest
import regex
import yaml

from bot.knowledge.address import ADDRESS_SLOTS
from bot.knowledge.store import TOPIC_TITLES, articles, load_articles
from bot.nlu.normalization import fold

REPO_ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = {entry["id"]: entry for entry in yaml.safe_load((REPO_ROOT / "bot" / "knowledge" / "catalogue.yml").read_text(encoding="utf-8"))}
FACTS = (REPO_ROOT / "docs" / "facts.md").read_text(encoding="utf-8")
FACT_DIGITS = regex.sub(r"[\s.]", "", FACTS)
TODAY = dt.date(2026, 12, 5)  # the last content review; bump it with the next one

ADDRESS = regex.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+(?:gov\.vn|vn|com|net|org)(?:/[^\s\"'),]*)?", regex.I)
PHONE = regex.compile(r"(?<![\d/.,])\d[\d .]{1,14}\d(?![\d/])")
BARE_ADDRESS = regex.compile(r"(?<!con )\b(?:[Bb]ác(?! sĩ)|[Cc]háu)\b")
SENTENCE_END = regex.compile(r"[.!?…](?=\s|$)")
SENSITIVE = ("otp", "mat khau", "chuyen tien", "chuyen khoan", "cccd", "can cuoc", "duong link", "tai khoan ngan hang")


def texts_shown(article):
    """Everything the assistant may send of an article (not the residents' questions)."""
    parts = [article.answer, *article.level_answers.values(), article.alternatives or "", article.handoff or ""]
    parts += [s.do for s in article.steps] + [s.help or "" for s in article.steps]
    return parts + list(article.warnings)


ARTICLES = list(articles().values())
IDS = [a.id for a in ARTICLES]


def test_every_catalogue_id_has_exactly_one_article():
    assert sorted(IDS) == sorted(CATALOGUE), "catalogue ids and article ids differ"


def test_articles_load_from_every_topic_file():
    assert {a.topic for a in ARTICLES} <= set(TOPIC_TITLES)
    assert len(load_articles()) == len(CATALOGUE)


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_article_schema(article):
    assert article.topic == CATALOGUE[article.id]["topic"]
    assert 0 < len(article.title) <= 40
    assert 0 < len(article.button) <= 20
    assert TODAY - dt.timedelta(days=180) <= article.reviewed <= TODAY
    assert all(step.do for step in article.steps)
    assert len(article.steps) <= 10


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_questions_are_many_varied_and_include_unaccented(article):
    folded = [" ".join(fold(q).split()) for q in article.questions]
    assert len(article.questions) >= 8
    assert len(set(folded)) == len(folded), "two phrasings differ only in diacritics"
    assert sum(fold(q) == q.lower() for q in article.questions) >= 3


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_answer_is_short(article):
    assert len(SENTENCE_END.findall(article.answer.strip())) <= 3


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_text_uses_address_placeholders(article):
    for text in texts_shown(article):
        assert not BARE_ADDRESS.search(text), f"write {{bac}}/{{chau}} instead: {text!r}"
        for name in regex.findall(r"\{(\w+)\}", text):
            assert name in ADDRESS_SLOTS, f"unknown placeholder {{{name}}}"


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_every_article_has_dated_sources_from_the_fact_sheet(article):
    assert article.sources
    for source in article.sources:
        assert source.url in FACTS, f"source not in facts.md: {source.url}"
        assert source.publisher and source.supports and source.page_date
        assert source.checked <= TODAY


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_web_addresses_in_answers_are_checked_ones(article):
    for text in texts_shown(article):
        for address in ADDRESS.findall(text):
            bare = regex.sub(r"^https?://", "", address).rstrip(".")
            assert bare.lower() in FACTS.lower(), f"unchecked address {address!r}"


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_phone_numbers_in_answers_are_checked_ones(article):
    for text in texts_shown(article):
        for number in PHONE.findall(text):
            digits = regex.sub(r"[\s.]", "", number)
            if len(digits) >= 3 and not regex.fullmatch(r"(19|20)\d\d", digits):
                assert digits in FACT_DIGITS, f"unchecked number {number!r} in {text!r}"


@pytest.mark.parametrize("article", ARTICLES, ids=IDS)
def test_money_and_identity_answers_carry_a_safety_rule(article):
    shown = fold(" ".join(texts_shown(article)))
    if any(word in shown for word in SENSITIVE):
        assert article.warnings, "money/OTP/ID answers end with a safety rule"
