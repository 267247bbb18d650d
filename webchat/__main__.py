"""`python -m webchat`: serves the web chat (settings from the environment)."""
from __future__ import annotations

import logging
import sys

import uvicorn

from webchat.app import create_app
from webchat.settings import Settings, SettingsError


def main() -> int:
    # Our own lines (refused payloads, masked: bot/offered_payloads.py) go to stderr. httpx
    # would log each call to Rasa with its URL, and that carries ?token=RASA_TOKEN.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"webchat: {error}", file=sys.stderr)
        return 2
    # No access log: it would keep visitors' addresses. Behind a reverse proxy,
    # uvicorn's FORWARDED_ALLOW_IPS says whose X-Forwarded-For to believe.
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                access_log=False, proxy_headers=True, log_level="info")
    return 0


if __name__ == "__main__":
    sys.exit(main())
