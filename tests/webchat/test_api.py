"""The web chat's API against a fake Rasa: what passes through, and what does not."""
import pytest

from tests.webchat.conftest import ALLOWED, client_for, rasa_id
from tests.webchat.fake_rasa import GREETING

pytestmark = pytest.mark.anyio


async def test_a_message_reaches_rasa_under_a_web_only_sender_and_only_text_and_buttons_come_back(
        make_client, fake_rasa, sender):
    fake_rasa.replies["cai vneid"] = [{"text": "Bước 1/5: Mở CH Play.", "buttons": [
        {"title": "Tiếp theo", "payload": "/step_next"}, {"title": 3, "payload": "/bad"}], "custom": {"x": 1}}]
    async with make_client() as client:
        response = await client.post("/api/messages", json={"sender": sender, "message": "  cai vneid "})
    assert response.status_code == 200
    assert response.json() == {"sender": sender, "messages": [{"from": "bot", "text": "Bước 1/5: Mở CH Play.",
                                             "buttons": [{"title": "Tiếp theo", "payload": "/step_next"}]}]}
    assert fake_rasa.received == [(rasa_id(sender), "cai vneid")]


async def test_history_shows_titles_of_tapped_buttons_and_hides_the_unseen_welcome(make_client, fake_rasa, sender):
    async with make_client() as client:
        await client.post("/api/messages", json={"sender": sender, "message": "/greet"})
        await client.post("/api/messages", json={"sender": sender, "message": "/feedback_helpful"})
        await client.post("/api/messages", json={"sender": sender, "message": "dich vu cong"})
        history = (await client.post("/api/history", json={"sender": sender})).json()["messages"]
    assert history == [
        {"from": "bot", **GREETING},
        {"from": "user", "text": "👍 Có"},
        {"from": "bot", "text": "Bác vừa hỏi: /feedback_helpful", "buttons": []},
        {"from": "user", "text": "dich vu cong"},
        {"from": "bot", "text": "Bác vừa hỏi: dich vu cong", "buttons": []},
    ]


async def test_a_payload_passes_only_when_the_bot_offered_it(make_client, fake_rasa, sender):
    async with make_client() as client:
        await client.post("/api/messages", json={"sender": sender, "message": '/browse_topic{"topic": "vneid"}'})
        await client.post("/api/messages", json={"sender": sender, "message": "/greet"})
        await client.post("/api/messages", json={"sender": sender, "message": '/browse_topic{"topic": "vneid"}'})
        await client.post("/api/messages", json={"sender": sender, "message": "/restart"})
    assert [text for _, text in fake_rasa.received] == [
        'browse_topic{"topic": "vneid"}',  # typed, not offered: read as words
        "/greet",  # the welcome
        '/browse_topic{"topic": "vneid"}',  # offered by the greeting
        "restart",  # a reset goes through /api/reset only
    ]


async def test_reset_restarts_the_conversation_so_its_history_is_gone(make_client, fake_rasa, sender):
    async with make_client() as client:
        await client.post("/api/messages", json={"sender": sender, "message": "so dien thoai cua toi la 0912345678"})
        reset = await client.post("/api/reset", json={"sender": sender})
        history = (await client.post("/api/history", json={"sender": sender})).json()["messages"]
    assert reset.status_code == 204 and reset.content == b""
    assert fake_rasa.received[-1] == (rasa_id(sender), "/restart")
    assert history == []


async def test_too_long_and_empty_messages_get_a_vietnamese_explanation(make_client, fake_rasa, sender):
    async with make_client(max_message_chars=20) as client:
        long = await client.post("/api/messages", json={"sender": sender, "message": "a" * 21})
        empty = await client.post("/api/messages", json={"sender": sender, "message": "   "})
    assert long.status_code == 413 and "dài quá" in long.json()["detail"]
    assert empty.status_code == 400 and "trống" in empty.json()["detail"]
    assert fake_rasa.received == []


async def test_each_client_is_rate_limited_with_a_polite_message(make_client, fake_rasa, sender):
    async with make_client(rate_burst=3, rate_per_minute=6) as client:
        statuses = [(await client.post("/api/messages", json={"sender": sender, "message": f"cau {i}"})).status_code
                    for i in range(3)]
        limited = await client.post("/api/messages", json={"sender": sender, "message": "cau 4"})
    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "10" and limited.json()["retry_after"] == 10
    assert limited.json()["detail"] == "Tin nhắn gửi hơi nhanh ạ. Xin chờ khoảng 10 giây rồi gửi lại."
    assert len(fake_rasa.received) == 3


async def test_the_limit_is_per_client_address(make_app, sender):
    app = make_app(rate_burst=1)
    for address in ("198.51.100.1", "198.51.100.2"):
        async with client_for(app, address) as client:
            assert (await client.post("/api/history", json={"sender": sender})).status_code == 200
            assert (await client.post("/api/history", json={"sender": sender})).status_code == 429


async def test_rasa_being_down_is_explained_not_crashed(make_client, fake_rasa, sender):
    fake_rasa.down = True
    async with make_client() as client:
        response = await client.post("/api/messages", json={"sender": sender, "message": "xin chao"})
    assert response.status_code == 502
    assert "Trợ lý đang bận" in response.json()["detail"]


async def test_other_websites_are_refused_before_anything_reaches_rasa(make_client, fake_rasa, sender):
    body = {"sender": sender, "message": "xin chao"}
    async with make_client() as client:
        foreign = await client.post("/api/messages", json=body, headers={"Origin": "https://evil.example"})
        lookalike = await client.post("/api/messages", json=body, headers={"Origin": ALLOWED + ".evil.example"})
        configured = await client.post("/api/messages", json=body, headers={"Origin": ALLOWED})
        same_site = await client.post("/api/messages", json=body, headers={"Origin": "http://chat.test"})
        no_origin = await client.post("/api/messages", json=body)
    assert (foreign.status_code, lookalike.status_code) == (403, 403)
    assert "access-control-allow-origin" not in foreign.headers
    assert configured.status_code == 200 and configured.headers["access-control-allow-origin"] == ALLOWED
    assert same_site.status_code == 200 and no_origin.status_code == 200
    assert len(fake_rasa.received) == 3


async def test_preflight_is_answered_for_configured_origins_only(make_client):
    def preflight(origin):
        return {"Origin": origin, "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type"}
    async with make_client() as client:
        allowed = await client.options("/api/messages", headers=preflight(ALLOWED))
        refused = await client.options("/api/messages", headers=preflight("https://evil.example"))
    assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == ALLOWED
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers


async def test_any_origin_only_when_configured_with_a_star(make_client, sender):
    async with make_client(allowed_origins=("*",)) as client:
        response = await client.post("/api/messages", json={"sender": sender, "message": "a"},
                                     headers={"Origin": "https://any.example"})
    assert response.status_code == 200 and response.headers["access-control-allow-origin"] == "*"


async def test_behind_a_proxy_that_rewrites_host_the_forwarded_host_counts_as_the_same_site(make_client, sender):
    body = {"sender": sender, "message": "xin chao"}
    proxied = {"Host": "127.0.0.1:8080", "X-Forwarded-Host": "tro-ly.xa.gov.vn", "Origin": "https://tro-ly.xa.gov.vn"}
    async with make_client() as client:
        through_proxy = await client.post("/api/messages", json=body, headers=proxied)
        elsewhere = await client.post("/api/messages", json=body, headers={**proxied, "Origin": "https://evil.example"})
    assert (through_proxy.status_code, elsewhere.status_code) == (200, 403)
