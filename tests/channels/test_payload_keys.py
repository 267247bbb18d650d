"""Button payloads longer than Telegram's 64 bytes travel as short keys and come back whole."""
from connectors.payload_keys import KEY_PREFIX, PayloadKeys

LONG = '/choose_article{"article": "vneid_register_level2_for_elderly_people_at_commune_police"}'


def test_short_payloads_travel_as_they_are():
    keys = PayloadKeys(None)
    assert keys.to_callback_data("/step_next") == "/step_next"
    assert keys.from_callback_data("/step_next") == "/step_next"


def test_long_payload_becomes_a_short_key_and_maps_back():
    keys = PayloadKeys(None)
    data = keys.to_callback_data(LONG)
    assert len(LONG.encode()) > 64 and data.startswith(KEY_PREFIX) and len(data.encode()) <= 64
    assert keys.from_callback_data(data) == LONG


def test_bytes_not_characters_are_counted():
    vietnamese = '/ask_schedule{"class_place": "Nhà văn hóa thôn Đông Hưng Thịnh"}'  # 64 characters, 73 bytes
    assert len(vietnamese) <= 64 < len(vietnamese.encode())
    assert PayloadKeys(None).to_callback_data(vietnamese).startswith(KEY_PREFIX)


def test_a_payload_that_looks_like_a_key_is_keyed_too():
    keys = PayloadKeys(None)
    data = keys.to_callback_data("k:not-a-key")
    assert data != "k:not-a-key" and keys.from_callback_data(data) == "k:not-a-key"


def test_keys_survive_a_restart_and_are_shared_between_processes(tmp_path):
    store = tmp_path / "var" / "buttons.sqlite3"
    first = PayloadKeys(store)
    data = first.to_callback_data(LONG)
    first.close()
    other = PayloadKeys(store)
    assert other.from_callback_data(data) == LONG
    assert other.to_callback_data(LONG) == data  # same key everywhere


def test_an_unknown_key_is_reported_as_unknown(tmp_path):
    assert PayloadKeys(tmp_path / "b.sqlite3").from_callback_data("k:AAAAAAAAAAAAAAAAAAAA") is None
