"""Phone, ID card, OTP and account numbers sent to the real assistant never reach the answer log
or the officials' console.

The messages go through the REST channel of the real Rasa and action server
(the same actions answer every channel), as questions, a message nobody can
understand, a timetable question and a pasted scam message; then every
column of every answer-log row, the action server's and Rasa's own log
files, and every console page and CSV built from that log are searched for
the raw numbers.
"""
from __future__ import annotations

import sqlite3
import uuid

import pytest

from console.app import create_app
from console.config import Settings
from console.users import create_user
from tests.console.client import ConsoleTestClient
from tests.console.conftest import CATALOGUE, PASSWORD, log_in
from tests.security.test_personal_data_in_logs import ACCOUNT, CCCD, OTP, PHONE, RAW, raw

MESSAGES = (
    f"cai vneid the nao, so dien thoai {PHONE}, cccd {CCCD}",
    f"zxqv {PHONE} {ACCOUNT} {OTP}",
    f"lop hoc o thon dong khi nao, goi em so {PHONE}",
    f"VCB: tai khoan {ACCOUNT} bi khoa, doc ma OTP {OTP} cho nhan vien theo so {PHONE} de mo khoa",
    f"ma OTP {OTP} la gi, so tai khoan cua toi {ACCOUNT}",
)
PAGES = ("/", "/unanswered", "/indicators", "/api/coverage", "/unanswered/new-questions.csv",
         "/indicators/theo-ngay.csv", "/indicators/chu-de.csv", "/indicators/kenh.csv", "/indicators/tin-nhan-la.csv")


def _nothing_raw(where: str, data: bytes) -> None:
    for number in RAW:
        assert not raw(number).search(data), (number, where)


@pytest.mark.model
def test_the_answer_log_and_the_console_hold_no_raw_number(assistant, tmp_path, monkeypatch):
    sender = f"security-{uuid.uuid4().hex[:8]}"
    for message in MESSAGES:
        assert assistant.say(sender, message)
    database = assistant.workdir / "assistant.db"
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT * FROM answer_log").fetchall()
        questions = [q for (q,) in connection.execute("SELECT question FROM answer_log WHERE question IS NOT NULL")]
        decisions = {d for (d,) in connection.execute("SELECT decision FROM answer_log")}
    assert len(rows) >= len(MESSAGES) and "scam_check" in decisions  # every message was logged
    assert any("[SĐT]" in q for q in questions) and any("[mã số]" in q for q in questions)
    _nothing_raw("answer_log", repr(rows).encode())
    assert sender not in repr(rows)
    for log in ("actions.log", "rasa.log"):
        _nothing_raw(log, (assistant.workdir / log).read_bytes())

    monkeypatch.setenv("ASSISTANT_DB", f"sqlite:///{database}")
    create_user(f"lan-{sender}", PASSWORD)
    settings = Settings(secret_key=b"k" * 48, catalogue_file=CATALOGUE, bench_file=tmp_path / "kb.json",
                        review_file=tmp_path / "phrasings.yml")
    with ConsoleTestClient(create_app(settings)) as console:
        log_in(console, name=f"lan-{sender}")
        unanswered = console.get("/unanswered?days=7").text
        assert "[SĐT]" in unanswered or "[mã số]" in unanswered  # the masked messages did reach the page
        for path in PAGES:
            response = console.get(path)
            assert response.status_code == 200, path
            _nothing_raw(path, response.content)
