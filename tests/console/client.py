"""FastAPI's TestClient, made to work with the project's httpx.

Starlette 0.27 (held back by FastAPI 0.99, held back by Rasa's pydantic pin)
passes `app=` to `httpx.Client`, which httpx 0.28 no longer accepts. The
extra base class sits between TestClient and httpx.Client in the method
resolution order and drops that one argument; everything else is the
unchanged Starlette test client (in-process ASGI, cookies, redirects).
Remove it once Starlette is 0.37 or newer.
"""
from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient


class _WithoutAppArgument(httpx.Client):
    def __init__(self, *args: Any, app: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ConsoleTestClient(TestClient, _WithoutAppArgument):
    """TestClient for Starlette 0.27 on httpx 0.28."""
