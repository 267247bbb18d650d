"""The fakes' HTTP controls, used for demos by hand, drive the connectors like the Python API does."""
import httpx

from tests.channels.channel_server import StandInAssistant
from tests.channels.test_telegram_channel import telegram
from tests.channels.test_zalo_channel import zalo
from tests.fakes.server import wait_for


def test_telegram_fake_controls(fake_telegram, tmp_path):
    with telegram(fake_telegram, tmp_path, StandInAssistant(), messages_per_second=50):
        control = fake_telegram.url + "/_fake"
        assert httpx.post(control + "/user_says", json={"chat_id": 3, "text": "/start"}).json()["webhook_status"] == 200
        wait_for(lambda: fake_telegram.sent(3))
        httpx.post(control + "/fail", json={"method": "sendMessage", "kind": "retry_after", "retry_after": 1}).raise_for_status()
        assert httpx.post(control + "/user_taps", json={"chat_id": 3, "title": "VNeID"}).json()["webhook_status"] == 200
        wait_for(lambda: len(fake_telegram.sent(3)) == 2, what="the reply after the injected 429")
        assert "no message" in httpx.post(control + "/user_taps", json={"chat_id": 3, "title": "Không có"}).json()["error"]
        assert any(c["method"] == "sendMessage" and not c["ok"] for c in httpx.get(control + "/calls").json())


def test_zalo_fake_controls(fake_zalo, tmp_path):
    with zalo(fake_zalo, tmp_path):
        control = fake_zalo.url + "/_fake"
        assert httpx.post(control + "/follow", json={"user_id": "u9"}).json()["webhook_status"] == 200
        wait_for(lambda: fake_zalo.sent_to("u9"))
        httpx.post(control + "/expire_token").raise_for_status()
        assert httpx.post(control + "/user_says", json={"user_id": "u9", "text": "hoi"}).json()["webhook_status"] == 200
        wait_for(lambda: len(fake_zalo.sent_to("u9")) == 2)
        assert fake_zalo.refreshes == 1
        httpx.post(control + "/fail", json={"kind": "error", "error": -230}).raise_for_status()
        httpx.post(control + "/user_says", json={"user_id": "u9", "text": "nua"})
        wait_for(lambda: fake_zalo.rejected, what="the injected failure")
        assert [m["user_id"] for m in httpx.get(control + "/messages").json()] == ["u9", "u9"]
