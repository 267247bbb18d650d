"""`python -m console [--host H] [--port P]`: serves the console with uvicorn (what `make console` runs)."""
from __future__ import annotations

import argparse
import os

import uvicorn

from bot.settings import console_settings


def main() -> None:
    settings = console_settings()
    parser = argparse.ArgumentParser(prog="python -m console", description="Bảng điều khiển cho cán bộ (officials' console).")
    parser.add_argument("--host", default=settings.host, help="interface (default 127.0.0.1; CONSOLE_HOST)")
    parser.add_argument("--port", type=int, default=settings.port, help="port (default 8000; CONSOLE_PORT)")
    parser.add_argument("--proxy-headers", action="store_true",
                        help="trust X-Forwarded-For/-Proto from a reverse proxy on this machine (CONSOLE_TRUSTED_PROXIES names others)")
    args = parser.parse_args()
    if args.proxy_headers:
        os.environ.setdefault("CONSOLE_TRUSTED_PROXIES", "127.0.0.1")
    print(f"\n  Bảng điều khiển cán bộ: http://{args.host}:{args.port}/  (Ctrl+C để dừng)\n")
    # The app itself decides whose forwarded headers to believe (config.trusted_proxies).
    uvicorn.run("console.app:create_app", factory=True, host=args.host, port=args.port,
                proxy_headers=False, log_level="info")


if __name__ == "__main__":
    main()
