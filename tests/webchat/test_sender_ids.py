"""Conversation ids come only from the web chat, signed: nobody can name another person's conversation."""
import os
import re
import stat

import pytest

from tests.webchat.conftest import SECRET_KEY, client_for, rasa_id
from webchat.app import create_app
from webchat.sender_ids import SenderIds
from webchat.settings import Settings, SettingsError

pytestmark = pytest.mark.anyio

SIGNED = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.[A-Za-z0-9_-]{43}$")


async def test_a_first_message_gets_a_fresh_signed_id_that_then_continues_the_conversation(make_client, fake_rasa):
    async with make_client() as client:
        first = (await client.post("/api/messages", json={"message": "/greet"})).json()
        other = (await client.post("/api/messages", json={"sender": "", "message": "/greet"})).json()
        again = (await client.post("/api/messages", json={"sender": first["sender"], "message": "cai vneid"})).json()
    assert SIGNED.match(first["sender"]) and SIGNED.match(other["sender"]) and first["sender"] != other["sender"]
    assert first["messages"][0]["buttons"] and again["sender"] == first["sender"]
    assert fake_rasa.received == [(rasa_id(first["sender"]), "/greet"), (rasa_id(other["sender"]), "/greet"),
                                  (rasa_id(first["sender"]), "cai vneid")]


async def test_without_an_id_there_is_no_history_to_read_or_conversation_to_reset(make_client, fake_rasa):
    async with make_client() as client:
        for path in ("/api/history", "/api/reset"):
            for body in ({}, {"sender": ""}):
                response = await client.post(path, json=body)
                assert response.status_code == 403 and response.json()["reason"] == "sender"
    assert fake_rasa.received == []


def forgeries(victim: str) -> dict:
    conversation, signature = victim.split(".")
    other_key = SenderIds(b"another-key-" + b"y" * 30).issue()
    return {
        "bare uuid (the old format)": conversation,
        "signature changed": conversation + "." + ("A" if signature[0] != "A" else "B") + signature[1:],
        "another id's signature": conversation + "." + SenderIds(SECRET_KEY).issue().split(".")[1],
        "signed with another key": other_key,
        "uppercase": conversation.upper() + "." + signature,
        "another channel": "telegram:501",
        "path trick": "../status",
    }


@pytest.mark.parametrize("forgery", list(forgeries(SenderIds(SECRET_KEY).issue())))
async def test_an_id_the_server_did_not_issue_is_refused_and_reaches_no_conversation(make_client, fake_rasa, sender, forgery):
    fake_rasa.replies["so cua toi"] = [{"text": "Số của bác là 0912345678 ạ."}]
    async with make_client() as client:
        await client.post("/api/messages", json={"sender": sender, "message": "so cua toi"})
        before = list(fake_rasa.received)
        body = {"sender": forgeries(sender)[forgery]}
        calls = [await client.post("/api/history", json=body),
                 await client.post("/api/messages", json={**body, "message": "xin chao"}),
                 await client.post("/api/reset", json=body)]
    for response in calls:
        assert response.status_code == 403, forgery
        assert response.json()["reason"] == "sender" and "0912345678" not in response.text
    assert fake_rasa.received == before  # nothing reached Rasa, no other conversation was touched


async def test_a_person_cannot_read_another_persons_conversation(make_client, fake_rasa):
    async with make_client() as client:
        alice = (await client.post("/api/messages", json={"message": "so cccd 012345678901"})).json()["sender"]
        bob = (await client.post("/api/messages", json={"message": "xin chao"})).json()["sender"]
        stolen = rasa_id(alice)[len("web-"):] + "." + bob.split(".")[1]  # Alice's uuid, Bob's signature
        assert (await client.post("/api/history", json={"sender": stolen})).status_code == 403
        bobs = (await client.post("/api/history", json={"sender": bob})).json()["messages"]
    assert "012345678901" not in str(bobs) and [m["text"] for m in bobs if m["from"] == "user"] == ["xin chao"]


def test_the_key_comes_from_the_environment_or_a_file_kept_for_the_next_start(tmp_path):
    key_file = tmp_path / "var" / "webchat-secret.key"
    first = Settings.from_env({"WEBCHAT_SECRET_FILE": str(key_file)})
    again = Settings.from_env({"WEBCHAT_SECRET_FILE": str(key_file)})
    assert first.secret_key == again.secret_key and len(first.secret_key) >= 32
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    configured = Settings.from_env({"WEBCHAT_SECRET_KEY": "k" * 40, "WEBCHAT_SECRET_FILE": str(tmp_path / "unused")})
    assert configured.secret_key == b"k" * 40 and not (tmp_path / "unused").exists()
    with pytest.raises(SettingsError, match="at least 32"):
        Settings.from_env({"WEBCHAT_SECRET_KEY": "short"})
    assert "secret" not in repr(first).lower()


async def test_an_id_survives_a_restart_but_not_a_change_of_key(tmp_path, fake_rasa):
    env = {"WEBCHAT_SECRET_FILE": str(tmp_path / "key")}
    before = create_app(Settings.from_env(env), rasa_transport=fake_rasa.transport)
    after_restart = create_app(Settings.from_env(env), rasa_transport=fake_rasa.transport)
    new_key = create_app(Settings.from_env({"WEBCHAT_SECRET_KEY": "n" * 40}), rasa_transport=fake_rasa.transport)
    async with client_for(before) as client:
        sender = (await client.post("/api/messages", json={"message": "xin chao"})).json()["sender"]
    async with client_for(after_restart) as client:
        assert (await client.post("/api/history", json={"sender": sender})).status_code == 200
    async with client_for(new_key) as client:
        assert (await client.post("/api/history", json={"sender": sender})).status_code == 403
