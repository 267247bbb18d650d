"""The Zalo signature: sha256(app_id + raw body + timestamp + OA secret key), nothing else.

The expected digests were computed outside Python:
    printf '%s' '<app_id><body><timestamp><secret>' | sha256sum
"""
import hashlib
import hmac
import json

from connectors.zalo_signature import expected_mac, signature_problem

BODY = ('{"app_id":"3402870234857","event_name":"user_send_text","timestamp":"1699003881354",'
        '"message":{"text":"Chào cháu","msg_id":"abc"}}').encode("utf-8")
EVENT = json.loads(BODY)
SECRET = "oaSecretKey123"
DIGEST = "fe72da62c1f9ebb79c5ffe22ee375c944777e1122be494974b4643c39076ecfa"


def test_known_vectors():
    assert expected_mac("app1", b'{"a":1}', "1700000000000", "secret") == "7922818691670026e446b17e14a82f7510bdf379925f456e4d6e6ec96a19c2ef"
    assert expected_mac("3402870234857", BODY, "1699003881354", SECRET) == DIGEST


def test_the_header_is_accepted_with_or_without_mac_prefix_and_in_any_case():
    for header in (f"mac={DIGEST}", DIGEST, f"MAC={DIGEST.upper()}", f"  mac={DIGEST} "):
        assert signature_problem(header, BODY, EVENT, SECRET) is None, header


def test_anything_else_is_refused_with_a_reason():
    assert "no X-ZEvent-Signature" in signature_problem(None, BODY, EVENT, SECRET)
    assert "does not match" in signature_problem(f"mac={DIGEST}", BODY, EVENT, "another secret")
    assert "does not match" in signature_problem(f"mac={DIGEST}", BODY.replace(b"abc", b"abd"), EVENT, SECRET)
    reformatted = json.dumps(EVENT).encode()  # same event, other bytes: the raw body counts
    assert "does not match" in signature_problem(f"mac={DIGEST}", reformatted, EVENT, SECRET)
    assert "no app_id or timestamp" in signature_problem(f"mac={DIGEST}", BODY, {"app_id": "1"}, SECRET)


def test_an_hmac_or_a_header_timestamp_variant_is_not_accepted():
    wrong_hmac = hmac.new(SECRET.encode(), b"3402870234857" + BODY + b"1699003881354", hashlib.sha256).hexdigest()
    assert signature_problem(f"mac={wrong_hmac}", BODY, EVENT, SECRET) is not None
    no_timestamp = hashlib.sha256(b"3402870234857" + BODY + SECRET.encode()).hexdigest()
    assert signature_problem(f"mac={no_timestamp}", BODY, EVENT, SECRET) is not None
