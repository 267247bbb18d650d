"""Login, sessions, CSRF and failed-login limits: nothing but the login page without an account."""
from __future__ import annotations

import io
import sys
from datetime import timedelta

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import update

from console import cli, users
from console.db import LoginFailure, session_scope
from console.passwords import WeakPassword, check_strength, hash_password, verify_password
from console.sessions import COOKIE, sign
from tests.console.conftest import PASSWORD, csrf_from, log_in, page_token

PUBLIC = {("GET", "/login"), ("POST", "/login")}


def _routes(app):
    for route in app.routes:
        if isinstance(route, APIRoute):
            for method in route.methods - {"HEAD"}:
                yield method, route.path


def test_every_page_and_api_except_login_requires_an_account(client):
    checked = []
    for method, path in _routes(client.app):
        if (method, path) in PUBLIC:
            continue
        url = path.replace("{class_id}", "HA-001").replace("{name}", "kenh")
        response = client.request(method, url, follow_redirects=False)
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path)
        else:
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/login"), (method, path)
        assert "giá vàng" not in response.text
        checked.append(path)
    # the walk really covered the console (a renamed route would not slip through unchecked)
    for path in ("/", "/try", "/api/try", "/api/coverage", "/unanswered", "/unanswered/decide",
                 "/unanswered/new-questions.csv", "/indicators", "/indicators/{name}.csv", "/classes",
                 "/classes/upload", "/classes/{class_id}/registrations", "/classes/{class_id}/registrations.csv", "/logout"):
        assert path in checked


def test_a_page_asked_for_before_login_is_shown_after_it(client, official):
    first = client.get("/indicators?days=7", follow_redirects=False)
    assert first.headers["location"] == "/login?next=%2Findicators%3Fdays%3D7"
    login_page = client.get(first.headers["location"])
    assert 'name="next" value="/indicators?days=7"' in login_page.text
    response = log_in(client, next_path="/indicators?days=7")
    assert response.status_code == 303 and response.headers["location"] == "/indicators?days=7"
    assert client.get("/indicators?days=7").status_code == 200


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_login_never_sends_the_official_to_another_site(client, official, target):
    assert log_in(client, next_path=target).headers["location"] == "/"


def test_wrong_password_or_unknown_name_is_refused_the_same_way(client, official):
    for name, password in (("lan", "sai-mat-khau-roi"), ("khong-co-ai", PASSWORD)):
        response = log_in(client, name, password)
        assert response.status_code == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.text
        assert client.get("/", follow_redirects=False).status_code == 303


def test_names_are_not_case_sensitive(client, official):
    assert log_in(client, " LAN ").status_code == 303


def test_failed_logins_lock_the_name_even_for_the_right_password(client, official, settings):
    for _ in range(settings.login_max_failures_per_name):
        assert log_in(client, "lan", "doan-thu-mat-khau").status_code == 401
    locked = log_in(client, "lan", PASSWORD)
    assert locked.status_code == 429
    assert "thử lại sau 15 phút" in locked.text
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60
    assert client.get("/", follow_redirects=False).status_code == 303
    # when the failures are older than the window, the official can log in again
    with session_scope() as session:
        session.execute(update(LoginFailure).values(at=LoginFailure.at - timedelta(minutes=16)))
    assert log_in(client, "lan", PASSWORD).status_code == 303


def test_one_address_trying_many_names_is_locked(client, official, settings):
    for number in range(settings.login_max_failures_per_client):
        assert log_in(client, f"ten-{number:02d}", "doan-thu-mat-khau").status_code == 401
    assert log_in(client, "lan", PASSWORD).status_code == 429


def test_a_successful_login_forgets_the_names_earlier_failures(client, official, settings):
    for _ in range(settings.login_max_failures_per_name - 1):
        log_in(client, "lan", "doan-thu-mat-khau")
    assert log_in(client).status_code == 303
    client.cookies.clear()
    for _ in range(settings.login_max_failures_per_name - 1):
        log_in(client, "lan", "doan-thu-mat-khau")
    assert log_in(client).status_code == 303


def test_forms_without_the_sessions_csrf_token_are_refused(client, official):
    login_page = client.get("/login")
    no_token = client.post("/login", data={"name": "lan", "password": PASSWORD}, follow_redirects=False)
    assert no_token.status_code == 403
    wrong = client.post("/login", data={"name": "lan", "password": PASSWORD, "csrf_token": "x" + csrf_from(login_page.text)})
    assert wrong.status_code == 403
    assert log_in(client).status_code == 303
    for data in ({"action": "new_question", "key": "abc"}, {"action": "new_question", "key": "abc", "csrf_token": "forged"}):
        response = client.post("/unanswered/decide", data=data)
        assert response.status_code == 403
        assert "Biểu mẫu đã hết hạn" in response.text
    assert client.post("/logout", follow_redirects=False).status_code == 403
    assert client.get("/").status_code == 200  # still logged in


def test_the_api_needs_the_token_in_a_header(logged_in, parser):
    assert logged_in.post("/api/try", json={"question": "cai vneid"}).status_code == 403
    token = page_token(logged_in)
    response = logged_in.post("/api/try", json={"question": "cai vneid"}, headers={"X-CSRF-Token": token})
    assert response.status_code == 200
    assert response.json()["decision"] == "answer"
    assert parser.questions == ["cai vneid"]


def test_logging_in_starts_a_new_session_with_a_new_token(client, official):
    before = csrf_from(client.get("/login").text)
    log_in(client)
    assert page_token(client) != before


def _status_with_cookie(client, value: str) -> int:
    client.cookies.clear()
    client.cookies.set(COOKIE, value)
    return client.get("/", follow_redirects=False).status_code


def test_an_altered_or_old_cookie_is_not_a_session(client, official, settings):
    log_in(client)
    payload, signature = client.cookies.get(COOKIE).split(".")
    assert _status_with_cookie(client, f"{payload}.{signature}") == 200
    altered = payload[:-2] + ("A" if payload[-2] != "A" else "B") + payload[-1]
    assert _status_with_cookie(client, f"{altered}.{signature}") == 303
    assert _status_with_cookie(client, sign({"user": "lan", "epoch": 1, "csrf": "t"}, b"another-key" * 4)) == 303
    assert _status_with_cookie(client, sign({"user": "lan", "epoch": 1, "csrf": "t"}, settings.secret_key, issued_at=0)) == 303
    assert _status_with_cookie(client, sign({"user": "lan", "epoch": 1, "csrf": "t"}, settings.secret_key)) == 200


def test_the_cookie_cannot_be_read_by_scripts_or_other_sites(client, official):
    cookie = log_in(client).headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie


def test_logout_ends_the_session_and_a_copied_cookie_with_it(logged_in):
    copied = logged_in.cookies.get(COOKIE)
    response = logged_in.post("/logout", data={"csrf_token": page_token(logged_in)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert logged_in.get("/", follow_redirects=False).status_code == 303
    assert _status_with_cookie(logged_in, copied) == 303


def test_a_password_change_or_deleted_account_ends_open_sessions(logged_in):
    users.set_password("lan", "mot-mat-khau-moi-2027")
    assert logged_in.get("/", follow_redirects=False).status_code == 303
    assert log_in(logged_in, "lan", "mot-mat-khau-moi-2027").status_code == 303
    users.delete_user("lan")
    assert logged_in.get("/", follow_redirects=False).status_code == 303
    assert logged_in.get("/login").status_code == 200  # no redirect loop for a session that ended


def test_pages_are_not_cached_framed_or_sniffed(logged_in):
    response = logged_in.get("/")
    assert response.headers["cache-control"] == "no-store"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert logged_in.get("/static/console.css").status_code == 200


def test_passwords_are_salted_scrypt_hashes():
    first, second = hash_password("mot-mat-khau-dai"), hash_password("mot-mat-khau-dai")
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert "mot-mat-khau-dai" not in first
    assert verify_password("mot-mat-khau-dai", first)
    assert not verify_password("mot-mat-khau-dai!", first)
    assert not verify_password("mot-mat-khau-dai", "khong-phai-ma-bam")


@pytest.mark.parametrize("password", ["ngan", "aaaaaaaaaaaaaa", "lan-2026-abcdef"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(WeakPassword):
        check_strength(password, "lan")


def _cli(monkeypatch, capsys, *argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_accounts_are_made_on_the_command_line(client, monkeypatch, capsys):
    code, output = _cli(monkeypatch, capsys, "create-user", "Hoa.Nguyen", "--password-stdin", stdin="mat-khau-cua-hoa-1\n")
    assert code == 0 and "Đã tạo tài khoản hoa.nguyen" in output
    code, output = _cli(monkeypatch, capsys, "create-user", "hoa.nguyen", "--password-stdin", stdin="mat-khau-khac-2026\n")
    assert code == 1 and "đã có" in output
    code, output = _cli(monkeypatch, capsys, "create-user", "x y", "--password-stdin", stdin="mat-khau-cua-hoa-1\n")
    assert code == 1 and "Tên đăng nhập" in output
    code, output = _cli(monkeypatch, capsys, "create-user", "binh", "--password-stdin", stdin="ngan\n")
    assert code == 1 and "ít nhất 10 ký tự" in output
    assert log_in(client, "hoa.nguyen", "mat-khau-cua-hoa-1").status_code == 303
    code, output = _cli(monkeypatch, capsys, "list-users")
    assert code == 0 and output.startswith("hoa.nguyen\t")


def test_the_interactive_prompt_asks_twice(monkeypatch):
    answers = iter(["mat-khau-cua-hoa-1", "mat-khau-cua-hoa-2"])
    with pytest.raises(users.AccountError, match="không giống nhau"):
        cli._password(False, read=lambda prompt: next(answers))
