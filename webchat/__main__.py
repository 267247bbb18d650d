"""`python -m webchat`: serves the web chat (settings from the environment)."""
from __future__ import annotations

import sys

import uvicorn

from webchat.app import create_app
from webchat.settings import Settings, SettingsError


def main() -> int:
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
