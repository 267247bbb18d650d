"""Profiles in the assistant's database: kept across processes, keyed by a hash of the sender id."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.persistence.resident import user_hash
from bot.profile.levels import BEGINNER, CONFIDENT
from bot.profile.store import Profile, load_profile, save_profile
from tests.profile.conftest import use_key

ROOT = Path(__file__).resolve().parents[2]


def _load_in_a_new_process(sender: str) -> str:
    code = f"from bot.profile.store import load_profile; p = load_profile({sender!r}); print(p.level, p.address_form)"
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=120, check=True)
    return result.stdout.strip()


def test_user_level_and_address_form_persist_across_a_restart(profile_db):
    save_profile("tg-1001", level=CONFIDENT)
    save_profile("tg-1001", address_form="chi")
    assert _load_in_a_new_process("tg-1001") == "confident chi"


def test_user_level_change_keeps_the_address_form(profile_db):
    save_profile("zalo-77", level=BEGINNER, address_form="ong")
    save_profile("zalo-77", level=CONFIDENT)
    assert load_profile("zalo-77") == Profile(level=CONFIDENT, address_form="ong")


def test_user_level_unknown_for_someone_new(profile_db):
    save_profile("tg-1001", level=BEGINNER)
    assert load_profile("tg-2002") == Profile()


def test_address_form_rows_hold_a_keyed_hash_not_the_sender_id(profile_db, monkeypatch):
    save_profile("web-2f1c", address_form="anh")
    with sqlite3.connect(profile_db / "assistant.db") as connection:
        keys = [row[0] for row in connection.execute("SELECT user_key FROM user_profiles")]
    assert keys == [user_hash("web-2f1c")] and "2f1c" not in keys[0]
    use_key(monkeypatch, "another key " * 4)
    assert load_profile("web-2f1c") == Profile(), "another key must not find the profile"


@pytest.mark.parametrize("changes", [{"level": "expert"}, {"address_form": "cụ"}])
def test_user_level_and_address_form_refuse_unknown_values(profile_db, changes):
    with pytest.raises(ValueError):
        save_profile("tg-1001", **changes)
