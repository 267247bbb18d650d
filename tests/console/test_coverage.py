"""The coverage page and the "try a question" box, on the scripted answer log."""
from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from datetime import datetime

import pytest

from bot.knowledge.store import articles
from bot.knowledge.training_data import phrasings
from console.app import create_app
from console.config import REPO_ROOT
from console.users import create_user
from console.queries.try_question import explain
from console.rasa_api import RasaParser
from tests.console.client import ConsoleTestClient
from tests.console.conftest import PASSWORD, log_in, page_token
from tests.console.fake_rasa_api import TOKEN, fake_rasa_api
from tests.conversation.servers import free_port
from tests.fakes.server import ThreadedServer


def _coverage(client) -> dict:
    return {q["id"]: q for q in client.get("/api/coverage").json()["questions"]}


def test_every_catalogue_question_has_a_row_with_its_article_and_counts(logged_in, settings):
    rows = _coverage(logged_in)
    catalogue_ids = re.findall(r"^- id: (\S+)", settings.catalogue_file.read_text(encoding="utf-8"), re.M)
    assert list(rows) == catalogue_ids
    vneid = rows["vneid_install"]
    assert vneid["article"] is True and vneid["reviewed"] == articles()["vneid_install"].reviewed.isoformat()
    assert vneid["sources"] == len(articles()["vneid_install"].sources) > 0
    assert vneid["phrasings"] == len(phrasings(articles()["vneid_install"]))
    assert vneid["heldout_accuracy"] == 0.75
    # answered on 23/11 and 10/11
    assert (vneid["asked_7_days"], vneid["asked_30_days"]) == (1, 2)
    # 👍 counts since the answer log began (01/10 too)
    assert (vneid["helpful"], vneid["not_helpful"]) == (2, 0)
    assert (rows["pay_qr"]["asked_7_days"], rows["pay_qr"]["not_helpful"], rows["pay_qr"]["heldout_accuracy"]) == (1, 1, 1.0)
    # chosen from the clarification buttons: one answer, counted once
    assert rows["pay_transfer"]["asked_30_days"] == 1
    # the OTP question was declined, so scam_otp was not answered
    assert rows["scam_otp"]["asked_30_days"] == 0 and rows["scam_otp"]["heldout_accuracy"] is None


def test_the_page_shows_totals_a_chart_per_topic_and_the_question_rows(logged_in):
    html = logged_in.get("/").text
    assert "Độ phủ câu hỏi thường gặp" in html
    total = len(articles())
    assert f"<strong>{total}/{total}</strong>" in html
    assert "<strong>3 / 4</strong>" in html  # answers in 7 days: an, binh, giang; in 30: and chi
    assert "<strong>2 👍 · 1 👎</strong>" in html
    assert "đo lúc 2026-11-22T10:00:00" in html
    chart = re.search(r'<figure class="chart" data-chart="asked-by-topic">(.*?)</figure>', html, re.S).group(1)
    assert chart.count('class="bar"') == 7  # one bar per catalogue topic
    assert re.search(r'<title>VNeID: 2</title>', chart) and re.search(r"<title>Chuyển tiền, QR: 2</title>", chart)
    accuracy = re.search(r'data-chart="accuracy-by-topic">(.*?)</figure>', html, re.S).group(1)
    assert "<title>VNeID: 75%</title>" in accuracy
    row = re.search(r'<tr id="q-vneid_install".*?</tr>', html, re.S).group(0)
    assert "Cài ứng dụng VNeID" in row or articles()["vneid_install"].title in row
    assert "75% <span class=\"muted\">(3/4)</span>" in row
    assert 'href="https://' in row  # the sources, linked


def test_a_topic_can_be_shown_alone(logged_in):
    html = logged_in.get("/?topic=health").text
    shown = re.findall(r'<tr id="q-([a-z0-9_]+)"', html)
    assert shown and all(articles()[i].topic == "health" for i in shown)


def test_an_article_not_reviewed_for_180_days_is_flagged(client, official, settings):
    later = dataclasses.replace(settings, now=lambda: datetime(2027, 6, 15, 9, 0))
    with ConsoleTestClient(create_app(later)) as old_client:
        log_in(old_client)
        rows = _coverage(old_client)
        html = old_client.get("/").text
    assert all(r["stale"] for r in rows.values())
    assert "quá 180 ngày" in html
    log_in(client)  # the same articles on 2026-11-23: reviewed that day
    assert not any(r["stale"] for r in _coverage(client).values())


def test_a_catalogue_question_without_an_article_is_shown(client, official, settings, tmp_path):
    catalogue = tmp_path / "catalogue.yml"
    catalogue.write_text(settings.catalogue_file.read_text(encoding="utf-8") + (
        "\n- id: vneid_new_feature\n  topic: vneid\n  question: Ví điện tử trên VNeID dùng thế nào?\n"), encoding="utf-8")
    with ConsoleTestClient(create_app(dataclasses.replace(settings, catalogue_file=catalogue))) as other:
        log_in(other)
        assert _coverage(other)["vneid_new_feature"]["article"] is False
        row = re.search(r'<tr id="q-vneid_new_feature".*?</tr>', other.get("/").text, re.S).group(0)
    assert "Chưa có bài" in row and "Ví điện tử trên VNeID dùng thế nào?" in row


@pytest.mark.parametrize("content, message", [(None, "chạy `make bench-kb`"), ("{not json", "Không đọc được kb.json")])
def test_the_page_works_without_benchmark_results(client, official, settings, content, message):
    if content is None:
        settings.bench_file.unlink()
    else:
        settings.bench_file.write_text(content, encoding="utf-8")
    log_in(client)
    response = client.get("/")
    assert response.status_code == 200 and message in response.text
    assert 'data-chart="accuracy-by-topic"' not in response.text
    assert _coverage(client)["vneid_install"]["heldout_accuracy"] is None


def test_an_empty_answer_log_is_not_an_error(client, official, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_DB", f"sqlite:///{tmp_path / 'empty.db'}")
    create_user("lan", PASSWORD)
    with ConsoleTestClient(create_app(settings)) as fresh:
        log_in(fresh)
        for path in ("/", "/unanswered", "/indicators"):
            response = fresh.get(path)
            assert response.status_code == 200, path
        assert "Chưa có hội thoại nào" in fresh.get("/").text


def test_trying_a_question_shows_article_confidence_and_runner_up(logged_in, parser):
    token = page_token(logged_in)
    html = logged_in.post("/try", data={"question": "  cai vneid the nao ", "csrf_token": token}).text
    assert parser.questions == ["cai vneid the nao"]
    result = re.search(r'<section class="card result".*?</section>', html, re.S).group(0)
    assert "Trả lời bằng bài viết" in result
    assert articles()["vneid_install"].title in result and "81%" in result
    assert articles()["vneid_register_level1"].title in result and "7%" in result
    assert "faq · 93%" in result


def test_an_empty_question_is_not_sent_to_the_model(logged_in, parser):
    response = logged_in.post("/try", data={"question": "   ", "csrf_token": page_token(logged_in)})
    assert response.status_code == 400 and parser.questions == []


def _try_with(settings, parser, question="cai vneid"):
    """Logs in to a console using `parser`; returns (page response, API response)."""
    with ConsoleTestClient(create_app(settings, parser)) as other:
        log_in(other)
        token = page_token(other)
        page = other.post("/try", data={"question": question, "csrf_token": token})
        api = other.post("/api/try", json={"question": question}, headers={"X-CSRF-Token": token})
    return page, api


def test_the_box_asks_the_running_rasa_with_its_token(client, official, settings, parser):
    api = fake_rasa_api(parser.result)
    with ThreadedServer(api) as url:
        page, answer = _try_with(settings, RasaParser(url, TOKEN), "  cai vneid the nao ")
    assert api.state.received == [{"text": "cai vneid the nao"}] * 2
    assert page.status_code == 200 and "Trả lời bằng bài viết" in page.text and "81%" in page.text
    assert answer.json()["articles"] == ["vneid_install"] and answer.json()["intent_confidence"] == 0.93


def test_without_a_running_rasa_the_box_says_so(client, official, settings):
    page, answer = _try_with(settings, RasaParser(f"http://127.0.0.1:{free_port()}"))
    assert page.status_code == 503 and "Không kết nối được với trợ lý" in page.text and "make run" in page.text
    assert answer.status_code == 503 and "Không kết nối được" in answer.json()["detail"]


@pytest.mark.parametrize("token, status, message", [
    ("wrong-token", 200, "RASA_TOKEN"),
    (TOKEN, 500, "Trợ lý trả lỗi 500"),
])
def test_a_refused_or_failed_parse_is_reported_not_a_crash(client, official, settings, parser, token, status, message):
    with ThreadedServer(fake_rasa_api(parser.result, status=status)) as url:
        page, answer = _try_with(settings, RasaParser(url, token))
    assert page.status_code == 503 and message in page.text
    assert answer.status_code == 503 and message in answer.json()["detail"]


def test_the_decision_follows_the_answering_actions_rule():
    known = articles()
    clarify = explain("chuyen tien", {"intent": {"name": "faq", "confidence": 0.9}, "article_ranking": [
        {"id": "pay_transfer", "confidence": 0.35}, {"id": "pay_wrong_transfer", "confidence": 0.30}]}, known)
    assert clarify.decision == "clarify" and clarify.chosen == ("pay_transfer", "pay_wrong_transfer")
    assert clarify.runner_up.id == "pay_wrong_transfer"
    declined = explain("?", {"intent": {"name": "faq", "confidence": 0.9}, "article_ranking": [{"id": "scam_otp", "confidence": 0.05}]}, known)
    assert declined.decision == "abstain" and declined.chosen == ()
    other = explain("chào", {"intent": {"name": "greet", "confidence": 0.99}, "article_ranking": [{"id": "scam_otp", "confidence": 0.9}]}, known)
    assert other.decision == "not_knowledge" and other.chosen == ()


def test_the_console_starts_without_loading_rasa_or_tensorflow(tmp_path):
    code = (
        "import sys, json; from console.app import create_app; from console.config import Settings; "
        "from pathlib import Path; "
        "create_app(Settings(b'k'*48, Path('c'), Path('b'), Path('r'))); "
        "print(json.dumps([m for m in ('rasa', 'tensorflow', 'sklearn') if m in sys.modules]))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=str(REPO_ROOT))
    assert json.loads(output.stdout.strip().splitlines()[-1]) == []


@pytest.mark.model
def test_the_box_asks_the_real_assistant(assistant, client, official, settings):
    _, answer = _try_with(settings, RasaParser(assistant.url), "cai vneid the nao")
    result = answer.json()
    assert result["intent"] == "faq"
    assert result["ranking"][0]["id"] == "vneid_install"
    assert result["decision"] == "answer" and result["articles"] == ["vneid_install"]
