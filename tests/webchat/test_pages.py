"""The page, the embed script and the static files the browser loads."""
import re
from pathlib import Path

import pytest

from tests.webchat.conftest import ALLOWED

pytestmark = pytest.mark.anyio

STATIC = Path(__file__).resolve().parents[2] / "webchat" / "static"


async def test_the_page_is_vietnamese_configured_and_allows_no_inline_code(make_client):
    async with make_client(title="Trợ lý xã <Đông Hòa>", colour="#7a1f1f") as client:
        response = await client.get("/")
    page = response.text
    assert response.status_code == 200
    assert '<html lang="vi">' in page
    assert "<title>Trợ lý xã &lt;Đông Hòa&gt;</title>" in page
    assert 'heading="Trợ lý xã &lt;Đông Hòa&gt;"' in page and 'color="#7a1f1f"' in page
    assert 'welcome="/greet"' in page and " kiosk" not in page
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert f"frame-ancestors 'self' {ALLOWED}" in csp
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("query, idle", [("?kiosk=1", 180), ("?kiosk=1&idle=7", 7), ("?kiosk=1&idle=1", 5),
                                         ("?kiosk=1&idle=abc", 180), ("?kiosk=1&idle=99999", 3600)])
async def test_kiosk_mode_and_its_idle_time(make_client, query, idle):
    async with make_client() as client:
        page = (await client.get("/" + query)).text
    assert '<html lang="vi" class="kiosk">' in page
    assert f' kiosk idle="{idle}"' in page


async def test_embed_script_and_modules_are_served_as_javascript_and_revalidated(make_client):
    async with make_client() as client:
        embed = await client.get("/embed.js")
        module = await client.get("/static/chat.js", headers={"Accept-Encoding": "gzip"})
        css = await client.get("/static/chat.css")
    assert embed.status_code == 200 and "javascript" in embed.headers["content-type"]
    assert "data-server" in embed.text
    assert "javascript" in module.headers["content-type"] and module.headers["cache-control"] == "no-cache"
    assert module.headers["content-encoding"] == "gzip"
    assert css.headers["content-type"].startswith("text/css")


async def test_modules_load_cross_origin_only_on_configured_websites(make_client):
    async with make_client() as client:
        allowed = await client.get("/static/chat.js", headers={"Origin": ALLOWED})
        foreign = await client.get("/static/chat.js", headers={"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    assert "access-control-allow-origin" not in foreign.headers


def test_no_script_ever_writes_html():
    sinks = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|srcdoc")
    offenders = [f"{path.name}: {line.strip()}" for path in STATIC.glob("*.js")
                 for line in path.read_text(encoding="utf-8").splitlines() if sinks.search(line)]
    assert offenders == []


def test_the_page_stays_light():
    # Everything a phone downloads for the chat, before compression.
    total = sum(path.stat().st_size for path in STATIC.iterdir() if path.suffix in (".js", ".css"))
    assert total < 60_000, f"{total} bytes of JS and CSS"


def test_interface_text_is_vietnamese():
    strings = (STATIC / "strings.js").read_text(encoding="utf-8")
    for text in ("Gửi", "Bắt đầu lại", "Chữ to hơn", "Chữ nhỏ hơn", "Trợ lý đang trả lời"):
        assert f"'{text}'" in strings
