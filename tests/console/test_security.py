"""Cookies are Secure whenever the console is reached over HTTPS; login limits hold against
parallel guesses and rotating IPv6 addresses; typed names are masked in the log."""
from __future__ import annotations

import logging
import threading
from dataclasses import replace
from datetime import timedelta
from typing import List

import pytest

from console.app import create_app
from console.config import Settings
from console.throttle import Limits
from console.users import LoginResult, authenticate
from tests.console.client import ConsoleTestClient as TestClient
from tests.console.conftest import PASSWORD, log_in

PROXY = "testclient"  # the address the test client connects from


def session_cookie(response) -> str:
    cookies = [c for c in response.headers.get_list("set-cookie") if c.startswith("console_session=")]
    assert cookies, "no session cookie was set"
    return cookies[-1]


def console(settings: Settings, parser, base_url: str = "http://testserver", **changes) -> TestClient:
    return TestClient(create_app(replace(settings, **changes), parser), base_url=base_url)


# --- Secure cookies --------------------------------------------------------------
def test_plain_http_on_this_machine_gets_a_cookie_without_secure_so_make_console_works(client, official):
    assert "Secure" not in session_cookie(log_in(client))


def test_a_request_over_https_gets_a_secure_cookie(settings, parser, official):
    with console(settings, parser, base_url="https://console.xa.gov.vn") as https:
        response = log_in(https)
        assert response.status_code == 303 and "Secure" in session_cookie(response)
        assert https.get("/", follow_redirects=False).status_code == 200  # and it works


def test_a_trusted_proxy_saying_https_gets_a_secure_cookie(settings, parser):
    """The proxy speaks plain HTTP to the console; only its X-Forwarded-Proto tells."""
    with console(settings, parser, trusted_proxies=(PROXY,)) as proxied:
        https = proxied.get("/login", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.20"})
        http = proxied.get("/login", headers={"X-Forwarded-Proto": "http", "X-Forwarded-For": "198.51.100.20"})
    assert "Secure" in session_cookie(https) and "Secure" not in session_cookie(http)


def test_anyone_else_saying_https_is_not_believed(settings, parser):
    with console(settings, parser, trusted_proxies=("10.0.0.1",)) as direct:
        assert "Secure" not in session_cookie(direct.get("/login", headers={"X-Forwarded-Proto": "https"}))


def test_secure_can_be_forced_for_every_request(settings, parser):
    with console(settings, parser, secure_cookies=True) as forced:
        assert "Secure" in session_cookie(forced.get("/login"))


def test_proxies_and_secure_cookies_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CONSOLE_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("CONSOLE_TRUSTED_PROXIES", " 127.0.0.1, 10.0.0.2 ,")
    monkeypatch.setenv("CONSOLE_SECURE_COOKIES", "1")
    settings = Settings.from_env()
    assert settings.trusted_proxies == ("127.0.0.1", "10.0.0.2") and settings.secure_cookies
    monkeypatch.delenv("CONSOLE_TRUSTED_PROXIES")
    assert Settings.from_env().trusted_proxies == ()


# --- login limits ------------------------------------------------------------------
def test_parallel_guesses_cannot_get_past_the_limit(official):
    """scrypt takes ~0.1 s: without counting first, every parallel guess would pass the check."""
    limits = Limits(timedelta(minutes=15), per_name=5, per_client=100)
    results: List[LoginResult] = []
    start = threading.Barrier(20)

    def guess(number: int) -> None:
        start.wait()
        results.append(authenticate("lan", f"doan-mat-khau-{number}", "198.51.100.7", limits))

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = [r for r in results if r.locked_for is None]
    assert len(results) == 20 and len(checked) == limits.per_name
    assert all(r.account is None for r in results)
    assert authenticate("lan", PASSWORD, "198.51.100.8", limits).locked_for  # the name stays locked


def test_one_ipv6_subscriber_counts_once_whatever_address_of_its_network_it_uses(settings, parser, official):
    with console(settings, parser, trusted_proxies=(PROXY,), login_max_failures_per_client=3) as proxied:
        for host in range(1, 4):
            proxied.headers["X-Forwarded-For"] = f"2001:db8:7:9::{host}"
            assert log_in(proxied, f"ten-{host}", "doan-mat-khau").status_code == 401
        proxied.headers["X-Forwarded-For"] = "2001:db8:7:9:ffff::beef"
        assert log_in(proxied, "lan", PASSWORD).status_code == 429
        proxied.headers["X-Forwarded-For"] = "2001:db8:7:a::1"  # the next network: another subscriber
        assert log_in(proxied, "lan", PASSWORD).status_code == 303


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(settings, parser, official):
    with console(settings, parser, trusted_proxies=(PROXY,), login_max_failures_per_client=2) as proxied:
        proxied.headers["X-Forwarded-For"] = "198.51.100.30"
        for name in ("ten-a", "ten-b"):
            assert log_in(proxied, name, "doan-mat-khau").status_code == 401
        assert log_in(proxied, "lan", PASSWORD).status_code == 429
        proxied.headers["X-Forwarded-For"] = "198.51.100.31"  # someone else behind the same proxy
        assert log_in(proxied, "lan", PASSWORD).status_code == 303


@pytest.mark.parametrize("typed", ["0912345678", "0912 345 678", "012345678901"])
def test_a_number_typed_as_the_login_name_is_masked_in_the_log(client, official, caplog, typed):
    caplog.set_level(logging.INFO, logger="console")
    assert log_in(client, typed, "doan-mat-khau").status_code == 401
    assert "Failed login for" in caplog.text and typed not in caplog.text
