"""Phone, ID card, OTP and account numbers sent through Telegram, Zalo and the web chat
never appear in the log or in a file these components write.

Each path is driven the way it fails in real life, since that is when
connectors write message text to the log: a reply the platform refuses
(the log quotes it, and the assistant's answers can quote the person), a
typed payload nobody offered, an anonymous Zalo chat, an update Telegram
sends that cannot be read. Our own loggers run at DEBUG, everything else
at INFO (the level Rasa runs at).
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Iterable, List

import pytest

from tests.channels.channel_server import StandInAssistant
from tests.channels.conftest import fake_telegram, fake_zalo  # noqa: F401 (fixtures)
from tests.channels.test_telegram_channel import CHAT, telegram
from tests.channels.test_zalo_channel import USER, zalo
from tests.fakes.server import wait_for
from tests.fakes.telegram_api import Failure as TelegramFailure
from tests.fakes.zalo_api import Failure as ZaloFailure
from tests.webchat.conftest import client_for
from tests.webchat.fake_rasa import FakeRasa
from webchat.app import create_app
from webchat.sender_ids import SenderIds
from webchat.settings import Settings

PHONE, CCCD, OTP, ACCOUNT = "0912345678", "012345678901", "482913", "19036612345678"
RAW = (PHONE, CCCD, OTP, ACCOUNT, "0912 345 678")
MESSAGE = f"so dien thoai {PHONE}, cccd {CCCD}, ma OTP {OTP}, so tai khoan {ACCOUNT}"
TYPED_PAYLOAD = '/update_profile{"phone": "0912 345 678", "cccd": "%s", "otp": "%s"}' % (CCCD, OTP)


@pytest.fixture(autouse=True)
def verbose_logs(caplog):
    caplog.set_level(logging.INFO)
    for ours in ("connectors", "bot", "webchat", "console"):
        caplog.set_level(logging.DEBUG, logger=ours)


def files_under(folder: Path) -> Iterable[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def raw(number: str) -> "re.Pattern[bytes]":
    """The number on its own (a Zalo user id may contain the same digits)."""
    return re.compile(rb"(?<!\d)" + re.escape(number.encode()) + rb"(?!\d)")


def assert_nothing_raw(log: str, folder: Path, expect_in_log: List[str]) -> None:
    for wanted in expect_in_log:  # the paths did log, or this test would prove nothing
        assert wanted in log, wanted
    for number in RAW:
        assert not raw(number).search(log.encode()), number
        for path in files_under(folder):
            assert not raw(number).search(path.read_bytes()), (number, path)


def test_telegram(fake_telegram, tmp_path, caplog):  # noqa: F811
    fake_telegram.fail("sendMessage", TelegramFailure("error", code=400, description="Bad Request: chat not found"), times=10)
    with telegram(fake_telegram, tmp_path, StandInAssistant(), messages_per_second=50) as server:
        fake_telegram.deliver(fake_telegram.text_update(CHAT, MESSAGE))
        fake_telegram.deliver(fake_telegram.text_update(CHAT, TYPED_PAYLOAD))
        fake_telegram.deliver({"update_id": 4242, "message": MESSAGE})  # unreadable: logged and skipped
        wait_for(lambda: caplog.text.count("NOT delivered") == 2, what="both refused replies to be logged")
    assert [m.text for m in server.assistant.received][0] == MESSAGE  # the assistant itself gets the real text
    assert_nothing_raw(caplog.text, tmp_path, ["Text: 'Bác hỏi: so dien thoai [SĐT]", "had not offered",
                                               "update 4242 could not be read"])


def test_zalo(fake_zalo, tmp_path, caplog):  # noqa: F811
    fake_zalo.fail(ZaloFailure("error", error=-230, message="User has not interacted with the OA"), times=10)
    with zalo(fake_zalo, tmp_path, StandInAssistant()):
        fake_zalo.deliver(fake_zalo.text_event(USER, MESSAGE))
        fake_zalo.deliver(fake_zalo.text_event(USER, TYPED_PAYLOAD))
        fake_zalo.deliver(fake_zalo.event("anonymous_send_text", USER, message={"text": MESSAGE, "msg_id": "anon-1"}))
        wait_for(lambda: caplog.text.count("NOT delivered") == 2, what="both refused replies to be logged")
    assert_nothing_raw(caplog.text, tmp_path, ["Text: 'Bác hỏi: so dien thoai [SĐT]", "had not offered",
                                               "anonymous chats are not supported (text: 'so dien thoai [SĐT]"])


@pytest.mark.anyio
async def test_web_chat(tmp_path, caplog):
    rasa = FakeRasa()
    rasa.replies[MESSAGE] = [{"text": f"Cháu ghi nhận số {PHONE} ạ."}]
    settings = Settings.from_env({"WEBCHAT_SECRET_FILE": str(tmp_path / "var" / "webchat-secret.key")})
    sender = SenderIds(settings.secret_key).issue()
    async with client_for(create_app(settings, rasa_transport=rasa.transport)) as client:
        for text in (MESSAGE, TYPED_PAYLOAD):
            assert (await client.post("/api/messages", json={"sender": sender, "message": text})).status_code == 200
        rasa.down = True
        assert (await client.post("/api/messages", json={"sender": sender, "message": MESSAGE})).status_code == 502
    assert_nothing_raw(caplog.text, tmp_path, ["had not offered"])


@pytest.fixture
def anyio_backend():
    return "asyncio"
