"""Checks that a webhook event really comes from Zalo.

Zalo sends `X-ZEvent-Signature: mac=<hex>` with
hex = SHA-256(app_id + raw body + timestamp + OA secret key): a plain hash of
the concatenation (not an HMAC), `app_id` and `timestamp` taken from the body,
the body exactly as received. Public implementations disagree on details, so
the formula lives here only, and the header is accepted with or without `mac=`.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Any, Mapping, Optional

HEADER = "X-ZEvent-Signature"


def expected_mac(app_id: str, raw_body: bytes, timestamp: str, oa_secret_key: str) -> str:
    """The lowercase hex digest Zalo computes for this event."""
    return hashlib.sha256(app_id.encode("utf-8") + raw_body + timestamp.encode("utf-8") + oa_secret_key.encode("utf-8")).hexdigest()


def signature_problem(header: Optional[str], raw_body: bytes, event: Mapping[str, Any], oa_secret_key: str) -> Optional[str]:
    """None when the signature is right, else why it is not (for the log)."""
    if not header or not header.strip():
        return f"no {HEADER} header"
    supplied = header.strip()
    if supplied[:4].lower() == "mac=":
        supplied = supplied[4:].strip()
    app_id, timestamp = event.get("app_id"), event.get("timestamp")
    if not isinstance(app_id, (str, int)) or not isinstance(timestamp, (str, int)) or isinstance(timestamp, bool):
        return "the event has no app_id or timestamp to check the signature with"
    expected = expected_mac(str(app_id), raw_body, str(timestamp), oa_secret_key)
    if not hmac.compare_digest(supplied.lower().encode("ascii", "replace"), expected.encode("ascii")):
        return f"{HEADER} does not match the event"
    return None
