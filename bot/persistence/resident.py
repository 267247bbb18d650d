"""Who a resident is in the assistant's own tables: a keyed hash of their conversation id.

The answer log and the remembered profiles both key rows by `user_hash(sender_id)`,
an HMAC keyed with ASSISTANT_SECRET_KEY (or a random key kept in
var/assistant-secret.key), so the tables can follow one resident without holding
any sender id. Set the same key on every action server so one resident has one hash.
"""
from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from bot.persistence.secret_key import signing_key
from bot.settings import REPO_ROOT

SECRET_VARIABLE = "ASSISTANT_SECRET_KEY"
SECRET_FILE = REPO_ROOT / "var" / "assistant-secret.key"


@lru_cache(maxsize=1)
def _key() -> bytes:
    return signing_key(SECRET_VARIABLE, SECRET_FILE)


def user_hash(sender_id: str) -> str:
    """The resident as the tables know them: the same for every message, useless without the key."""
    return hmac.new(_key(), sender_id.encode("utf-8"), hashlib.sha256).hexdigest()
